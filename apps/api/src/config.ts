import { z } from 'zod';

const ZBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Every environment variable the API reads. `.env.example` lists the same names. */
const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.string().url().default('http://localhost:3000'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Unset: start the embedded PostgreSQL under DATA_DIR. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Named prepared statements; set false behind a transaction-mode pooler (e.g. PgBouncer). */
    DATABASE_PREPARED_STATEMENTS: ZBool.default('true'),
    /**
     * Seed the demo tenant (an OWNER with a published password) when the database has no tenant
     * yet. Unset: on outside production, off in production, where it is refused.
     */
    SEED_DEMO: ZBool.optional(),
    /** Directory of the built web app, served by the API in production. */
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** Extra origins allowed by CORS, comma-separated. The product's own origin is always allowed. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().url())),
    /** Unset: rate limits and similar state live in memory (one instance). */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    RATE_LIMIT_MODE: z.enum(['on', 'off']).default('on'),
    /** Sign-ups per hour per IP. */
    RATE_LIMIT_SIGNUP_PER_HOUR: z.coerce.number().int().min(1).default(5),
    /** Public bookings per 10 minutes, per IP and per business. */
    RATE_LIMIT_PUBLIC_BOOKING_PER_IP: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_PUBLIC_BOOKING_PER_TENANT: z.coerce.number().int().min(1).default(200),
    /** Set: the signed-in API's per-business limit per minute for every plan (else by plan: 100 / 500 / 1000). */
    RATE_LIMIT_TENANT_API_PER_MINUTE: z.coerce.number().int().min(1).optional(),
    /** Key for HMACs (audit PII, signed links). At least 32 characters; required in production. */
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters').default('dev-only-secret-key-change-me-0123456789'),
    /** A session ends after this long without a request… */
    SESSION_IDLE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 7),
    /** …and after this long in any case. */
    SESSION_ABSOLUTE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Start the pg-boss workers in this process. */
    JOBS_ENABLED: ZBool.default('true'),
    /**
     * Job handlers running at once in this process, across all queues. They use the same
     * database pool as requests, so at most DATABASE_POOL_SIZE; unset: half of it (at least 1).
     */
    JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(200).optional(),
    /** Unset outside production: mail goes to the built-in capture server (the dev outbox). Unset in production: email is off. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().regex(/@/, 'must contain an email address').default('Slotwise <no-reply@slotwise.local>'),
    /** SMTP connections kept open and reused (nodemailer's pool); a burst of emails shares them. */
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
    /** Bearer token for the operators' routes (/ops/failed-jobs). Unset: those routes refuse everyone. */
    OPS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Stripe's secret key (sk_test_… or sk_live_…, or a restricted rk_…). Unset outside production:
     * server.ts starts the local Stripe emulator and sets it; unset in production: payments are off
     * (paid services cannot be booked online, connecting Stripe answers 503).
     */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)')
      .optional(),
    /** Signing secret of the platform webhook endpoint (/v1/webhooks/stripe). Required with STRIPE_SECRET_KEY. */
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_/, 'must be a webhook signing secret (whsec_…)')
      .optional(),
    /** Signing secret of the Connect webhook endpoint (/v1/webhooks/stripe/connect). Required with STRIPE_SECRET_KEY. */
    STRIPE_CONNECT_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_/, 'must be a webhook signing secret (whsec_…)')
      .optional(),
    /** Base URL of a Stripe-compatible API (the local emulator, e.g. http://127.0.0.1:12111). Unset: Stripe itself. */
    STRIPE_API_URL: z.string().url().optional(),
    /**
     * Who controls the businesses' connected accounts (docs/adr/009): `account` (default, Stripe's
     * recommendation for direct charges) — the business pays Stripe's fees, Stripe bears payment
     * losses, full Stripe Dashboard; `platform` — we pay Stripe's fees and bear losses, Express Dashboard.
     */
    STRIPE_CONNECT_CONTROLLER: z.enum(['account', 'platform']).default('account'),
    /** One Stripe API call may take this long before it counts as failed (and is retried). */
    STRIPE_TIMEOUT_MS: z.coerce.number().int().min(100).max(80_000).default(10_000),
    /** Retries of a call that failed on the network, 409, 429 or 5xx (the SDK reuses the idempotency key). */
    STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    /**
     * Google Calendar sync: the OAuth client (Google Cloud → Credentials → OAuth client ID, type
     * "Web application"). Unset outside production: server.ts starts the local Google emulator and
     * sets them; unset in production: calendar sync is off (connecting answers 503).
     */
    GOOGLE_CLIENT_ID: z.string().min(1).optional(),
    GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
    /** The OAuth redirect URI registered with the client. Unset: PUBLIC_URL/v1/calendar/oauth/callback. */
    GOOGLE_REDIRECT_URL: z.string().url().optional(),
    /** Root of a Google-compatible Calendar API (the local emulator). Unset: Google (https://www.googleapis.com/). */
    GOOGLE_API_URL: z.string().url().optional(),
    /** Base of the OAuth endpoints (authorize, token, revoke, tokeninfo) of a Google-compatible server. Unset: Google's. */
    GOOGLE_OAUTH_URL: z.string().url().optional(),
    /** Public https address Google posts watch notifications to. Unset: PUBLIC_URL/v1/webhooks/google. */
    GOOGLE_PUSH_URL: z.string().url().optional(),
    /**
     * Calls a calendar backfill sends per minute for one connection, below Google's default quota of
     * 600 a minute per user (ADR 012); 0: no pacing (the emulator has no quota).
     */
    GOOGLE_CALLS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(500),
    /**
     * Keys that encrypt Google tokens at rest (AES-256-GCM): `kid1:<base64 of 32 bytes>,kid2:…`, the
     * first encrypts, all decrypt (rotation: put the new key first, keep the old ones until every
     * connection was written again). Unset outside production: one derived from SECRET_KEY.
     */
    CALENDAR_TOKEN_KEYS: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SECRET_KEY.startsWith('dev-only-')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SECRET_KEY'], message: 'set a real secret in production' });
    }
    if (env.NODE_ENV === 'production' && env.SEED_DEMO) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SEED_DEMO'],
        message: 'the demo tenant signs in with a published password; it cannot be seeded in production',
      });
    }
    if (env.JOBS_CONCURRENCY !== undefined && env.JOBS_CONCURRENCY > env.DATABASE_POOL_SIZE) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['JOBS_CONCURRENCY'],
        message: `at most DATABASE_POOL_SIZE (${env.DATABASE_POOL_SIZE}): jobs share the pool with requests`,
      });
    }
    if (env.STRIPE_SECRET_KEY) {
      for (const name of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_CONNECT_WEBHOOK_SECRET'] as const) {
        if (!env[name])
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'required with STRIPE_SECRET_KEY (webhooks could not be verified)' });
      }
    }
    if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['GOOGLE_CLIENT_SECRET'], message: 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together' });
    }
    if (env.CALENDAR_TOKEN_KEYS) {
      const problem = calendarTokenKeysProblem(env.CALENDAR_TOKEN_KEYS);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['CALENDAR_TOKEN_KEYS'], message: problem });
    } else if (env.NODE_ENV === 'production' && env.GOOGLE_CLIENT_ID) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['CALENDAR_TOKEN_KEYS'],
        message: 'required with GOOGLE_CLIENT_ID in production (the development key is derived from a published default)',
      });
    }
    if (env.NODE_ENV === 'production' && env.RATE_LIMIT_MODE === 'off') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['RATE_LIMIT_MODE'],
        message: 'rate limits cannot be switched off in production',
      });
    }
  })
  .transform((env) => ({
    ...env,
    SEED_DEMO: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    JOBS_CONCURRENCY: env.JOBS_CONCURRENCY ?? Math.max(1, Math.floor(env.DATABASE_POOL_SIZE / 2)),
    GOOGLE_REDIRECT_URL: env.GOOGLE_REDIRECT_URL ?? `${env.PUBLIC_URL.replace(/\/+$/, '')}/v1/calendar/oauth/callback`,
    GOOGLE_PUSH_URL: env.GOOGLE_PUSH_URL ?? `${env.PUBLIC_URL.replace(/\/+$/, '')}/v1/webhooks/google`,
  }));

/** `kid:<base64 of 32 bytes>` pairs, comma-separated: what is wrong with them, or null. */
function calendarTokenKeysProblem(value: string): string | null {
  const ids = new Set<string>();
  for (const part of value.split(',')) {
    const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(part.trim());
    if (!m) return 'must be kid:base64key pairs separated by commas (kid: letters, digits, _ or -)';
    if (Buffer.from(m[2]!, 'base64').length !== 32) return `key ${m[1]} must be 32 bytes (base64 of 32 random bytes: openssl rand -base64 32)`;
    if (ids.has(m[1]!)) return `key id ${m[1]} appears twice`;
    ids.add(m[1]!);
  }
  return null;
}

export type Config = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at boot; throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return parsed.data;
}

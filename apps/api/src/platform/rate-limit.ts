import { createHash } from 'node:crypto';
import type { TRateLimitStatus } from '@slotwise/contracts';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type AugmentedRequest, type Options, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { currentContext } from './context';
import { AppError } from './errors';
import { connectRedis, FallbackStore } from './rate-limit-store';

export type Plan = 'BASIC' | 'PROFESSIONAL' | 'ENTERPRISE';

export const TENANT_LIMITS_PER_MINUTE: Record<Plan, number> & { unknown: number } = {
  ENTERPRISE: 1000,
  PROFESSIONAL: 500,
  BASIC: 100,
  unknown: 50,
};

export type RateLimits = {
  /** 5 sign-ups per hour per IP. */
  signup: RequestHandler;
  /** 20 failed logins per 15 min per IP; successful logins do not count. */
  loginByIp: RequestHandler;
  /** 5 failed logins per 15 min per normalised email, from any IP; successful logins do not count. */
  loginByEmail: RequestHandler;
  /** Per tenant (from the request context) per minute, by plan. Requests without a tenant pass. */
  tenantApi: RequestHandler;
  /** Per IP and per tenant (`res.locals.publicTenantId`, else the context's tenant), both per 10 min. */
  publicBooking: RequestHandler;
  /** Public reads (profile, services, slots, manage view): per IP. */
  publicRead: RequestHandler;
  /** 100 per 10 s per source ('stripe', 'google'): one budget per provider, whatever IP it calls from. */
  webhooks: (source: string) => RequestHandler;
  /** Account emails (password reset, verification link): 20 per hour per IP, and 5 per hour per address or signed-in user. */
  accountEmail: RequestHandler;
  /** Where the counts live now, for the status endpoint. */
  status(): TRateLimitStatus;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
};

export type RateLimitOptions = {
  /** 'off' turns every limiter into a pass-through (load tests; config.ts forbids it in production). */
  mode: 'on' | 'off';
  /**
   * Set: counts live in Redis and are shared by every API instance using it; while Redis is unreachable
   * each instance counts in its own memory. Unset: in this process's memory.
   */
  redisUrl?: string;
  planOf: (req: Request) => Plan | undefined;
  overrides?: Partial<{
    publicBookingPerIp: number;
    publicBookingPerTenant: number;
    signupPerHour: number;
    publicReadPerMinute: number;
    /** Replaces every plan's per-minute limit of the signed-in API (a self-hosted single business, the e2e suite's server). */
    tenantApiPerMinute: number;
  }>;
  /** For what happens outside a request (Redis connection state, store start-up); inside one the request's logger is used. */
  logger?: Logger;
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const passThrough: RequestHandler = (_req, _res, next) => next();

/** IPv6 clients get one key per /56, so one host cannot rotate through its own addresses. */
const byIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

function emailOf(req: Request): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
  return normalised || undefined;
}

/** The public booking page resolves its tenant from the slug into res.locals; fall back to the context. */
function bookingTenantOf(res: Response): string | undefined {
  return (res.locals.publicTenantId as string | undefined) ?? currentContext()?.tenantId;
}

/** A 429 leaves through the one error funnel like every other error, with the wait in details. */
const rejectThroughFunnel: Options['handler'] = (req, res, next) => {
  // express-rate-limit sets Retry-After itself when standard headers are on; recompute only if it did not.
  const resetAt = (req as AugmentedRequest).rateLimit?.resetTime?.getTime() ?? Date.now() + MINUTE;
  const retryAfterSeconds = Math.max(1, Number(res.getHeader('Retry-After')) || Math.ceil((resetAt - Date.now()) / 1000));
  res.setHeader('Retry-After', String(retryAfterSeconds));
  next(new AppError('RATE_LIMITED', `Too many requests, try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds }));
};

export function createRateLimits(opts: RateLimitOptions): RateLimits {
  if (opts.mode === 'off') {
    const all = { signup: passThrough, loginByIp: passThrough, loginByEmail: passThrough, tenantApi: passThrough, accountEmail: passThrough };
    const status = (): TRateLimitStatus => ({ store: 'off', healthy: true });
    return { ...all, publicBooking: passThrough, publicRead: passThrough, webhooks: () => passThrough, status, close: async () => {} };
  }

  const log = () => currentContext()?.logger ?? opts.logger;
  const limiterLogger: Options['logger'] = {
    warn: (err, message) => log()?.warn({ err }, message ?? 'rate limiter warning'),
    // Store failures (none expected: a failing Redis falls back to memory) come with a message and the request passes anyway (passOnStoreError): a warning.
    // The library's configuration checks come without one, and they are our bug.
    error: (err, message) => (message ? log()?.warn({ err }, message) : log()?.error({ err }, 'rate limiter misconfigured')),
  };

  const redis = opts.redisUrl ? connectRedis(opts.redisUrl, opts.logger) : undefined;
  const stores: Store[] = [];

  function limiter(name: string, options: Partial<Options>): RequestHandler {
    const store = redis ? new FallbackStore(name, redis) : new MemoryStore();
    stores.push(store);
    return rateLimit({
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // A store that throws anyway must not take the API down with it: allow, and warn.
      passOnStoreError: true,
      keyGenerator: byIp,
      ...options,
      store,
      handler: rejectThroughFunnel,
      logger: limiterLogger,
    });
  }

  const o = opts.overrides ?? {};
  const bookingByIp = limiter('booking-ip', { windowMs: 10 * MINUTE, limit: o.publicBookingPerIp ?? 20 });
  const bookingByTenant = limiter('booking-tenant', {
    windowMs: 10 * MINUTE,
    limit: o.publicBookingPerTenant ?? 200,
    skip: (_req, res) => !bookingTenantOf(res),
    keyGenerator: (_req, res) => bookingTenantOf(res) ?? '',
  });
  const accountEmailByIp = limiter('account-email-ip', { windowMs: 60 * MINUTE, limit: 20 });
  // Per address (hashed: Redis holds no email addresses) or, signed in, per user: one inbox is not flooded from many IPs.
  const accountEmailByAccount = limiter('account-email', {
    windowMs: 60 * MINUTE,
    limit: 5,
    skip: (req) => !emailOf(req) && !currentContext()?.userId,
    keyGenerator: (req) =>
      createHash('sha256')
        .update(emailOf(req) ?? `user:${currentContext()?.userId ?? ''}`)
        .digest('base64url'),
  });
  // Memoised: routes that ask twice for one source share its budget (and a limiter per call would reset it).
  const webhookLimiters = new Map<string, RequestHandler>();

  return {
    signup: limiter('signup', { windowMs: 60 * MINUTE, limit: o.signupPerHour ?? 5 }),
    loginByIp: limiter('login-ip', { windowMs: 15 * MINUTE, limit: 20, skipSuccessfulRequests: true }),
    loginByEmail: limiter('login-email', {
      windowMs: 15 * MINUTE,
      limit: 5,
      skipSuccessfulRequests: true,
      skip: (req) => !emailOf(req),
      // Hashed so that Redis holds no email addresses.
      keyGenerator: (req) =>
        createHash('sha256')
          .update(emailOf(req) ?? '')
          .digest('base64url'),
    }),
    tenantApi: limiter('tenant', {
      windowMs: MINUTE,
      limit: (req) => o.tenantApiPerMinute ?? TENANT_LIMITS_PER_MINUTE[opts.planOf(req) ?? 'unknown'] ?? TENANT_LIMITS_PER_MINUTE.unknown,
      skip: () => !currentContext()?.tenantId,
      // Not the IP: a tenant's staff share offices and NATs, and one tenant must not spend another's budget.
      keyGenerator: () => currentContext()?.tenantId ?? '',
    }),
    // Public pages poll slots (every 5–30 s per open page): generous per IP, still a wall for scrapers.
    publicRead: limiter('public-read', { windowMs: MINUTE, limit: o.publicReadPerMinute ?? 300 }),
    publicBooking: (req, res, next) => bookingByIp(req, res, (err?: unknown) => (err === undefined ? bookingByTenant(req, res, next) : next(err))),
    accountEmail: (req, res, next) => accountEmailByIp(req, res, (err?: unknown) => (err === undefined ? accountEmailByAccount(req, res, next) : next(err))),
    webhooks: (source) => {
      let handler = webhookLimiters.get(source);
      if (!handler) {
        handler = limiter(`webhook:${source}`, { windowMs: 10 * SECOND, limit: 100, keyGenerator: () => source });
        webhookLimiters.set(source, handler);
      }
      return handler;
    },
    status: () => {
      if (!redis) return { store: 'memory', healthy: true };
      return redis.isDown() ? { store: 'memory-fallback', healthy: false } : { store: 'redis', healthy: true };
    },
    close: async () => {
      for (const store of stores) await store.shutdown?.();
      await redis?.close();
    },
  };
}

/** The configurable limits, from config. */
export function rateLimitOverrides(config: {
  RATE_LIMIT_SIGNUP_PER_HOUR: number;
  RATE_LIMIT_PUBLIC_BOOKING_PER_IP: number;
  RATE_LIMIT_PUBLIC_BOOKING_PER_TENANT: number;
  RATE_LIMIT_TENANT_API_PER_MINUTE?: number | undefined;
}): NonNullable<RateLimitOptions['overrides']> {
  return {
    signupPerHour: config.RATE_LIMIT_SIGNUP_PER_HOUR,
    publicBookingPerIp: config.RATE_LIMIT_PUBLIC_BOOKING_PER_IP,
    publicBookingPerTenant: config.RATE_LIMIT_PUBLIC_BOOKING_PER_TENANT,
    ...(config.RATE_LIMIT_TENANT_API_PER_MINUTE ? { tenantApiPerMinute: config.RATE_LIMIT_TENANT_API_PER_MINUTE } : {}),
  };
}

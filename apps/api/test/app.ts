import { pino } from 'pino';
import supertest from 'supertest';
import { createApp } from '../src/app';
import { buildDeps } from '../src/platform/deps';
import { jobDefinitions } from '../src/jobs';
import { planOf } from '../src/platform/guard';
import { createJobs, type JobDefinition } from '../src/platform/jobs';
import { createRateLimits, rateLimitOverrides } from '../src/platform/rate-limit';
import { loadConfig, type Config } from '../src/config';
import { systemClock, type Clock } from '../src/platform/clock';
import { createDatabaseClients } from '../src/platform/db';
import { workerDatabaseUrl } from './db';
import { attachTestStripe, startTestStripeEmulator, type TestStripeOptions } from './stripe';
import { startTestGoogle, type TestGoogleOptions } from './google';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The real app on this worker's database, driven through HTTP with supertest. */
export async function createTestApp(
  opts: {
    clock?: Clock;
    env?: Record<string, string>;
    databaseUrl?: string;
    /** Payments on: the Stripe emulator, webhooks delivered to this app, payments workers (test/stripe.ts). */
    stripe?: boolean | TestStripeOptions;
    /** Google Calendar on: the Google emulator, push notifications delivered to this app, calendar workers on request (test/google.ts). */
    google?: boolean | TestGoogleOptions;
    /** Every line the app logs (debug and up) is pushed here, for tests of what logs may never contain. */
    logLines?: string[];
  } = {},
) {
  const databaseUrl = opts.databaseUrl ?? workerDatabaseUrl();
  const clock = opts.clock ?? systemClock;
  const stripeEmulator = opts.stripe ? await startTestStripeEmulator(clock) : null;
  const googleSetup = opts.google ? await startTestGoogle(clock, opts.google === true ? {} : opts.google) : null;
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'http://localhost:3000',
    // Most files sign up many tenants from one address; the limits have their own test with them on.
    RATE_LIMIT_MODE: 'off',
    ...stripeEmulator?.env,
    ...googleSetup?.env,
    ...opts.env,
  });
  const clients = createDatabaseClients(databaseUrl, 5);
  const { prisma, pool } = clients;
  // DEBUG_TEST_LOG=error shows what the app logs (e.g. the cause of an unexpected 500).
  const lines = opts.logLines;
  const logger = lines ? pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) : pino({ level: process.env.DEBUG_TEST_LOG ?? 'silent' });
  // Workers off: tests run job handlers explicitly (jobs.runNow) with their injected clock.
  const definitions: JobDefinition<object>[] = [];
  const jobs = createJobs({ databaseUrl, logger, definitions, workers: false });
  const rateLimits = createRateLimits({ mode: config.RATE_LIMIT_MODE, redisUrl: config.REDIS_URL, planOf, logger, overrides: rateLimitOverrides(config) });
  const deps = buildDeps({ config, prisma, pool, logger, clock, version: 'test', jobs, rateLimits });
  definitions.push(...jobDefinitions(deps));
  await jobs.start();
  const app = createApp(deps);
  const stripe = stripeEmulator
    ? await attachTestStripe({
        emulator: stripeEmulator.emulator,
        app,
        deps,
        databaseUrl,
        logger,
        definitions,
        opts: opts.stripe === true ? {} : opts.stripe || {},
      })
    : null;
  const google = googleSetup ? await googleSetup.attach({ app, databaseUrl, logger, definitions }) : null;
  return {
    app,
    deps,
    prisma,
    config,
    jobs,
    http: supertest(app),
    /** Null unless created with `stripe`. */
    stripe,
    /** Null unless created with `google`. */
    google,
    close: async () => {
      await google?.close();
      await stripe?.close();
      await jobs.stop();
      // Pooled SMTP connections stay open until closed (the capture server would wait for them).
      deps.mailer.close();
      await rateLimits.close();
      await clients.close();
    },
  };
}

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createApp } from './app';
import { buildDeps } from './platform/deps';
import { jobDefinitions } from './jobs';
import { holdSweepJob } from './modules/bookings/bookings.jobs';
import { planOf } from './platform/guard';
import { createJobs, type JobDefinition } from './platform/jobs';
import { createRateLimits, rateLimitOverrides } from './platform/rate-limit';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { systemClock } from './platform/clock';
import { createDatabaseClients, openDatabase, type DatabaseHandle } from './platform/db';
import { createLogger } from './platform/logger';
import { setUpMail } from './platform/mail-setup';
import { setUpStripe } from './platform/stripe-setup';
import { setUpGoogle } from './platform/google-setup';
import { uncaughtErrorHandlers } from './platform/process-errors';
import { DEMO, seedDemoIfEmpty } from './seed/demo';
import { connectDemoToStripe } from './seed/demo-stripe';
import { connectDemoToGoogle } from './seed/demo-google';
import { seedDemoHistory } from './seed/demo-history';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  const database = await openDatabase(config, logger);
  try {
    await run(config, logger, database);
  } catch (err) {
    // An embedded server must not outlive a failed start (it would hold the data directory).
    await database.stop().catch(() => undefined);
    throw err;
  }
}

async function run(envConfig: Config, logger: Logger, database: DatabaseHandle) {
  // Outside production without Stripe keys: the local Stripe emulator, and its URL and keys in config.
  const stripe = await setUpStripe(envConfig, logger);
  // Likewise without Google credentials: the local Google emulator for Calendar sync.
  const google = await setUpGoogle(stripe.config, logger);
  const config = google.config;
  const clients = createDatabaseClients(database.url, config.DATABASE_POOL_SIZE, { preparedStatements: config.DATABASE_PREPARED_STATEMENTS });
  const { prisma, pool } = clients;

  const definitions: JobDefinition<object>[] = [];
  const jobs = createJobs({ databaseUrl: database.url, logger, definitions, workers: config.JOBS_ENABLED, maxConcurrency: config.JOBS_CONCURRENCY });
  const rateLimits = createRateLimits({ mode: config.RATE_LIMIT_MODE, redisUrl: config.REDIS_URL, planOf, logger, overrides: rateLimitOverrides(config) });
  const mail = await setUpMail(config, logger);
  const devEmulators = {
    ...(stripe.emulator ? { stripe: { url: stripe.emulator.url } } : {}),
    ...(google.emulator ? { google: { url: google.emulator.url } } : {}),
    ...(mail.devSmtpUrl ? { smtp: { url: mail.devSmtpUrl, outbox: `${config.PUBLIC_URL.replace(/\/$/, '')}/dev/outbox` } } : {}),
  };
  const deps = buildDeps({
    config,
    prisma,
    pool,
    logger,
    clock: systemClock,
    version: VERSION,
    jobs,
    rateLimits,
    mailer: mail.mailer,
    devOutbox: mail.devOutbox,
    devEmulators,
  });
  definitions.push(...jobDefinitions(deps));
  await jobs.start();
  if (config.SEED_DEMO) {
    await seedDemoIfEmpty(deps);
    logger.info(
      `Demo: sign in at ${config.PUBLIC_URL}/login as ${DEMO.ownerEmail} / ${DEMO.ownerPassword}; public page ${config.PUBLIC_URL}/book/${DEMO.slug}`,
    );
  }
  // The emulator forgets everything when it stops: read stored accounts again and connect the demo anew.
  if (stripe.emulator) await connectDemoToStripe(deps, stripe.emulator);
  // Once per database: the demo's paid, refunded and disputed bookings, made against the emulator (never fatal).
  if (stripe.emulator && config.SEED_DEMO)
    await seedDemoHistory(deps, stripe.emulator).catch((err: unknown) => logger.warn({ err }, 'demo payment history not seeded'));
  // The Google emulator forgot the demo stylist's calendar: connect it anew, with a few events of their own (never fatal).
  if (google.emulator) await connectDemoToGoogle(deps, google.emulator).catch((err: unknown) => logger.warn({ err }, 'demo calendar not connected'));
  // Holds that expired while the API was down are released before the first request.
  await jobs.runNow(holdSweepJob(deps), {});

  const app = createApp(deps);
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject); // e.g. the port is taken
      server.listen(config.PORT, config.HOST, resolve);
    });
  } catch (err) {
    await jobs.stop();
    await mail.stop();
    await stripe.stop();
    await google.stop();
    await rateLimits.close();
    await clients.close();
    throw err;
  }
  logger.info({ url: config.PUBLIC_URL, port: config.PORT }, `Slotwise is running on ${config.PUBLIC_URL}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await jobs.stop();
    await mail.stop();
    await stripe.stop();
    await google.stop();
    await rateLimits.close();
    await clients.close();
    await database.stop();
    logger.info('stopped cleanly');
    process.exit(process.exitCode ?? 0);
  };
  // A database restart or crash is not fatal: see platform/process-errors for what is, and why.
  const uncaught = uncaughtErrorHandlers(logger, (reason) => {
    process.exitCode = 1;
    void shutdown(reason);
  });
  process.on('uncaughtException', uncaught.uncaughtException);
  process.on('unhandledRejection', uncaught.unhandledRejection);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Slotwise failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

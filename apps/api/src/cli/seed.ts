/** `pnpm db:seed`: seed the demo tenant when the database has no tenant yet. */
import { pino } from 'pino';
import { buildDeps } from '../platform/deps';
import { loadConfig } from '../config';
import { systemClock } from '../platform/clock';
import { createDatabaseClients, openDatabase } from '../platform/db';
import { createJobs } from '../platform/jobs';
import { createLogger } from '../platform/logger';
import { createRateLimits } from '../platform/rate-limit';
import { DEMO, seedDemoIfEmpty } from '../seed/demo';

const config = loadConfig();
const logger = createLogger(config);
const database = await openDatabase(config, logger);
const clients = createDatabaseClients(database.url, 2);
const { prisma, pool } = clients;
const jobs = createJobs({ databaseUrl: database.url, logger, definitions: [], workers: false });
await jobs.start();
const rateLimits = createRateLimits({ mode: 'off', planOf: () => undefined, logger: pino({ level: 'silent' }) });
try {
  const deps = buildDeps({ config, prisma, pool, logger, clock: systemClock, version: 'cli', jobs, rateLimits });
  const seeded = await seedDemoIfEmpty(deps);
  logger.info(seeded ? `seeded: ${DEMO.ownerEmail} / ${DEMO.ownerPassword}` : 'the database already has tenants; nothing seeded');
} finally {
  await jobs.stop();
  await rateLimits.close();
  await clients.close();
  await database.stop();
}

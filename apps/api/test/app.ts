import { pino } from 'pino';
import supertest from 'supertest';
import { createApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { systemClock, type Clock } from '../src/platform/clock';
import { createPrisma } from '../src/platform/db';
import { workerDatabaseUrl } from './db';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The real app on this worker's database, driven through HTTP with supertest. */
export async function createTestApp(opts: { clock?: Clock; env?: Record<string, string>; databaseUrl?: string } = {}) {
  const databaseUrl = opts.databaseUrl ?? workerDatabaseUrl();
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: 'http://localhost:3000',
    ...opts.env,
  });
  const prisma = createPrisma(databaseUrl, 5);
  const app = createApp({ config, prisma, logger: pino({ level: 'silent' }), clock: opts.clock ?? systemClock, version: 'test' });
  return {
    app,
    prisma,
    config,
    http: supertest(app),
    close: () => prisma.$disconnect(),
  };
}

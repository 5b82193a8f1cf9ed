import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { pino } from 'pino';
import { startEmbeddedPostgres, ensureDatabase } from '../src/platform/embedded-postgres';
import { createJobs } from '../src/platform/jobs';
import { migrate } from '../src/platform/migrate';

export const TEMPLATE_DB = 'slotwise_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
  }
}

/**
 * One PostgreSQL server per test run (embedded, or the one DATABASE_URL names), and one
 * migrated template database that every test file clones (test/setup.ts).
 */
export default async function setup(project: TestProject) {
  const logger = pino({ level: 'silent' });
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'slotwise-test-pg-'));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), logger, durable: false });
    adminUrl = server.urlFor('postgres');
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  if (!(await ensureDatabase(adminUrl, TEMPLATE_DB))) {
    // A template left by an earlier run against an external server: start from scratch.
    await dropDatabase(adminUrl, TEMPLATE_DB);
    await ensureDatabase(adminUrl, TEMPLATE_DB);
  }
  await migrate(templateUrl.toString());
  // Install pg-boss's schema once in the template, so each clone's job queue starts fast.
  const jobs = createJobs({ databaseUrl: templateUrl.toString(), logger, definitions: [], workers: false });
  await jobs.start();
  await jobs.stop();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', TEMPLATE_DB);
  return stop;
}

async function dropDatabase(adminUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

import pg from 'pg';
import { inject } from 'vitest';

/** A URL for `database` on the test server. */
export function urlFor(database: string): string {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template (about 100 ms). */
export async function cloneTemplate(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(inject('templateDb'))}`);
  });
  return urlFor(name);
}

/** A fresh, empty database (no migrations), for migration-runner tests. */
export async function createEmptyDatabase(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  });
  return urlFor(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

/** This worker's database; recreated from the template for every test file. */
export function workerDatabaseName(): string {
  return `slotwise_w${process.env.VITEST_POOL_ID ?? '0'}`;
}

let worker: string | undefined;
export function workerDatabaseUrl(): string {
  if (!worker) throw new Error('worker database not ready: is test/setup.ts in setupFiles?');
  return worker;
}
export function setWorkerDatabaseUrl(url: string): void {
  worker = url;
}

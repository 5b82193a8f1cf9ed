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

/**
 * Waits until at least `n` sessions of this database wait for a lock. `client` may be inside a
 * transaction (typically the one holding the lock): PostgreSQL keeps one snapshot of
 * pg_stat_activity per transaction, so each poll clears it first.
 */
export async function waitForLockWaiters(client: pg.ClientBase, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} sessions ever waited for a lock`);
}

/**
 * Ends session `pid` from outside, as a fast shutdown or an operator does (its client receives
 * FATAL 57P01), and waits until the client has had time to read that.
 */
export async function terminateSession(pid: number): Promise<void> {
  await admin(async (c) => {
    await c.query('SELECT pg_terminate_backend($1)', [pid]);
    for (let i = 0; i < 200; i++) {
      const { rowCount } = await c.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (!rowCount) break;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  await new Promise((r) => setTimeout(r, 50));
}

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminateSession, waitForLockWaiters, workerDatabaseUrl } from '../../test/db';
import { createDatabaseClients, type DatabaseClients } from './db';
import { AppError, toHttpError } from './errors';
import { createSql, PoolCheckoutTimeout, statement, type Sql } from './sql';

/** The pipelined transaction helper of the booking hot path, on a real PostgreSQL. */

const insert = statement('INSERT INTO sql_probe (id, note) VALUES ($1, $2)');
const rows = statement('SELECT id, note FROM sql_probe ORDER BY id');
const pgCode = (err: unknown) => (err as { code?: string }).code;

let clients: DatabaseClients;
let sql: Sql;
beforeAll(async () => {
  clients = createDatabaseClients(workerDatabaseUrl(), 2);
  sql = createSql(clients.pool);
  await clients.pool.query('CREATE TABLE sql_probe (id int PRIMARY KEY, note text NOT NULL)');
});
afterAll(async () => {
  await clients.pool.query('DROP TABLE sql_probe');
  await clients.close();
});

const reset = () => clients.pool.query('TRUNCATE sql_probe');

describe('sql.transaction', () => {
  it('commits statements that fn sent without awaiting (COMMIT rides behind them)', async () => {
    await reset();
    const answer = await sql.transaction(async (tx) => {
      void tx.query(insert(1, 'a'));
      void tx.query(insert(2, 'b'));
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await sql.query(rows())).toEqual([
      { id: 1, note: 'a' },
      { id: 2, note: 'b' },
    ]);
  });

  it('rolls everything back when an unawaited statement fails, and reports that failure rather than the 25P02s after it', async () => {
    await reset();
    await sql.query(insert(1, 'taken'));
    const failed = sql.transaction(async (tx) => {
      void tx.query(insert(2, 'before'));
      void tx.query(insert(1, 'duplicate'));
      void tx.query(insert(3, 'after'));
    });
    await expect(failed).rejects.toSatisfy((err: unknown) => pgCode(err) === '23505');
    expect(await sql.query(rows())).toEqual([{ id: 1, note: 'taken' }]);
  });

  it('reports the first failed statement when fn awaited a later one', async () => {
    await reset();
    await sql.query(insert(1, 'taken'));
    const failed = sql.transaction(async (tx) => {
      const [, , last] = await Promise.all(
        [tx.query(insert(2, 'x')), tx.query(insert(1, 'dup')), tx.query(insert(3, 'y'))].map((p) => p.catch((e: unknown) => e)),
      );
      throw last; // 25P02: refused because the transaction had already failed
    });
    await expect(failed).rejects.toSatisfy((err: unknown) => pgCode(err) === '23505');
    expect(await sql.query(rows())).toEqual([{ id: 1, note: 'taken' }]);
  });

  it('rolls back when fn throws, and the connection is fine for the next transaction', async () => {
    await reset();
    await expect(
      sql.transaction(async (tx) => {
        await tx.query(insert(1, 'x'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await sql.transaction(async (tx) => {
      await tx.query(insert(2, 'y'));
    });
    expect(await sql.query(rows())).toEqual([{ id: 2, note: 'y' }]);
  });

  it('sees, after a row lock, what the lock holder committed (each pipelined statement has its own snapshot)', async () => {
    await reset();
    await sql.query(insert(1, 'v1'));
    const lock = statement('SELECT id FROM sql_probe WHERE id = $1 FOR UPDATE');
    const holder = await clients.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM sql_probe WHERE id = 1 FOR UPDATE');
      const reader = sql.transaction(async (tx) => {
        const [, read] = await Promise.all([tx.query(lock(1)), tx.query(rows())]);
        return read;
      });
      await waitForLockWaiters(holder, 1);
      await holder.query("UPDATE sql_probe SET note = 'v2' WHERE id = 1");
      await holder.query('INSERT INTO sql_probe (id, note) VALUES (2, $1)', ['added']);
      await holder.query('COMMIT');
      expect(await reader).toEqual([
        { id: 1, note: 'v2' },
        { id: 2, note: 'added' },
      ]);
    } finally {
      holder.release();
    }
  });

  it('refuses SQL with line comments (compacting would swallow the rest)', () => {
    expect(() => statement('SELECT 1 -- one')).toThrow(/comments/);
  });
});

describe('a pool with no connection free', () => {
  it("answers 503 BUSY, told by our own timeout class rather than pg-pool's message, and takes back a connection that frees up late", async () => {
    const pool = new pg.Pool({ connectionString: workerDatabaseUrl(), max: 1, connectionTimeoutMillis: 300 });
    const ownSql = createSql(pool);
    const held = await pool.connect();
    try {
      for (const attempt of [() => ownSql.query(rows()), () => ownSql.transaction((tx) => tx.query(rows()))]) {
        const failed = await attempt().catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(AppError);
        expect((failed as AppError).cause).toBeInstanceOf(PoolCheckoutTimeout);
        expect(toHttpError(failed, 'r1')).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } }, expected: true });
      }
      // A connection that frees up after the wait gave up goes back to the pool, not to nobody.
      held.release();
      expect(await ownSql.query(rows())).toBeInstanceOf(Array);
      expect({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }).toEqual({ total: 1, idle: 1, waiting: 0 });
    } finally {
      await pool.end();
    }
  });
});

describe('a connection the server drops while it is checked out', () => {
  const backendPid = statement('SELECT pg_backend_pid() AS pid');

  /** Runs `fn` and returns what reached process.on('uncaughtException') meanwhile. */
  async function uncaughtDuring(fn: () => Promise<void>): Promise<unknown[]> {
    const seen: unknown[] = [];
    const record = (err: unknown) => seen.push(err);
    process.on('uncaughtException', record);
    try {
      await fn();
    } finally {
      process.off('uncaughtException', record);
    }
    return seen;
  }

  it('fails the transaction with DATABASE_UNAVAILABLE, not the process, and discards the connection', async () => {
    // A bare pool: the listener that saves the process is platform/sql's own.
    const pool = new pg.Pool({ connectionString: workerDatabaseUrl(), max: 1 });
    pool.on('error', () => undefined);
    const ownSql = createSql(pool);
    try {
      let pid = 0;
      let failed: unknown;
      const uncaught = await uncaughtDuring(async () => {
        failed = await ownSql
          .transaction(async (tx) => {
            pid = (await tx.query<{ pid: number }>(backendPid()))[0]!.pid;
            await terminateSession(pid);
            await tx.query(backendPid());
          })
          .catch((e: unknown) => e);
      });
      expect(uncaught).toEqual([]);
      expect(toHttpError(failed, 'r1')).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_UNAVAILABLE' } }, expected: true });
      // The only connection of the pool was discarded: the next statement runs on a new session.
      const [next] = await ownSql.query<{ pid: number }>(backendPid());
      expect(next!.pid).not.toBe(pid);
    } finally {
      await pool.end();
    }
  });

  it('keeps the process up for any client checked out of the shared pool (platform/db), and the pool recovers', async () => {
    const client = await clients.pool.connect();
    const { pid } = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
    let failed: unknown;
    const uncaught = await uncaughtDuring(async () => {
      await terminateSession(pid);
      failed = await client.query('SELECT 1').catch((e: unknown) => e);
      client.release();
    });
    expect(uncaught).toEqual([]);
    expect(toHttpError(failed, 'r1').body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(await sql.query(rows())).toBeInstanceOf(Array);
  });
});

import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AppError } from './errors';

/**
 * Hand-written SQL over the same pool Prisma uses, for the few statements on the booking hot
 * path (ADR 006). Prisma stays the default everywhere else.
 *
 * Every statement is defined once with `statement()`: it becomes a named prepared statement,
 * parsed and planned once per connection. The pool's connections are in pipeline mode, so a
 * transaction's statements go out without waiting for each other's answers: BEGIN travels
 * with the first statement, and independent reads share one round trip (`Promise.all`). The
 * server still runs them one after another, in order, each with its own snapshot.
 *
 * Tenant scoping: these statements are not rewritten by the tenant extension; each one takes
 * `requireTenantId()` as a parameter and filters on it, as the `$queryRaw` ones do.
 */

export type SqlQuery = { name: string; text: string; values: unknown[] };

/** A statement whose text is fixed; call it with the parameters. */
export function statement(text: string): (...values: unknown[]) => SqlQuery {
  // Line comments would swallow the rest of the compacted text.
  if (text.includes('--')) throw new Error('statement(): no -- comments in SQL text; comment the TypeScript instead');
  const compact = text.replace(/\s+/g, ' ').trim();
  const name = nameOf(compact);
  return (...values) => ({ name, text: compact, values });
}

const nameOf = (text: string) => `sq_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

/**
 * Names for statements that arrive as text (pg-boss's insert through `executeSql`): a bounded
 * set, so a library that built a new text per call could not grow it without limit.
 */
const MAX_FOREIGN_NAMES = 200;
const foreignNames = new Map<string, string>();
function foreignName(text: string): string | undefined {
  let name = foreignNames.get(text);
  if (!name && foreignNames.size < MAX_FOREIGN_NAMES) {
    name = nameOf(text);
    foreignNames.set(text, name);
  }
  return name;
}

export type SqlRunner = {
  query<R extends object>(q: SqlQuery): Promise<R[]>;
};

/** A transaction's connection; also a pg-boss `db`, so jobs can be enqueued inside it. */
export type SqlTx = SqlRunner & {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
};

export type Sql = SqlRunner & {
  /**
   * BEGIN … COMMIT on one connection; ROLLBACK when `fn` or any statement it sent fails.
   * `fn` may return without awaiting its last statements (COMMIT is then pipelined behind
   * them), but only once every statement is sent; a condition that must stop the commit has
   * to be a statement that fails (a constraint), not JavaScript run on a statement's answer.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
};

/** No pooled connection came free within the pool's `connectionTimeoutMillis`: overload, not a bug. */
export class PoolCheckoutTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no database connection came free within ${waitedMs} ms`);
    this.name = 'PoolCheckoutTimeout';
  }
}

function busy(cause: PoolCheckoutTimeout): AppError {
  const err = new AppError('BUSY', 'The server is busy; try again in a moment', { retryAfterSeconds: 2 });
  err.cause = cause;
  return err;
}

/**
 * `pool.connect()`, failing with PoolCheckoutTimeout when it has to queue for a connection and
 * none comes free in time. pg-pool's own timeout rejects with a plain Error told apart only by
 * its text, so this one is ours: armed before pg-pool arms its timer of the same length and a
 * millisecond shorter, it always fires first. A connection handed over after that goes straight
 * back to the pool. (When the pool is not full, pg-pool opens a new connection instead of
 * queueing; a server too slow to accept it is its own error, DATABASE_UNAVAILABLE.)
 */
function checkoutWithin(pool: pg.Pool): Promise<pg.PoolClient> {
  const ms = pool.options.connectionTimeoutMillis;
  const queues = pool.totalCount >= (pool.options.max ?? 10) || pool.idleCount > 0;
  if (!ms || !queues) return pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PoolCheckoutTimeout(ms)), Math.max(1, ms - 1));
  });
  const checkout = pool.connect();
  return Promise.race([checkout, timedOut]).then(
    (client) => {
      clearTimeout(timer);
      return client;
    },
    (err: unknown) => {
      clearTimeout(timer);
      if (err instanceof PoolCheckoutTimeout)
        checkout.then(
          (late) => late.release(),
          () => undefined,
        );
      throw err;
    },
  );
}

export function createSql(pool: pg.Pool, opts: { preparedStatements?: boolean } = {}): Sql {
  // Behind a transaction-mode pooler a named statement may not exist on the next connection.
  const prepared = opts.preparedStatements !== false;
  async function connect(): Promise<pg.PoolClient> {
    try {
      return await checkoutWithin(pool);
    } catch (err) {
      if (err instanceof PoolCheckoutTimeout) throw busy(err);
      throw err;
    }
  }

  /**
   * A connection checked out of the pool, listening for its own 'error' while it is ours: a
   * server that restarts or dies under a checked-out connection emits one, which would
   * otherwise be thrown as an uncaught exception. The statements it was running fail with that
   * error (the funnel answers 503 DATABASE_UNAVAILABLE); `release` hands the error to the pool,
   * which then discards the connection instead of giving it to the next request.
   */
  async function checkout(): Promise<{ client: pg.PoolClient; release: (discard?: boolean) => void }> {
    const client = await connect();
    let lost: Error | undefined;
    const onError = (err: Error) => {
      lost ??= err;
    };
    client.on('error', onError);
    return {
      client,
      release: (discard = false) => {
        client.removeListener('error', onError);
        client.release(lost ?? discard);
      },
    };
  }

  const run = async <R extends object>(client: pg.PoolClient, q: SqlQuery): Promise<R[]> =>
    (await client.query<R>(prepared ? q : { text: q.text, values: q.values })).rows;

  return {
    query: async <R extends object>(q: SqlQuery) => {
      const { client, release } = await checkout();
      try {
        return await run<R>(client, q);
      } finally {
        release();
      }
    },

    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const { client, release } = await checkout();
      // Statements in the order they were sent: once one fails, the server refuses the rest
      // with 25P02, and the one that failed first is the error worth reporting.
      const sent: Promise<unknown>[] = [];
      const track = <P extends Promise<unknown>>(p: P): P => {
        sent.push(p);
        p.catch(() => undefined);
        return p;
      };
      const tx: SqlTx = {
        query: <R extends object>(q: SqlQuery) => track(run<R>(client, q)),
        executeSql: (text, values) => {
          const name = prepared ? foreignName(text) : undefined;
          return track(client.query(name ? { name, text, values: values ?? [] } : { text, values: values ?? [] }));
        },
      };
      // Not awaited: pipelined with the first statement of `fn` (track keeps it for Promise.all).
      void track(client.query('BEGIN'));
      let broken = false;
      try {
        const result = await fn(tx);
        // COMMIT goes out behind the statements `fn` sent without waiting for them (its last
        // writes), in the same round trip. If one of them failed, PostgreSQL answers this COMMIT
        // with ROLLBACK, and that statement's error is what the caller gets.
        const commit = track(client.query('COMMIT'));
        await Promise.all(sent);
        if ((await commit).command === 'ROLLBACK') throw new Error('the transaction was rolled back by the server');
        return result;
      } catch (err) {
        // Statements `fn` left running answer before ROLLBACK (the pipeline keeps them in order).
        const settled = await Promise.allSettled(sent);
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const first = settled.find((r) => r.status === 'rejected');
        throw (err as { code?: string })?.code === '25P02' && first ? first.reason : err;
      } finally {
        // A connection that could not roll back is discarded, never handed to the next request.
        release(broken);
      }
    },
  };
}

/**
 * A platform/sql transaction (the booking hot path, ADR 006), for services: what
 * platform/transaction's `transaction` is for Prisma. Prisma never writes inside one.
 */
export function sqlTransaction<T>(deps: { sql: Sql }, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  return deps.sql.transaction(fn);
}

/**
 * The bridge the other way: platform/sql statements run on a Prisma client or interactive
 * transaction (same parameters, same casts), so a change in a Prisma transaction can share the
 * hot path's statements (availability, overlapping holds) instead of writing them twice.
 */
export function prismaRunner(client: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): SqlRunner {
  return { query: <R extends object>(q: SqlQuery) => client.$queryRawUnsafe<R[]>(q.text, ...q.values) };
}

/**
 * A Prisma interactive transaction as a SqlTx, for writers made for platform/sql that send their
 * statements without waiting (an Idempotency-Key recorder, platform/idempotency): Prisma runs a
 * raw query only once something awaits it, so each is started here, and `settle()` — awaited
 * before the transaction's callback returns — waits for them and fails the transaction with the
 * first that failed (e.g. 23505 when a concurrent request stored the key first).
 */
export function prismaSqlTx(client: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): {
  tx: SqlTx;
  settle(): Promise<void>;
} {
  const sent: Promise<unknown[]>[] = [];
  const run = (text: string, values: unknown[]) => {
    const p = Promise.resolve(client.$queryRawUnsafe<unknown[]>(text, ...values));
    p.catch(() => undefined); // reported by settle(), not as an unhandled rejection
    sent.push(p);
    return p;
  };
  return {
    tx: {
      query: <R extends object>(q: SqlQuery) => run(q.text, q.values) as Promise<R[]>,
      executeSql: async (text: string, values: unknown[] = []) => ({ rows: await run(text, values) }),
    },
    settle: async () => {
      await Promise.all(sent);
    },
  };
}

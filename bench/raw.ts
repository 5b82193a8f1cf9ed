import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchIdSql, DAY_MS, FREE_HOURS, RAW_FIRST_DAY, type Plan } from './plan';
import { onCleanup } from './cleanup';
import type { BenchPostgres } from './postgres';

/**
 * The raw SQL ceiling: pgbench runs bench/raw-booking.sql (lock, overlap check, booking insert,
 * audit insert) against the same database and schema as the API, at the same concurrency.
 * pgbench comes from Debian's postgresql-client; it is installed with apt-get when missing.
 */

export type RawResult = { tps: number; transactions: number; failed: number; latencyMs: number | null; mode: string; output: string };

const PGBENCH = 'pgbench';
/**
 * Prepared statements by default: the cheapest way to ask PostgreSQL for this work, so the
 * ceiling is a real ceiling. BENCH_RAW_PROTOCOL=extended parses each statement every time, as
 * node-postgres (under Prisma) does. The script needs a protocol with parameters: not `simple`.
 */
export const RAW_PROTOCOL = process.env.BENCH_RAW_PROTOCOL ?? 'prepared';

function hasPgbench(): boolean {
  try {
    execFileSync(PGBENCH, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function ensurePgbench(log: (msg: string) => void): void {
  if (hasPgbench()) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  log('pgbench is missing: installing Debian package postgresql-client');
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...sudo, ...args];
    execFileSync(cmd!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 });
  };
  try {
    run(['apt-get', 'update', '-q']);
    run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'postgresql-client']);
  } catch (err) {
    throw new Error(`pgbench is not installed and apt-get could not install postgresql-client (${(err as Error).message}). Install it and re-run.`);
  }
  if (!hasPgbench()) throw new Error('postgresql-client was installed but pgbench is still not on PATH');
}

/** The script with this plan's id expressions filled in. */
export function renderRawScript(): string {
  const template = readFileSync(path.join(import.meta.dirname, 'raw-booking.sql'), 'utf8');
  if (FREE_HOURS[0] !== 16 || FREE_HOURS.length !== 8) throw new Error('raw-booking.sql assumes FREE_HOURS = 16…23');
  const rendered = template
    .replaceAll('{{tenant_id}}', benchIdSql('tenant', ':t::int'))
    .replaceAll('{{resource_id}}', benchIdSql('resource', ':t::int'))
    .replaceAll('{{service_id}}', benchIdSql('service', ':t::int'))
    .replaceAll('{{customer_id}}', benchIdSql('customer', ':t::int'));
  const left = rendered.match(/\{\{\w+\}\}/);
  if (left) throw new Error(`raw-booking.sql: unknown placeholder ${left[0]}`);
  return rendered;
}

export async function runRawBench(db: BenchPostgres, plan: Plan, opts: { clients: number; threads: number; seconds: number }): Promise<RawResult> {
  if (!['prepared', 'extended'].includes(RAW_PROTOCOL)) throw new Error(`BENCH_RAW_PROTOCOL must be prepared or extended, got ${RAW_PROTOCOL}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slotwise-pgbench-'));
  try {
    const script = path.join(dir, 'raw-booking.sql');
    writeFileSync(script, renderRawScript());
    const base = Math.floor((plan.today.getTime() + RAW_FIRST_DAY * DAY_MS) / 1000);
    const args = [
      '-n', // no vacuum of pgbench's own tables (there are none)
      '-M',
      RAW_PROTOCOL,
      '-c',
      String(opts.clients),
      '-j',
      String(opts.threads),
      '-T',
      String(opts.seconds),
      '-D',
      `tenants=${plan.tenants}`,
      '-D',
      `clients=${opts.clients}`,
      '-D',
      `base=${base}`,
      '-D',
      'seq=0',
      '-f',
      script,
      '-h',
      db.host,
      '-p',
      String(db.port),
      '-U',
      db.user,
      db.database,
    ];
    const output = await run(PGBENCH, args, { ...process.env, PGPASSWORD: db.password }, (opts.seconds + 60) * 1000);
    const num = (re: RegExp) => {
      const m = output.match(re);
      return m ? Number(m[1]) : null;
    };
    const tps = num(/tps = ([\d.]+) \(without initial connection time\)/);
    const transactions = num(/number of transactions actually processed: (\d+)/);
    if (tps === null || transactions === null) throw new Error(`could not read pgbench's output:\n${output}`);
    return {
      tps,
      transactions,
      failed: num(/number of failed transactions: (\d+)/) ?? 0,
      latencyMs: num(/latency average = ([\d.]+) ms/),
      mode: RAW_PROTOCOL,
      output,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forget = onCleanup(cmd, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not finish within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      forget();
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      forget();
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} exited with ${code}:\n${out}`));
    });
  });
}

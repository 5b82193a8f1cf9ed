import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { freePort } from '../apps/api/src/platform/embedded-postgres';
import { onCleanup } from './cleanup';

/**
 * The real API as its own process (`pnpm exec tsx apps/api/src/server.ts`), wired exactly as
 * the product is, so its memory can be watched. pnpm and tsx each put a process in between;
 * RSS is read from the innermost node process, the one running server.ts. Stopping sends
 * SIGTERM to that process (graceful shutdown), then SIGKILL to whatever of the tree is left.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const RSS_INTERVAL_MS = 200;

export type ApiProcess = {
  baseUrl: string;
  /** pid of the node process running server.ts. */
  serverPid: number;
  /** Highest VmRSS seen so far (sampled every 200 ms), in MiB. */
  peakRssMb(): number;
  /** The kernel's own high-water mark of the server's RSS (VmHWM), in MiB. */
  rssHighWaterMb(): number | null;
  logTail(): string;
  stop(): Promise<void>;
};

export async function startApi(opts: { databaseUrl: string; env?: Record<string, string> }): Promise<ApiProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: opts.databaseUrl,
    RATE_LIMIT_MODE: 'off',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    JOBS_ENABLED: 'false',
    SECRET_KEY: 'bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz',
    // e.g. BENCH_API_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API under load.
    ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
    ...opts.env,
  };
  const child = spawn('pnpm', ['exec', 'tsx', 'apps/api/src/server.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  // pnpm and tsx each start their own process group, so the tree is tracked by pid (and start
  // time, so a recycled pid is never mistaken for ours).
  const tree = new Map<number, string>();
  const track = () => {
    for (const pid of [child.pid!, ...descendants(child.pid!)]) {
      const started = startTimeOf(pid);
      if (started !== null && !tree.has(pid)) tree.set(pid, started);
    }
  };
  track();
  let serverPid: number | null = null;

  const stop = async () => {
    track();
    const alive = () => [...tree].filter(([pid, started]) => isAlive(pid) && startTimeOf(pid) === started).map(([pid]) => pid);
    if (!alive().length) return;
    // server.ts shuts down gracefully on SIGTERM (closes its pool); tsx and pnpm follow it out.
    const server = serverPid !== null && alive().includes(serverPid) ? [serverPid] : [];
    for (const pid of server.length ? server : alive()) signal(pid, 'SIGTERM');
    if (!(await waitUntil(() => !alive().length, STOP_TIMEOUT_MS))) {
      for (const pid of alive()) signal(pid, 'SIGKILL');
      await waitUntil(() => !alive().length, 5_000);
    }
    if (running) await exited;
  };
  const forget = onCleanup('API process', stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(
      baseUrl,
      () => running,
      () => log,
    );
  } catch (err) {
    await stop();
    forget();
    throw err;
  }
  track();
  serverPid = findServerPid(child.pid!);
  if (serverPid === null) {
    await stop();
    forget();
    throw new Error('the API answers but its node process (server.ts) was not found under /proc');
  }

  const pid = serverPid;
  let peakKb = 0;
  const sample = () => {
    const kb = statusField(pid, 'VmRSS');
    if (kb !== null && kb > peakKb) peakKb = kb;
  };
  sample();
  const sampler = setInterval(sample, RSS_INTERVAL_MS);
  sampler.unref();

  return {
    baseUrl,
    serverPid: pid,
    peakRssMb: () => peakKb / 1024,
    rssHighWaterMb: () => {
      const kb = statusField(pid, 'VmHWM');
      return kb === null ? null : kb / 1024;
    },
    logTail: () => log,
    stop: async () => {
      sample();
      clearInterval(sampler);
      await stop();
      forget();
    },
  };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started (ticks since boot). */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Running (a zombie waiting for its parent counts as gone). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function waitForHealth(baseUrl: string, alive: () => boolean, logTail: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the API exited during start-up:\n${logTail()}`);
    if (await healthy(baseUrl)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer /healthz within ${START_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

function healthy(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${baseUrl}/healthz`, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === null) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  return children;
}

/** Every process below `rootPid`, with its depth. */
function descendantsWithDepth(rootPid: number): { pid: number; depth: number }[] {
  const children = childrenByParent();
  const found: { pid: number; depth: number }[] = [];
  const visit = (pid: number, depth: number) => {
    for (const c of children.get(pid) ?? []) {
      found.push({ pid: c, depth });
      visit(c, depth + 1);
    }
  };
  visit(rootPid, 1);
  return found;
}

const descendants = (rootPid: number) => descendantsWithDepth(rootPid).map((d) => d.pid);

/** The deepest descendant of `rootPid` whose command line runs server.ts. */
export function findServerPid(rootPid: number): number | null {
  const matches = descendantsWithDepth(rootPid).filter((d) => cmdline(d.pid).includes('server.ts'));
  matches.sort((a, b) => b.depth - a.depth);
  return matches[0]?.pid ?? null;
}

function parentOf(pid: number): number | null {
  try {
    // The command name in (…) may contain spaces; the fields after its closing paren do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A `kB` field of /proc/<pid>/status, or null when the process is gone. */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

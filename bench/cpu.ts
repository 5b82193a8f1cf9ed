import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time from /proc, to say where a phase's time went: the API's node process, the
 * PostgreSQL server (postmaster, its live backends and those already reaped), the bench
 * process itself (the load generator, or pgbench once it has exited), and everything else on the machine — other people's
 * test runs on a shared box show up there and make a run less trustworthy.
 */

const TICK_MS = 1000 / ticksPerSecond();

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** utime, stime, cutime, cstime of a process, in ms; null when it is gone. */
function times(pid: number): { self: number; children: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
  } catch {
    return null;
  }
}

export function processCpuMs(pid: number): number | null {
  return times(pid)?.self ?? null;
}

/** A process and all its children, live and reaped (a server's backends). */
export function processTreeCpuMs(pid: number): number | null {
  const root = times(pid);
  if (!root) return null;
  let total = root.self + root.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = times(Number(entry));
    if (t && t.ppid === pid) total += t.self + t.children;
  }
  return total;
}

/** Busy and total CPU time of the whole machine (all cores), in ms. */
function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy * TICK_MS, total: (busy + idle + iowait) * TICK_MS };
}

export type CpuSplit = { wallMs: number; serverMs: number | null; postgresMs: number | null; benchMs: number; otherPct: number; busyPct: number };

/** Starts a CPU account; `stop()` returns what each part used meanwhile. */
export function cpuAccount(opts: { serverPid?: number; postmasterPid: number | null }) {
  const started = performance.now();
  const server0 = opts.serverPid === undefined ? null : processCpuMs(opts.serverPid);
  const pg0 = opts.postmasterPid === null ? null : processTreeCpuMs(opts.postmasterPid);
  const bench0 = process.cpuUsage();
  const reaped0 = times(process.pid)?.children ?? 0;
  const machine0 = machineCpuMs();
  return {
    stop(): CpuSplit {
      const server1 = opts.serverPid === undefined ? null : processCpuMs(opts.serverPid);
      const pg1 = opts.postmasterPid === null ? null : processTreeCpuMs(opts.postmasterPid);
      const bench = process.cpuUsage(bench0);
      const machine1 = machineCpuMs();
      const serverMs = server0 !== null && server1 !== null ? server1 - server0 : null;
      const postgresMs = pg0 !== null && pg1 !== null ? pg1 - pg0 : null;
      // The bench's own process, plus children of it that ended meanwhile (pgbench).
      const benchMs = (bench.user + bench.system) / 1000 + ((times(process.pid)?.children ?? 0) - reaped0);
      const busy = machine1.busy - machine0.busy;
      const total = machine1.total - machine0.total || 1;
      const other = Math.max(0, busy - (serverMs ?? 0) - (postgresMs ?? 0) - benchMs);
      return { wallMs: performance.now() - started, serverMs, postgresMs, benchMs, otherPct: (100 * other) / total, busyPct: (100 * busy) / total };
    },
  };
}

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package / app file and the
 * hottest functions, plus inclusive time of app functions. For finding where the API spends
 * its CPU under `pnpm bench`:
 *
 *   BENCH_API_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" pnpm bench
 *   pnpm exec tsx bench/cpu-profile.ts /tmp/prof/<largest>.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/…` → `@scope/pkg`; app files keep their repo path. */
function owner(url: string): string {
  if (!url) return '(native / gc / idle)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:*';
  const at = url.indexOf('/apps/') >= 0 ? url.indexOf('/apps/') : url.indexOf('/packages/');
  return at >= 0 ? url.slice(at + 1).replace(/\?.*$/, '') : url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/cpu-profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, us]) => a + us, 0);

  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusiveApp = new Map<string, number>();
  const inclusiveOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    add(byOwner, functionName === '(garbage collector)' ? '(garbage collector)' : owner(url), us);
    add(byFunction, `${functionName || '(anonymous)'} ${owner(url)}:${lineNumber + 1}`, us);
    // Inclusive time per app function: walk up once per distinct frame on the stack.
    const seen = new Set<string>();
    const owners = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const o = owner(f.url);
      if (f.url && !owners.has(o)) {
        owners.add(o);
        add(inclusiveOwner, o, us);
      }
      if (!o.startsWith('apps/') && !o.startsWith('packages/')) continue;
      const key = `${f.functionName || '(anonymous)'} ${o}:${f.lineNumber + 1}`;
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusiveApp, key, us);
      }
    }
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  };
  console.log(`profile: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busyUs / 1e6).toFixed(1)} s not idle (percentages are of that)`);
  print('self time by package / app file', byOwner);
  print('inclusive time by package / app file (anything it called counts too)', inclusiveOwner);
  print('self time by function', byFunction);
  print('inclusive time of app functions', inclusiveApp);
}

main();

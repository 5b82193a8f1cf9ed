/**
 * `pnpm test`: everything CI checks, in order — system packages, Prisma client, typecheck,
 * lint, unit + integration tests (Vitest on real PostgreSQL), web build, Playwright e2e.
 * Ends with one line `N passed, N failed` summing every suite, and exits non-zero on failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from './system-deps';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
const failedTests: string[] = [];
const firstLine = (text: string | undefined) => (text ?? '').trim().split('\n')[0]?.slice(0, 300) ?? '';

const say = (msg: string) => process.stdout.write(`\n▶ ${msg}\n`);

function run(cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status === 0;
}

/** A step that is one check (typecheck, lint, build). */
function check(name: string, cmd: string, args: string[]): boolean {
  say(name);
  const ok = run(cmd, args);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
  return ok;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

say('system packages');
try {
  ensureSystemDeps((m) => process.stdout.write(`${m}\n`));
} catch (err) {
  process.stdout.write(`could not install system packages: ${(err as Error).message}\n`);
}

check('prisma client', 'pnpm', ['--filter', '@slotwise/api', 'run', 'generate']);
check('typecheck', 'pnpm', ['run', 'typecheck']);
check('lint', 'pnpm', ['run', 'lint']);

// Unit + integration: the whole Vitest workspace.
function vitest(label: string, outFile: string, args: string[], env: Record<string, string> = {}) {
  say(label);
  const ok = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`, ...args], env);
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { name: string; status: string; message?: string; assertionResults: { status: string; fullName: string; failureMessages?: string[] }[] }[];
  }>(outFile);
  if (!report) {
    failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  passed += report.numPassedTests;
  // A file that failed outside any test (a beforeAll, an import) has no failed test to count.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  if (brokenFiles.length) failures.push(`${label}: ${brokenFiles.length} file(s) failed outside tests`);
  // Named again at the end, where a truncated log still shows them.
  for (const file of report.testResults) {
    const where = path.relative(root, file.name);
    if (brokenFiles.includes(file)) failedTests.push(`${where}: ${firstLine(file.message)}`);
    for (const test of file.assertionResults) {
      if (test.status === 'failed') failedTests.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
  }
  failed += brokenFiles.length;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (!ok && report.numFailedTests === 0) {
    failed += 1; // e.g. a file that failed to load, or an error outside tests
    failures.push(`${label} (runner error)`);
  } else if (report.numFailedTests) failures.push(label);
}
vitest('unit and integration tests (vitest)', path.join(results, 'vitest.json'), []);
// Answers must not depend on the process time zone: the time-sensitive suites again under others.
const TZ_SUITES = [
  'apps/api/src/platform/time.test.ts',
  'apps/api/src/modules/availability',
  'apps/api/src/modules/bookings/bookings.test.ts',
  'apps/api/src/modules/selfservice',
  'apps/api/src/modules/notifications',
];
for (const tz of ['Asia/Kolkata', 'Australia/Lord_Howe']) {
  vitest(`time-sensitive suites under TZ=${tz}`, path.join(results, `vitest-${tz.replace('/', '_')}.json`), ['--project', 'api', ...TZ_SUITES], { TZ: tz });
}

if (check('web build', 'pnpm', ['--filter', '@slotwise/web', 'run', 'build'])) {
  say('end-to-end tests (playwright)');
  const ok = run('pnpm', ['exec', 'playwright', 'test', '-c', 'e2e/playwright.config.ts']);
  const report = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(path.join(results, 'e2e-results.json'));
  if (report) {
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
    if (report.stats.unexpected + report.stats.flaky) failures.push('e2e');
  }
  if (!report || (!ok && !report.stats.unexpected)) {
    failed += 1;
    failures.push('e2e (runner error)');
  }
}

if (!existsSync(results)) mkdirSync(results);
if (failedTests.length) process.stdout.write(`\nFailed tests:\n${failedTests.map((t) => `  ✗ ${t}`).join('\n')}\n`);
if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);

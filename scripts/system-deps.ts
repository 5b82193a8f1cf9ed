import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian packages the test suite needs: Chromium for Playwright, redis-server for the
 * shared rate-limit tests, docker-compose to validate docker-compose.yml. Installed with
 * apt-get only when missing (CI machines start without them).
 */
const NEEDED = [
  { pkg: 'chromium', bin: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  { pkg: 'redis-server', bin: '/usr/bin/redis-server' },
  { pkg: 'docker-compose', bin: '/usr/bin/docker-compose' },
];

export function ensureSystemDeps(log: (msg: string) => void): void {
  const missing = NEEDED.filter((n) => !existsSync(n.bin)).map((n) => n.pkg);
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  log(`installing Debian packages: ${missing.join(', ')}`);
  const run = (args: string[]) =>
    execFileSync(sudo[0] ?? args[0]!, [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
}

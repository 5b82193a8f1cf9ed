import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';
import { REPO_ROOT } from '../src/platform/paths';

const file = path.join(REPO_ROOT, 'docker-compose.yml');
type Service = { healthcheck?: { test: unknown }; environment?: Record<string, string>; depends_on?: Record<string, unknown>; restart?: string };

/** A key as an operator would put in .env beside docker-compose.yml. */
const SAMPLE_SECRET = 'compose-test-secret-0123456789abcdef0123456789';

/**
 * Compose's variable substitution, as `docker-compose config` applies it: `$$` is a literal `$`;
 * `${VAR:-default}` / `${VAR-default}` fall back when VAR is unset or empty / unset;
 * `${VAR:?message}` / `${VAR?message}` refuse to start; `${VAR}` and `$VAR` are VAR or empty.
 */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      if (bare) return env[bare] ?? '';
      const v = env[name!];
      const missing = op?.startsWith(':') ? !v : v === undefined;
      if (op && missing) {
        if (op.endsWith('-')) return arg ?? '';
        throw new Error(`required variable ${name} is missing a value: ${arg}`);
      }
      return v ?? '';
    },
  );
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8')) as { services: Record<string, Service> };
  const apiEnvironment = (env: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(compose.services.api!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));

  it('names every service the product needs, each with a healthcheck', () => {
    for (const name of ['postgres', 'redis', 'api', 'web']) {
      expect(compose.services[name], name).toBeDefined();
      expect(compose.services[name]!.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
  });

  it('restarts every long-running service that stops (the API exits on an exception it cannot name)', () => {
    for (const name of ['postgres', 'redis', 'api', 'web']) expect(compose.services[name]!.restart, name).toBe('unless-stopped');
  });

  it('points the API at the postgres and redis services and waits for them to be healthy', () => {
    const api = compose.services.api!;
    expect(api.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(api.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(api.environment?.NODE_ENV).toBe('production');
    expect(api.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('gives the API an environment its config accepts, in production, without the demo tenant', () => {
    const config = loadConfig(apiEnvironment({ SECRET_KEY: SAMPLE_SECRET }));
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      SECRET_KEY: SAMPLE_SECRET,
      SEED_DEMO: false,
      DATABASE_URL: 'postgresql://slotwise:slotwise@postgres:5432/slotwise',
      REDIS_URL: 'redis://redis:6379',
      PUBLIC_URL: 'http://localhost:8080',
      RATE_LIMIT_MODE: 'on',
    });
    // The operator's values win over the defaults.
    const custom = loadConfig(apiEnvironment({ SECRET_KEY: SAMPLE_SECRET, POSTGRES_PASSWORD: 's3cret', PUBLIC_URL: 'https://book.example.com' }));
    expect(custom).toMatchObject({ DATABASE_URL: 'postgresql://slotwise:s3cret@postgres:5432/slotwise', PUBLIC_URL: 'https://book.example.com' });
  });

  it('will not start without a SECRET_KEY, and the API refuses a short one', () => {
    expect(() => apiEnvironment({})).toThrow(/SECRET_KEY/);
    expect(() => apiEnvironment({ SECRET_KEY: '' })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig(apiEnvironment({ SECRET_KEY: 'short' }))).toThrow(/SECRET_KEY/);
  });

  it('is accepted by docker-compose config', () => {
    // Debian's docker-compose is installed by `pnpm test` (scripts/system-deps.ts).
    expect(existsSync('/usr/bin/docker-compose'), 'docker-compose is installed').toBe(true);
    // An empty env file: a developer's own .env must not decide the outcome.
    const envFile = path.join(mkdtempSync(path.join(tmpdir(), 'compose-')), '.env');
    writeFileSync(envFile, '');
    const withKey = { ...process.env, SECRET_KEY: SAMPLE_SECRET };
    const resolved = parse(
      execFileSync('/usr/bin/docker-compose', ['-f', file, '--env-file', envFile, 'config'], { cwd: REPO_ROOT, stdio: 'pipe', env: withKey }).toString(),
    ) as {
      services: Record<string, Service>;
    };
    // Our reading of the file agrees with compose's.
    expect(resolved.services.api!.environment).toEqual(apiEnvironment(withKey));
    const { SECRET_KEY: _unset, ...withoutKey } = process.env;
    expect(() =>
      execFileSync('/usr/bin/docker-compose', ['-f', file, '--env-file', envFile, 'config', '-q'], { cwd: REPO_ROOT, stdio: 'pipe', env: withoutKey }),
    ).toThrow(/SECRET_KEY/);
  });
});

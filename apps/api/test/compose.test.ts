import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/platform/paths';

const file = path.join(REPO_ROOT, 'docker-compose.yml');
type Service = { healthcheck?: { test: unknown }; environment?: Record<string, string>; depends_on?: Record<string, unknown> };

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(file, 'utf8')) as { services: Record<string, Service> };

  it('names every service the product needs, each with a healthcheck', () => {
    for (const name of ['postgres', 'redis', 'api', 'web']) {
      expect(compose.services[name], name).toBeDefined();
      expect(compose.services[name]!.healthcheck?.test, `${name} healthcheck`).toBeDefined();
    }
  });

  it('points the API at the postgres and redis services and waits for them to be healthy', () => {
    const api = compose.services.api!;
    expect(api.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(api.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(api.environment?.NODE_ENV).toBe('production');
    expect(api.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('is accepted by docker-compose config', () => {
    // Debian's docker-compose is installed by `pnpm test` (scripts/system-deps.ts).
    expect(existsSync('/usr/bin/docker-compose'), 'docker-compose is installed').toBe(true);
    execFileSync('/usr/bin/docker-compose', ['-f', file, 'config', '-q'], { cwd: REPO_ROOT, stdio: 'pipe' });
  });
});

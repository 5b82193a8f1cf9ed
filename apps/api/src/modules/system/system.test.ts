import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { createEmptyDatabase, dropDatabase } from '../../../test/db';
import { everyRoute } from '../../platform/openapi';
import { routesOf } from '../../../test/routes';

describe('health, readiness and ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /healthz answers 200 while the process is up', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 ready on a migrated database', async () => {
    const res = await t.http.get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('GET /v1/system/status reports database and migrations', async () => {
    const res = await t.http.get('/v1/system/status').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', version: 'test', migrations: { pending: 0 } });
    // createTestApp switches the limits off unless a test turns them on.
    expect(res.body.rateLimits).toEqual({ store: 'off', healthy: true });
    expect(res.body.migrations.applied).toBeGreaterThan(0);
  });

  it('generates a request id and uses it as correlation id', async () => {
    const res = await t.http.get('/healthz');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-correlation-id']).toBe(res.headers['x-request-id']);
  });

  it('echoes well-formed incoming ids and replaces malformed ones', async () => {
    const ok = await t.http.get('/healthz').set('X-Request-ID', 'edge-req-0001').set('X-Correlation-ID', 'flow-42-abcdef');
    expect(ok.headers['x-request-id']).toBe('edge-req-0001');
    expect(ok.headers['x-correlation-id']).toBe('flow-42-abcdef');
    const bad = await t.http.get('/healthz').set('X-Request-ID', 'has spaces <script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks the deprecated route with Deprecation, Sunset and Link headers', async () => {
    const res = await t.http.get('/v1/health').expect(200);
    expect(res.headers.deprecation).toBe(`@${Date.parse('2026-11-01T00:00:00Z') / 1000}`);
    expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(res.headers.link).toBe('</v1/system/status>; rel="successor-version"');
    const current = await t.http.get('/v1/system/status');
    expect(current.headers.deprecation).toBeUndefined();
  });

  it('sets security headers and refuses cross-origin reads by default', async () => {
    const res = await t.http.get('/v1/system/status').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const same = await t.http.get('/v1/system/status').set('Origin', 'http://localhost:3000');
    expect(same.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });
});

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is OpenAPI 3 and lists every contract route with its method', async () => {
    const res = await t.http.get('/v1/openapi.json').expect(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { deprecated?: boolean }>> };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = routesOf(everyRoute).map(([, r]) => r);
    expect(routes.length).toBeGreaterThan(2);
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(doc.paths['/v1/health']?.get?.deprecated).toBe(true);
  });

  it('serves a human-readable reference at /docs', async () => {
    const res = await t.http.get('/docs/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger');
  });
});

describe('readiness before migrations', () => {
  it('answers 503 NOT_READY while migrations are pending', async () => {
    const url = await createEmptyDatabase(`slotwise_unmigrated_${process.env.VITEST_POOL_ID ?? 0}`);
    const t = await createTestApp({ databaseUrl: url });
    try {
      const res = await t.http.get('/readyz').expect(503);
      expect(res.body.error.code).toBe('NOT_READY');
      const status = await t.http.get('/v1/system/status').expect(200);
      expect(status.body.status).toBe('degraded');
    } finally {
      await t.close();
      await dropDatabase(new URL(url).pathname.slice(1));
    }
  });
});

describe('serving the web app', () => {
  it('serves the dashboard and the embeddable public page from the built app', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dist = mkdtempSync(path.join(os.tmpdir(), 'slotwise-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(path.join(dist, 'book.html'), '<!doctype html><title>book</title>');
    const t = await createTestApp({ env: { WEB_DIST_DIR: dist } });
    try {
      const dash = await t.http.get('/calendar').set('Accept', 'text/html').expect(200);
      expect(dash.text).toContain('dashboard');
      expect(dash.headers['x-frame-options']).toBe('SAMEORIGIN');
      for (const url of ['/book/demo', '/manage/abc.def']) {
        const page = await t.http.get(url).set('Accept', 'text/html').expect(200);
        expect(page.text).toContain('book');
        expect(page.headers['x-frame-options']).toBeUndefined();
        expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
      }
      // API paths never fall back to HTML
      await t.http.get('/v1/nope').set('Accept', 'text/html').expect(404);
    } finally {
      await t.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

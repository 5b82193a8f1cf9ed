import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyRoute } from '../src/platform/openapi';
import { createTestApp, type TestApp } from './app';
import { setUpBookable, type Bookable } from './booking-factories';
import { ORIGIN } from './factories';
import { dbFingerprint } from './fingerprint';
import { routesOf } from './routes';

/**
 * Random and malformed input to every contract route, signed in and not: never a 5xx, always
 * the JSON error body on 4xx, and nothing written when the answer is 4xx.
 */


const nasty = fc.constantFrom('', ' ', '..', '%00', 'null', 'undefined', '0', '-1', '1e309', "'; DROP TABLE \"Booking\";--", '<script>', 'a'.repeat(500), '\u0000', '😀', '2030-02-30', '00000000-0000-0000-0000-000000000000');
const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), nasty, fc.constantFrom('demo', 't-0000', '2030-03-05'));
const scalar = fc.oneof(fc.string({ maxLength: 60 }), nasty, fc.integer().map(String), fc.constantFrom('true', 'false', 'UTC', 'Europe/London'));
const query = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('from', 'to', 'timeZone', 'limit', 'cursor', 'status', 'q', 'resourceId')), scalar, { maxKeys: 4 });
const body = fc.oneof(
  fc.record({ kind: fc.constant('json' as const), value: fc.oneof(fc.jsonValue(), fc.object(), fc.array(fc.object(), { maxLength: 3 })) }),
  fc.record({ kind: fc.constant('raw' as const), value: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"__proto__":{"x":1}}')) }),
  fc.constant({ kind: 'none' as const, value: undefined }),
);

describe('input fuzz over every route', () => {
  let t: TestApp;
  let world: Bookable;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    world = await setUpBookable(t);
    cookie = world.owner.cookie;
  });
  afterAll(() => t.close());

  const routes = routesOf(everyRoute);

  it('covers the whole contract', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  for (const [key, route] of routes) {
    for (const signedIn of [true, false]) {
      it(`${key} (${signedIn ? 'signed in' : 'anonymous'})`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(segment, { minLength: 4, maxLength: 4 }), query, body, async (segments, q, b) => {
            let i = 0;
            const path = route.path.replace(/:(\w+)/g, (_m, name: string) =>
              name === 'slug' && i++ % 2 === 0 ? world.owner.slug : encodeURIComponent(segments[i++ % 4] ?? 'x'),
            );
            const before = await dbFingerprint(t.prisma);
            const req = t.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).query(q).set('Origin', ORIGIN);
            if (signedIn) req.set('Cookie', cookie);
            if (b.kind === 'json') req.set('Content-Type', 'application/json').send(JSON.stringify(b.value));
            else if (b.kind === 'raw') req.set('Content-Type', 'application/json').send(b.value);
            const res = await req;
            expect(res.status, `${route.method} ${path} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers['content-type']).toMatch(/application\/json/);
              expect(res.body).toEqual({
                error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
              });
              expect(await dbFingerprint(t.prisma), `${route.method} ${path} wrote on ${res.status}`).toEqual(before);
            } else if (key === 'auth.logout' && signedIn) {
              // Logging out ends our session; sign in again for the next runs.
              const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: world.owner.email, password: world.owner.password });
              cookie = String(([] as string[]).concat(login.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
            }
          }),
          { numRuns: 8 },
        );
      });
    }
  }
});

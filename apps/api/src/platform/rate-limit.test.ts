import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import supertest from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { enrichContext } from './context';
import { AppError } from './errors';
import { errorHandler, requestContext } from './http';
import { freePort, startRedis, waitUntil } from '../../test/redis-server';
import { createRateLimits, rateLimitOverrides, type Plan, type RateLimitOptions, type RateLimits } from './rate-limit';

// Everything a test opens (limiters, servers) is closed after it, so nothing keeps the worker alive.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function limits(opts: Partial<RateLimitOptions> = {}): RateLimits {
  const l = createRateLimits({ mode: 'on', planOf: (req) => req.get('x-test-plan') as Plan | undefined, ...opts });
  cleanups.push(() => l.close());
  return l;
}

/** A small app with the real platform middleware around whatever routes `mount` adds. */
function serve(mount: (app: Express) => void, logger: Logger = pino({ level: 'silent' })) {
  const app = express();
  app.set('trust proxy', true); // so tests can vary the client IP with X-Forwarded-For
  app.use(requestContext(logger));
  app.use(express.json());
  app.use((req, _res, next) => {
    const tenantId = req.get('x-test-tenant');
    if (tenantId) enrichContext({ tenantId });
    next();
  });
  mount(app);
  app.use(errorHandler);
  // One listening server per app, so hundreds of requests do not each start a server.
  const server: Server = app.listen(0, '127.0.0.1');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return supertest.agent(server);
}

const ok: express.RequestHandler = (_req, res) => void res.json({ ok: true });

/** A login route: 'right' is the only right password. */
const login: express.RequestHandler = (req, res, next) => {
  if ((req.body as { password?: string }).password === 'right') res.json({ ok: true });
  else next(new AppError('UNAUTHENTICATED', 'Wrong email or password'));
};

/** Fires `n` requests, 50 at a time, and returns their statuses in order. */
async function burst(n: number, send: (i: number) => PromiseLike<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < n; start += 50) {
    const batch = Array.from({ length: Math.min(50, n - start) }, (_, k) => send(start + k));
    statuses.push(...(await Promise.all(batch)).map((r) => r.status));
  }
  return statuses;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

let ipCounter = 0;
/** A fresh client IP for each call, so tests sharing one Redis never share a key. */
const freshIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

const rateLimitedBody = {
  error: {
    code: 'RATE_LIMITED',
    message: expect.stringMatching(/^Too many requests, try again in \d+ seconds$/),
    details: { retryAfterSeconds: expect.any(Number) },
    requestId: expect.stringMatching(/.+/),
  },
};

describe('signup', () => {
  it('rejects the 6th sign-up from one IP within the hour through the error funnel; other IPs are unaffected', async () => {
    const http = serve((app) => app.post('/signup', limits().signup, ok));
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await http.post('/signup').set('X-Forwarded-For', ip).expect(200);
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"5-in-1hr"; r=${4 - i}; t=\\d+$`));
      expect(res.headers['ratelimit-policy']).toMatch(/^"5-in-1hr"; q=5; w=3600; pk=:.+:$/);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const res = await http.post('/signup').set('X-Forwarded-For', ip).expect(429);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual(rateLimitedBody);
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(res.body.error.details.retryAfterSeconds).toBe(retryAfter);
    expect(res.headers['ratelimit']).toMatch(/^"5-in-1hr"; r=0; t=\d+$/);

    await http.post('/signup').set('X-Forwarded-For', freshIp()).expect(200);
  });

  it('treats the addresses of one IPv6 /56 as one client', async () => {
    const http = serve((app) => app.post('/signup', limits({ overrides: { signupPerHour: 2 } }).signup, ok));
    await http.post('/signup').set('X-Forwarded-For', '2001:db8:1:100::1').expect(200);
    await http.post('/signup').set('X-Forwarded-For', '2001:db8:1:1ff::2').expect(200);
    await http.post('/signup').set('X-Forwarded-For', '2001:db8:1:1aa::3').expect(429);
    await http.post('/signup').set('X-Forwarded-For', '2001:db8:1:200::1').expect(200);
  });
});

describe('login', () => {
  function loginApp() {
    const l = limits();
    return serve((app) => app.post('/login', l.loginByIp, l.loginByEmail, login));
  }

  it('counts only failed logins', async () => {
    const http = loginApp();
    const ip = freshIp();
    const attempt = (password: string) => http.post('/login').set('X-Forwarded-For', ip).send({ email: 'ann@example.com', password });
    for (let i = 0; i < 10; i++) await attempt('right').expect(200);
    for (let i = 0; i < 5; i++) await attempt('wrong').expect(401);
    const res = await attempt('wrong').expect(429);
    expect(res.body).toEqual(rateLimitedBody);
    // Locked out now, even with the right password, until the window ends.
    await attempt('right').expect(429);
  });

  it('limits failures per normalised email, whatever the IP', async () => {
    const http = loginApp();
    const spellings = ['bob@example.com', 'Bob@Example.com', ' BOB@EXAMPLE.COM ', 'bob@example.COM', 'bob@example.com'];
    for (const email of spellings) {
      await http.post('/login').set('X-Forwarded-For', freshIp()).send({ email, password: 'wrong' }).expect(401);
    }
    await http.post('/login').set('X-Forwarded-For', freshIp()).send({ email: 'bob@example.com', password: 'wrong' }).expect(429);
    await http.post('/login').set('X-Forwarded-For', freshIp()).send({ email: 'carol@example.com', password: 'wrong' }).expect(401);
  });

  it('limits failures per IP, whatever the email', async () => {
    const http = loginApp();
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      await http
        .post('/login')
        .set('X-Forwarded-For', ip)
        .send({ email: `user${i}@example.com`, password: 'wrong' })
        .expect(401);
    }
    await http.post('/login').set('X-Forwarded-For', ip).send({ email: 'new@example.com', password: 'wrong' }).expect(429);
    await http.post('/login').set('X-Forwarded-For', freshIp()).send({ email: 'new@example.com', password: 'wrong' }).expect(401);
  });
});

describe('tenantApi', () => {
  function tenantApp() {
    const tenantApi = limits().tenantApi;
    return serve((app) => app.get('/api', tenantApi, ok));
  }
  const ip = '203.0.113.9'; // one IP for every tenant: the office NAT

  it('allows a BASIC tenant 100 requests a minute', async () => {
    const http = tenantApp();
    const get = () => http.get('/api').set({ 'X-Forwarded-For': ip, 'x-test-tenant': 't-basic', 'x-test-plan': 'BASIC' });
    expect(count(await burst(100, get), 200)).toBe(100);
    const res = await get().expect(429);
    expect(res.body).toEqual(rateLimitedBody);
    expect(res.headers['ratelimit-policy']).toMatch(/^"100-in-1min"; q=100; w=60;/);
  });

  it('allows a PROFESSIONAL tenant 500', async () => {
    const http = tenantApp();
    const get = () => http.get('/api').set({ 'X-Forwarded-For': ip, 'x-test-tenant': 't-pro', 'x-test-plan': 'PROFESSIONAL' });
    expect(count(await burst(500, get), 200)).toBe(500);
    await get().expect(429);
  });

  it('keys by tenant, not by IP', async () => {
    const http = tenantApp();
    const get = (tenant: string, from = ip) => http.get('/api').set({ 'X-Forwarded-For': from, 'x-test-tenant': tenant, 'x-test-plan': 'BASIC' });
    expect(count(await burst(101, () => get('t-a')), 429)).toBe(1);
    await get('t-a', freshIp()).expect(429); // another IP does not help tenant A
    expect(count(await burst(100, () => get('t-b')), 200)).toBe(100); // tenant B, same IP, own budget
  });

  it('gives a tenant without a known plan 50', async () => {
    const http = tenantApp();
    const get = () => http.get('/api').set({ 'X-Forwarded-For': ip, 'x-test-tenant': 't-unknown' });
    expect(count(await burst(50, get), 200)).toBe(50);
    await get().expect(429);
  });

  it('takes one configured limit for every plan when RATE_LIMIT_TENANT_API_PER_MINUTE is set', async () => {
    const tenantApi = limits({
      overrides: rateLimitOverrides({
        RATE_LIMIT_SIGNUP_PER_HOUR: 5,
        RATE_LIMIT_PUBLIC_BOOKING_PER_IP: 20,
        RATE_LIMIT_PUBLIC_BOOKING_PER_TENANT: 200,
        RATE_LIMIT_TENANT_API_PER_MINUTE: 120,
      }),
    }).tenantApi;
    const http = serve((app) => app.get('/api', tenantApi, ok));
    const get = () => http.get('/api').set({ 'X-Forwarded-For': ip, 'x-test-tenant': 't-configured', 'x-test-plan': 'BASIC' });
    expect(count(await burst(120, get), 200)).toBe(120);
    await get().expect(429);
  });

  it('lets requests without a tenant through untouched', async () => {
    const http = tenantApp();
    const statuses = await burst(60, () => http.get('/api').set('X-Forwarded-For', ip));
    expect(count(statuses, 200)).toBe(60);
    const res = await http.get('/api').set('X-Forwarded-For', ip).expect(200);
    expect(res.headers['ratelimit']).toBeUndefined();
  });
});

describe('publicBooking', () => {
  function bookingApp(overrides?: RateLimitOptions['overrides']) {
    const publicBooking = limits({ overrides }).publicBooking;
    return serve((app) =>
      app.post(
        '/book/:slug',
        (req: express.Request<{ slug: string }>, res: express.Response, next: express.NextFunction) => {
          res.locals.publicTenantId = `tenant-${req.params.slug}`;
          next();
        },
        publicBooking,
        ok,
      ),
    );
  }

  it('allows 20 per IP per 10 minutes by default', async () => {
    const http = bookingApp();
    const ip = freshIp();
    expect(count(await burst(20, () => http.post('/book/acme').set('X-Forwarded-For', ip)), 200)).toBe(20);
    const res = await http.post('/book/acme').set('X-Forwarded-For', ip).expect(429);
    expect(res.body).toEqual(rateLimitedBody);
    await http.post('/book/acme').set('X-Forwarded-For', freshIp()).expect(200);
  });

  it('also limits per tenant, across IPs, with configurable numbers', async () => {
    const http = bookingApp({ publicBookingPerIp: 3, publicBookingPerTenant: 30 });
    const statuses = await burst(30, () => http.post('/book/acme').set('X-Forwarded-For', freshIp()));
    expect(count(statuses, 200)).toBe(30);
    await http.post('/book/acme').set('X-Forwarded-For', freshIp()).expect(429);
    const other = await http.post('/book/other').set('X-Forwarded-For', freshIp()).expect(200);
    // Both policies are announced, as draft-8 allows.
    expect(other.headers['ratelimit-policy']).toMatch(/"3-in-10min"; q=3; w=600;.*, "30-in-10min"; q=30; w=600;/);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await http.post('/book/other').set('X-Forwarded-For', ip).expect(200);
    await http.post('/book/other').set('X-Forwarded-For', ip).expect(429);
  });
});

describe('webhooks', () => {
  it('allows 100 per 10 seconds per source, each source with its own budget', async () => {
    const l = limits();
    const http = serve((app) => {
      app.post('/webhooks/stripe', l.webhooks('stripe'), ok);
      app.post('/webhooks/google', l.webhooks('google'), ok);
    });
    // From many IPs: the budget belongs to the provider, not to one of its addresses.
    const stripe = () => http.post('/webhooks/stripe').set('X-Forwarded-For', freshIp());
    expect(count(await burst(100, stripe), 200)).toBe(100);
    const res = await stripe().expect(429);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(10);
    await http.post('/webhooks/google').expect(200);
    expect(l.webhooks('stripe')).toBe(l.webhooks('stripe'));
  });
});

describe("mode 'off'", () => {
  it('never limits', async () => {
    const l = limits({ mode: 'off' });
    const http = serve((app) => {
      app.post('/signup', l.signup, ok);
      app.get('/api', l.tenantApi, ok);
      app.post('/webhooks/stripe', l.webhooks('stripe'), ok);
    });
    const ip = freshIp();
    expect(count(await burst(20, () => http.post('/signup').set('X-Forwarded-For', ip)), 200)).toBe(20);
    const api = () => http.get('/api').set({ 'X-Forwarded-For': ip, 'x-test-tenant': 't-off' });
    expect(count(await burst(60, api), 200)).toBe(60);
    expect(count(await burst(110, () => http.post('/webhooks/stripe')), 200)).toBe(110);
    expect((await api()).headers['ratelimit']).toBeUndefined();
  });
});

describe('with Redis', () => {
  // Started by the first test that needs it, not in beforeAll: a failing beforeAll only marks the
  // tests skipped (numFailedTests 0 in the JSON report), and a missing redis-server must fail them.
  let shared: Promise<{ url: string; stop: () => Promise<void> }> | undefined;
  const sharedRedisUrl = async () => {
    shared ??= freePort().then(startRedis);
    return (await shared).url;
  };
  afterAll(async () => {
    await (await shared?.catch(() => undefined))?.stop();
  });

  const signupApp = (l: RateLimits) => serve((app) => app.post('/signup', l.signup, ok));
  /** One sign-up per app in `apps`, in order, all from one IP. */
  async function signups(apps: Array<ReturnType<typeof serve>>) {
    const ip = freshIp();
    const statuses: number[] = [];
    for (const http of apps) statuses.push((await http.post('/signup').set('X-Forwarded-For', ip)).status);
    return statuses;
  }

  it('shares counts between two API instances using the same Redis', async () => {
    const redisUrl = await sharedRedisUrl();
    const a = signupApp(limits({ redisUrl }));
    const b = signupApp(limits({ redisUrl }));
    expect(await signups([a, a, a, b, b, b])).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('does not share counts between two instances with memory stores', async () => {
    const a = signupApp(limits());
    const b = signupApp(limits());
    expect(await signups([a, a, a, b, b, b])).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('counts only failed logins in Redis too', async () => {
    const l = limits({ redisUrl: await sharedRedisUrl() });
    const http = serve((app) => app.post('/login', l.loginByEmail, login));
    const attempt = (password: string) => http.post('/login').send({ email: 'dora@example.com', password });
    for (let i = 0; i < 5; i++) await attempt('right').expect(200);
    for (let i = 0; i < 5; i++) await attempt('wrong').expect(401);
    await attempt('wrong').expect(429);
  });

  type LogLine = { level: number; msg: string; err?: { message: string } };
  /** A logger whose lines (warn and up unless `level` says otherwise) land in the returned array. */
  function capturingLogger(level = 'info') {
    const lines: LogLine[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    });
    return { logger: pino({ level }, sink), lines };
  }
  const FALLBACK_WARNING = 'rate-limit Redis unreachable: each API instance counts in its own memory until it is back';
  const BACK_LINE = 'rate-limit Redis reachable again: counting in Redis';
  /** The limiter's own lines about where it counts (not the server's other output). */
  const storeLines = (lines: LogLine[]) => lines.filter((l) => /rate-limit Redis|rate limiter|express-rate-limit/.test(l.msg)).map((l) => [l.level, l.msg]);

  it("keeps limiting in this instance's memory, with one warning, when Redis is unreachable", async () => {
    const { logger, lines } = capturingLogger();
    const closedPort = await freePort();
    const l = limits({ redisUrl: `redis://127.0.0.1:${closedPort}`, logger });
    const http = serve((app) => app.post('/signup', l.signup, ok), logger);
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await http.post('/signup').set('X-Forwarded-For', ip).expect(200);
      expect(res.headers['ratelimit']).toMatch(new RegExp(`^"5-in-1hr"; r=${4 - i}; t=\\d+$`));
    }
    expect((await http.post('/signup').set('X-Forwarded-For', ip).expect(429)).body).toEqual(rateLimitedBody);
    await http.post('/signup').set('X-Forwarded-For', freshIp()).expect(200);
    expect(l.status()).toEqual({ store: 'memory-fallback', healthy: false });
    // One line for the outage, none per request.
    expect(storeLines(lines)).toEqual([[40, FALLBACK_WARNING]]);
  });

  it('keeps the login limit while Redis is down: the sixth wrong password in a row is refused', async () => {
    const l = limits({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    const http = serve((app) => app.post('/login', l.loginByIp, l.loginByEmail, login));
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await http.post('/login').set('X-Forwarded-For', freshIp()).send({ email: 'eve@example.com', password: 'wrong' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('reports where it counts: redis, memory (no Redis configured) or off', async () => {
    const redisUrl = await sharedRedisUrl();
    const withRedis = limits({ redisUrl });
    await waitUntil('the limiter connects', () => withRedis.status().store === 'redis');
    expect(withRedis.status()).toEqual({ store: 'redis', healthy: true });
    expect(limits().status()).toEqual({ store: 'memory', healthy: true });
    expect(limits({ mode: 'off' }).status()).toEqual({ store: 'off', healthy: true });
  });

  it('moves to memory when a running Redis stops and back to Redis when it restarts, logging each move once', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(() => redis.stop());
    const { logger, lines } = capturingLogger();
    const a = limits({ redisUrl: redis.url, logger });
    const b = limits({ redisUrl: redis.url });
    const appA = signupApp(a);
    const appB = signupApp(b);
    expect(await signups([appA, appB, appA, appB, appA, appB])).toEqual([200, 200, 200, 200, 200, 429]);

    await redis.stop();
    // Each instance now counts on its own, with the same limit and window.
    expect(await signups([appA, appA, appA, appA, appA, appA])).toEqual([200, 200, 200, 200, 200, 429]);
    expect(a.status()).toEqual({ store: 'memory-fallback', healthy: false });
    expect(await signups([appB, appB, appB, appB, appB, appB])).toEqual([200, 200, 200, 200, 200, 429]);

    redis = await startRedis(port);
    await waitUntil('both instances count in Redis again', () => a.status().store === 'redis' && b.status().store === 'redis');
    expect(a.status()).toEqual({ store: 'redis', healthy: true });
    // Shared again: the two instances spend one budget (in the restarted, empty Redis).
    expect(await signups([appA, appB, appA, appB, appA, appB])).toEqual([200, 200, 200, 200, 200, 429]);
    expect(storeLines(lines)).toEqual([
      [40, FALLBACK_WARNING],
      [30, BACK_LINE],
    ]);
  });

  it('starts counting in Redis once a Redis that was down at boot comes up', async () => {
    const port = await freePort();
    const a = limits({ redisUrl: `redis://127.0.0.1:${port}` });
    const b = limits({ redisUrl: `redis://127.0.0.1:${port}` });
    const appA = signupApp(a);
    const appB = signupApp(b);
    await appA.post('/signup').set('X-Forwarded-For', freshIp()).expect(200); // down: counted in memory
    expect(a.status().store).toBe('memory-fallback');
    const late = await startRedis(port);
    cleanups.push(late.stop);
    await waitUntil('both instances count in Redis', () => a.status().store === 'redis' && b.status().store === 'redis');
    // The script failed to load at boot; counting works (and is shared) anyway.
    expect(await signups([appA, appB, appA, appB, appA, appB])).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

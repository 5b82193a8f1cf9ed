import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import express, { type Express } from 'express';
import { pino, type Logger } from 'pino';
import supertest from 'supertest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { enrichContext } from './context';
import { AppError } from './errors';
import { errorHandler, requestContext } from './http';
import { createRateLimits, type Plan, type RateLimitOptions, type RateLimits } from './rate-limit';

const REDIS_SERVER = '/usr/bin/redis-server';

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
    const attempt = (password: string) =>
      http.post('/login').set('X-Forwarded-For', ip).send({ email: 'ann@example.com', password });
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
      await http.post('/login').set('X-Forwarded-For', ip).send({ email: `user${i}@example.com`, password: 'wrong' }).expect(401);
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
    const get = (tenant: string, from = ip) =>
      http.get('/api').set({ 'X-Forwarded-For': from, 'x-test-tenant': tenant, 'x-test-plan': 'BASIC' });
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
        (req, res, next) => {
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy(new Error('no answer')));
    socket.once('error', () => resolve(false));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}

/** A throwaway redis-server on `port`, without persistence; resolves once it answers PING. */
async function startRedis(port: number): Promise<{ stop: () => Promise<void> }> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: these tests need a real Redis (apt-get install redis-server).`);
  }
  const proc: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  // If the worker dies without afterAll, do not leave the server behind.
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  while (!(await pingOnce(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { stop };
}

describe('with Redis', () => {
  // Started by the first test that needs it, not in beforeAll: a failing beforeAll only marks the
  // tests skipped (numFailedTests 0 in the JSON report), and a missing redis-server must fail them.
  let shared: Promise<{ url: string; stop: () => Promise<void> }> | undefined;
  const sharedRedisUrl = async () => {
    shared ??= freePort().then(async (port) => ({ url: `redis://127.0.0.1:${port}`, ...(await startRedis(port)) }));
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

  it('fails open, with a warning in the request log, when Redis is unreachable', async () => {
    const lines: Array<{ level: number; msg: string; requestId?: string; err?: { message: string } }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const closedPort = await freePort();
    const http = serve(
      (app) => app.post('/signup', limits({ redisUrl: `redis://127.0.0.1:${closedPort}` }).signup, ok),
      pino({ level: 'warn' }, sink),
    );
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await http.post('/signup').set('X-Forwarded-For', ip).expect(200);
      expect(res.headers['ratelimit']).toBeUndefined();
    }
    const warnings = lines.filter((l) => l.level === 40 && /error from store/.test(l.msg));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]?.requestId).toMatch(/.+/);
    // Once the outage is known, checks fail at once rather than queueing for a reconnect.
    expect(warnings.slice(1).map((w) => w.err?.message)).toEqual(['rate-limit Redis unreachable', 'rate-limit Redis unreachable']);
  });

  it('starts limiting once a Redis that was down at boot comes up', async () => {
    const port = await freePort();
    const http = signupApp(limits({ redisUrl: `redis://127.0.0.1:${port}` }));
    await http.post('/signup').set('X-Forwarded-For', freshIp()).expect(200); // down: fails open
    const late = await startRedis(port);
    cleanups.push(late.stop);
    // Wait until the store answers again (its headers reappear), then count as usual.
    const deadline = Date.now() + 10_000;
    while (!(await http.post('/signup').set('X-Forwarded-For', freshIp())).headers['ratelimit']) {
      if (Date.now() > deadline) throw new Error('the limiter did not recover after Redis came up');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await signups(Array(6).fill(http))).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

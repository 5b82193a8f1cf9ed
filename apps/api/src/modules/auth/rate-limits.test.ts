import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { as, ORIGIN, signUpTenant } from '../../../test/factories';

// The limits as the real app applies them, route by route, from the contracts' metadata.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { RATE_LIMIT_MODE: 'on' } });
});
afterAll(() => t.close());

const signupBody = (n: string) => ({
  tenantName: `Limit ${n}`,
  slug: `limit-${n}`,
  timeZone: 'UTC',
  name: 'L',
  email: `limit-${n}@example.test`,
});

describe('rate limits on the real routes', () => {
  it('sign-up: 5 per hour per IP, with Retry-After and the JSON error body', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/v1/auth/signup')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', ip)
        .send(signupBody(`a${i}x`))
        .expect(202);
    }
    const blocked = await t.http.post('/v1/auth/signup').set('Origin', ORIGIN).set('X-Forwarded-For', ip).send(signupBody('a5x'));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: blocked.headers['x-request-id'] });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers.ratelimit).toBeDefined();
    expect(await t.prisma.accountToken.count({ where: { email: 'limit-a5x@example.test' } })).toBe(0);
    await t.http.post('/v1/auth/signup').set('Origin', ORIGIN).set('X-Forwarded-For', '198.51.100.9').send(signupBody('b0x')).expect(202);
  });

  it('password reset: 5 emails per hour per address, whatever the IP, and 20 per IP', async () => {
    const target = 'reset-target@example.test';
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/v1/auth/password-reset')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', `192.0.2.${20 + i}`)
        .send({ email: target })
        .expect(202);
    }
    const blocked = await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).set('X-Forwarded-For', '192.0.2.40').send({ email: target });
    expect(blocked.status).toBe(429);
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (
          await t.http
            .post('/v1/auth/password-reset')
            .set('Origin', ORIGIN)
            .set('X-Forwarded-For', ip)
            .send({ email: `spray-${i}@example.test` })
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('login: failed attempts are limited per email, whatever the IP', async () => {
    const owner = await signUpTenant(t, {});
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/v1/auth/login')
        .set('Origin', ORIGIN)
        .set('X-Forwarded-For', `192.0.2.${i + 1}`)
        .send({ email: owner.email, password: 'wrong password' });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http
      .post('/v1/auth/login')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', '192.0.2.99')
      .send({ email: owner.email, password: owner.password });
    expect(blocked.status).toBe(429);
  });

  it('authenticated API: a BASIC tenant gets 100 requests a minute, keyed by tenant', async () => {
    const basic = await signUpTenant(t);
    const other = await signUpTenant(t);
    const statuses: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const res = await Promise.all(Array.from({ length: 20 }, () => as(t, basic).get('/v1/me')));
      statuses.push(...res.map((r) => r.status));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await as(t, basic).get('/v1/tenant');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // same IP, other tenant: its own budget
    await as(t, other).get('/v1/me').expect(200);
  });

  it('a PROFESSIONAL tenant gets more than a BASIC one', async () => {
    const pro = await signUpTenant(t);
    await t.prisma.tenant.update({ where: { id: pro.tenantId }, data: { plan: 'PROFESSIONAL' } });
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const res = await Promise.all(Array.from({ length: 25 }, () => as(t, pro).get('/v1/me')));
      statuses.push(...res.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
  });
});

describe('public reads', () => {
  it('limit polling per IP without touching other visitors', async () => {
    const owner = await signUpTenant(t);
    const path = `/v1/public/tenants/${owner.slug}`;
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const res = await Promise.all(Array.from({ length: 50 }, () => t.http.get(path).set('X-Forwarded-For', '203.0.113.50')));
      statuses.push(...res.map((r) => r.status));
    }
    expect(statuses.slice(0, 300).every((s) => s === 200)).toBe(true);
    const over = await t.http.get(path).set('X-Forwarded-For', '203.0.113.50');
    expect(over.status).toBe(429);
    await t.http.get(path).set('X-Forwarded-For', '203.0.113.51').expect(200);
  });
});

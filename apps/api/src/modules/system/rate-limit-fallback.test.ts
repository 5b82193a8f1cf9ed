import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { ORIGIN } from '../../../test/factories';
import { freePort, startRedis, waitUntil } from '../../../test/redis-server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function appWithRedis(redisUrl: string): Promise<TestApp> {
  const t = await createTestApp({ env: { RATE_LIMIT_MODE: 'on', REDIS_URL: redisUrl } });
  cleanups.push(() => t.close());
  return t;
}

const wrongLogin = (t: TestApp, email: string) => t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email, password: 'not the password' });

async function sevenWrongLogins(t: TestApp, email: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await wrongLogin(t, email)).status);
  return statuses;
}

describe('rate limits while Redis is down', () => {
  it('keep refusing wrong logins from memory, report the fallback in the status, and go back to Redis when it returns', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    cleanups.push(() => redis.stop());
    const t = await appWithRedis(redis.url);
    await waitUntil('the API counts in Redis', () => t.deps.rateLimits.status().store === 'redis');
    const healthy = await t.http.get('/v1/system/status').expect(200);
    expect(healthy.body).toMatchObject({ status: 'ok', rateLimits: { store: 'redis', healthy: true } });

    await redis.stop();
    // Five failures per address per 15 minutes, as with Redis: the sixth and seventh are refused.
    const statuses = await sevenWrongLogins(t, 'mallory@example.test');
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const degraded = await t.http.get('/v1/system/status').expect(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', database: 'up', rateLimits: { store: 'memory-fallback', healthy: false } });

    redis = await startRedis(port);
    await waitUntil('the status reports Redis again', async () => {
      const res = await t.http.get('/v1/system/status');
      return res.body.rateLimits?.store === 'redis';
    });
    const back = await t.http.get('/v1/system/status').expect(200);
    expect(back.body).toMatchObject({ status: 'ok', rateLimits: { store: 'redis', healthy: true } });
    // Counting in the restarted (empty) Redis now.
    expect(await sevenWrongLogins(t, 'trent@example.test')).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('reports a memory store, healthy, when no Redis is configured', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_MODE: 'on' } });
    cleanups.push(() => t.close());
    const res = await t.http.get('/v1/system/status').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', rateLimits: { store: 'memory', healthy: true } });
  });
});

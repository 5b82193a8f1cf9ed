import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('has safe local defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000', RATE_LIMIT_MODE: 'on' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.CORS_ORIGINS).toEqual([]);
  });

  it('lists every problem at once', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', CORS_ORIGINS: 'not a url' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'CORS_ORIGINS']) expect(problems).toContain(name);
  });

  it('bounds job handlers by the database pool they share with requests', () => {
    expect(loadConfig({}).JOBS_CONCURRENCY).toBe(5);
    expect(loadConfig({ DATABASE_POOL_SIZE: '40' }).JOBS_CONCURRENCY).toBe(20);
    expect(loadConfig({ DATABASE_POOL_SIZE: '1' }).JOBS_CONCURRENCY).toBe(1);
    expect(loadConfig({ DATABASE_POOL_SIZE: '20', JOBS_CONCURRENCY: '12' }).JOBS_CONCURRENCY).toBe(12);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '10', JOBS_CONCURRENCY: '11' })).toThrow(/JOBS_CONCURRENCY: at most DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ OPS_TOKEN: 'short' })).toThrow(/OPS_TOKEN/);
  });

  it('refuses to switch rate limits off in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', RATE_LIMIT_MODE: 'off' })).toThrow(/RATE_LIMIT_MODE/);
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MODE: 'off' }).RATE_LIMIT_MODE).toBe('off');
  });

  it('seeds the demo tenant outside production only, and refuses it in production', () => {
    const secret = { SECRET_KEY: 'a-real-secret-of-at-least-thirty-two-characters' };
    expect(loadConfig({}).SEED_DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).SEED_DEMO).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false', ...secret }).SEED_DEMO).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', ...secret })).toThrow(/SEED_DEMO: .*published password/);
  });

  it('requires a real SECRET_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'too-short' })).toThrow(/SECRET_KEY/);
  });

  it('takes Stripe keys only with both webhook secrets, and checks their shapes', () => {
    const secrets = { STRIPE_WEBHOOK_SECRET: 'whsec_platform', STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect' };
    expect(loadConfig({}).STRIPE_SECRET_KEY).toBeUndefined();
    expect(loadConfig({}).STRIPE_CONNECT_CONTROLLER).toBe('account');
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', ...secrets, STRIPE_API_URL: 'http://127.0.0.1:12111' })).toMatchObject({
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
    });
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET[\s\S]*STRIPE_CONNECT_WEBHOOK_SECRET/);
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_test_abc', ...secrets })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', ...secrets, STRIPE_WEBHOOK_SECRET: 'secret' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ STRIPE_CONNECT_CONTROLLER: 'express' })).toThrow(/STRIPE_CONNECT_CONTROLLER/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});

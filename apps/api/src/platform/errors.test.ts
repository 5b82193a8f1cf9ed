import express from 'express';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../test/app';
import { AppError, statusOf, toHttpError } from './errors';
import { errorHandler, requestContext } from './http';
import { ERROR_CODES } from '@slotwise/contracts';

const errorBody = (code: string) => ({
  error: { code, message: expect.any(String), requestId: expect.stringMatching(/.+/) },
});

describe('the error funnel through the real app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown /v1 route with 404 and the JSON error body', async () => {
    const res = await t.http.get('/v1/does-not-exist').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual(errorBody('NOT_FOUND'));
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.http.post('/v1/system/status').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(res.body).toEqual(errorBody('MALFORMED_JSON'));
  });

  it('answers a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 10) });
    const res = await t.http.post('/v1/system/status').set('content-type', 'application/json').send(big).expect(413);
    expect(res.body).toEqual(errorBody('PAYLOAD_TOO_LARGE'));
  });

  it('answers a wrong method on a known path with 404 JSON, never HTML', async () => {
    const res = await t.http.delete('/v1/system/status').expect(404);
    expect(res.body).toEqual(errorBody('NOT_FOUND'));
  });

  it('maps database errors from real Postgres: unique violation → 409, missing row → 404', async () => {
    const slug = `dup-${Date.now()}`;
    const data = { name: 'A', slug, timeZone: 'UTC', currency: 'EUR' };
    await t.prisma.tenant.create({ data });
    const dup = await t.prisma.tenant.create({ data }).catch((e: unknown) => e);
    expect(toHttpError(dup, 'r1')).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', requestId: 'r1' } } });
    const missing = await t.prisma.tenant
      .update({ where: { id: '00000000-0000-4000-8000-000000000000' }, data: { name: 'x' } })
      .catch((e: unknown) => e);
    expect(toHttpError(missing, 'r2')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const check = await t.prisma.tenant.create({ data: { ...data, slug: 'Bad Slug!' } }).catch((e: unknown) => e);
    expect(toHttpError(check, 'r3')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });
});

describe('the error funnel for thrown errors', () => {
  // The same middleware the app uses, around handlers that throw each kind of error.
  const app = express();
  app.use(requestContext(pino({ level: 'silent' })));
  app.get('/app-error', () => {
    throw new AppError('SLOT_UNAVAILABLE', 'Taken', { conflict: { startsAt: '2030-01-01T09:00:00Z' } });
  });
  app.get('/zod', () => {
    z.object({ email: z.string().email() }).parse({ email: 'nope' });
  });
  app.get('/crash', () => {
    throw new Error('secret internal detail at /srv/app.ts:42');
  });
  app.get('/async-crash', async () => {
    await Promise.resolve();
    throw new TypeError('undefined is not a function');
  });
  app.use(errorHandler);
  const http = supertest(app);

  it('AppError keeps its code, message and details', async () => {
    const res = await http.get('/app-error').expect(409);
    expect(res.body).toEqual({
      error: {
        code: 'SLOT_UNAVAILABLE',
        message: 'Taken',
        details: { conflict: { startsAt: '2030-01-01T09:00:00Z' } },
        requestId: res.headers['x-request-id'],
      },
    });
  });

  it('ZodError becomes 400 with field details', async () => {
    const res = await http.get('/zod').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([{ path: 'email', message: expect.any(String) }]);
  });

  it.each(['/crash', '/async-crash'])('anything else (%s) is a generic 500 without internals', async (path) => {
    const res = await http.get(path).set('X-Request-ID', 'req-abc-12345').expect(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), requestId: 'req-abc-12345' } });
    expect(JSON.stringify(res.body)).not.toMatch(/secret|srv|function|stack/);
  });

  it('maps every error code to a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
  });
});

import express from 'express';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../test/app';
import { terminateSession, workerDatabaseUrl } from '../../test/db';
import pg from 'pg';
import { Prisma } from '../generated/prisma/client';
import { createDatabaseClients } from './db';
import { freePort } from './embedded-postgres';
import { AppError, isDatabaseUnavailable, statusOf, toHttpError } from './errors';
import { createSql, statement } from './sql';
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
    const missing = await t.prisma.tenant.update({ where: { id: '00000000-0000-4000-8000-000000000000' }, data: { name: 'x' } }).catch((e: unknown) => e);
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

describe('the error funnel for input the database refuses and for lost lock races', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const raise = (sqlstate: string) => `DO $$ BEGIN RAISE EXCEPTION 'raised' USING ERRCODE = '${sqlstate}'; END $$`;

  it('a NUL character the contracts missed is a 400, through Prisma and through platform/sql', async () => {
    const viaPrisma = await t.prisma.tenant
      .create({ data: { name: 'A\u0000B', slug: `nul-${Date.now()}`, timeZone: 'UTC', currency: 'EUR' } })
      .catch((e: unknown) => e);
    expect(toHttpError(viaPrisma, 'r1')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } }, expected: true });
    const viaSql = await t.deps.sql.query({ name: 'nul_probe', text: 'SELECT $1::text AS v', values: ['A\u0000B'] }).catch((e: unknown) => e);
    expect(toHttpError(viaSql, 'r2')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it.each(['40P01', '40001'])('a transaction that lost a race (%s) is 503 BUSY with a retry hint, not a 500', async (sqlstate) => {
    const viaPrisma = await t.prisma.$transaction((tx) => tx.$executeRawUnsafe(raise(sqlstate))).catch((e: unknown) => e);
    expect(toHttpError(viaPrisma, 'r1')).toMatchObject({
      status: 503,
      body: { error: { code: 'BUSY', details: { retryAfterSeconds: expect.any(Number) } } },
      expected: true,
    });
    const viaSql = await t.deps.sql.transaction((tx) => tx.query({ name: `race_${sqlstate}`, text: raise(sqlstate), values: [] })).catch((e: unknown) => e);
    expect(toHttpError(viaSql, 'r2')).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } } });
  });

  it("Express's URIError for a path parameter it cannot decode is a 400", async () => {
    const res = await t.http.get('/v1/public/manage/%E0%A4%A.x').expect(400);
    expect(res.body).toEqual(errorBody('VALIDATION_FAILED'));
    expect(toHttpError(new URIError('URI malformed'), 'r1')).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });
});

describe('the error funnel when the database is unavailable', () => {
  const unavailable = (err: unknown) =>
    expect(toHttpError(err, 'r1')).toMatchObject({
      status: 503,
      body: { error: { code: 'DATABASE_UNAVAILABLE', details: { retryAfterSeconds: expect.any(Number) }, requestId: 'r1' } },
      expected: true,
    });
  const internal = (err: unknown) => expect(toHttpError(err, 'r1')).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } }, expected: false });
  const prismaError = (code: string, cause?: Record<string, unknown>) =>
    new Prisma.PrismaClientKnownRequestError('database error', { code, clientVersion: 'test', meta: cause ? { driverAdapterError: { cause } } : undefined });
  const socketError = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code}`), { code, errno: -1, syscall });
  const pgServerError = (code: string) => Object.assign(new pg.DatabaseError('the database system is shutting down', 0, 'error'), { code, severity: 'FATAL' });

  it('maps a server nobody listens on, as Prisma and pg report it (real connection refused)', async () => {
    const clients = createDatabaseClients(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/nowhere`, 1);
    try {
      const model = await clients.prisma.tenant.count().catch((e: unknown) => e);
      expect(model).toMatchObject({ code: 'P1001' });
      unavailable(model);
      const raw = await clients.prisma.$queryRaw`SELECT 1`.catch((e: unknown) => e);
      expect(raw).toMatchObject({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } });
      unavailable(raw);
      unavailable(await clients.prisma.$transaction((tx) => tx.tenant.count()).catch((e: unknown) => e));
      const viaSql = await createSql(clients.pool)
        .query(statement('SELECT 1')())
        .catch((e: unknown) => e);
      expect(viaSql).toMatchObject({ code: 'ECONNREFUSED' });
      unavailable(viaSql);
    } finally {
      await clients.close();
    }
  });

  it("maps a session the server ends under a Prisma transaction (real 57P01, then pg's 'not queryable')", async () => {
    const clients = createDatabaseClients(workerDatabaseUrl(), 2);
    try {
      const failed = await clients.prisma
        .$transaction(async (tx) => {
          const [session] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await terminateSession(session!.pid);
          await tx.$queryRaw`SELECT 1`;
        })
        .catch((e: unknown) => e);
      unavailable(failed);
    } finally {
      await clients.close();
    }
  });

  it.each(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006'])('maps SQLSTATE %s from pg and through the driver adapter', (sqlstate) => {
    unavailable(pgServerError(sqlstate));
    unavailable(prismaError('P2010', { kind: 'postgres', originalCode: sqlstate }));
    unavailable(prismaError('P2039', { kind: 'postgres', originalCode: sqlstate }));
  });

  it.each([
    ['ECONNREFUSED', 'connect'],
    ['ECONNRESET', 'read'],
    ['EPIPE', 'write'],
    ['ETIMEDOUT', 'connect'],
  ])('maps the socket error %s', (code, syscall) => unavailable(socketError(code, syscall)));

  it("maps Prisma's can't-reach-database codes and the adapter's connection kinds", () => {
    for (const code of ['P1001', 'P1002', 'P1017']) unavailable(prismaError(code));
    for (const kind of ['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']) unavailable(prismaError('P2010', { kind }));
  });

  it("maps pg's own code-less connection errors by their exact text only", () => {
    for (const message of [
      'Connection terminated',
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
    ])
      unavailable(new Error(message));
    internal(new Error('Connection terminated unexpectedly, said the mock'));
    internal(new TypeError('Connection terminated'));
    internal(Object.assign(new Error('Connection terminated'), { code: 'XX000' }));
    internal(socketError('ENOENT', 'open'));
    internal(prismaError('P2010', { kind: 'postgres', originalCode: '42P01' }));
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('answers JSON with Retry-After and logs a warning without a stack, never an error', async () => {
    const lines: { level: number; msg: string; err?: unknown }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const clients = createDatabaseClients(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/nowhere`, 1);
    const app = express();
    app.use(requestContext(logger));
    app.get('/down', async () => {
      await clients.pool.query('SELECT 1');
    });
    app.get('/busy', () => {
      throw new AppError('BUSY', 'Busy');
    });
    app.use(errorHandler);
    try {
      const res = await supertest(app).get('/down').expect(503);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['retry-after']).toBe(String(res.body.error.details.retryAfterSeconds));
      expect(res.body).toEqual({
        error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String), details: { retryAfterSeconds: 5 }, requestId: res.headers['x-request-id'] },
      });
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'database unavailable' }));
      expect(lines.find((l) => l.msg === 'database unavailable')).not.toHaveProperty('err');
      // BUSY keeps its header too.
      expect((await supertest(app).get('/busy').expect(503)).headers['retry-after']).toBe('2');
    } finally {
      await clients.close();
    }
  });
});

import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z, ZodError } from 'zod';
import { cloneTemplate, dropDatabase } from '../../test/db';
import { currentContext, runWithContext } from './context';
import { createJobs, defineJob, jobId, UnknownQueueError, type JobDefinition, type Jobs } from './jobs';

// A database of its own per test file, migrated: failed jobs are listed in our FailedJob table.
const DB_NAME = `jobs_${process.env.VITEST_POOL_ID ?? '0'}`;
let databaseUrl: string;
let sql: pg.Pool;

beforeAll(async () => {
  databaseUrl = await cloneTemplate(DB_NAME);
  sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
});

const started: Jobs[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((j) => j.stop()));
});

afterAll(async () => {
  await sql?.end();
  await dropDatabase(DB_NAME);
});

type LogLine = { level: number; msg: string; job?: string; jobId?: string; retryCount?: number };
const logs: LogLine[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });

async function startJobs(definitions: JobDefinition<object>[], { workers = true, maxConcurrency = 4 } = {}): Promise<Jobs> {
  const jobs = createJobs({ databaseUrl, logger, definitions, workers, pollingIntervalSeconds: 0.5, maxConcurrency });
  started.push(jobs);
  await jobs.start();
  return jobs;
}

/** Rows of pg-boss's job table, read directly: the wrapper deliberately exposes no job queries. */
async function stored(queue: string) {
  const { rows } = await sql.query<{ id: string; state: string; retry_count: number; singleton_key: string | null }>(
    'SELECT id, state, retry_count, singleton_key FROM pgboss.job WHERE name = $1 ORDER BY created_on',
    [queue],
  );
  return rows;
}

const WAIT = { timeout: 15_000, interval: 100 };

describe('background jobs', () => {
  it('runs a sent job with its validated payload inside a context carrying the job id', async () => {
    const seen: { data: unknown; requestId?: string; correlationId?: string; retryCount: number }[] = [];
    const notify = defineJob({
      name: 'test.notify',
      schema: z.object({ bookingId: z.string().uuid(), correlationId: z.string().optional() }),
      handler: async (data, job) => {
        const ctx = currentContext();
        ctx?.logger.info('sending notification');
        seen.push({ data, requestId: ctx?.requestId, correlationId: ctx?.correlationId, retryCount: job.retryCount });
      },
    });
    const jobs = await startJobs([notify]);
    const bookingId = '4b0c1f5e-8a43-4c1e-9d59-2f0a6a1b7c11';

    const withCorrelation = await jobs.send(notify, { bookingId, correlationId: 'req-123' });
    const without = await jobs.send(notify, { bookingId });

    await vi.waitFor(() => expect(seen).toHaveLength(2), WAIT);
    expect(seen).toContainEqual({ data: { bookingId, correlationId: 'req-123' }, requestId: withCorrelation, correlationId: 'req-123', retryCount: 0 });
    expect(seen).toContainEqual({ data: { bookingId }, requestId: without, correlationId: without, retryCount: 0 });
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'sending notification', job: 'test.notify', jobId: withCorrelation }));
    await vi.waitFor(async () => expect((await stored('test.notify')).map((r) => r.state)).toEqual(['completed', 'completed']), WAIT);
  });

  it('stamps a job sent during a request with its correlation id, unless the job names one itself', async () => {
    const audit = defineJob({ name: 'test.correlated', schema: z.object({ n: z.number(), correlationId: z.string().optional() }), handler: async () => {} });
    const jobs = await startJobs([audit], { workers: false });
    const ctx = { requestId: 'req-9', correlationId: 'corr-9', logger: pino({ level: 'silent' }) };

    const inRequest = await runWithContext(ctx, () => jobs.send(audit, { n: 1 }));
    const named = await runWithContext(ctx, () => jobs.send(audit, { n: 2, correlationId: 'own-id' }));
    const outside = await jobs.send(audit, { n: 3 });

    const { rows } = await sql.query<{ id: string; data: unknown }>(`SELECT id::text, data FROM pgboss.job WHERE name = 'test.correlated'`);
    const dataOf = (id: string | null) => rows.find((r) => r.id === id)?.data;
    expect(dataOf(inRequest)).toEqual({ n: 1, correlationId: 'corr-9' });
    expect(dataOf(named)).toEqual({ n: 2, correlationId: 'own-id' });
    expect(dataOf(outside)).toEqual({ n: 3 });
  });

  it('retries a failing handler with backoff until it succeeds, logging each failure', async () => {
    const attempts: number[] = [];
    const flaky = defineJob({
      name: 'test.flaky',
      schema: z.object({}),
      retryLimit: 3,
      retryDelaySeconds: 1,
      handler: async (_data, job) => {
        attempts.push(job.retryCount);
        if (attempts.length <= 2) throw new Error(`calendar unavailable (attempt ${attempts.length})`);
      },
    });
    const jobs = await startJobs([flaky]);

    const id = await jobs.send(flaky, {});

    await vi.waitFor(async () => expect(await stored('test.flaky')).toMatchObject([{ id, state: 'completed', retry_count: 2 }]), WAIT);
    expect(attempts).toEqual([0, 1, 2]);
    const failures = logs.filter((l) => l.jobId === id && l.msg === 'job failed; will retry');
    expect(failures.map((l) => [l.level, l.retryCount])).toEqual([
      [40, 0],
      [40, 1],
    ]);
  });

  it('refuses an invalid payload at send and stores nothing', async () => {
    const def = defineJob({ name: 'test.invalid', schema: z.object({ amount: z.number().int().positive() }), handler: async () => {} });
    const jobs = await startJobs([def], { workers: false });

    await expect(jobs.send(def, { amount: -5 })).rejects.toBeInstanceOf(ZodError);
    await expect(jobs.send(def, { amount: 'ten' } as unknown as { amount: number })).rejects.toBeInstanceOf(ZodError);
    expect(await stored('test.invalid')).toEqual([]);
  });

  it('makes enqueueing idempotent by singletonKey (on a queue whose policy enforces it) and by deterministic id', async () => {
    const reminder = defineJob({ name: 'test.reminder', policy: 'exclusive', schema: z.object({ bookingId: z.string() }), handler: async () => {} });
    const email = defineJob({ name: 'test.email', schema: z.object({ to: z.string() }), handler: async () => {} });
    const jobs = await startJobs([reminder, email], { workers: false });

    const first = await jobs.send(reminder, { bookingId: 'b1' }, { singletonKey: 'b1' });
    const again = await jobs.send(reminder, { bookingId: 'b1' }, { singletonKey: 'b1' });
    const other = await jobs.send(reminder, { bookingId: 'b2' }, { singletonKey: 'b2' });
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(other).toEqual(expect.any(String));
    expect((await stored('test.reminder')).map((r) => r.singleton_key)).toEqual(['b1', 'b2']);

    // A standard queue would silently ignore the key, so the wrapper refuses it.
    await expect(jobs.send(email, { to: 'a@example.com' }, { singletonKey: 'x' })).rejects.toThrow(/singletonKey/);

    const id = jobId('welcome-email', 'user-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await jobs.send(email, { to: 'a@example.com' }, { id })).toBe(id);
    expect(await jobs.send(email, { to: 'a@example.com' }, { id })).toBeNull();
    expect(await stored('test.email')).toHaveLength(1);
  });

  it('sendMany queues a fan-out in one go, validated and stamped, skipping ids that exist', async () => {
    const fan = defineJob({ name: 'test.fan', schema: z.object({ to: z.string().email(), correlationId: z.string().optional() }), handler: async () => {} });
    const jobs = await startJobs([fan], { workers: false });
    const ctx = { requestId: 'req-1', correlationId: 'corr-1', logger: pino({ level: 'silent' }) };
    const items = ['a', 'b'].map((n) => ({ data: { to: `${n}@example.test` }, id: jobId('fan', n) }));
    await runWithContext(ctx, () => jobs.sendMany(fan, items));
    await jobs.sendMany(fan, [...items, { data: { to: 'c@example.test' }, id: jobId('fan', 'c'), startAfter: new Date(Date.now() + 60_000) }]);
    const { rows } = await sql.query<{ id: string; data: unknown }>(`SELECT id::text, data FROM pgboss.job WHERE name = 'test.fan' ORDER BY data->>'to'`);
    expect(rows).toEqual([
      { id: jobId('fan', 'a'), data: { to: 'a@example.test', correlationId: 'corr-1' } },
      { id: jobId('fan', 'b'), data: { to: 'b@example.test', correlationId: 'corr-1' } },
      { id: jobId('fan', 'c'), data: { to: 'c@example.test' } },
    ]);
    await expect(jobs.sendMany(fan, [{ data: { to: 'not an address' } }])).rejects.toBeInstanceOf(ZodError);
  });

  it('sendAndRun runs the jobs it queued at once, once; a failed one is retried from the queue, and one left unsettled runs when its lease lapses', async () => {
    const handled: { to: string; retryCount: number }[] = [];
    const fan = defineJob({
      name: 'test.send-and-run',
      schema: z.object({ to: z.string() }),
      retryDelaySeconds: 1,
      handler: async (data, job) => void handled.push({ to: data.to, retryCount: job.retryCount }),
    });
    const jobs = await startJobs([fan]);
    const ran: string[] = [];
    const run = async (claimed: { id: string; data: { to: string } }[]) => {
      ran.push(...claimed.map((c) => c.data.to));
      return new Map(claimed.filter((c) => c.data.to === 'bounces').map((c) => [c.id, new Error('451 try again later')]));
    };
    const items = ['a', 'bounces', 'later'].map((to) => ({
      data: { to },
      id: jobId('run', to),
      ...(to === 'later' ? { startAfter: new Date(Date.now() + 3_600_000) } : {}),
    }));

    await jobs.sendAndRun(fan, items, run, { leaseSeconds: 60 });
    // A repeat (a retried fan-out) queues and runs nothing: the ids exist.
    await jobs.sendAndRun(fan, items, run, { leaseSeconds: 60 });
    expect(ran).toEqual(['a', 'bounces']);
    const byId = async () => Object.fromEntries((await stored('test.send-and-run')).map((r) => [r.id, [r.state, r.retry_count]]));
    expect(await byId()).toMatchObject({ [jobId('run', 'a')]: ['completed', 0], [jobId('run', 'later')]: ['created', 0] });
    // The failure counted as the first attempt: a worker retries it after the backoff.
    await vi.waitFor(() => expect(handled).toEqual([{ to: 'bounces', retryCount: 1 }]), WAIT);
    await vi.waitFor(async () => expect((await byId())[jobId('run', 'bounces')]).toEqual(['completed', 1]), WAIT);

    // A run that never settles (the process died mid-way): the job runs from the queue once its lease lapses.
    const crashed = { data: { to: 'crashed' }, id: jobId('run', 'crashed') };
    void jobs.sendAndRun(fan, [crashed], () => new Promise<never>(() => {}), { leaseSeconds: 1 });
    await vi.waitFor(() => expect(handled).toContainEqual({ to: 'crashed', retryCount: 0 }), WAIT);
    expect(handled.filter((h) => h.to === 'a' || h.to === 'later')).toEqual([]);
  });

  it('refuses at start a definition it cannot honour', async () => {
    const handler = async () => {};
    await startJobs([defineJob({ name: 'test.policy', policy: 'exclusive', schema: z.object({}), handler })], { workers: false });
    await expect(startJobs([defineJob({ name: 'test.policy', schema: z.object({}), handler })], { workers: false })).rejects.toThrow(
      /policy 'exclusive', not 'standard'/,
    );
    const cronNeedsInput = defineJob({ name: 'test.cron-input', cron: '0 * * * *', schema: z.object({ tenantId: z.string() }), handler });
    await expect(startJobs([cronNeedsInput])).rejects.toBeInstanceOf(ZodError);
  });

  it('holds a job with startAfter in the future while later jobs run', async () => {
    const ran: string[] = [];
    const def = defineJob({ name: 'test.deferred', schema: z.object({ label: z.string() }), handler: async (d) => void ran.push(d.label) });
    const jobs = await startJobs([def]);

    const later = await jobs.send(def, { label: 'later' }, { startAfter: new Date(Date.now() + 3_600_000) });
    await jobs.send(def, { label: 'now' });

    // The worker takes jobs oldest first, so once 'now' has run it has passed over 'later'.
    await vi.waitFor(() => expect(ran).toEqual(['now']), WAIT);
    expect((await stored('test.deferred')).find((r) => r.id === later)?.state).toBe('created');

    await jobs.cancel(def, later!);
    expect((await stored('test.deferred')).find((r) => r.id === later)?.state).toBe('cancelled');
  });

  it('stop waits for a running handler and can be called again', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = false;
    let finished = false;
    const slow = defineJob({
      name: 'test.slow',
      schema: z.object({}),
      handler: async () => {
        running = true;
        await gate;
        finished = true;
      },
    });
    const jobs = await startJobs([slow]);
    const id = await jobs.send(slow, {});
    await vi.waitFor(() => expect(running).toBe(true), WAIT);

    const first = jobs.stop();
    const second = jobs.stop();
    setTimeout(release, 300);
    await Promise.all([first, second]);
    expect(finished).toBe(true);
    await jobs.stop();
    expect(await stored('test.slow')).toMatchObject([{ id, state: 'completed' }]);

    const neverStarted = createJobs({ databaseUrl, logger, definitions: [], workers: false });
    await neverStarted.stop();
    await neverStarted.stop();
  });

  it('runNow runs the handler inline, validating the payload and surfacing its error', async () => {
    const calls: { total: number; requestId?: string; correlationId?: string }[] = [];
    const sweep = defineJob({
      name: 'test.sweep',
      schema: z.object({ olderThanDays: z.number().int().min(1), correlationId: z.string().optional() }),
      handler: async (data) => {
        if (data.olderThanDays === 13) throw new Error('unlucky');
        const ctx = currentContext();
        calls.push({ total: data.olderThanDays, requestId: ctx?.requestId, correlationId: ctx?.correlationId });
      },
    });
    // Not started: runNow needs no queue.
    const jobs = createJobs({ databaseUrl, logger, definitions: [sweep], workers: false });

    await jobs.runNow(sweep, { olderThanDays: 90, correlationId: 'cli-run' });
    expect(calls).toEqual([{ total: 90, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), correlationId: 'cli-run' }]);
    await expect(jobs.runNow(sweep, { olderThanDays: 0 })).rejects.toBeInstanceOf(ZodError);
    await expect(jobs.runNow(sweep, { olderThanDays: 13 })).rejects.toThrow('unlucky');
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'job failed; no retries left', job: 'test.sweep' }));
  });

  it('registers cron schedules in UTC and removes them when a definition drops its cron', async () => {
    const base = { name: 'test.retention', schema: z.object({}), handler: async () => {} };
    const jobs = await startJobs([defineJob({ ...base, cron: '30 3 * * *' })]);
    const { rows } = await sql.query('SELECT cron, timezone FROM pgboss.schedule WHERE name = $1', ['test.retention']);
    expect(rows).toEqual([{ cron: '30 3 * * *', timezone: 'UTC' }]);
    await jobs.stop();

    await startJobs([defineJob(base)]);
    expect((await sql.query('SELECT 1 FROM pgboss.schedule WHERE name = $1', ['test.retention'])).rows).toEqual([]);
  });

  it('drains a burst in batches, side by side, retrying only the job that failed', async () => {
    const runs = new Map<number, number>();
    let running = 0;
    let peak = 0;
    const burst = defineJob({
      name: 'test.burst',
      schema: z.object({ n: z.number().int() }),
      batchSize: 8,
      retryLimit: 2,
      retryDelaySeconds: 1,
      handler: async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
        if (n === 7 && runs.get(n) === 1) throw new Error('flaky once');
      },
    });
    const jobs = await startJobs([burst], { workers: false, maxConcurrency: 8 });
    await Promise.all(Array.from({ length: 200 }, (_, n) => jobs.send(burst, { n })));
    await jobs.stop();

    await startJobs([burst], { maxConcurrency: 8 });
    await vi.waitFor(async () => expect((await stored('test.burst')).filter((r) => r.state === 'completed')).toHaveLength(200), WAIT);
    expect([...runs.entries()].filter(([, count]) => count !== 1)).toEqual([[7, 2]]);
    // Side by side (not one at a time, as before), and never more than maxConcurrency.
    expect(peak).toBeGreaterThanOrEqual(4);
    expect(peak).toBeLessThanOrEqual(8);
    const retried = (await stored('test.burst')).filter((r) => r.retry_count > 0);
    expect(retried).toHaveLength(1);
  });

  it('runs no more handlers at once than maxConcurrency, across every queue', async () => {
    let running = 0;
    let peak = 0;
    const handler = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 30));
      running -= 1;
    };
    const a = defineJob({ name: 'test.bound-a', schema: z.object({}), batchSize: 10, handler });
    const b = defineJob({ name: 'test.bound-b', schema: z.object({}), batchSize: 10, handler });
    const jobs = await startJobs([a, b], { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => jobs.send(i % 2 ? a : b, {})));
    await vi.waitFor(
      async () => expect([...(await stored('test.bound-a')), ...(await stored('test.bound-b'))].every((r) => r.state === 'completed')).toBe(true),
      WAIT,
    );
    expect(peak).toBe(3);
  });

  it('lists a job that failed its last retry in FailedJob, runs its onExhausted once, and can queue it again', async () => {
    const exhausted: unknown[] = [];
    let failing = true;
    const ran: number[] = [];
    const doomed = defineJob({
      name: 'test.doomed',
      schema: z.object({ tenantId: z.string().uuid(), n: z.number(), correlationId: z.string().optional() }),
      retryLimit: 1,
      retryDelaySeconds: 1,
      handler: async ({ n }) => {
        ran.push(n);
        if (failing) throw new Error(`smtp said no to ${n}`);
      },
      onExhausted: async (data, failure) => void exhausted.push({ data, failure, correlationId: currentContext()?.correlationId }),
    });
    const jobs = await startJobs([doomed]);
    const tenantId = '4b0c1f5e-8a43-4c1e-9d59-2f0a6a1b7c11';
    const id = await jobs.send(doomed, { tenantId, n: 1, correlationId: 'req-77' });

    await vi.waitFor(() => expect(exhausted).toHaveLength(1), WAIT);
    expect(exhausted[0]).toEqual({
      data: { tenantId, n: 1, correlationId: 'req-77' },
      failure: { jobId: id, queue: 'test.doomed', error: 'smtp said no to 1', retryCount: 1 },
      correlationId: 'req-77',
    });
    expect(ran).toEqual([1, 1]);
    const { rows } = await sql.query(
      'SELECT queue, "jobId"::text, "tenantId"::text, data, error, "retryCount", "replayedAt" FROM "FailedJob" WHERE "jobId" = $1',
      [id],
    );
    expect(rows).toEqual([
      {
        queue: 'test.doomed',
        jobId: id,
        tenantId,
        data: { tenantId, n: 1, correlationId: 'req-77' },
        error: 'smtp said no to 1',
        retryCount: 1,
        replayedAt: null,
      },
    ]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, msg: 'job failed for good: listed in FailedJob', job: 'test.doomed', jobId: id }));

    failing = false;
    const replay = await jobs.resend('test.doomed', rows[0].data);
    expect(replay).not.toBe(id);
    await vi.waitFor(async () => expect((await stored('test.doomed')).find((r) => r.id === replay)?.state).toBe('completed'), WAIT);
    expect(ran).toEqual([1, 1, 1]);
    expect(exhausted).toHaveLength(1);
    await expect(jobs.resend('test.gone', {})).rejects.toBeInstanceOf(UnknownQueueError);
  });
});

import { randomUUID } from 'node:crypto';
import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { setUpBookable, type Bookable } from '../../../test/booking-factories';
import { as, ORIGIN } from '../../../test/factories';
import type { AppDeps, JobQueue } from '../../platform/deps';
import { jobDefinitions } from '../../jobs';
import { ManualClock } from '../../platform/clock';
import { createJobs, type JobDefinition, type Jobs } from '../../platform/jobs';
import type { EmailJobData } from './notifications.queues';

/**
 * Email delivery with the job workers running, as server.ts runs them (the other notification
 * tests run handlers one by one): retries, failures that outlast them, and bursts.
 */

const OPS_TOKEN = 'ops-token-for-the-delivery-tests-0123456789';
const clock = new ManualClock('2030-03-04T08:00:00Z');
let smtp: SmtpCapture;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpCapture({ keep: 5_000 });
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url, OPS_TOKEN } });
});
const workers: Jobs[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  smtp.refuseRecipients(null);
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

/** The product's job definitions with workers on, retrying after a second instead of 10–30. */
async function startWorkers(deps: AppDeps = t.deps, overrides: Record<string, Partial<JobDefinition<object>>> = {}): Promise<void> {
  const definitions = jobDefinitions(deps).map((d) => ({ ...d, retryDelaySeconds: 1, ...overrides[d.name] }));
  const jobs = createJobs({
    databaseUrl: t.config.DATABASE_URL!,
    logger: pino({ level: 'silent' }),
    definitions,
    workers: true,
    pollingIntervalSeconds: 0.5,
    maxConcurrency: 8,
  });
  workers.push(jobs);
  await jobs.start();
}

/** Deps whose enqueueing of email jobs fails when `refuse` says so for one of them, as a database blip would. */
function withFailingSends(refuse: (data: EmailJobData) => boolean): AppDeps {
  const blip = () => Promise.reject(new Error('Connection terminated unexpectedly'));
  const jobs: JobQueue = {
    ...t.jobs,
    send: (def, data, opts) => (def.name === 'email.send' && refuse(data as unknown as EmailJobData) ? blip() : t.jobs.send(def, data, opts)),
    sendMany: (def, items) =>
      def.name === 'email.send' && items.some((i) => refuse(i.data as unknown as EmailJobData)) ? blip() : t.jobs.sendMany(def, items),
    sendAndRun: (def, items, run, opts) =>
      def.name === 'email.send' && items.some((i) => refuse(i.data as unknown as EmailJobData)) ? blip() : t.jobs.sendAndRun(def, items, run, opts),
  };
  return { ...t.deps, jobs };
}

/** Deps whose email fan-out goes through (the emails are sent) and then fails `times` times, as a connection lost on the way back would. */
function withFailureAfterSending(times: number): AppDeps {
  let failures = 0;
  const jobs: JobQueue = {
    ...t.jobs,
    sendAndRun: async (def, items, run, opts) => {
      await t.jobs.sendAndRun(def, items, run, opts);
      if (def.name === 'email.send' && failures++ < times) throw new Error('Connection terminated unexpectedly');
    },
  };
  return { ...t.deps, jobs };
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '06:00', end: '22:00' }));

async function book(b: Bookable, startsAt: string, email = `c-${randomUUID().slice(0, 8)}@example.test`): Promise<{ id: string; email: string }> {
  const res = await t.http
    .post(`/v1/public/tenants/${b.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: b.service.id, startsAt, timeZone: 'Europe/London', customer: { name: 'Ada', email } })
    .expect(201);
  return { id: res.body.id, email };
}

const jobsOf = (queue: string, bookingId: string, kind?: string) =>
  t.prisma.$queryRaw<{ state: string; retry_count: number }[]>`
    SELECT state::text, retry_count FROM pgboss.job
    WHERE name = ${queue} AND data->>'bookingId' = ${bookingId} AND (${kind ?? null}::text IS NULL OR data->>'kind' = ${kind ?? null})`;

const mailTo = (address: string, subjectStart: string) => smtp.messages().filter((m) => m.to.includes(address) && m.subject.startsWith(subjectStart));
const SLOW = { timeout: 30_000, interval: 200 };
const ops = (path: string) => t.http.get(path).set('Authorization', `Bearer ${OPS_TOKEN}`);

describe('retries', () => {
  it('retries an email the SMTP server refuses, with backoff, and sends it once when it accepts', async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    const email = `refused-twice-${randomUUID().slice(0, 8)}@example.test`;
    let refusals = 0;
    smtp.refuseRecipients((address) => address === email && refusals++ < 2);
    await startWorkers();
    const { id } = await book(b, '2030-03-05T10:00:00Z', email);

    await vi.waitFor(() => expect(mailTo(email, 'Confirmed:')).toHaveLength(1), SLOW);
    await vi.waitFor(async () => expect(await jobsOf('email.send', id, 'booking.confirmation')).toEqual([{ state: 'completed', retry_count: 2 }]), SLOW);
    expect(refusals).toBe(3);
    expect(await t.prisma.emailLog.findMany({ where: { bookingId: id, kind: 'booking.confirmation' }, select: { status: true, recipient: true } })).toEqual([
      { status: 'SENT', recipient: email },
    ]);
  });

  it('retries a booking event whose emails could not be queued at first; each still goes out once', async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    let failures = 0;
    // Queueing the emails fails once (the reminder of a rescheduled booking is queued on its own,
    // so a retry may find part of the fan-out done; ids make that harmless, as below).
    await startWorkers(withFailingSends((data) => data.kind === 'tenant.new_booking' && failures++ < 1));
    const { id, email } = await book(b, '2030-03-05T11:00:00Z');

    await vi.waitFor(() => expect(mailTo(b.owner.email, 'New booking: Ada')).toHaveLength(1), SLOW);
    await vi.waitFor(async () => expect(await jobsOf('booking.event', id)).toEqual([{ state: 'completed', retry_count: 1 }]), SLOW);
    await vi.waitFor(() => expect(mailTo(email, 'Confirmed:')).toHaveLength(1), SLOW);
    expect((await jobsOf('email.send', id)).length).toBe(3); // confirmation, owner's notice, reminder: none twice
  });

  it('sends each email once when a booking event that sent them fails afterwards and is retried', async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    await startWorkers(withFailureAfterSending(1));
    const { id, email } = await book(b, '2030-03-05T14:00:00Z');

    await vi.waitFor(async () => expect(await jobsOf('booking.event', id)).toEqual([{ state: 'completed', retry_count: 1 }]), SLOW);
    expect(mailTo(email, 'Confirmed:')).toHaveLength(1);
    expect(mailTo(b.owner.email, 'New booking: Ada')).toHaveLength(1);
    // Sent from the event job itself (no worker took them), once; the reminder waits for its day.
    expect((await jobsOf('email.send', id)).map((j) => j.state).sort()).toEqual(['completed', 'completed', 'created']);
    expect(await t.prisma.emailLog.count({ where: { bookingId: id, status: 'SENT' } })).toBe(2);
  });
});

describe('failures that outlast the retries', () => {
  it('marks the email FAILED, tells staff in the booking history, lists it for operators, and a replay sends it', async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    const email = `bounces-${randomUUID().slice(0, 8)}@example.test`;
    smtp.refuseRecipients((address) => address === email);
    await startWorkers(t.deps, { 'email.send': { retryLimit: 1 } });
    const { id } = await book(b, '2030-03-05T12:00:00Z', email);

    await vi.waitFor(
      async () => expect(await t.prisma.emailLog.findFirst({ where: { bookingId: id, kind: 'booking.confirmation' } })).toMatchObject({ status: 'FAILED' }),
      SLOW,
    );
    expect(await t.prisma.emailLog.findFirst({ where: { bookingId: id, kind: 'booking.confirmation' } })).toMatchObject({
      recipient: email,
      sentAt: null,
      failedAt: clock.now(),
      error: expect.stringContaining('try again later'),
    });

    const history = await as(t, b.owner).get(`/v1/bookings/${id}/history`).expect(200);
    expect(history.body.items).toContainEqual(
      expect.objectContaining({
        action: 'booking.email_failed',
        actorType: 'system',
        changes: { before: {}, after: { kind: 'booking.confirmation', reason: expect.stringContaining('try again later') } },
      }),
    );

    await t.http.get('/ops/failed-jobs').expect(401);
    await t.http.get('/ops/failed-jobs').set('Authorization', 'Bearer not-the-operator-token-0123456789abcdef').expect(401);
    const listed = await ops('/ops/failed-jobs?queue=email.send&pending=true').expect(200);
    const failed = listed.body.items.find((f: { data: EmailJobData }) => f.data.bookingId === id);
    expect(failed).toMatchObject({
      queue: 'email.send',
      tenantId: b.owner.tenantId,
      data: { kind: 'booking.confirmation', dedupeKey: `confirm:${id}` },
      error: expect.stringContaining('try again later'),
      retryCount: 1,
      replayedAt: null,
    });

    // The provider recovers; an operator replays the job and the customer gets the email, once.
    smtp.refuseRecipients(null);
    const replayed = await t.http.post(`/ops/failed-jobs/${failed.id}/replay`).set('Authorization', `Bearer ${OPS_TOKEN}`).expect(200);
    expect(replayed.body).toMatchObject({ id: failed.id, replayedAt: clock.now().toISOString(), replayJobId: expect.any(String) });
    await vi.waitFor(() => expect(mailTo(email, 'Confirmed:')).toHaveLength(1), SLOW);
    await vi.waitFor(
      async () =>
        expect(await t.prisma.emailLog.findFirst({ where: { bookingId: id, kind: 'booking.confirmation' } })).toMatchObject({
          status: 'SENT',
          failedAt: clock.now(),
        }),
      SLOW,
    );
    const again = await t.http.post(`/ops/failed-jobs/${failed.id}/replay`).set('Authorization', `Bearer ${OPS_TOKEN}`).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect((await ops('/ops/failed-jobs?pending=true').expect(200)).body.items.map((f: { id: string }) => f.id)).not.toContain(failed.id);
  });

  it('tells staff when a booking event could not queue its emails after its last retry', async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    await startWorkers(
      withFailingSends(() => true),
      { 'booking.event': { retryLimit: 0 } },
    );
    const { id } = await book(b, '2030-03-05T13:00:00Z');

    await vi.waitFor(async () => {
      const history = await as(t, b.owner).get(`/v1/bookings/${id}/history`).expect(200);
      expect(history.body.items).toContainEqual(
        expect.objectContaining({
          action: 'booking.notifications_failed',
          changes: { before: {}, after: { event: 'confirmed', reason: 'Connection terminated unexpectedly' } },
        }),
      );
    }, SLOW);
    const listed = await ops('/ops/failed-jobs?queue=booking.event').expect(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ queue: 'booking.event', data: expect.objectContaining({ bookingId: id, event: 'confirmed' }), retryCount: 0 }),
    );
  });
});

describe('bursts', () => {
  it('drains 500 booking events in batches, sending every email exactly once', { timeout: 180_000 }, async () => {
    const b = await setUpBookable(t, { hours: EVERY_DAY });
    const n = 500;
    // 14 hourly slots a day from 07:00 UTC (within 06:00–22:00 London time, GMT or BST), from the 10th.
    const starts = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2030, 2, 10 + Math.floor(i / 14), 7 + (i % 14))).toISOString());
    const bookings: { id: string; email: string }[] = [];
    for (let i = 0; i < n; i += 10) bookings.push(...(await Promise.all(starts.slice(i, i + 10).map((s) => book(b, s)))));

    const started = performance.now();
    await startWorkers();
    await vi.waitFor(() => expect(mailTo(b.owner.email, 'New booking: Ada').length).toBe(n), { timeout: 150_000, interval: 250 });
    await vi.waitFor(() => expect(bookings.filter((k) => mailTo(k.email, 'Confirmed:').length === 1)).toHaveLength(n), { timeout: 30_000, interval: 250 });
    const seconds = (performance.now() - started) / 1000;
    // One at a time at a poll a second (the old workers), 1,500 jobs took over five minutes.
    expect(seconds).toBeLessThan(120);

    expect(bookings.filter((k) => mailTo(k.email, '').length !== 1)).toEqual([]);
    const log = await t.prisma.emailLog.groupBy({ by: ['kind', 'status'], where: { bookingId: { in: bookings.map((k) => k.id) } }, _count: true });
    expect(log.map((g) => [g.kind, g.status, g._count]).sort()).toEqual([
      ['booking.confirmation', 'SENT', n],
      ['tenant.new_booking', 'SENT', n],
    ]);
  });
});

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/platform/clock';
import { ensureDatabase } from '../src/platform/embedded-postgres';
import { createJobs, defineJob, type Jobs } from '../src/platform/jobs';
import { migrate } from '../src/platform/migrate';
import { createTestApp, type TestApp } from './app';
import { customer, setUpBookable, type Bookable } from './booking-factories';
import { listenForLoad, type LoadResponse, type LoadServer } from './http-load';
import { startRestartablePostgres, type RestartablePostgres } from './restartable-postgres';

/**
 * The API rides out a PostgreSQL restart and a crash by itself. Its own server (not the test
 * run's shared one) is restarted twice under booking load: `pg_ctl restart -m fast`, then
 * `kill -9` of the postmaster and a start 5 s later. Through it all: no uncaught exception, no
 * 500 (only 201, or 503 DATABASE_UNAVAILABLE/BUSY with Retry-After), 201s again within 5 s of
 * the database's return, every acknowledged booking kept, /readyz down and up by itself, and
 * pg-boss workers back at work.
 */

// Monday 2030-03-04 00:00 UTC; bookings start the next day, every 15 minutes around the clock.
const clock = new ManualClock('2030-03-04T00:00:00Z');
const FIRST_SLOT = Date.parse('2030-03-05T00:00:00Z');
const slot = (n: number) => new Date(FIRST_SLOT + n * 15 * 60_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { sentAt: number; at: number; kind: 'book' | 'list'; status: number; code?: string; retryAfter?: string; id?: string };

const uncaught: unknown[] = [];
const recordUncaught = (err: unknown) => uncaught.push(err);

let server: RestartablePostgres | undefined;
let t: TestApp | undefined;
let load: LoadServer | undefined;
let probeJobs: Jobs | undefined;
const probed = new Set<number>();
let sendProbe: (n: number) => Promise<unknown>;
let world: Bookable;

beforeAll(async () => {
  process.on('uncaughtException', recordUncaught);
  process.on('unhandledRejection', recordUncaught);
  server = await startRestartablePostgres();
  await ensureDatabase(server.url('postgres'), 'slotwise');
  const databaseUrl = server.url('slotwise');
  await migrate(databaseUrl);
  t = await createTestApp({ databaseUrl, clock });
  load = await listenForLoad(t.app, { maxSockets: 8 });
  world = await setUpBookable(t, {
    timeZone: 'UTC',
    hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    service: { durationMin: 15 },
  });
  // A worker on the same database, as a running API has: it must pick up jobs again after each outage.
  const probe = defineJob({
    name: 'test.restart-probe',
    schema: z.object({ n: z.number() }),
    handler: async ({ n }) => {
      probed.add(n);
    },
  });
  probeJobs = createJobs({ databaseUrl, logger: pino({ level: 'silent' }), definitions: [probe], workers: true, pollingIntervalSeconds: 0.5 });
  await probeJobs.start();
  sendProbe = (n) => probeJobs!.send(probe, { n });
}, 60_000);

afterAll(async () => {
  // Each step on its own: a failed test may have left the database down, and the server must go regardless.
  await load?.close().catch(() => undefined);
  await probeJobs?.stop().catch(() => undefined);
  await t?.close().catch(() => undefined);
  await server?.destroy();
  process.off('uncaughtException', recordUncaught);
  process.off('unhandledRejection', recordUncaught);
}, 60_000);

/** Waits until `check` passes, up to `ms`; returns how long it took, or throws with `what`. */
async function within(ms: number, what: string, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(25);
  }
  return Date.now() - started;
}

describe('a PostgreSQL restart and crash under booking load', () => {
  it('answers 503 while the database is gone and resumes by itself, keeping every acknowledged booking', async () => {
    const outcomes: Outcome[] = [];
    let next = 0;
    let stop = false;
    const record = (sentAt: number, kind: Outcome['kind'], res: LoadResponse) =>
      outcomes.push({
        sentAt,
        at: Date.now(),
        kind,
        status: res.status,
        code: res.body.error?.code,
        retryAfter: res.headers['retry-after'],
        id: res.status === 201 ? String(res.body.id) : undefined,
      });
    // Five public bookers (each request its own slot and customer) and one staff member listing bookings.
    const booker = async () => {
      while (!stop) {
        const n = next++;
        const sentAt = Date.now();
        const res = await load!.request('POST', `/v1/public/tenants/${world.owner.slug}/bookings`, {
          serviceId: world.service.id,
          startsAt: slot(n),
          timeZone: 'UTC',
          customer: customer(`restart-${n}`),
        });
        record(sentAt, 'book', res);
        if (res.status !== 201) await sleep(50);
      }
    };
    const lister = async () => {
      while (!stop) {
        const sentAt = Date.now();
        const res = await load!.request('GET', '/v1/bookings?limit=5', undefined, { Cookie: world.owner.cookie });
        record(sentAt, 'list', res);
        await sleep(res.status === 200 ? 20 : 50);
      }
    };
    const loops = [...Array.from({ length: 5 }, booker), lister()];
    const readyz = async () => (await load!.request('GET', '/readyz')).status;
    const firstSuccessAfter = (from: number) => outcomes.some((o) => o.kind === 'book' && o.sentAt >= from && o.status === 201);

    try {
      await within(5_000, 'a first booking', () => firstSuccessAfter(0));
      await sleep(1_000);

      // 1. Fast restart: every session is terminated (57P01), the server is back when pg_ctl returns.
      const restartAt = Date.now();
      await server!.restartFast();
      const back1 = Date.now();
      const resumed1 = await within(5_000, '201s after the fast restart', () => firstSuccessAfter(back1));
      await sleep(1_500);

      // 2. Crash: kill -9 of the postmaster, start again 5 s later (crash recovery).
      const crashAt = Date.now();
      await server!.kill9();
      await sleep(1_000);
      expect(await readyz()).toBe(503);
      await sleep(4_000);
      await server!.start();
      const back2 = Date.now();
      const resumed2 = await within(5_000, '201s after the crash', () => firstSuccessAfter(back2));
      await within(5_000, '/readyz to answer 200 again', async () => (await readyz()) === 200);
      await sleep(1_500);
      stop = true;
      await Promise.all(loops);

      // pg-boss's workers poll again: a job sent now is handled.
      await sendProbe(1);
      await within(10_000, 'the pg-boss worker to handle a job', () => probed.has(1));

      expect(uncaught).toEqual([]);

      // Only 2xx, or a 503 that says what happened and when to retry: never a 500 or anything else.
      const failures = outcomes.filter((o) => o.status !== 201 && o.status !== 200);
      const unexpected = failures.filter(
        (o) => o.status !== 503 || (o.code !== 'DATABASE_UNAVAILABLE' && o.code !== 'BUSY') || !/^\d+$/.test(o.retryAfter ?? ''),
      );
      expect(unexpected).toEqual([]);
      // The outages were real and were seen as such.
      expect(failures.filter((o) => o.code === 'DATABASE_UNAVAILABLE').length).toBeGreaterThan(0);
      expect(failures.filter((o) => o.sentAt >= crashAt && o.at <= back2).length).toBeGreaterThan(0);
      // 503s only while the database was away: none for requests sent before the first restart,
      // or once bookings had resumed after each return.
      const resumedAt1 = back1 + resumed1;
      const resumedAt2 = back2 + resumed2;
      const outsideOutages = failures.filter((o) => o.at < restartAt || (o.sentAt > resumedAt1 && o.at < crashAt) || o.sentAt > resumedAt2);
      expect(outsideOutages).toEqual([]);

      // Every booking acknowledged with 201 is in the database after the crash.
      const acknowledged = outcomes.filter((o) => o.kind === 'book' && o.status === 201).map((o) => o.id!);
      expect(acknowledged.length).toBeGreaterThan(20);
      const kept = await t!.prisma.booking.count({ where: { id: { in: acknowledged } } });
      expect(kept).toBe(acknowledged.length);
    } finally {
      stop = true;
      await Promise.allSettled(loops);
    }
  }, 60_000);
});

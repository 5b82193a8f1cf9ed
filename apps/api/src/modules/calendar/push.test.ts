import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable, type Bookable } from '../../../test/booking-factories';
import { connectCalendar } from '../../../test/calendar-factories';
import { createResource, setWeekHours } from '../../../test/catalog-factories';
import { as, ORIGIN } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { holdExpiryJob } from '../bookings/bookings.jobs';
import type { CalendarConnectionRef } from './calendar.queues';
import { calendarBackfillJob, calendarPushJob } from './push.jobs';
import type { CalendarPushJob } from './push.queues';
import { eventIdFor } from './push.writer.service';

/**
 * Our bookings in the staff member's Google Calendar, through HTTP and the real googleapis client
 * against the Google emulator, on real PostgreSQL. Workers are off: each test runs the queued
 * `calendar.push` / `calendar.backfill` jobs itself, as a worker would, and sees what a failed run
 * leaves for the retry.
 */

// Monday 2030-03-04 08:00 London (GMT); bookings from Tuesday on.
const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let t: TestApp;
beforeAll(async () => {
  // Stripe for the paid hold that is re-confirmed after its event was deleted.
  // No pacing of backfills (the emulator has no quota); the pacing test sets its own rate.
  t = await createTestApp({ clock, google: true, stripe: true, env: { GOOGLE_CALLS_PER_MINUTE: '0' } });
});
afterAll(() => t.close());
beforeEach(() => {
  clock.set(START);
  t.google!.controls.clearFaults();
});

type World = Bookable & { email: string; calendarId: string; connectionId: string };

async function world(opts: { service?: Record<string, unknown> } = {}): Promise<World> {
  const w = await setUpBookable(t, { service: { name: 'Haircut', ...opts.service } });
  const email = `staff-${randomUUID().slice(0, 8)}@salon.test`;
  const { connection, calendarId } = await connectCalendar(t, w.owner, w.resource.id, { email });
  return { ...w, email, calendarId, connectionId: connection.id };
}

let n = 0;
const book = (w: Bookable, startsAt: string, who: string | number = `push${++n}`) =>
  t.http
    .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: w.service.id, resourceId: w.resource.id, startsAt, timeZone: 'America/New_York', customer: customer(who) });
const staffView = async (w: Bookable, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
/** A public booking as staff see it (with its version). */
const booked = async (w: Bookable, startsAt: string, who?: string) => staffView(w, (await book(w, startsAt, who).expect(201)).body.id as string);

/**
 * Runs the business's queued `calendar.push` jobs not run successfully yet, as the worker would;
 * answers the failures (left for their retry).
 */
const done = new Set<string>();
async function runPushJobs(w: Bookable): Promise<unknown[]> {
  const jobs = await t.prisma.$queryRaw<{ id: string; data: CalendarPushJob }[]>`
    SELECT id::text, data FROM pgboss.job
    WHERE name = 'calendar.push' AND state = 'created' AND data->>'tenantId' = ${w.owner.tenantId}
    ORDER BY created_on, id`;
  const failures: unknown[] = [];
  for (const job of jobs) {
    if (done.has(job.id)) continue;
    try {
      await t.jobs.runNow(calendarPushJob(t.deps), job.data);
      done.add(job.id);
    } catch (err) {
      failures.push(err);
    }
  }
  return failures;
}

/** The booking an event of ours stands for (its private extended property). */
const bookingOf = (e: { extendedProperties?: unknown }) =>
  (e.extendedProperties as { private?: Record<string, string> } | undefined)?.private?.slotwiseBookingId;
/** Our events in the calendar for a booking (deleted ones too, with status `cancelled`). */
const eventsOf = (w: World, bookingId: string) => t.google!.controls.events(w.calendarId).filter((e) => bookingOf(e) === bookingId);
const liveEventsOf = (w: World, bookingId: string) => eventsOf(w, bookingId).filter((e) => e.status !== 'cancelled');

describe('a booking pushed to Google', () => {
  it('is PENDING at once, then inserted under its own id with the summary, the staff link, the times in the zone and our private properties', async () => {
    const w = await world();
    const res = await book(w, '2030-03-05T10:00:00Z', 'ada').expect(201);
    expect(res.body.status).toBe('CONFIRMED');
    const pending = await staffView(w, res.body.id);
    expect(pending.calendarSync).toEqual({ state: 'PENDING' });

    expect(await runPushJobs(w)).toEqual([]);
    const [event, ...others] = eventsOf(w, res.body.id);
    expect(others).toHaveLength(0);
    expect(event).toMatchObject({
      id: res.body.id.replace(/-/g, ''),
      status: 'confirmed',
      summary: 'Haircut — Customer ada',
      start: { dateTime: '2030-03-05T10:00:00Z', timeZone: 'Europe/London' },
      end: { dateTime: '2030-03-05T11:00:00Z', timeZone: 'Europe/London' },
      extendedProperties: { private: { slotwiseTenantId: w.owner.tenantId, slotwiseBookingId: res.body.id } },
    });
    expect(event!.description).toContain(`http://localhost:3000/bookings?range=all&booking=${res.body.id}`);
    expect(event!.description).toContain('Customer: Customer ada <cada@example.test>');
    // The customer is not invited unless the business says so.
    expect(event!.attendees ?? []).toEqual([]);

    const synced = await staffView(w, res.body.id);
    expect(synced.calendarSync).toEqual({ state: 'SYNCED', eventLink: event!.htmlLink });
    // The list carries it too.
    const list = await as(t, w.owner).get('/v1/bookings?from=2030-03-05&to=2030-03-05').expect(200);
    expect(list.body.items.map((b: { id: string; calendarSync: unknown }) => [b.id, b.calendarSync])).toEqual([[res.body.id, synced.calendarSync]]);
  });

  it('moves the same event on a reschedule and deletes it on a cancel; a second run changes nothing', async () => {
    const w = await world();
    const booking = await booked(w, '2030-03-05T10:00:00Z');
    await runPushJobs(w);
    const moved = (await as(t, w.owner).patch(`/v1/bookings/${booking.id}`).send({ version: booking.version, startsAt: '2030-03-06T14:00:00Z' }).expect(200))
      .body;
    expect(moved.calendarSync.state).toBe('PENDING');
    expect(await runPushJobs(w)).toEqual([]);
    expect(liveEventsOf(w, booking.id)).toMatchObject([
      { id: eventIdFor(booking.id, 0), start: { dateTime: '2030-03-06T14:00:00Z' }, end: { dateTime: '2030-03-06T15:00:00Z' } },
    ]);

    const cancelled = (await as(t, w.owner).post(`/v1/bookings/${booking.id}/cancel`).send({ reason: 'Ill', version: moved.version }).expect(200)).body;
    expect(cancelled.calendarSync.state).toBe('PENDING');
    expect(await runPushJobs(w)).toEqual([]);
    expect(eventsOf(w, booking.id)).toMatchObject([{ id: eventIdFor(booking.id, 0), status: 'cancelled' }]);
    expect((await staffView(w, booking.id)).calendarSync).toEqual({ state: 'SYNCED' });
    const row = await t.prisma.bookingCalendarEvent.findUniqueOrThrow({ where: { bookingId: booking.id } });
    // Its id is spent at Google: a later event of this booking gets the next generation's.
    expect(row).toMatchObject({ eventId: null, generation: 1, state: 'SYNCED' });

    // The same job again (a retry after a lost acknowledgement): Google is not called again for it.
    t.google!.controls.clearRequests();
    await t.jobs.runNow(calendarPushJob(t.deps), { tenantId: w.owner.tenantId, bookingId: booking.id });
    expect(t.google!.controls.requests().httpRequests).toBe(0);
  });

  it('follows a booking moved to another resource: out of the old calendar, into the new one', async () => {
    const w = await world();
    const other = await createResource(t, w.owner, { timeZone: 'Europe/London' });
    await setWeekHours(
      t,
      w.owner,
      other.id,
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    );
    await as(t, w.owner)
      .patch(`/v1/services/${w.service.id}`)
      .send({ resourceIds: [w.resource.id, other.id] })
      .expect(200);
    const otherCalendar = (await connectCalendar(t, w.owner, other.id, { email: `other-${randomUUID().slice(0, 8)}@salon.test` })).calendarId;
    const booking = await booked(w, '2030-03-05T11:00:00Z');
    await runPushJobs(w);
    await as(t, w.owner).patch(`/v1/bookings/${booking.id}`).send({ version: booking.version, resourceId: other.id }).expect(200);
    expect(await runPushJobs(w)).toEqual([]);
    expect(eventsOf(w, booking.id)).toMatchObject([{ id: eventIdFor(booking.id, 0), status: 'cancelled' }]);
    const there = t.google!.controls.events(otherCalendar).filter((e) => e.status !== 'cancelled');
    expect(there).toMatchObject([{ id: eventIdFor(booking.id, 1), start: { dateTime: '2030-03-05T11:00:00Z' } }]);
  });

  it('keeps exactly one event through Google failing with 500, 429 and 503 and an insert whose answer was lost (409)', async () => {
    const w = await world();
    const controls = t.google!.controls;
    const booking = await booked(w, '2030-03-05T12:00:00Z');

    controls.fault({ status: 500, count: 1, method: 'POST' });
    const first = await runPushJobs(w);
    expect(first).toHaveLength(1);
    expect((first[0] as Error).name).toBe('CalendarUnavailable');
    expect((await staffView(w, booking.id)).calendarSync.state).toBe('PENDING');
    controls.fault({ status: 429, count: 1 });
    expect(await runPushJobs(w)).toHaveLength(1);
    expect(await runPushJobs(w)).toEqual([]);
    expect(liveEventsOf(w, booking.id)).toHaveLength(1);

    // Google made the event but our write of its answer never happened: the retry's insert meets 409 and patches.
    await t.prisma.bookingCalendarEvent.update({ where: { bookingId: booking.id }, data: { eventId: null, state: 'PENDING', htmlLink: null } });
    const moved = (await as(t, w.owner).patch(`/v1/bookings/${booking.id}`).send({ version: booking.version, startsAt: '2030-03-05T15:00:00Z' }).expect(200))
      .body;
    controls.fault({ status: 503, count: 1, method: 'PATCH' });
    expect(await runPushJobs(w)).toHaveLength(1);
    expect(await runPushJobs(w)).toEqual([]);
    expect(eventsOf(w, booking.id)).toMatchObject([{ id: eventIdFor(booking.id, 0), status: 'confirmed', start: { dateTime: '2030-03-05T15:00:00Z' } }]);
    expect((await staffView(w, moved.id)).calendarSync.state).toBe('SYNCED');
  });

  it('gives an event deleted in Google a new id when the booking changes again (ids are never reused)', async () => {
    const w = await world();
    const booking = await booked(w, '2030-03-05T13:00:00Z');
    await runPushJobs(w);
    // Staff delete our event in Google Calendar; Google keeps its id as used.
    t.google!.controls.deleteEvent(w.calendarId, eventIdFor(booking.id, 0));
    await as(t, w.owner).patch(`/v1/bookings/${booking.id}`).send({ version: booking.version, startsAt: '2030-03-05T14:00:00Z' }).expect(200);
    expect(await runPushJobs(w)).toEqual([]);
    expect(liveEventsOf(w, booking.id)).toMatchObject([{ id: `${booking.id.replace(/-/g, '')}g1`, start: { dateTime: '2030-03-05T14:00:00Z' } }]);
    expect(eventsOf(w, booking.id)).toHaveLength(2);
  });

  it('re-confirms a paid hold after its expiry deleted the event, under the next generation’s id', async () => {
    const w = await world({ service: { requiresPayment: true, priceMinor: 4000 } });
    await connectStripe(t, w.owner);
    const stripeControl = (path: string, body: unknown = {}) =>
      fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const hold = (await book(w, '2030-03-05T15:00:00Z').expect(201)).body;
    expect(hold.status).toBe('PENDING_PAYMENT');
    await runPushJobs(w);
    expect(liveEventsOf(w, hold.id)).toMatchObject([{ id: eventIdFor(hold.id, 0), summary: expect.stringMatching(/awaiting payment/) as string }]);

    // The customer pays while the hold runs out; the payment lands after our expiry.
    await t.stripe!.stopWorkers();
    await stripeControl('/webhooks/hold');
    expect((await stripeControl(`/checkout/sessions/${hold.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' })).status).toBe(200);
    clock.advanceMinutes(36);
    await t.jobs.runNow(holdExpiryJob(t.deps), { tenantId: w.owner.tenantId, bookingId: hold.id });
    expect(await runPushJobs(w)).toEqual([]);
    expect(eventsOf(w, hold.id)).toMatchObject([{ id: eventIdFor(hold.id, 0), status: 'cancelled' }]);

    await t.stripe!.startWorkers();
    await stripeControl('/webhooks/release');
    await t.stripe!.settle();
    for (let i = 0; i < 100 && (await staffView(w, hold.id)).status !== 'CONFIRMED'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await staffView(w, hold.id)).status).toBe('CONFIRMED');
    expect(await runPushJobs(w)).toEqual([]);
    expect(liveEventsOf(w, hold.id)).toMatchObject([{ id: eventIdFor(hold.id, 1), summary: 'Haircut — ' + hold.customer.name }]);
    expect((await staffView(w, hold.id)).calendarSync.state).toBe('SYNCED');
  });

  it('invites the customer (and lets Google email them) only when the business enables it', async () => {
    const w = await world();
    const quiet = (await book(w, '2030-03-05T09:00:00Z', 'quiet').expect(201)).body;
    expect(await runPushJobs(w)).toEqual([]);
    await as(t, w.owner).patch('/v1/tenant').send({ calendarInviteCustomers: true }).expect(200);
    const invited = (await book(w, '2030-03-05T16:00:00Z', 'invited').expect(201)).body;
    expect(await runPushJobs(w)).toEqual([]);
    expect(liveEventsOf(w, quiet.id)[0]!.attendees ?? []).toEqual([]);
    expect(liveEventsOf(w, invited.id)[0]!.attendees).toMatchObject([{ email: 'cinvited@example.test', displayName: 'Customer invited' }]);
  });

  it('marks the booking FAILED in plain words when Google refuses the grant, and leaves the booking alone', async () => {
    const w = await world();
    const booking = await booked(w, '2030-03-05T09:00:00Z');
    t.google!.controls.revokeGrants(w.email);
    expect(await runPushJobs(w)).toEqual([]);
    const after = await staffView(w, booking.id);
    expect(after.status).toBe('CONFIRMED');
    expect(after.version).toBe(booking.version);
    expect(after.calendarSync).toEqual({ state: 'FAILED', error: expect.stringMatching(/Google no longer accepts this connection/) as string });
    expect((await t.prisma.calendarConnection.findUniqueOrThrow({ where: { id: w.connectionId } })).status).toBe('BROKEN');
    // Later bookings of the resource are not pushed while it is broken.
    const later = await booked(w, '2030-03-05T10:00:00Z');
    expect(later.calendarSync).toEqual({ state: 'NOT_CONNECTED' });
  });

  it('never slows or fails a booking while Google fails every call; the pushes catch up once it is back', async () => {
    const w = await world();
    t.google!.controls.fault({ status: 503, count: 10_000 });
    const started = performance.now();
    const answers = await Promise.all(['09', '10', '11', '12', '13', '14'].map((h, i) => book(w, `2030-03-07T${h}:00:00Z`, `outage${i}`)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await runPushJobs(w)).toHaveLength(6);
    for (const a of answers) expect((await staffView(w, a.body.id)).calendarSync.state).toBe('PENDING');

    t.google!.controls.clearFaults();
    expect(await runPushJobs(w)).toEqual([]);
    for (const a of answers) {
      expect(liveEventsOf(w, a.body.id)).toHaveLength(1);
      expect((await staffView(w, a.body.id)).calendarSync.state).toBe('SYNCED');
    }
  });

  it('says NOT_CONNECTED for bookings of a resource without a calendar, and queues nothing for them', async () => {
    const w = await setUpBookable(t);
    const booking = await booked(w, '2030-03-05T10:00:00Z');
    expect(booking.calendarSync).toEqual({ state: 'NOT_CONNECTED' });
    await as(t, w.owner).post(`/v1/bookings/${booking.id}/cancel`).send({ reason: 'x', version: booking.version }).expect(200);
    const queued = await t.prisma.$queryRaw<unknown[]>`SELECT 1 FROM pgboss.job WHERE name = 'calendar.push' AND data->>'bookingId' = ${booking.id}`;
    expect(queued).toHaveLength(0);
  });
});

describe('the backfill of a calendar connected later', () => {
  it('pushes 2,000 upcoming bookings in a few dozen batch requests; failed items are retried alone, 409s patched, a deleted id replaced', async () => {
    const w = await setUpBookable(t, {
      timeZone: 'UTC',
      hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
      service: { name: 'Massage', durationMin: 30, slotIntervalMin: 30 },
    });
    const customerId = (await as(t, w.owner).post('/v1/customers').send({ name: 'Regular', email: 'regular@example.test' }).expect(201)).body.id as string;
    const first = new Date('2030-03-05T08:00:00Z').getTime();
    const startsAt = Array.from({ length: 2000 }, (_, i) => new Date(first + Math.floor(i / 24) * 86_400_000 + (i % 24) * 1_800_000).toISOString());
    const ids: string[] = [];
    for (let i = 0; i < startsAt.length; i += 16) {
      const answers = await Promise.all(
        startsAt
          .slice(i, i + 16)
          .map((s) => as(t, w.owner).post('/v1/bookings').send({ serviceId: w.service.id, resourceId: w.resource.id, startsAt: s, customerId })),
      );
      for (const a of answers) {
        expect(a.status).toBe(201);
        ids.push(a.body.id as string);
      }
    }
    const email = `busy-${randomUUID().slice(0, 8)}@salon.test`;
    const controls = t.google!.controls;
    // Before connecting, Google has an event under booking 100's id (made by an attempt whose answer was lost) and a deleted one under booking 101's.
    controls.issueTokens({ email });
    controls.createEvent(email, { id: eventIdFor(ids[100]!, 0), summary: 'stale', start: { dateTime: startsAt[100] }, end: { dateTime: startsAt[101] } });
    controls.createEvent(email, { id: eventIdFor(ids[101]!, 0), summary: 'gone', start: { dateTime: startsAt[101] }, end: { dateTime: startsAt[102] } });
    controls.deleteEvent(email, eventIdFor(ids[101]!, 0));
    const { connection } = await connectCalendar(t, w.owner, w.resource.id, { email });

    controls.clearRequests();
    // The first three calls of the first batch fail (503); each is retried alone.
    controls.fault({ status: 503, count: 3, method: 'POST', path: `/calendar/v3/calendars/${email}/events` });
    const started = performance.now();
    const [job] = await t.prisma.$queryRaw<{ id: string; data: CalendarConnectionRef }[]>`
      SELECT id::text, data FROM pgboss.job WHERE name = 'calendar.backfill' AND data->>'connectionId' = ${connection.id}`;
    await t.jobs.runNow(calendarBackfillJob(t.deps), job!.data);
    const seconds = (performance.now() - started) / 1000;

    const requests = controls.requests();
    // 40 batches of 50, then one of the two follow-ups: booking 100's 409 → patch, booking 101's 409 → patch (deleted) → insert under g1 in a third.
    expect(requests.byPath['POST /batch/calendar/v3']).toBe(42);
    expect(requests.batchItems).toBe(2003);
    // The three failed calls, each alone; nothing else outside a batch.
    expect(requests.byPath[`POST /calendar/v3/calendars/${encodeURIComponent(email)}/events`]).toBe(3);
    expect(requests.httpRequests).toBe(45);

    const live = controls.events(email).filter((e) => e.status !== 'cancelled');
    expect(live).toHaveLength(2000);
    const byBooking = new Map(live.map((e) => [bookingOf(e), e]));
    expect(new Set(ids)).toEqual(new Set(byBooking.keys()));
    expect(byBooking.get(ids[100])).toMatchObject({ id: eventIdFor(ids[100]!, 0), summary: 'Massage — Regular' });
    expect(byBooking.get(ids[101])).toMatchObject({ id: eventIdFor(ids[101]!, 1) });
    const states = await t.prisma.bookingCalendarEvent.groupBy({ by: ['state'], where: { bookingId: { in: ids } }, _count: true });
    expect(states).toEqual([{ state: 'SYNCED', _count: 2000 }]);
    expect(seconds).toBeLessThan(60);

    // Run again (a reconnect): nothing is stale, Google is not called.
    controls.clearRequests();
    await t.jobs.runNow(calendarBackfillJob(t.deps), job!.data);
    expect(controls.requests().byPath['POST /batch/calendar/v3'] ?? 0).toBe(0);
  }, 180_000);

  it('keeps to GOOGLE_CALLS_PER_MINUTE: 120 bookings at 3,000 calls a minute take three batches a second apart', async () => {
    const w = await setUpBookable(t, { timeZone: 'UTC', hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })) });
    for (let day = 0; day < 10; day++) {
      await Promise.all(
        Array.from({ length: 12 }, (_, h) =>
          as(t, w.owner)
            .post('/v1/bookings')
            .send({
              serviceId: w.service.id,
              resourceId: w.resource.id,
              startsAt: `2030-03-${String(5 + day).padStart(2, '0')}T${String(8 + h).padStart(2, '0')}:00:00Z`,
              customer: customer(`paced${day}-${h}`),
            })
            .expect(201),
        ),
      );
    }
    const { connection } = await connectCalendar(t, w.owner, w.resource.id, { email: `paced-${randomUUID().slice(0, 8)}@salon.test` });
    const config = t.deps.config as { GOOGLE_CALLS_PER_MINUTE: number };
    config.GOOGLE_CALLS_PER_MINUTE = 3000;
    try {
      const started = performance.now();
      await t.jobs.runNow(calendarBackfillJob(t.deps), { tenantId: w.owner.tenantId, connectionId: connection.id });
      const seconds = (performance.now() - started) / 1000;
      // 50 calls at 3,000 a minute = one second per batch; the last one is not waited for.
      expect(seconds).toBeGreaterThanOrEqual(2);
      expect(seconds).toBeLessThan(10);
    } finally {
      config.GOOGLE_CALLS_PER_MINUTE = 0;
    }
    const states = await t.prisma.bookingCalendarEvent.groupBy({ by: ['state'], where: { connectionId: connection.id }, _count: true });
    expect(states).toEqual([{ state: 'SYNCED', _count: 120 }]);
  });
});

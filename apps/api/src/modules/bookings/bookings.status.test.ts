import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripeQuietly } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';

/**
 * Status changes staff make (completed, no-show, undo, confirm, cancel) and the rules around
 * them: only started bookings can be marked, marks can be undone for a week and only onto a
 * free slot, an overdue hold is expired for every decision, and every change names the version
 * the person saw.
 */

// Monday 2030-03-04 08:00 London (UTC in winter).
const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true, env: { SESSION_IDLE_HOURS: '2160', SESSION_ABSOLUTE_DAYS: '365' } });
});
afterAll(() => t.close());
afterEach(() => clock.set(START));

const book = (slug: string, body: Record<string, unknown>) => t.http.post(`/v1/public/tenants/${slug}/bookings`).set('Origin', ORIGIN).send(body);
const setStatus = (owner: Staff, id: string, body: Record<string, unknown>) => as(t, owner).post(`/v1/bookings/${id}/status`).send(body);
const cancel = (owner: Staff, id: string, body: Record<string, unknown>) => as(t, owner).post(`/v1/bookings/${id}/cancel`).send(body);
const slotStarts = async (slug: string, serviceId: string, day: string) =>
  (await t.http.get(`/v1/public/tenants/${slug}/services/${serviceId}/slots?from=${day}&to=${day}&timeZone=UTC`).expect(200)).body.slots.map(
    (s: { startsAt: string }) => s.startsAt,
  );
const actionsOf = async (owner: Staff, id: string) =>
  (await as(t, owner).get(`/v1/audit/trail/booking/${id}`).expect(200)).body.items.map((e: { action: string }) => e.action);
const eventJobs = (bookingId: string) =>
  t.prisma.$queryRaw<{ event: string }[]>`SELECT data->>'event' AS event FROM pgboss.job WHERE name = 'booking.event' AND data->>'bookingId' = ${bookingId}`;

describe('completed and no-show', () => {
  it('refuses to mark a booking that has not started (422 NOT_STARTED), and its slot stays taken', async () => {
    const { owner, service } = await setUpBookable(t, { service: { slotIntervalMin: 60 } });
    const booking = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-12T10:00:00Z', timeZone: 'UTC', customer: customer('future') }).expect(201)
    ).body;
    for (const status of ['COMPLETED', 'NO_SHOW']) {
      const res = await setStatus(owner, booking.id, { status, version: 1 });
      expect(res.status, status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'NOT_STARTED', startsAt: '2030-03-12T10:00:00.000Z' } });
    }
    // One minute before the start it is still too early.
    clock.set('2030-03-12T09:59:00Z');
    expect((await setStatus(owner, booking.id, { status: 'NO_SHOW', version: 1 })).status).toBe(422);
    clock.set(START);
    expect(await slotStarts(owner.slug, service.id, '2030-03-12')).not.toContain('2030-03-12T10:00:00+00:00');
    expect((await as(t, owner).get(`/v1/bookings/${booking.id}`).expect(200)).body).toMatchObject({ status: 'CONFIRMED', version: 1 });
    expect(await actionsOf(owner, booking.id)).toEqual(['booking.created']);
  });

  it('marks a started booking as no-show or completed, with an audit row each', async () => {
    const { owner, service } = await setUpBookable(t, { service: { slotIntervalMin: 60 } });
    const a = (await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('ns') }).expect(201)).body;
    const b = (await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T12:00:00Z', timeZone: 'UTC', customer: customer('done') }).expect(201))
      .body;
    clock.set('2030-03-05T10:00:00Z'); // exactly at the start
    const noShow = await setStatus(owner, a.id, { status: 'NO_SHOW', version: 1 }).expect(200);
    expect(noShow.body).toMatchObject({ status: 'NO_SHOW', version: 2 });
    clock.set('2030-03-05T13:30:00Z'); // after the end
    await setStatus(owner, b.id, { status: 'COMPLETED', version: 1 }).expect(200);
    expect(await actionsOf(owner, a.id)).toEqual(['booking.created', 'booking.no_show']);
    expect(await actionsOf(owner, b.id)).toEqual(['booking.created', 'booking.completed']);
  });
});

describe('undoing a completed or no-show mark', () => {
  it('returns the booking to CONFIRMED within 7 days of its end, takes its slot back and tells nobody', async () => {
    const { owner, service } = await setUpBookable(t, { service: { slotIntervalMin: 60 } });
    const booking = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('undo') }).expect(201)
    ).body;
    clock.set('2030-03-05T10:20:00Z');
    await setStatus(owner, booking.id, { status: 'NO_SHOW', version: 1 }).expect(200);
    const eventsBefore = await eventJobs(booking.id);
    clock.set('2030-03-12T11:00:00Z'); // the last moment: 7 × 24 h after the end
    const undone = await setStatus(owner, booking.id, { status: 'CONFIRMED', version: 2 }).expect(200);
    expect(undone.body).toMatchObject({ status: 'CONFIRMED', version: 3, holdExpiresAt: null });
    expect(await actionsOf(owner, booking.id)).toEqual(['booking.created', 'booking.no_show', 'booking.reopened']);
    expect(await eventJobs(booking.id)).toEqual(eventsBefore);
    // Active again: it blocks its time for the exclusion constraint.
    const active = await t.prisma.booking.count({ where: { id: booking.id, status: 'CONFIRMED' } });
    expect(active).toBe(1);
    // And can be marked again, the other way.
    await setStatus(owner, booking.id, { status: 'COMPLETED', version: 3 }).expect(200);
  });

  it('refuses an undo after the window with 422 UNDO_WINDOW_PASSED', async () => {
    const { owner, service } = await setUpBookable(t, { service: { slotIntervalMin: 60 } });
    const booking = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('late') }).expect(201)
    ).body;
    clock.set('2030-03-05T11:00:00Z');
    await setStatus(owner, booking.id, { status: 'COMPLETED', version: 1 }).expect(200);
    clock.set('2030-03-12T11:00:01Z');
    const res = await setStatus(owner, booking.id, { status: 'CONFIRMED', version: 2 });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'UNDO_WINDOW_PASSED', undoableUntil: '2030-03-12T11:00:00.000Z' } });
    expect((await as(t, owner).get(`/v1/bookings/${booking.id}`)).body).toMatchObject({ status: 'COMPLETED', version: 2 });
  });

  it('answers 409 SLOT_UNAVAILABLE when the time was booked meanwhile, and keeps the mark', async () => {
    const { owner, service, resource } = await setUpBookable(t, { service: { slotIntervalMin: 30 } });
    const booking = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('gone') }).expect(201)
    ).body;
    clock.set('2030-03-05T10:15:00Z');
    await setStatus(owner, booking.id, { status: 'NO_SHOW', version: 1 }).expect(200);
    // The chair is free, so staff seat a walk-in at 10:30.
    await as(t, owner)
      .post('/v1/bookings')
      .send({ serviceId: service.id, resourceId: resource.id, startsAt: '2030-03-05T10:30:00Z', customer: customer('walkin'), overrideNoticeAndHorizon: true })
      .expect(201);
    const res = await setStatus(owner, booking.id, { status: 'CONFIRMED', version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'SLOT_UNAVAILABLE',
      details: { reason: 'CONFLICT', conflict: { startsAt: '2030-03-05T10:30:00.000Z', endsAt: '2030-03-05T11:30:00.000Z' } },
    });
    expect((await as(t, owner).get(`/v1/bookings/${booking.id}`)).body).toMatchObject({ status: 'NO_SHOW', version: 2 });
    expect(await actionsOf(owner, booking.id)).toEqual(['booking.created', 'booking.no_show']);
  });

  it('expires an overdue hold in the way (as creation does) and takes the slot back', async () => {
    const { owner, service, resource } = await setUpBookable(t, { service: { slotIntervalMin: 30, priceMinor: 4000, requiresPayment: true } });
    await connectStripeQuietly(t, owner);
    // Booked by staff, so confirmed without payment.
    const booking = (
      await as(t, owner)
        .post('/v1/bookings')
        .send({ serviceId: service.id, resourceId: resource.id, startsAt: '2030-03-05T10:00:00Z', customer: customer('held-over') })
        .expect(201)
    ).body;
    clock.set('2030-03-05T10:05:00Z');
    await setStatus(owner, booking.id, { status: 'NO_SHOW', version: 1 }).expect(200);
    const hold = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:30:00Z', timeZone: 'UTC', customer: customer('holder') }).expect(201)
    ).body;
    expect(hold).toMatchObject({ status: 'PENDING_PAYMENT', holdExpiresAt: '2030-03-05T10:40:00.000Z' }); // 35-minute paid hold
    // While the hold runs, the slot is taken…
    expect((await setStatus(owner, booking.id, { status: 'CONFIRMED', version: 2 })).status).toBe(409);
    // …once it has run out (no sweep yet), the undo goes through and the hold is stored as expired.
    clock.set('2030-03-05T10:45:00Z');
    await setStatus(owner, booking.id, { status: 'CONFIRMED', version: 2 }).expect(200);
    expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('EXPIRED');
  });
});

describe('holds past their expiry, before the sweep', () => {
  async function overdueHold() {
    const world = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true, slotIntervalMin: 60 } });
    await connectStripeQuietly(t, world.owner);
    const hold = (
      await book(world.owner.slug, { serviceId: world.service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer('overdue') }).expect(
        201,
      )
    ).body;
    expect(hold.holdExpiresAt).toBe('2030-03-04T08:35:00.000Z'); // 35-minute paid hold
    clock.set('2030-03-04T08:35:00Z'); // the expiry instant itself: over
    return { ...world, hold };
  }

  it('cannot be confirmed (409 INVALID_TRANSITION, current EXPIRED) and stays a hold until the sweep', async () => {
    const { owner, hold } = await overdueHold();
    const res = await setStatus(owner, hold.id, { status: 'CONFIRMED', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { current: 'EXPIRED', requested: 'CONFIRMED' } });
    expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('PENDING_PAYMENT');
    expect(await eventJobs(hold.id)).toEqual([]);
  });

  it('cannot be cancelled either (409 INVALID_TRANSITION): it is already over', async () => {
    const { owner, hold } = await overdueHold();
    const res = await cancel(owner, hold.id, { reason: 'Too late', version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { current: 'EXPIRED', requested: 'CANCELLED' } });
  });

  it('can still be confirmed a moment before its expiry', async () => {
    const { owner, hold } = await overdueHold();
    clock.set('2030-03-04T08:34:59Z');
    await setStatus(owner, hold.id, { status: 'CONFIRMED', version: 1 }).expect(200);
  });
});

describe('the version a person saw', () => {
  it.each([
    ['cancel', { reason: 'Changed plans' }],
    ['status', { status: 'CONFIRMED' }],
  ])('is required to %s (400 without it)', async (action, body) => {
    const { owner, service } = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true, slotIntervalMin: 60 } });
    await connectStripeQuietly(t, owner);
    const hold = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer(`nov-${action}`) }).expect(201)
    ).body;
    const res = await as(t, owner).post(`/v1/bookings/${hold.id}/${action}`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'body.version' })] });
    expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('PENDING_PAYMENT');
  });

  it.each([
    ['cancel', { reason: 'Changed plans' }],
    ['status', { status: 'CONFIRMED' }],
  ])('must be the current one to %s (409 VERSION_CONFLICT with expected and actual)', async (action, body) => {
    const { owner, service } = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true, slotIntervalMin: 60 } });
    await connectStripeQuietly(t, owner);
    const hold = (
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer(`stale-${action}`) }).expect(201)
    ).body;
    await as(t, owner).patch(`/v1/bookings/${hold.id}`).send({ version: 1, notes: 'Called ahead' }).expect(200);
    const res = await as(t, owner)
      .post(`/v1/bookings/${hold.id}/${action}`)
      .send({ ...body, version: 1 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 1, actual: 2 } });
    expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('PENDING_PAYMENT');
  });
});

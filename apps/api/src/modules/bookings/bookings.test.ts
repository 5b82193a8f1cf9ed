import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN } from '../../../test/factories';
import { connectStripeQuietly } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { holdExpiryJob, holdSweepJob } from './bookings.jobs';
import { apiContract, type TRouteMeta } from '@slotwise/contracts';
import type { ZodTypeAny } from 'zod';
import { routesOf } from '../../../test/routes';

// Monday 2030-03-04 08:00 London (UTC in winter).
const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  // Paid services take their holds through Stripe (the emulator).
  t = await createTestApp({ clock, stripe: true, env: { SESSION_IDLE_HOURS: '2160', SESSION_ABSOLUTE_DAYS: '365' } });
});
afterAll(() => t.close());

const book = (slug: string, body: Record<string, unknown>, key?: string) => {
  const req = t.http.post(`/v1/public/tenants/${slug}/bookings`).set('Origin', ORIGIN);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
};

describe('public booking', () => {
  it('books a free service as CONFIRMED and the slot disappears', async () => {
    const { owner, service, resource } = await setUpBookable(t);
    const slotsBefore = await t.http
      .get(`/v1/public/tenants/${owner.slug}/services/${service.id}/slots?from=2030-03-05&to=2030-03-05&timeZone=Europe/London`)
      .expect(200);
    expect(slotsBefore.body.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual(
      ['09', '10', '11', '12', '13', '14', '15', '16'].map((h) => `2030-03-05T${h}:00:00+00:00`),
    );
    const res = await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'America/New_York', customer: customer(1) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'CONFIRMED',
      startsAt: '2030-03-05T10:00:00.000Z',
      endsAt: '2030-03-05T11:00:00.000Z',
      timeZone: 'America/New_York',
      resource: { id: resource.id },
      customer: { email: 'c1@example.test' },
      holdExpiresAt: null,
    });
    expect(res.body.notes).toBeUndefined();
    const slotsAfter = await t.http
      .get(`/v1/public/tenants/${owner.slug}/services/${service.id}/slots?from=2030-03-05&to=2030-03-05&timeZone=Europe/London`)
      .expect(200);
    expect(slotsAfter.body.slots).toHaveLength(7);
    expect(slotsAfter.body.slots.map((s: { startsAt: string }) => s.startsAt)).not.toContain('2030-03-05T10:00:00+00:00');
    const trail = await as(t, owner).get(`/v1/audit/trail/booking/${res.body.id}`).expect(200);
    expect(trail.body.items[0]).toMatchObject({ action: 'booking.created', actorType: 'customer' });
  });

  it('answers 409 SLOT_UNAVAILABLE with the conflicting interval and nothing else', async () => {
    const { owner, service } = await setUpBookable(t, { service: { bufferAfterMin: 15 } });
    await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(2) }).expect(201);
    const clash = await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(3) });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      code: 'SLOT_UNAVAILABLE',
      details: { reason: 'CONFLICT', conflict: { startsAt: '2030-03-05T10:00:00.000Z', endsAt: '2030-03-05T11:15:00.000Z' } },
    });
    expect(JSON.stringify(clash.body)).not.toContain('c2@example.test');
  });

  it('respects buffers: adjacent blocked ranges may touch, overlapping ones may not', async () => {
    const { owner, service } = await setUpBookable(t, { service: { bufferAfterMin: 30, slotIntervalMin: 30 } });
    await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(4) }).expect(201);
    // 11:00 starts inside the 30-minute buffer after 10:00–11:00
    expect((await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T11:00:00Z', timeZone: 'UTC', customer: customer(5) })).status).toBe(409);
    // 11:30: its blocked range [11:30, 13:00) touches [10:00, 11:30) — allowed
    await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T11:30:00Z', timeZone: 'UTC', customer: customer(6) }).expect(201);
  });

  it.each([
    ['a past time', '2030-03-01T10:00:00Z', 422, 'TOO_SOON'],
    ['outside hours', '2030-03-05T07:00:00Z', 422, 'OUTSIDE_HOURS'],
    ['a weekend', '2030-03-09T10:00:00Z', 422, 'OUTSIDE_HOURS'],
    ['a start off the slot grid', '2030-03-05T10:10:00Z', 422, 'MISALIGNED'],
    ['beyond the horizon', '2031-06-03T10:00:00Z', 422, 'TOO_FAR'],
  ])('refuses %s with a 4xx and writes nothing', async (_label, startsAt, status, reason) => {
    const { owner, service } = await setUpBookable(t, { service: { maxAdvanceDays: 90 } });
    const before = await t.prisma.booking.count();
    const res = await book(owner.slug, { serviceId: service.id, startsAt, timeZone: 'UTC', customer: customer(7) });
    expect(res.status).toBe(status);
    expect(res.body.error.details).toMatchObject({ reason });
    expect(await t.prisma.booking.count()).toBe(before);
    expect(await t.prisma.customer.count({ where: { email: 'c7@example.test', tenantId: owner.tenantId } })).toBe(0);
  });

  it.each([
    ['no offset in startsAt', { startsAt: '2030-03-05T10:00:00' }],
    ['an unknown zone', { timeZone: 'Nowhere/City' }],
    ['a bad email', { customer: { name: 'X', email: 'nope' } }],
    ['an unknown field', { admin: true }],
  ])('refuses %s with 400', async (_label, patch) => {
    const { owner, service } = await setUpBookable(t);
    const res = await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(8), ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown tenant, an unknown or inactive service', async () => {
    const { owner, service } = await setUpBookable(t);
    const body = { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(9) };
    expect((await book('no-such-business', body)).status).toBe(404);
    expect((await book(owner.slug, { ...body, serviceId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    await as(t, owner).patch(`/v1/services/${service.id}`).send({ active: false }).expect(200);
    expect((await book(owner.slug, body)).status).toBe(404);
  });

  it('replays an Idempotency-Key retry and refuses the key with another body', async () => {
    const { owner, service } = await setUpBookable(t);
    const body = { serviceId: service.id, startsAt: '2030-03-05T13:00:00Z', timeZone: 'UTC', customer: customer(10) };
    const first = await book(owner.slug, body, 'retry-key-0001');
    const again = await book(owner.slug, body, 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await t.prisma.booking.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    const other = await book(owner.slug, { ...body, startsAt: '2030-03-05T14:00:00Z' }, 'retry-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    // keys expire after 24 hours
    clock.advanceMinutes(24 * 60 + 1);
    try {
      const later = await book(owner.slug, { ...body, startsAt: '2030-03-05T15:00:00Z' }, 'retry-key-0001');
      expect(later.status).toBe(201);
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });

  it('records what the route answered for the key: the public booking, not the staff view of it', async () => {
    const { owner, service } = await setUpBookable(t);
    const body = {
      serviceId: service.id,
      startsAt: '2030-03-05T12:00:00Z',
      timeZone: 'UTC',
      customer: { ...customer(11), phone: '+44 20 7946 0011' },
      notes: 'Side door',
    };
    const first = await book(owner.slug, body, 'answer-key-0001').expect(201);
    const [stored] = await t.prisma.idempotencyKey.findMany({ where: { tenantId: owner.tenantId, key: 'answer-key-0001' } });
    expect(stored).toMatchObject({ scope: 'booking.create:PUBLIC', responseStatus: 201, responseBody: first.body });
    // The staff view's fields (notes, the customer's id and phone) are not what the customer was answered.
    expect(JSON.stringify(stored!.responseBody)).not.toMatch(/Side door|7946|customerPhone/);
  });
});

describe('holds for paid services', () => {
  it('holds the slot as PENDING_PAYMENT and releases it when the hold expires', async () => {
    const { owner, service } = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true } });
    await connectStripeQuietly(t, owner);
    const res = await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(11) });
    expect(res.status).toBe(201);
    // A paid hold lasts Stripe's minimum Checkout Session (30 min) plus our margin: 35 minutes.
    expect(res.body).toMatchObject({ status: 'PENDING_PAYMENT', holdExpiresAt: '2030-03-04T08:35:00.000Z' });
    const job = await t.prisma.$queryRaw<
      { start_after: Date }[]
    >`SELECT start_after FROM pgboss.job WHERE name = 'booking.hold-expiry' AND data->>'bookingId' = ${res.body.id}`;
    expect(job[0]?.start_after.toISOString()).toBe('2030-03-04T08:35:00.000Z');

    // Before expiry the hold blocks the slot; running the job early changes nothing.
    await t.jobs.runNow(holdExpiryJob(t.deps), { tenantId: owner.tenantId, bookingId: res.body.id });
    expect((await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(12) })).status).toBe(409);

    clock.advanceMinutes(36);
    try {
      await t.jobs.runNow(holdExpiryJob(t.deps), { tenantId: owner.tenantId, bookingId: res.body.id });
      const held = await as(t, owner).get(`/v1/bookings/${res.body.id}`).expect(200);
      expect(held.body.status).toBe('EXPIRED');
      const trail = await as(t, owner).get(`/v1/audit/trail/booking/${res.body.id}`).expect(200);
      expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['booking.created', 'booking.expired']);
      await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer(12) }).expect(201);
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });

  it('the sweep expires holds whose job was missed, and a new booking does not wait for either', async () => {
    const { owner, service } = await setUpBookable(t, { service: { priceMinor: 4000, requiresPayment: true } });
    await connectStripeQuietly(t, owner);
    const res = await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-06T10:00:00Z', timeZone: 'UTC', customer: customer(13) });
    clock.advanceMinutes(45);
    try {
      // The slot is offered again as soon as the hold is over, before any job ran…
      const slots = await t.http.get(`/v1/public/tenants/${owner.slug}/services/${service.id}/slots?from=2030-03-06&to=2030-03-06&timeZone=UTC`).expect(200);
      expect(slots.body.slots.map((s: { startsAt: string }) => s.startsAt)).toContain('2030-03-06T10:00:00+00:00');
      // …and the sweep catches up on the stored status.
      await t.jobs.runNow(holdSweepJob(t.deps), {});
      expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: res.body.id } })).status).toBe('EXPIRED');
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });
});

describe('staff operations', () => {
  it('lists bookings by local date range, status and resource', async () => {
    const { owner, service, resource } = await setUpBookable(t);
    for (const [i, at] of ['2030-03-05T09:00:00Z', '2030-03-05T15:00:00Z', '2030-03-06T09:00:00Z'].entries()) {
      await book(owner.slug, { serviceId: service.id, startsAt: at, timeZone: 'UTC', customer: customer(`list${i}`) }).expect(201);
    }
    const day = await as(t, owner).get('/v1/bookings?from=2030-03-05&to=2030-03-05').expect(200);
    expect(day.body.items.map((b: { startsAt: string }) => b.startsAt)).toEqual(['2030-03-05T09:00:00.000Z', '2030-03-05T15:00:00.000Z']);
    const page1 = await as(t, owner).get(`/v1/bookings?resourceId=${resource.id}&limit=2`).expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await as(t, owner).get(`/v1/bookings?resourceId=${resource.id}&limit=2&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const search = await as(t, owner).get('/v1/bookings?q=customer%20list1').expect(200);
    expect(search.body.items).toHaveLength(1);
    // Latest first, page by page.
    const startsOf = (res: { body: { items: { startsAt: string }[] } }) => res.body.items.map((b) => b.startsAt);
    const latest = await as(t, owner).get('/v1/bookings?order=desc&limit=2').expect(200);
    expect(startsOf(latest)).toEqual(['2030-03-06T09:00:00.000Z', '2030-03-05T15:00:00.000Z']);
    const older = await as(t, owner).get(`/v1/bookings?order=desc&limit=2&cursor=${latest.body.nextCursor}`).expect(200);
    expect(startsOf(older)).toEqual(['2030-03-05T09:00:00.000Z']);
    expect(older.body.nextCursor).toBeNull();
    const sideways = await as(t, owner).get('/v1/bookings?order=newest').expect(400);
    expect(sideways.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'query.order' })] });
  });

  it('creates on behalf of a customer, overriding notice but never overlap', async () => {
    const { owner, service, resource } = await setUpBookable(t, { service: { minNoticeMin: 24 * 60 } });
    const tooSoon = await as(t, owner)
      .post('/v1/bookings')
      .send({ serviceId: service.id, resourceId: resource.id, startsAt: '2030-03-04T10:00:00Z', customer: customer('walkin') });
    expect(tooSoon.status).toBe(422);
    const walkIn = await as(t, owner)
      .post('/v1/bookings')
      .send({ serviceId: service.id, resourceId: resource.id, startsAt: '2030-03-04T10:15:00Z', customer: customer('walkin'), overrideNoticeAndHorizon: true });
    expect(walkIn.status).toBe(201);
    expect(walkIn.body).toMatchObject({ source: 'STAFF', status: 'CONFIRMED', timeZone: 'Europe/London' });
    const overlap = await as(t, owner).post('/v1/bookings').send({
      serviceId: service.id,
      resourceId: resource.id,
      startsAt: '2030-03-04T10:45:00Z',
      customerId: walkIn.body.customerId,
      overrideNoticeAndHorizon: true,
    });
    expect(overlap.status).toBe(409);
  });

  it('reschedules with the current version; a stale version answers 409 with expected, actual and the booking', async () => {
    const { owner, service } = await setUpBookable(t);
    const created = (await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T09:00:00Z', timeZone: 'UTC', customer: customer(20) })).body;
    clock.advanceMinutes(1); // the audit trail is ordered by time
    const moved = await as(t, owner).patch(`/v1/bookings/${created.id}`).send({ version: 1, startsAt: '2030-03-05T11:00:00Z' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: '2030-03-05T11:00:00.000Z', endsAt: '2030-03-05T12:00:00.000Z', version: 2 });
    const stale = await as(t, owner).patch(`/v1/bookings/${created.id}`).send({ version: 1, notes: 'late edit' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 1, actual: 2, current: { id: created.id, version: 2 } } });
    clock.advanceMinutes(1);
    const notes = await as(t, owner).patch(`/v1/bookings/${created.id}`).send({ version: 2, notes: 'Prefers the window seat' });
    clock.set('2030-03-04T08:00:00Z');
    expect(notes.body).toMatchObject({ notes: 'Prefers the window seat', version: 3 });
    const trail = await as(t, owner).get(`/v1/audit/trail/booking/${created.id}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['booking.created', 'booking.rescheduled', 'booking.updated']);
  });

  it('refuses a reschedule onto another booking with 409 SLOT_UNAVAILABLE and keeps the original', async () => {
    const { owner, service } = await setUpBookable(t);
    const a = (await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T09:00:00Z', timeZone: 'UTC', customer: customer(21) })).body;
    await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-05T11:00:00Z', timeZone: 'UTC', customer: customer(22) }).expect(201);
    const res = await as(t, owner).patch(`/v1/bookings/${a.id}`).send({ version: 1, startsAt: '2030-03-05T10:30:00Z' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SLOT_UNAVAILABLE');
    expect((await as(t, owner).get(`/v1/bookings/${a.id}`)).body).toMatchObject({ startsAt: '2030-03-05T09:00:00.000Z', version: 1 });
    // moving a booking within its own old time range is fine (it doesn't conflict with itself)
    await as(t, owner).patch(`/v1/bookings/${a.id}`).send({ version: 1, startsAt: '2030-03-05T09:30:00Z' }).expect(200);
  });

  it('enforces the status machine: every illegal transition is 409 INVALID_TRANSITION with the current status', async () => {
    const { owner, service } = await setUpBookable(t, { service: { slotIntervalMin: 60 } });
    const mk = async (hour: number) =>
      (
        await book(owner.slug, {
          serviceId: service.id,
          startsAt: `2030-03-07T${String(hour).padStart(2, '0')}:00:00Z`,
          timeZone: 'UTC',
          customer: customer(`s${hour}`),
        })
      ).body;
    const completed = await mk(9);
    const cancelled = await mk(10);
    const noShow = await mk(11);
    const c = await as(t, owner).post(`/v1/bookings/${cancelled.id}/cancel`).send({ reason: 'Customer called', version: 1 });
    expect(c.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Customer called', cancelledBy: owner.userId });
    // a cancelled booking frees its slot
    await book(owner.slug, { serviceId: service.id, startsAt: '2030-03-07T10:00:00Z', timeZone: 'UTC', customer: customer('s10b') }).expect(201);
    const moveCancelled = await as(t, owner).patch(`/v1/bookings/${cancelled.id}`).send({ version: c.body.version, startsAt: '2030-03-07T13:00:00Z' });
    expect(moveCancelled.status).toBe(409);
    expect(moveCancelled.body.error.code).toBe('INVALID_TRANSITION');

    clock.set('2030-03-07T12:00:00Z'); // all three have started
    try {
      await as(t, owner).post(`/v1/bookings/${completed.id}/status`).send({ status: 'COMPLETED', version: 1 }).expect(200);
      await as(t, owner).post(`/v1/bookings/${noShow.id}/status`).send({ status: 'NO_SHOW', version: 1 }).expect(200);
      const illegal: [string, string, Record<string, unknown>, string][] = [
        [completed.id, 'cancel', { reason: 'x', version: 2 }, 'COMPLETED'],
        [completed.id, 'status', { status: 'NO_SHOW', version: 2 }, 'COMPLETED'],
        [cancelled.id, 'status', { status: 'COMPLETED', version: 2 }, 'CANCELLED'],
        [cancelled.id, 'cancel', { reason: 'again', version: 2 }, 'CANCELLED'],
        [cancelled.id, 'status', { status: 'CONFIRMED', version: 2 }, 'CANCELLED'],
        [noShow.id, 'status', { status: 'COMPLETED', version: 2 }, 'NO_SHOW'],
        [noShow.id, 'cancel', { reason: 'x', version: 2 }, 'NO_SHOW'],
      ];
      for (const [id, action, body, current] of illegal) {
        const res = await as(t, owner).post(`/v1/bookings/${id}/${action}`).send(body);
        expect(res.status, `${action} on ${current}`).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { current } });
      }
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });

  it('rejects end-before-start style mistakes in slot queries and over-long ranges', async () => {
    const { owner, service } = await setUpBookable(t);
    const base = `/v1/public/tenants/${owner.slug}/services/${service.id}/slots`;
    expect((await t.http.get(`${base}?from=2030-03-10&to=2030-03-05&timeZone=UTC`)).status).toBe(400);
    expect((await t.http.get(`${base}?from=2030-03-01&to=2030-05-15&timeZone=UTC`)).status).toBe(400);
    expect((await t.http.get(`${base}?from=2030-02-30&to=2030-03-01&timeZone=UTC`)).status).toBe(400);
    expect((await t.http.get(`${base}?from=2030-03-01&to=2030-03-02&timeZone=Mars/Base`)).status).toBe(400);
  });
});

describe('slot lists (mounted without response validation)', () => {
  it('answer exactly what the contract schema allows, for every route that skips the re-check', async () => {
    const { owner, service, resource } = await setUpBookable(t);
    const skipping = routesOf(apiContract).filter(([, r]) => (r.metadata as TRouteMeta | undefined)?.skipResponseValidation);
    expect(skipping.map(([name]) => name).sort()).toEqual(['public.slots', 'services.slots']);
    const calls: Record<string, () => Promise<{ status: number; body: unknown }>> = {
      'public.slots': () => t.http.get(`/v1/public/tenants/${owner.slug}/services/${service.id}/slots?from=2030-03-05&to=2030-03-06&timeZone=Asia/Kolkata`),
      'services.slots': () =>
        as(t, owner).get(`/v1/services/${service.id}/slots?from=2030-03-05&to=2030-03-06&timeZone=Europe/London&resourceId=${resource.id}`),
    };
    for (const [name, route] of skipping) {
      const res = await calls[name]!();
      expect(res.status).toBe(200);
      const schema = route.responses[200] as ZodTypeAny;
      // Parsing strips unknown keys: equality means nothing beyond the contract was sent.
      expect(schema.parse(res.body)).toEqual(res.body);
      expect((res.body as { slots: unknown[] }).slots.length).toBeGreaterThan(0);
    }
  });
});

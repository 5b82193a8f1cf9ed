import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN } from '../../../test/factories';
import { connectStripeQuietly } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { manageUrl } from './manage-link';

// Monday 2030-03-04 08:00 London; the tenant's cutoff is 24 h.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true, env: { SESSION_IDLE_HOURS: '2160' } });
});
afterAll(() => t.close());

async function bookedWithLink(startsAt = '2030-03-06T10:00:00Z', service: Record<string, unknown> = {}) {
  const world = await setUpBookable(t, { service });
  if (service.requiresPayment) await connectStripeQuietly(t, world.owner);
  const res = await t.http
    .post(`/v1/public/tenants/${world.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: world.service.id, startsAt, timeZone: 'America/New_York', customer: customer('self') })
    .expect(201);
  const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: res.body.id } });
  const token = manageUrl(t.deps, row).split('/').pop()!;
  return { ...world, booking: res.body, token };
}

describe('customer self-service through the manage link', () => {
  it('shows the booking, the business and the policy', async () => {
    const { token, booking, owner } = await bookedWithLink();
    const res = await t.http.get(`/v1/public/manage/${token}`).expect(200);
    expect(res.body.booking).toMatchObject({ id: booking.id, status: 'CONFIRMED', version: 1, timeZone: 'America/New_York' });
    expect(res.body.tenant.slug).toBe(owner.slug);
    expect(res.body.policy).toEqual({
      canCancel: true,
      canReschedule: true,
      changeableUntil: '2030-03-05T10:00:00.000Z',
      cutoffHours: 24,
      reason: null,
      // The business's default policy; nothing was paid online, so cancelling refunds nothing.
      cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 0 },
      refundOnCancel: null,
    });
  });

  it('rejects a tampered, truncated or foreign-key token with 404', async () => {
    const { token } = await bookedWithLink();
    const [payload, sig] = token.split('.') as [string, string];
    const flipped = `${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), b: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    for (const bad of [flipped, `${otherPayload}.${sig}`, `${payload}.`, 'abc.def'.padEnd(25, 'x')]) {
      const res = await t.http.get(`/v1/public/manage/${encodeURIComponent(bad)}`);
      expect([400, 404], bad).toContain(res.status);
    }
    await t.http.post(`/v1/public/manage/${flipped}/cancel`).set('Origin', ORIGIN).send({ reason: 'x', version: 1 }).expect(404);
  });

  it('rejects an expired token', async () => {
    const { token } = await bookedWithLink();
    clock.advanceMinutes(40 * 24 * 60);
    try {
      await t.http.get(`/v1/public/manage/${token}`).expect(404);
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });

  it('cancels before the cutoff, and the slot is free again', async () => {
    const { token, owner, service, booking } = await bookedWithLink();
    const res = await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'Feeling unwell', version: 1 }).expect(200);
    expect(res.body.booking.status).toBe('CANCELLED');
    expect(res.body.policy).toMatchObject({ canCancel: false, reason: 'NOT_ACTIVE' });
    const staffView = await as(t, owner).get(`/v1/bookings/${booking.id}`).expect(200);
    expect(staffView.body).toMatchObject({ cancellationReason: 'Feeling unwell', cancelledBy: 'customer' });
    const slots = await t.http.get(`/v1/public/tenants/${owner.slug}/services/${service.id}/slots?from=2030-03-06&to=2030-03-06&timeZone=UTC`).expect(200);
    expect(slots.body.slots.map((s: { startsAt: string }) => s.startsAt)).toContain('2030-03-06T10:00:00+00:00');
  });

  it('enforces the cutoff: inside it, cancel and reschedule answer 422 with the policy', async () => {
    const { token } = await bookedWithLink('2030-03-05T10:00:00Z');
    clock.set('2030-03-04T12:00:00Z'); // 22 h before the start
    try {
      const view = await t.http.get(`/v1/public/manage/${token}`).expect(200);
      expect(view.body.policy).toMatchObject({ canCancel: false, canReschedule: false, reason: 'CUTOFF_PASSED' });
      const cancel = await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'late', version: 1 });
      expect(cancel.status).toBe(422);
      expect(cancel.body.error.details).toMatchObject({ reason: 'CUTOFF_PASSED', changeableUntil: '2030-03-04T10:00:00.000Z' });
      const move = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-07T10:00:00Z', version: 1 });
      expect(move.status).toBe(422);
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });

  it('reschedules to a free slot, and a taken slot answers 409 with the booking unchanged', async () => {
    const { token, owner, service } = await bookedWithLink();
    await t.http
      .post(`/v1/public/tenants/${owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: service.id, startsAt: '2030-03-07T11:00:00Z', timeZone: 'UTC', customer: customer('other') })
      .expect(201);
    const clash = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-07T11:00:00Z', version: 1 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('SLOT_UNAVAILABLE');
    const moved = await t.http
      .post(`/v1/public/manage/${token}/reschedule`)
      .set('Origin', ORIGIN)
      .send({ startsAt: '2030-03-07T12:00:00Z', version: 1 })
      .expect(200);
    expect(moved.body.booking).toMatchObject({ startsAt: '2030-03-07T12:00:00.000Z', version: 2 });
    const stale = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-07T14:00:00Z', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const offGrid = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-07T14:20:00Z', version: 2 });
    expect(offGrid.status).toBe(422);
  });

  it("answers a version conflict with the customer's view of the booking, never the staff view", async () => {
    const { owner, service } = await setUpBookable(t);
    const created = await t.http
      .post(`/v1/public/tenants/${owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({
        serviceId: service.id,
        startsAt: '2030-03-06T10:00:00Z',
        timeZone: 'UTC',
        notes: 'Customer note',
        customer: { ...customer('conflict'), phone: '+44 20 7946 0001' },
      })
      .expect(201);
    const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: created.body.id } });
    const token = manageUrl(t.deps, row).split('/').pop()!;
    // Staff change it after the customer opened the page (version 1).
    await as(t, owner).patch(`/v1/bookings/${row.id}`).send({ version: 1, notes: 'Staff only: difficult customer' }).expect(200);
    const view = await t.http.get(`/v1/public/manage/${token}`).expect(200);

    const attempts = [
      t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-06T12:00:00Z', version: 1 }),
      t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'Old page', version: 1 }),
    ];
    for (const stale of attempts) {
      const res = await stale;
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 1, actual: 2 } });
      // Exactly what the manage page shows, nothing of the staff view.
      expect(res.body.error.details.current).toEqual(view.body.booking);
      const text = JSON.stringify(res.body);
      for (const secret of [
        'Staff only',
        'Customer note',
        '+44 20 7946 0001',
        owner.userId,
        '"notes"',
        '"phone"',
        '"customerId"',
        '"cancelledBy"',
        '"source"',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(await t.prisma.booking.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'CONFIRMED', version: 2 });
  });

  it('cancels only with the version the customer saw: 400 without one, 409 with an outdated one', async () => {
    const { token, owner, booking } = await bookedWithLink();
    const missing = await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'No version' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'body.version' })] });
    // Staff moved it meanwhile; the customer's page still shows version 1.
    await as(t, owner).patch(`/v1/bookings/${booking.id}`).send({ version: 1, startsAt: '2030-03-06T12:00:00Z' }).expect(200);
    const stale = await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'Old page', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 1, actual: 2 } });
    expect((await as(t, owner).get(`/v1/bookings/${booking.id}`)).body).toMatchObject({ status: 'CONFIRMED', version: 2 });
    await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'Fresh page', version: 2 }).expect(200);
  });

  it('treats a hold past its expiry as expired before the sweep: shown so, and neither cancelled nor moved', async () => {
    const { token, booking } = await bookedWithLink('2030-03-06T10:00:00Z', { priceMinor: 4000, requiresPayment: true });
    expect(booking).toMatchObject({ status: 'PENDING_PAYMENT', holdExpiresAt: '2030-03-04T08:35:00.000Z' }); // 35-minute paid hold
    clock.set('2030-03-04T08:36:00Z');
    try {
      const view = await t.http.get(`/v1/public/manage/${token}`).expect(200);
      expect(view.body.booking.status).toBe('EXPIRED');
      expect(view.body.policy).toMatchObject({ canCancel: false, canReschedule: false, reason: 'NOT_ACTIVE' });
      const cancel = await t.http.post(`/v1/public/manage/${token}/cancel`).set('Origin', ORIGIN).send({ reason: 'Too late', version: 1 });
      expect(cancel.status).toBe(409);
      expect(cancel.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { current: 'EXPIRED' } });
      const move = await t.http.post(`/v1/public/manage/${token}/reschedule`).set('Origin', ORIGIN).send({ startsAt: '2030-03-07T10:00:00Z', version: 1 });
      expect(move.status).toBe(409);
      expect(move.body.error.code).toBe('INVALID_TRANSITION');
      expect((await t.prisma.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe('PENDING_PAYMENT');
    } finally {
      clock.set('2030-03-04T08:00:00Z');
    }
  });
});

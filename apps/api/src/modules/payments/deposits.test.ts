import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { createResource, createService } from '../../../test/catalog-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { bookingEventJob, emailJob } from '../notifications/notifications.jobs';
import type { BookingEvent, EmailJobData } from '../notifications/notifications.queues';
import { manageUrl } from '../selfservice/manage-link';

/**
 * Deposits end to end: a service asking for a fixed or a percentage deposit, Checkout on the
 * Stripe emulator charging the deposit (the platform fee on it), the balance due shown and then
 * recorded by staff at the venue, and the refund rules applying to what was paid online only.
 */

const START = '2030-03-04T08:00:00Z'; // Monday
const clock = new ManualClock(START);
let smtp: SmtpCapture;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, stripe: true, env: { SMTP_URL: smtp.url, SESSION_IDLE_HOURS: '2160' } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
afterEach(() => clock.set(START));

const PRICE = 8000;
const SLOT = '2030-03-08T10:00:00Z';
/** After the 72-hour free window of SLOT, before the manage link's 24-hour cutoff. */
const LATE = '2030-03-06T08:00:00Z';

type World = { owner: Staff; serviceId: string; accountId: string };

async function depositWorld(service: Record<string, unknown>): Promise<World> {
  const w = await setUpBookable(t, {
    service: { name: 'Colour', requiresPayment: true, priceMinor: PRICE, cancellationPolicy: { freeCancellationHours: 72, lateRefundPercent: 50 }, ...service },
  });
  const { accountId } = await connectStripe(t, w.owner);
  return { owner: w.owner, serviceId: w.service.id, accountId };
}

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function stripeGet(path: string, account?: string) {
  const res = await fetch(`${t.stripe!.url}/v1${path}`, {
    headers: { authorization: 'Bearer sk_test_slotwise_tests', ...(account ? { 'stripe-account': account } : {}) },
  });
  return (await res.json()) as { data: Record<string, unknown>[] } & Record<string, unknown>;
}

async function waitFor<T>(what: string, fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let n = 0;
const hold = async (w: World, startsAt = SLOT) => {
  const who = `deposit${++n}`;
  const res = await t.http
    .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: w.serviceId, startsAt, timeZone: 'Europe/London', customer: customer(who) })
    .expect(201);
  return { body: res.body, email: `c${who}@example.test` };
};
async function paidDeposit(w: World, startsAt = SLOT) {
  const { body, email } = await hold(w, startsAt);
  await control(`/checkout/sessions/${body.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' });
  await t.stripe!.settle();
  const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: body.id } });
  return { id: body.id as string, checkout: body.payment, email, token: manageUrl(t.deps, row).split('/').pop()!, booking: await staffBooking(w, body.id) };
}
const staffBooking = async (w: World, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
const recordBalance = (who: Staff, id: string, method = 'CASH') => as(t, who).post(`/v1/bookings/${id}/payment/balance`).send({ method });
const history = async (w: World, id: string) =>
  (await as(t, w.owner).get(`/v1/bookings/${id}/history`).expect(200)).body.items as { action: string; actorId: string | null; changes: unknown }[];

async function runConfirmationEmail(bookingId: string) {
  const events = await t.prisma.$queryRaw<{ data: BookingEvent }[]>`
    SELECT data FROM pgboss.job WHERE name = 'booking.event' AND state = 'created' AND data->>'bookingId' = ${bookingId}`;
  for (const e of events) await t.jobs.runNow(bookingEventJob(t.deps), e.data);
  const emails = await t.prisma.$queryRaw<{ data: EmailJobData }[]>`
    SELECT data FROM pgboss.job WHERE name = 'email.send' AND state = 'created' AND data->>'bookingId' = ${bookingId} AND data->>'kind' = 'booking.confirmation'`;
  for (const e of emails) await t.jobs.runNow(emailJob(t.deps), e.data);
}

describe('a fixed deposit', () => {
  it('is what Checkout charges (fee on it), the balance is due at the venue, and staff record it paid, audited, once', async () => {
    const w = await depositWorld({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000 });
    const services = await t.http.get(`/v1/public/tenants/${w.owner.slug}/services`).expect(200);
    expect(services.body.items[0]).toMatchObject({ paymentMode: 'DEPOSIT_FIXED', payOnlineMinor: 2000, priceMinor: PRICE });

    const { body, email } = await hold(w);
    expect(body).toMatchObject({ priceMinor: PRICE, payment: { kind: 'DEPOSIT', amountMinor: 2000, applicationFeeMinor: 100, currency: 'EUR' } });
    const session = await stripeGet(`/checkout/sessions/${body.payment.checkoutSessionId}?expand[]=line_items`, w.accountId);
    expect(session.amount_total).toBe(2000);
    expect((session.line_items as { data: { description: string; amount_total: number }[] }).data).toEqual([
      expect.objectContaining({ description: 'Deposit for Colour', amount_total: 2000 }),
    ]);

    await control(`/checkout/sessions/${body.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' });
    await t.stripe!.settle();
    const paid = await staffBooking(w, body.id);
    expect(paid).toMatchObject({
      status: 'CONFIRMED',
      priceMinor: PRICE,
      payment: {
        status: 'SUCCEEDED',
        kind: 'DEPOSIT',
        amountMinor: 2000,
        applicationFeeMinor: 100,
        priceMinor: PRICE,
        balanceDueMinor: 6000,
        balance: null,
        refundableMinor: 2000,
      },
    });
    const intent = await stripeGet(`/payment_intents/${paid.payment.paymentIntentId}`, w.accountId);
    expect(intent).toMatchObject({ amount: 2000, application_fee_amount: 100 });

    await runConfirmationEmail(body.id);
    const mail = smtp.messages().find((m) => m.to.includes(email) && m.subject.startsWith('Confirmed'));
    expect(mail?.text).toContain('Deposit paid: €20.00 · balance due at the venue: €60.00');

    // Any staff member records the balance at the venue.
    const staff = await addMember(t, w.owner, 'STAFF');
    const recorded = await recordBalance(staff, body.id, 'CARD_TERMINAL').expect(200);
    expect(recorded.body).toMatchObject({
      id: paid.payment.id,
      kind: 'DEPOSIT',
      status: 'SUCCEEDED',
      balanceDueMinor: 0,
      balance: { amountMinor: 6000, method: 'CARD_TERMINAL', recordedAt: '2030-03-04T08:00:00.000Z', recordedBy: 'STAFF person' },
    });
    expect((await staffBooking(w, body.id)).payment).toEqual(recorded.body);
    expect(await t.prisma.payment.findUniqueOrThrow({ where: { id: paid.payment.id }, select: { balancePaidMinor: true, balanceRecordedBy: true } })).toEqual({
      balancePaidMinor: 6000,
      balanceRecordedBy: staff.userId,
    });
    const entry = (await history(w, body.id)).find((h) => h.action === 'payment.balance_recorded');
    expect(entry).toMatchObject({
      actorId: staff.userId,
      changes: { before: { balancePaidMinor: null }, after: expect.objectContaining({ balancePaidMinor: 6000, balanceMethod: 'CARD_TERMINAL' }) },
    });

    // Once only.
    const again = await recordBalance(w.owner, body.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect((await history(w, body.id)).filter((h) => h.action === 'payment.balance_recorded')).toHaveLength(1);
  });

  it('refuses to record a balance with 409 when there is none to pay, and 404 for another business', async () => {
    const full = await depositWorld({ paymentMode: 'FULL' });
    const fullyPaid = await paidDeposit(full);
    expect(fullyPaid.booking.payment).toMatchObject({ kind: 'FULL', amountMinor: PRICE, balanceDueMinor: 0 });
    expect((await recordBalance(full.owner, fullyPaid.id)).status).toBe(409);

    const w = await depositWorld({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000 });
    const unpaid = (await hold(w)).body;
    const res = await recordBalance(w.owner, unpaid.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');

    const cancelled = await paidDeposit(w, '2030-03-08T12:00:00Z');
    await as(t, w.owner).post(`/v1/bookings/${cancelled.id}/cancel`).send({ reason: 'Closed', version: cancelled.booking.version }).expect(200);
    expect((await recordBalance(w.owner, cancelled.id)).status).toBe(409);

    expect((await recordBalance(full.owner, cancelled.id)).status).toBe(404);
    expect(await t.prisma.payment.count({ where: { bookingId: { in: [fullyPaid.id, unpaid.id, cancelled.id] }, balancePaidMinor: { not: null } } })).toBe(0);
  });
});

describe('a percentage deposit', () => {
  it('charges the percentage of the price, and refunds follow the policy on the deposit only', async () => {
    const w = await depositWorld({ paymentMode: 'DEPOSIT_PERCENT', depositPercent: 30 });
    const services = await t.http.get(`/v1/public/tenants/${w.owner.slug}/services`).expect(200);
    expect(services.body.items[0]).toMatchObject({ paymentMode: 'DEPOSIT_PERCENT', payOnlineMinor: 2400 });
    const { id, checkout, token, booking } = await paidDeposit(w);
    expect(checkout).toMatchObject({ kind: 'DEPOSIT', amountMinor: 2400, applicationFeeMinor: 120 });
    expect(booking.payment).toMatchObject({ kind: 'DEPOSIT', amountMinor: 2400, balanceDueMinor: 5600 });

    clock.set(LATE);
    const view = (await t.http.get(`/v1/public/manage/${token}`).expect(200)).body;
    expect(view.policy.refundOnCancel).toMatchObject({ paidMinor: 2400, refundMinor: 1200, percent: 50 });
    await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Ill', version: view.booking.version, expectedRefundMinor: 1200 })
      .expect(200);
    const refunded = await waitFor(
      'deposit refunded in part',
      () => staffBooking(w, id),
      (b) => b.payment.status === 'PARTIALLY_REFUNDED',
    );
    expect(refunded.payment).toMatchObject({ amountMinor: 2400, refundedMinor: 1200, refundableMinor: 1200 });
    expect(refunded.payment.refunds).toEqual([expect.objectContaining({ amountMinor: 1200, applicationFeeRefundMinor: 60 })]);
    expect((await stripeGet(`/refunds?payment_intent=${booking.payment.paymentIntentId}`, w.accountId)).data).toEqual([
      expect.objectContaining({ amount: 1200, status: 'succeeded' }),
    ]);
  });

  it('a staff cancel refunds the deposit in full, never the price', async () => {
    const w = await depositWorld({ paymentMode: 'DEPOSIT_PERCENT', depositPercent: 25 });
    const { id, booking } = await paidDeposit(w);
    await as(t, w.owner).post(`/v1/bookings/${id}/cancel`).send({ reason: 'Closed', version: booking.version }).expect(200);
    const refunded = await waitFor(
      'deposit refunded',
      () => staffBooking(w, id),
      (b) => b.payment.status === 'REFUNDED',
    );
    expect(refunded.payment).toMatchObject({ amountMinor: 2000, refundedMinor: 2000, balanceDueMinor: 0 });
    expect((await stripeGet(`/refunds?payment_intent=${booking.payment.paymentIntentId}`, w.accountId)).data).toEqual([
      expect.objectContaining({ amount: 2000 }),
    ]);
  });

  it('owes no balance once the booking is cancelled, even with part of the deposit kept', async () => {
    const w = await depositWorld({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000 });
    const { id, booking } = await paidDeposit(w);
    clock.set(LATE);
    await as(t, w.owner).post(`/v1/bookings/${id}/cancel`).send({ reason: 'Closed', version: booking.version, refund: 'POLICY' }).expect(200);
    const cancelled = await waitFor(
      'half the deposit refunded',
      () => staffBooking(w, id),
      (b) => b.payment.status === 'PARTIALLY_REFUNDED',
    );
    expect(cancelled.payment).toMatchObject({ amountMinor: 2000, refundedMinor: 1000, balanceDueMinor: 0, balance: null });
  });
});

describe('a service’s deposit and policy settings', () => {
  it('are checked against the stored service: 400 on the field at fault, never a 500, and nothing changes', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const s = await createService(t, owner, {
      resourceIds: [r.id],
      requiresPayment: true,
      priceMinor: PRICE,
      paymentMode: 'DEPOSIT_FIXED',
      depositMinor: 2000,
    });
    expect(s).toMatchObject({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000, depositPercent: null, cancellationPolicy: null });

    const cases: [Record<string, unknown>, string][] = [
      [{ priceMinor: 1500 }, 'body.priceMinor'], // the price alone drops to or below the fixed deposit
      [{ priceMinor: 2000 }, 'body.priceMinor'],
      [{ depositMinor: 8000 }, 'body.depositMinor'],
      [{ depositMinor: 10 }, 'body.depositMinor'], // below Stripe's minimum charge for EUR
      [{ paymentMode: 'DEPOSIT_PERCENT' }, 'body.paymentMode'], // no percentage
      [{ paymentMode: 'DEPOSIT_PERCENT', depositPercent: 100 }, 'body.depositPercent'],
      [{ cancellationPolicy: { freeCancellationHours: 24 } }, 'body.cancellationPolicy.lateRefundPercent'],
      [{ cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 101 } }, 'body.cancellationPolicy.lateRefundPercent'],
    ];
    for (const [patch, path] of cases) {
      const res = await as(t, owner).patch(`/v1/services/${s.id}`).send(patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(patch),
      ).toContain(path);
    }
    expect((await as(t, owner).get(`/v1/services/${s.id}`).expect(200)).body).toEqual(s);

    // Valid changes: the price with the deposit, a percentage (the fixed amount goes), a policy of its own and back.
    const both = await as(t, owner).patch(`/v1/services/${s.id}`).send({ priceMinor: 1500, depositMinor: 500 }).expect(200);
    expect(both.body).toMatchObject({ priceMinor: 1500, depositMinor: 500 });
    const percent = await as(t, owner)
      .patch(`/v1/services/${s.id}`)
      .send({ paymentMode: 'DEPOSIT_PERCENT', depositPercent: 40, cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 20 } })
      .expect(200);
    expect(percent.body).toMatchObject({
      paymentMode: 'DEPOSIT_PERCENT',
      depositPercent: 40,
      depositMinor: null,
      cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 20 },
    });
    expect(await t.prisma.service.findUniqueOrThrow({ where: { id: s.id }, select: { freeCancellationHours: true, lateRefundPercent: true } })).toEqual({
      freeCancellationHours: 48,
      lateRefundPercent: 20,
    });
    const back = await as(t, owner).patch(`/v1/services/${s.id}`).send({ cancellationPolicy: null, paymentMode: 'FULL' }).expect(200);
    expect(back.body).toMatchObject({ paymentMode: 'FULL', depositMinor: null, depositPercent: null, cancellationPolicy: null });

    // Audited with the fields.
    const trail = (await as(t, owner).get(`/v1/audit/trail/service/${s.id}`).expect(200)).body.items as {
      action: string;
      changes: { before: object; after: object };
    }[];
    const changes = trail.filter((e) => e.action === 'service.updated').map((e) => e.changes);
    expect(changes).toContainEqual({
      before: expect.objectContaining({ paymentMode: 'DEPOSIT_FIXED', depositMinor: 500, depositPercent: null, cancellationPolicy: null }),
      after: expect.objectContaining({
        paymentMode: 'DEPOSIT_PERCENT',
        depositMinor: null,
        depositPercent: 40,
        cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 20 },
      }),
    });

    // On create too: a fixed deposit at the price is refused on its field.
    const bad = await as(t, owner)
      .post('/v1/services')
      .send({ name: 'X', durationMin: 30, priceMinor: 1000, currency: 'EUR', resourceIds: [r.id], paymentMode: 'DEPOSIT_FIXED', depositMinor: 1000 });
    expect(bad.status).toBe(400);
  });
});

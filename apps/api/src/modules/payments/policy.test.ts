import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { bookingEventJob, emailJob } from '../notifications/notifications.jobs';
import type { BookingEvent, EmailJobData } from '../notifications/notifications.queues';
import { manageUrl } from '../selfservice/manage-link';

/**
 * The cancellation policy end to end: paid bookings through Checkout on the Stripe emulator (the
 * app's real SDK, webhooks processed by its payments workers), cancelled by the customer through
 * their manage link or by staff, and the refund the policy gives made at Stripe — the amount
 * shown before cancelling is the amount refunded, as the emulator has it.
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
const FEE = 400; // 5 % platform fee
/** Friday 10:00 London; with a 72-hour free window, free cancellation ends Tuesday 10:00. */
const SLOT = '2030-03-08T10:00:00Z';
const FREE_UNTIL = '2030-03-05T10:00:00.000Z';
/** Wednesday: after the free window, before the manage link's 24-hour cutoff. */
const LATE = '2030-03-06T08:00:00Z';
const POLICY_72_50 = { freeCancellationHours: 72, lateRefundPercent: 50 };

type World = { owner: Staff; serviceId: string; resourceId: string; accountId: string };

async function paidWorld(service: Record<string, unknown> = {}): Promise<World> {
  const w = await setUpBookable(t, { service: { name: 'Colour', requiresPayment: true, priceMinor: PRICE, cancellationPolicy: POLICY_72_50, ...service } });
  const { accountId } = await connectStripe(t, w.owner);
  return { owner: w.owner, serviceId: w.service.id, resourceId: w.resource.id, accountId };
}

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Stripe's API as our platform sees it. */
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
/** A booking paid through Checkout with 4242 and confirmed, with its manage-link token. */
async function paidBooking(w: World, startsAt = SLOT) {
  const who = `policy${++n}`;
  const res = await t.http
    .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: w.serviceId, startsAt, timeZone: 'Europe/London', customer: customer(who) })
    .expect(201);
  await control(`/checkout/sessions/${res.body.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' });
  await t.stripe!.settle();
  const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: res.body.id } });
  const token = manageUrl(t.deps, row).split('/').pop()!;
  const booking = await staffBooking(w, res.body.id);
  expect(booking).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', amountMinor: PRICE } });
  return { id: res.body.id as string, token, booking, email: `c${who}@example.test` };
}

const staffBooking = async (w: World, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
const manageView = async (token: string) => (await t.http.get(`/v1/public/manage/${token}`).expect(200)).body;
const stripeRefunds = async (w: World, paymentIntentId: string) => (await stripeGet(`/refunds?payment_intent=${paymentIntentId}`, w.accountId)).data;
const feeOf = async (w: World) => (await stripeGet('/application_fees?limit=100')).data.filter((f) => f.account === w.accountId);
/** The booking once its refund is made at Stripe (the refund job runs in the payments workers). */
const settledRefund = (w: World, id: string, status: string) =>
  waitFor(
    `payment ${status}`,
    () => staffBooking(w, id),
    (b) => b.payment?.status === status && b.payment.refundPendingMinor === 0,
  );

describe('a customer cancelling a paid booking through the manage link', () => {
  it('before the free cutoff: is shown a full refund, and gets exactly that at Stripe, fee included', async () => {
    const w = await paidWorld();
    const { id, token, booking } = await paidBooking(w);
    const view = await manageView(token);
    expect(view.policy).toMatchObject({
      canCancel: true,
      cancellationPolicy: POLICY_72_50,
      refundOnCancel: { paidMinor: PRICE, refundMinor: PRICE, percent: 100, currency: 'EUR', freeUntil: FREE_UNTIL },
    });

    const cancelled = await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Plans changed', version: view.booking.version, expectedRefundMinor: PRICE })
      .expect(200);
    expect(cancelled.body.booking.status).toBe('CANCELLED');

    const refunded = await settledRefund(w, id, 'REFUNDED');
    expect(refunded.payment).toMatchObject({ refundedMinor: PRICE, refundableMinor: 0 });
    expect(refunded.payment.refunds).toEqual([
      expect.objectContaining({
        status: 'SUCCEEDED',
        origin: 'CANCELLATION_POLICY',
        amountMinor: PRICE,
        applicationFeeRefundMinor: FEE,
        reason: 'Cancelled by the customer (cancellation policy: 100 %)',
      }),
    ]);
    expect(await stripeRefunds(w, booking.payment.paymentIntentId)).toEqual([expect.objectContaining({ amount: PRICE, status: 'succeeded' })]);
    expect(await feeOf(w)).toEqual([expect.objectContaining({ amount: FEE, amount_refunded: FEE })]);
  });

  it('after the free window: is shown the late percentage of what was paid, and gets exactly that, the fee returned in proportion', async () => {
    const w = await paidWorld();
    const { id, token, booking } = await paidBooking(w);
    clock.set(LATE);
    const view = await manageView(token);
    expect(view.policy.refundOnCancel).toEqual({ paidMinor: PRICE, refundMinor: 4000, percent: 50, currency: 'EUR', freeUntil: FREE_UNTIL });

    await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Plans changed', version: view.booking.version, expectedRefundMinor: view.policy.refundOnCancel.refundMinor })
      .expect(200);

    const refunded = await settledRefund(w, id, 'PARTIALLY_REFUNDED');
    expect(refunded).toMatchObject({ status: 'CANCELLED', payment: { refundedMinor: 4000, refundableMinor: 4000 } });
    expect(refunded.payment.refunds).toEqual([
      expect.objectContaining({
        origin: 'CANCELLATION_POLICY',
        amountMinor: 4000,
        applicationFeeRefundMinor: FEE / 2,
        reason: 'Cancelled by the customer (cancellation policy: 50 %)',
      }),
    ]);
    // What the customer was shown is what Stripe refunded.
    expect(await stripeRefunds(w, booking.payment.paymentIntentId)).toEqual([
      expect.objectContaining({ amount: view.policy.refundOnCancel.refundMinor, status: 'succeeded' }),
    ]);
    expect(await feeOf(w)).toEqual([expect.objectContaining({ amount: FEE, amount_refunded: FEE / 2 })]);
  });

  it('at 0 %: is told nothing comes back, and cancelling makes no refund', async () => {
    const w = await paidWorld({ cancellationPolicy: { freeCancellationHours: 72, lateRefundPercent: 0 } });
    const { id, token, booking } = await paidBooking(w);
    clock.set(LATE);
    const view = await manageView(token);
    expect(view.policy.refundOnCancel).toMatchObject({ refundMinor: 0, percent: 0 });
    await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Plans changed', version: view.booking.version, expectedRefundMinor: 0 })
      .expect(200);
    const after = await staffBooking(w, id);
    expect(after).toMatchObject({ status: 'CANCELLED', payment: { status: 'SUCCEEDED', refunds: [], refundableMinor: PRICE } });
    expect(await t.prisma.refund.count({ where: { bookingId: id } })).toBe(0);
    await t.stripe!.settle();
    expect(await stripeRefunds(w, booking.payment.paymentIntentId)).toEqual([]);
  });

  it('answers 409 with both amounts, changing nothing, when the refund shown is no longer the refund (the free window closed meanwhile)', async () => {
    const w = await paidWorld();
    const { id, token, booking } = await paidBooking(w);
    const shown = (await manageView(token)).policy.refundOnCancel.refundMinor;
    expect(shown).toBe(PRICE);
    clock.set(LATE);
    const version = booking.version as number;
    const res = await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Plans changed', version, expectedRefundMinor: shown });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { expectedRefundMinor: PRICE, refundMinor: 4000 } });
    const after = await staffBooking(w, id);
    expect(after).toMatchObject({ status: 'CONFIRMED', version: booking.version, payment: { status: 'SUCCEEDED', refunds: [] } });
    expect(await t.prisma.refund.count({ where: { bookingId: id } })).toBe(0);
    expect((await t.prisma.auditLog.findMany({ where: { resourceId: id, action: 'booking.cancelled' } })).length).toBe(0);
    // Confirming the new amount cancels.
    await t.http
      .post(`/v1/public/manage/${token}/cancel`)
      .set('Origin', ORIGIN)
      .send({ reason: 'Plans changed', version, expectedRefundMinor: 4000 })
      .expect(200);
    await settledRefund(w, id, 'PARTIALLY_REFUNDED');
  });

  it("a service without its own policy follows the business's, on the public page and the manage page", async () => {
    const w = await paidWorld({ cancellationPolicy: null });
    await as(t, w.owner)
      .patch('/v1/tenant')
      .send({ cancellationPolicy: { freeCancellationHours: 96, lateRefundPercent: 25 } })
      .expect(200);
    const tenant = await t.http.get(`/v1/public/tenants/${w.owner.slug}`).expect(200);
    expect(tenant.body.cancellationPolicy).toEqual({ freeCancellationHours: 96, lateRefundPercent: 25 });
    const services = await t.http.get(`/v1/public/tenants/${w.owner.slug}/services`).expect(200);
    expect(services.body.items).toEqual([
      expect.objectContaining({
        id: w.serviceId,
        paymentMode: 'FULL',
        payOnlineMinor: PRICE,
        cancellationPolicy: { freeCancellationHours: 96, lateRefundPercent: 25 },
      }),
    ]);
    const { token } = await paidBooking(w);
    clock.set(LATE);
    expect((await manageView(token)).policy).toMatchObject({
      cancellationPolicy: { freeCancellationHours: 96, lateRefundPercent: 25 },
      refundOnCancel: { refundMinor: 2000, percent: 25, freeUntil: '2030-03-04T10:00:00.000Z' },
    });
  });
});

describe('staff cancelling a paid booking', () => {
  it('refunds everything by default (FULL), or what the policy gives (POLICY)', async () => {
    const w = await paidWorld();
    clock.set(LATE);
    const full = await paidBooking(w, '2030-03-08T11:00:00Z');
    const policy = await paidBooking(w, '2030-03-08T13:00:00Z');
    await as(t, w.owner).post(`/v1/bookings/${full.id}/cancel`).send({ reason: 'Closed', version: full.booking.version }).expect(200);
    await as(t, w.owner)
      .post(`/v1/bookings/${policy.id}/cancel`)
      .send({ reason: 'No-show risk', version: policy.booking.version, refund: 'POLICY' })
      .expect(200);

    const fully = await settledRefund(w, full.id, 'REFUNDED');
    expect(fully.payment.refunds).toEqual([
      expect.objectContaining({ origin: 'STAFF', amountMinor: PRICE, requestedBy: expect.objectContaining({ id: w.owner.userId }) }),
    ]);
    const byPolicy = await settledRefund(w, policy.id, 'PARTIALLY_REFUNDED');
    expect(byPolicy.payment.refunds).toEqual([
      expect.objectContaining({
        origin: 'STAFF',
        amountMinor: 4000,
        reason: 'Cancelled by staff (cancellation policy: 50 %)',
        requestedBy: expect.objectContaining({ id: w.owner.userId }),
      }),
    ]);
    expect(await stripeRefunds(w, full.booking.payment.paymentIntentId)).toEqual([expect.objectContaining({ amount: PRICE })]);
    expect(await stripeRefunds(w, policy.booking.payment.paymentIntentId)).toEqual([expect.objectContaining({ amount: 4000 })]);
  });

  it('POLICY before the free cutoff refunds everything; at 0 % late it refunds nothing', async () => {
    const w = await paidWorld({ cancellationPolicy: { freeCancellationHours: 72, lateRefundPercent: 0 } });
    const early = await paidBooking(w, '2030-03-08T11:00:00Z');
    await as(t, w.owner).post(`/v1/bookings/${early.id}/cancel`).send({ reason: 'Closed', version: early.booking.version, refund: 'POLICY' }).expect(200);
    expect((await settledRefund(w, early.id, 'REFUNDED')).payment.refunds).toEqual([expect.objectContaining({ amountMinor: PRICE })]);

    const late = await paidBooking(w, '2030-03-08T13:00:00Z');
    clock.set(LATE);
    await as(t, w.owner).post(`/v1/bookings/${late.id}/cancel`).send({ reason: 'Closed', version: late.booking.version, refund: 'POLICY' }).expect(200);
    expect(await staffBooking(w, late.id)).toMatchObject({ status: 'CANCELLED', payment: { status: 'SUCCEEDED', refunds: [] } });
  });
});

describe('rescheduling a paid booking', () => {
  it('keeps its payment, the same row and status, whether staff move it or the customer does through the manage link', async () => {
    const w = await paidWorld();
    const { id, token, booking } = await paidBooking(w);
    const paymentId = booking.payment.id;

    const byStaff = await as(t, w.owner).patch(`/v1/bookings/${id}`).send({ version: booking.version, startsAt: '2030-03-08T14:00:00Z' }).expect(200);
    expect(byStaff.body).toMatchObject({ startsAt: '2030-03-08T14:00:00.000Z', payment: { id: paymentId, status: 'SUCCEEDED', amountMinor: PRICE } });

    const byCustomer = await t.http
      .post(`/v1/public/manage/${token}/reschedule`)
      .set('Origin', ORIGIN)
      .send({ startsAt: '2030-03-06T15:00:00Z', version: byStaff.body.version })
      .expect(200);
    expect(byCustomer.body.booking.startsAt).toBe('2030-03-06T15:00:00.000Z');
    const moved = await staffBooking(w, id);
    expect(moved.payment).toMatchObject({ id: paymentId, status: 'SUCCEEDED', paidAt: booking.payment.paidAt, refunds: [] });
    expect(await t.prisma.payment.findMany({ where: { bookingId: id }, select: { id: true, status: true } })).toEqual([{ id: paymentId, status: 'SUCCEEDED' }]);
    // The policy follows the new start: free cancellation ended 72 hours before it.
    expect((await manageView(token)).policy.refundOnCancel).toMatchObject({ freeUntil: '2030-03-03T15:00:00.000Z', percent: 50, refundMinor: 4000 });
  });
});

describe('the confirmation email', () => {
  /** Booking events and their emails run when a test asks (only the payments workers run). */
  async function runBookingEmails(bookingId: string) {
    const events = await t.prisma.$queryRaw<{ data: BookingEvent }[]>`
      SELECT data FROM pgboss.job WHERE name = 'booking.event' AND state = 'created' AND data->>'bookingId' = ${bookingId}`;
    for (const e of events) await t.jobs.runNow(bookingEventJob(t.deps), e.data);
    const emails = await t.prisma.$queryRaw<{ data: EmailJobData }[]>`
      SELECT data FROM pgboss.job WHERE name = 'email.send' AND state = 'created' AND data->>'bookingId' = ${bookingId} AND data->>'kind' = 'booking.confirmation'`;
    for (const e of emails) await t.jobs.runNow(emailJob(t.deps), e.data);
  }
  const confirmationTo = (address: string) => smtp.messages().find((m) => m.to.includes(address) && m.subject.startsWith('Confirmed'));

  it('states the cancellation policy in plain words, in the customer’s time zone', async () => {
    const w = await paidWorld();
    const { id, email } = await paidBooking(w);
    await runBookingEmails(id);
    const mail = confirmationTo(email);
    expect(mail?.text).toContain('Free cancellation until Tue 5 Mar, 10:00; after that 50 % is refunded.');
    expect(mail?.html).toContain('Free cancellation until Tue 5 Mar, 10:00; after that 50 % is refunded.');

    const none = await paidWorld({ cancellationPolicy: { freeCancellationHours: 24, lateRefundPercent: 0 } });
    const other = await paidBooking(none);
    await runBookingEmails(other.id);
    expect(confirmationTo(other.email)?.text).toContain('Free cancellation until Thu 7 Mar, 10:00; after that no refund.');
  });
});

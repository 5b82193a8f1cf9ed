import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { TEST_STRIPE_SECRET_KEY } from '../../../test/stripe';
import { ManualClock } from '../../platform/clock';
import { emailJob } from '../notifications/notifications.jobs';
import { refundJob } from './refunds.jobs';
import type { EmailJobData } from '../notifications/notifications.queues';

/**
 * Refunds end to end: POST /v1/bookings/:id/refunds against the Stripe emulator (the real SDK,
 * webhooks delivered to the listening app and processed by its payments workers), refunds made
 * in Stripe's dashboard and refunds failing later kept in step, and the emails that follow.
 */

// Monday 2030-03-04 08:00 London; bookings on Tuesday.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let smtp: SmtpCapture;
let t: TestApp;
let sdk: Stripe;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, stripe: true, env: { SMTP_URL: smtp.url } });
  // Stripe as the platform sees it, for what the emulator holds (the application fee, refunds).
  sdk = new Stripe(TEST_STRIPE_SECRET_KEY, { ...t.stripe!.emulator.sdkOptions, maxNetworkRetries: 0 });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const PRICE = 5000;
/** 5 % of the price: the platform's fee on these payments. */
const FEE = 250;
type World = { owner: Staff; serviceId: string; accountId: string };
type Paid = { bookingId: string; chargeId: string; paymentIntentId: string; version: number; email: string; name: string };

async function paidWorld(): Promise<World> {
  const w = await setUpBookable(t, { service: { name: 'Deep tissue massage', requiresPayment: true, priceMinor: PRICE } });
  const { accountId } = await connectStripe(t, w.owner);
  return { owner: w.owner, serviceId: w.service.id, accountId };
}

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let n = 0;
/** A booking paid through Checkout with 4242, confirmed once its webhooks are processed. */
async function paidBooking(w: World, startsAt = '2030-03-05T10:00:00Z'): Promise<Paid> {
  const who = customer(`refund${++n}`);
  const res = await t.http
    .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: w.serviceId, startsAt, timeZone: 'Europe/London', customer: who })
    .expect(201);
  const paid = await control(`/checkout/sessions/${res.body.payment.checkoutSessionId}/pay`, { card: '4242 4242 4242 4242' });
  await t.stripe!.settle();
  const booking = await staffBooking(w, res.body.id);
  expect(booking.payment).toMatchObject({ status: 'SUCCEEDED', refundableMinor: PRICE });
  const charge = paid.charge as { id: string; payment_intent: string };
  return { bookingId: res.body.id, chargeId: charge.id, paymentIntentId: charge.payment_intent, version: booking.version, email: who.email, name: who.name };
}

const staffBooking = async (w: World, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
const refund = (who: Staff, bookingId: string, body: Record<string, unknown>, key?: string) => {
  const req = as(t, who).post(`/v1/bookings/${bookingId}/refunds`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
};
async function waitFor<T>(what: string, fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** What the emulator holds: the charge's refunds and its application fee (on the platform). */
const stripeRefunds = async (w: World, p: Paid) =>
  (await sdk.refunds.list({ payment_intent: p.paymentIntentId, limit: 100 }, { stripeAccount: w.accountId })).data;
const applicationFee = async (p: Paid) => (await sdk.applicationFees.list({ charge: p.chargeId })).data[0]!;
const paymentRow = (bookingId: string) => t.prisma.payment.findUniqueOrThrow({ where: { bookingId } });
const actions = async (bookingId: string) =>
  (await t.prisma.auditLog.findMany({ where: { resourceType: 'booking', resourceId: bookingId, action: { startsWith: 'payment.refund' } } }))
    .map((a) => a.action)
    .sort();

/** Email jobs run only when a test asks: the booking's refund emails (a failed refund's job fans out to the owners first). */
async function sendRefundEmails(bookingId: string) {
  const queued = () =>
    t.prisma.$queryRaw<{ data: EmailJobData }[]>`
      SELECT data FROM pgboss.job WHERE name = 'email.send' AND state = 'created' AND data->>'bookingId' = ${bookingId}
        AND data->>'kind' IN ('booking.payment_refunded', 'payment.refund_failed')`;
  for (let round = 0; round < 2; round++) {
    for (const job of await queued()) {
      await t.jobs.runNow(emailJob(t.deps), job.data);
      await t.prisma.$executeRaw`UPDATE pgboss.job SET state = 'completed' WHERE name = 'email.send' AND data->>'dedupeKey' = ${job.data.dedupeKey}`;
    }
  }
}
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));

describe('refunding a paid booking', () => {
  it('partly, twice, then the rest: the fee comes back in proportion, all of it in the end, as the emulator returned it; each refund emails the customer', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w);
    const first = await refund(w.owner, p.bookingId, { amountMinor: 1990, reason: 'Started late' }, 'refund-dialog-0001').expect(201);
    expect(first.body).toMatchObject({
      bookingId: p.bookingId,
      status: 'SUCCEEDED',
      origin: 'STAFF',
      amountMinor: 1990,
      // 250 × 1990 / 5000 = 99.5, rounded down.
      applicationFeeRefundMinor: 99,
      currency: 'EUR',
      reason: 'Started late',
      stripeRefundId: expect.stringMatching(/^re_/),
      requestedBy: { id: w.owner.userId, name: expect.any(String) },
      settledAt: expect.any(String),
    });
    let booking = await staffBooking(w, p.bookingId);
    expect(booking.payment).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 1990,
      refundPendingMinor: 0,
      refundableMinor: 3010,
      refundedAt: null,
    });

    // A minute apart: refunds are listed oldest first.
    clock.advanceMinutes(1);
    await refund(w.owner, p.bookingId, { amountMinor: 1990, reason: 'Room was cold' }).expect(201);
    clock.advanceMinutes(1);
    const rest = await refund(w.owner, p.bookingId, { reason: 'Closing the account' }).expect(201);
    expect(rest.body).toMatchObject({ amountMinor: 1020, applicationFeeRefundMinor: FEE - 99 - 99, status: 'SUCCEEDED' });
    await t.stripe!.settle();

    booking = await staffBooking(w, p.bookingId);
    expect(booking.payment).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: PRICE,
      refundableMinor: 0,
      refundedAt: expect.any(String),
      refundReason: 'Started late',
    });
    expect(
      booking.payment.refunds.map((r: { amountMinor: number; applicationFeeRefundMinor: number }) => [r.amountMinor, r.applicationFeeRefundMinor]),
    ).toEqual([
      [1990, 99],
      [1990, 99],
      [1020, 52],
    ]);
    // Our totals are the emulator's: three refunds, and the fee refunds one for one.
    expect((await stripeRefunds(w, p)).map((r) => r.amount)).toEqual([1020, 1990, 1990]);
    const fee = await applicationFee(p);
    expect(fee).toMatchObject({ amount: FEE, amount_refunded: FEE, refunded: true });
    expect(fee.refunds.data.map((r) => r.amount)).toEqual([52, 99, 99]);
    expect(await paymentRow(p.bookingId)).toMatchObject({ refundedMinor: PRICE, feeRefundedMinor: FEE });
    expect(await actions(p.bookingId)).toEqual([...Array(3).fill('payment.refund_requested'), ...Array(3).fill('payment.refund_succeeded')]);

    // One email per refund, in the customer's currency, partial or full, with Stripe's timing.
    await sendRefundEmails(p.bookingId);
    const emails = mailTo(p.email).filter((m) => /refunded/i.test(m.subject));
    expect(emails).toHaveLength(3);
    const partly = emails.filter((m) => m.subject.startsWith('Partly refunded'));
    expect(partly).toHaveLength(3);
    expect(partly.map((m) => /(€[\d.,]+) of your payment of €50\.00 was refunded/.exec(m.text)?.[1]).sort()).toEqual(['€10.20', '€19.90', '€19.90']);
    for (const m of emails) expect(m.text).toContain('Refunds take 5–10 business days to appear on your statement.');
  });

  it('in full in one go: the whole fee back, the customer told it was refunded in full', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T11:00:00Z');
    const res = await refund(w.owner, p.bookingId, { reason: 'Double booked' }).expect(201);
    expect(res.body).toMatchObject({ amountMinor: PRICE, applicationFeeRefundMinor: FEE, status: 'SUCCEEDED' });
    expect((await staffBooking(w, p.bookingId)).payment).toMatchObject({ status: 'REFUNDED', refundedMinor: PRICE, refundableMinor: 0 });
    expect(await applicationFee(p)).toMatchObject({ amount_refunded: FEE, refunded: true });
    await sendRefundEmails(p.bookingId);
    const [email] = mailTo(p.email).filter((m) => m.subject.startsWith('Refunded'));
    expect(email?.text).toContain('your payment of €50.00 was refunded in full');
    expect(email?.text).toContain('Refunds take 5–10 business days to appear on your statement.');
  });

  it('refuses more than is left (409 REFUND_EXCEEDS_PAYMENT with what is refundable), as the emulator refuses it (400); nothing paid: 409; other tenants: 404; staff: 403', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T12:00:00Z');
    await refund(w.owner, p.bookingId, { amountMinor: 3000, reason: 'Half the session' }).expect(201);
    const over = await refund(w.owner, p.bookingId, { amountMinor: 2001, reason: 'Too much' }).expect(409);
    expect(over.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', details: { refundableMinor: 2000 } });
    // Stripe itself refuses the same, whoever asks.
    await expect(sdk.refunds.create({ payment_intent: p.paymentIntentId, amount: 2001 }, { stripeAccount: w.accountId })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: 'Refund amount (€20.01) is greater than unrefunded amount on charge (€20.00)',
    });
    expect((await stripeRefunds(w, p)).map((r) => r.amount)).toEqual([3000]);

    const free = await setUpBookable(t);
    const unpaid = await as(t, free.owner)
      .post('/v1/bookings')
      .send({ serviceId: free.service.id, resourceId: free.resource.id, startsAt: '2030-03-05T13:00:00Z', customer: customer('unpaid') })
      .expect(201);
    expect((await refund(free.owner, unpaid.body.id, { reason: 'Nothing to give' }).expect(409)).body.error.code).toBe('CONFLICT');
    expect((await refund(free.owner, p.bookingId, { reason: 'Not mine' }).expect(404)).body.error.code).toBe('NOT_FOUND');
    const other = await signUpTenant(t);
    await refund(other, p.bookingId, { reason: 'Not mine either' }).expect(404);
    const staff = await addMember(t, w.owner, 'STAFF');
    await refund(staff, p.bookingId, { reason: 'Not allowed' }).expect(403);
    const admin = await addMember(t, w.owner, 'ADMIN');
    await refund(admin, p.bookingId, { amountMinor: 500, reason: 'Admins may' }).expect(201);
  });

  it('double-clicked (two requests at once with one Idempotency-Key, or two identical ones without) makes one Stripe refund', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T14:00:00Z');
    const body = { amountMinor: 1000, reason: 'Late start' };
    const keyed = await Promise.all([refund(w.owner, p.bookingId, body, 'dialog-open-1234'), refund(w.owner, p.bookingId, body, 'dialog-open-1234')]);
    expect(keyed.map((r) => r.status)).toEqual([201, 201]);
    expect(keyed[0].body.id).toBe(keyed[1].body.id);

    const unkeyed = await Promise.all([
      refund(w.owner, p.bookingId, { amountMinor: 700, reason: 'Goodwill' }),
      refund(w.owner, p.bookingId, { amountMinor: 700, reason: 'Goodwill' }),
    ]);
    expect(unkeyed.map((r) => r.status)).toEqual([201, 201]);
    expect(unkeyed[0].body.id).toBe(unkeyed[1].body.id);
    await t.stripe!.settle();

    expect((await stripeRefunds(w, p)).map((r) => r.amount).sort()).toEqual([1000, 700]);
    expect((await staffBooking(w, p.bookingId)).payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 1700, refunds: [{}, {}] });
    // The same key with another body is not the same request.
    expect((await refund(w.owner, p.bookingId, { amountMinor: 999, reason: 'Late start' }, 'dialog-open-1234').expect(422)).body.error.code).toBe(
      'IDEMPOTENCY_MISMATCH',
    );
  });

  it('can cancel the booking in the same step, with one refund; a stale version cancels nothing and refunds nothing', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T15:00:00Z');
    const stale = await refund(w.owner, p.bookingId, { amountMinor: 2500, reason: 'Closed', cancelBooking: true, version: p.version - 1 }).expect(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(await t.prisma.refund.count({ where: { bookingId: p.bookingId } })).toBe(0);

    const res = await refund(w.owner, p.bookingId, { amountMinor: 2500, reason: 'Closed for the day', cancelBooking: true, version: p.version }).expect(201);
    expect(res.body).toMatchObject({ amountMinor: 2500, status: 'SUCCEEDED' });
    await t.stripe!.settle();
    const booking = await staffBooking(w, p.bookingId);
    expect(booking).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Closed for the day' });
    expect(booking.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 2500, refundableMinor: 2500, refunds: [{ id: res.body.id }] });
    expect((await stripeRefunds(w, p)).map((r) => r.amount)).toEqual([2500]);
  });
});

describe('refunds made outside our product', () => {
  it('a refund made in Stripe’s dashboard becomes a row (PARTIALLY_REFUNDED, then REFUNDED); its fee stays with the platform, as at Stripe', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T10:00:00Z');
    await control(`/charges/${p.chargeId}/refund`, { amount: 1500 });
    await t.stripe!.settle();
    let booking = await waitFor(
      'dashboard refund',
      () => staffBooking(w, p.bookingId),
      (b) => b.payment.status === 'PARTIALLY_REFUNDED',
    );
    expect(booking.payment).toMatchObject({ refundedMinor: 1500, refundableMinor: 3500 });
    expect(booking.payment.refunds).toEqual([
      expect.objectContaining({ origin: 'STRIPE_DASHBOARD', status: 'SUCCEEDED', amountMinor: 1500, applicationFeeRefundMinor: 0, requestedBy: null }),
    ]);

    // Ours for the rest returns all the fee (it completes the payment), like Stripe.
    await refund(w.owner, p.bookingId, { reason: 'The rest' }).expect(201);
    await t.stripe!.settle();
    booking = await staffBooking(w, p.bookingId);
    expect(booking.payment).toMatchObject({ status: 'REFUNDED', refundedMinor: PRICE });
    expect(await applicationFee(p)).toMatchObject({ amount_refunded: FEE });
    expect(await paymentRow(p.bookingId)).toMatchObject({ feeRefundedMinor: FEE });
    expect(booking.payment.refunds).toHaveLength(2);
  });

  it('all of it refunded in the dashboard: REFUNDED, recorded once however many events say so', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T11:00:00Z');
    await control(`/charges/${p.chargeId}/refund`);
    await t.stripe!.settle();
    const booking = await waitFor(
      'dashboard refund',
      () => staffBooking(w, p.bookingId),
      (b) => b.payment.status === 'REFUNDED',
    );
    expect(booking.payment.refunds).toEqual([expect.objectContaining({ origin: 'STRIPE_DASHBOARD', amountMinor: PRICE })]);
    expect(await t.prisma.refund.count({ where: { bookingId: p.bookingId } })).toBe(1);
  });

  it('ours refused by Stripe because a dashboard refund took the money first: FAILED with Stripe’s reason, the owners told', async () => {
    const w = await paidWorld();
    const p = await paidBooking(w, '2030-03-05T13:00:00Z');
    // Stripe is down while we ask (the request answers PENDING; the job will retry)…
    t.stripe!.controls.fault({ type: 'server_error', count: 20, path: '/v1/refunds', method: 'POST' });
    const asked = await refund(w.owner, p.bookingId, { amountMinor: 4000, reason: 'Most of it' }).expect(201);
    expect(asked.body).toMatchObject({ status: 'PENDING', stripeRefundId: null });
    expect((await staffBooking(w, p.bookingId)).payment).toMatchObject({ status: 'REFUND_PENDING', refundPendingMinor: 4000, refundableMinor: 1000 });
    // …and meanwhile the business refunds 30.00 in its dashboard.
    await control(`/charges/${p.chargeId}/refund`, { amount: 3000 });
    await t.stripe!.settle();
    t.stripe!.controls.clearFaults();

    await t.jobs.runNow(refundJob(t.deps), { tenantId: w.owner.tenantId, refundId: asked.body.id });
    const booking = await staffBooking(w, p.bookingId);
    expect(booking.payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 3000, refundPendingMinor: 0, refundableMinor: 2000 });
    expect(booking.payment.refunds.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({
      status: 'FAILED',
      stripeRefundId: null,
      failureReason: 'Stripe refused the refund: Refund amount (€40.00) is greater than unrefunded amount on charge (€20.00)',
    });
    expect((await stripeRefunds(w, p)).map((r) => r.amount)).toEqual([3000]);
    await sendRefundEmails(p.bookingId);
    expect(mailTo(w.owner.email).filter((m) => m.subject === `Refund failed: €40.00 to ${p.name}`)).toHaveLength(1);
  });

  it('a refund failing later is FAILED, the payment’s totals go back, the owners are emailed and the history says so', async () => {
    const w = await paidWorld();
    const coOwner = await addMember(t, w.owner, 'OWNER');
    const admin = await addMember(t, w.owner, 'ADMIN');
    const p = await paidBooking(w, '2030-03-05T12:00:00Z');
    const made = await refund(w.owner, p.bookingId, { amountMinor: 2000, reason: 'Short session' }).expect(201);
    expect(await applicationFee(p)).toMatchObject({ amount_refunded: 100 });

    await control(`/refunds/${made.body.stripeRefundId as string}/fail`);
    await t.stripe!.settle();
    const booking = await waitFor(
      'failed refund',
      () => staffBooking(w, p.bookingId),
      (b) => b.payment.refunds[0]?.status === 'FAILED',
    );
    expect(booking.payment).toMatchObject({ status: 'SUCCEEDED', refundedMinor: 0, refundableMinor: PRICE, refundedAt: null });
    expect(booking.payment.refunds[0]).toMatchObject({ failureReason: "The customer's card has expired or was cancelled", settledAt: expect.any(String) });
    // The emulator gave the fee back to the platform; ours says the same.
    expect(await applicationFee(p)).toMatchObject({ amount_refunded: 0 });
    expect(await paymentRow(p.bookingId)).toMatchObject({ refundedMinor: 0, feeRefundedMinor: 0 });
    expect(await actions(p.bookingId)).toEqual(['payment.refund_failed', 'payment.refund_requested', 'payment.refund_succeeded']);

    await sendRefundEmails(p.bookingId);
    for (const owner of [w.owner, coOwner]) {
      const [email] = mailTo(owner.email).filter((m) => m.subject.startsWith('Refund failed'));
      expect(email?.subject).toBe(`Refund failed: €20.00 to ${p.name}`);
      expect(email?.text).toContain("failed: The customer's card has expired or was cancelled");
    }
    expect(mailTo(admin.email).filter((m) => m.subject.startsWith('Refund failed'))).toEqual([]);

    // It can be refunded again: a new refund, a new Stripe refund.
    const again = await refund(w.owner, p.bookingId, { amountMinor: 2000, reason: 'Short session' }).expect(201);
    expect(again.body.id).not.toBe(made.body.id);
    expect((await staffBooking(w, p.bookingId)).payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 2000 });
  });
});

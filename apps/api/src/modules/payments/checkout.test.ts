import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import type { BookingEvent } from '../notifications/notifications.queues';
import { bookingEventJob, emailJob } from '../notifications/notifications.jobs';
import type { EmailJobData } from '../notifications/notifications.queues';
import { holdExpiryJob } from '../bookings/bookings.jobs';
import { checkoutOrphanJob } from './checkout.jobs';

/**
 * Paid public bookings end to end: the real SDK against the Stripe emulator, webhooks delivered to
 * the listening app and processed by its payments workers, real PostgreSQL.
 */

// Monday 2030-03-04 08:00 London; bookings on Tuesday.
const clock = new ManualClock('2030-03-04T08:00:00Z');
let smtp: SmtpCapture;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, stripe: true, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

type World = { owner: Staff; serviceId: string; resourceId: string; accountId: string };
const PRICE = 5000;

async function paidWorld(opts: { connect?: boolean } = {}): Promise<World> {
  const w = await setUpBookable(t, { service: { name: 'Deep tissue massage', requiresPayment: true, priceMinor: PRICE } });
  const accountId = opts.connect === false ? '' : (await connectStripe(t, w.owner)).accountId;
  return { owner: w.owner, serviceId: w.service.id, resourceId: w.resource.id, accountId };
}

let n = 0;
function book(w: World, startsAt = '2030-03-05T10:00:00Z', opts: { key?: string; who?: number | string } = {}) {
  const req = t.http.post(`/v1/public/tenants/${w.owner.slug}/bookings`).set('Origin', ORIGIN);
  if (opts.key) req.set('Idempotency-Key', opts.key);
  return req.send({ serviceId: w.serviceId, startsAt, timeZone: 'America/New_York', customer: customer(opts.who ?? `pay${++n}`) });
}

/** The emulator's controls over HTTP, as a test or a person would use them. */
async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${t.stripe!.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const pay = (sessionId: string, card = '4242 4242 4242 4242') => control(`/checkout/sessions/${sessionId}/pay`, { card });

/** Stripe's API as our platform sees it (plain HTTP: only integrations/stripe uses the SDK). */
async function stripeGet(path: string, account?: string) {
  const res = await fetch(`${t.stripe!.url}/v1${path}`, {
    headers: { authorization: 'Bearer sk_test_slotwise_tests', ...(account ? { 'stripe-account': account } : {}) },
  });
  return (await res.json()) as { data: Record<string, unknown>[] } & Record<string, unknown>;
}

/**
 * A Checkout Session of the booking made at Stripe directly (as one made by an attempt whose
 * answer we never saw would be): same booking metadata, not the session our side recorded.
 */
async function otherSessionOf(w: World, bookingId: string) {
  const form = new URLSearchParams({
    mode: 'payment',
    'line_items[0][quantity]': '1',
    'line_items[0][price_data][currency]': 'eur',
    'line_items[0][price_data][unit_amount]': String(PRICE),
    'line_items[0][price_data][product_data][name]': 'Deep tissue massage',
    'payment_intent_data[application_fee_amount]': '250',
    expires_at: String(Math.floor(clock.now().getTime() / 1000) + 40 * 60),
    success_url: 'http://localhost:3000/done',
    'metadata[tenantId]': w.owner.tenantId,
    'metadata[bookingId]': bookingId,
  });
  const res = await fetch(`${t.stripe!.url}/v1/checkout/sessions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_slotwise_tests', 'stripe-account': w.accountId, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

const staffBooking = async (w: World, id: string) => (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body;
/** The booking's history as a set (entries written at the same clock instant have no order between them). */
const history = async (w: World, id: string) =>
  ((await as(t, w.owner).get(`/v1/bookings/${id}/history`).expect(200)).body.items as { action: string }[]).map((i) => i.action).sort();

async function waitFor<T>(what: string, fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Booking events and emails run only when a test asks (only the payments workers run): run those queued for this booking. */
async function runBookingJobs(bookingId: string) {
  const events = await t.prisma.$queryRaw<{ data: BookingEvent }[]>`
    SELECT data FROM pgboss.job WHERE name = 'booking.event' AND state = 'created' AND data->>'bookingId' = ${bookingId}`;
  for (const e of events) await t.jobs.runNow(bookingEventJob(t.deps), e.data);
  const emails = await t.prisma.$queryRaw<{ data: EmailJobData }[]>`
    SELECT data FROM pgboss.job WHERE name = 'email.send' AND state = 'created' AND data->>'bookingId' = ${bookingId} AND data->>'kind' = 'booking.payment_refunded'`;
  for (const e of emails) await t.jobs.runNow(emailJob(t.deps), e.data);
}
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));

describe('a paid public booking', () => {
  it('holds the slot, answers with a Checkout Session on the connected account, and is confirmed and paid once Stripe says so', async () => {
    const w = await paidWorld();
    const res = await book(w, '2030-03-05T10:00:00Z', { key: 'paid-e2e-0001', who: 'e2e' }).expect(201);
    expect(res.body).toMatchObject({ status: 'PENDING_PAYMENT', priceMinor: PRICE });
    const hold = res.body;
    // The hold is at least Stripe's 30 minutes plus our margin, and the session ends with it.
    expect(new Date(hold.holdExpiresAt).getTime() - clock.now().getTime()).toBe(35 * 60_000);
    expect(hold.payment).toMatchObject({
      checkoutSessionId: expect.stringMatching(/^cs_/),
      expiresAt: hold.holdExpiresAt,
      amountMinor: PRICE,
      applicationFeeMinor: 250,
    });
    expect(hold.payment.checkoutUrl).toMatch(/^http/);

    // What Stripe was asked for: a direct charge on the business's account.
    const session = await stripeGet(`/checkout/sessions/${hold.payment.checkoutSessionId}?expand[]=line_items&expand[]=payment_intent`, w.accountId);
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: PRICE,
      customer_email: 'ce2e@example.test',
      client_reference_id: `${w.owner.tenantId}_${hold.id}`,
      metadata: { tenantId: w.owner.tenantId, bookingId: hold.id },
      expires_at: new Date(hold.holdExpiresAt).getTime() / 1000,
      success_url: `http://localhost:3000/book/${w.owner.slug}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
    });
    expect(String(session.cancel_url)).toContain(`/book/${w.owner.slug}?service=${w.serviceId}&resource=${w.resourceId}`);
    const item = (session.line_items as { data: { description: string; amount_total: number }[] }).data[0]!;
    expect(item).toMatchObject({ description: 'Deep tissue massage', amount_total: PRICE });
    expect(session.payment_intent).toBeNull();

    // A retry with the same key replays the answer, payment included, and makes no second session.
    expect((await book(w, '2030-03-05T10:00:00Z', { key: 'paid-e2e-0001', who: 'e2e' }).expect(201)).body).toEqual(hold);
    expect((await stripeGet('/checkout/sessions', w.accountId)).data).toHaveLength(1);

    // Until the webhook arrives the return page says pending.
    const status = () => t.http.get(`/v1/public/tenants/${w.owner.slug}/checkout/${hold.payment.checkoutSessionId}`).expect(200);
    expect((await status()).body).toMatchObject({ booking: { id: hold.id, status: 'PENDING_PAYMENT' }, payment: { status: 'PENDING' } });

    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    await t.stripe!.settle();
    expect((await status()).body).toMatchObject({
      booking: { id: hold.id, status: 'CONFIRMED', holdExpiresAt: null },
      payment: { status: 'SUCCEEDED', lastFailureMessage: null },
    });

    const booking = await staffBooking(w, hold.id);
    expect(booking).toMatchObject({
      status: 'CONFIRMED',
      payment: {
        status: 'SUCCEEDED',
        amountMinor: PRICE,
        applicationFeeMinor: 250,
        cardBrand: 'visa',
        cardLast4: '4242',
        paymentIntentId: expect.stringMatching(/^pi_/),
        failedAttempts: 0,
      },
    });
    expect(booking.payment.paidAt).not.toBeNull();
    expect(await history(w, hold.id)).toEqual(['booking.confirmed', 'booking.created', 'payment.succeeded']);

    // Staff find it by payment state, and on the Payments page.
    const paidList = await as(t, w.owner).get('/v1/bookings?paymentStatus=SUCCEEDED').expect(200);
    expect(paidList.body.items.map((b: { id: string }) => b.id)).toEqual([hold.id]);
    expect((await as(t, w.owner).get('/v1/bookings?paymentStatus=REFUNDED').expect(200)).body.items).toEqual([]);
    const payments = await as(t, w.owner).get('/v1/payments?from=2030-03-04&to=2030-03-04&status=SUCCEEDED').expect(200);
    expect(payments.body.items).toEqual([
      expect.objectContaining({
        bookingId: hold.id,
        status: 'SUCCEEDED',
        amountMinor: PRICE,
        booking: expect.objectContaining({ serviceName: 'Deep tissue massage', customerName: 'Customer e2e' }),
      }),
    ]);
    expect((await as(t, w.owner).get('/v1/payments?from=2030-03-05').expect(200)).body.items).toEqual([]);

    // The confirmation says paid.
    await runBookingJobs(hold.id);
    const [confirmation] = mailTo('ce2e@example.test');
    expect(confirmation?.subject).toMatch(/^Confirmed: Deep tissue massage/);
    expect(confirmation?.text).toContain('we received your payment of €50.00');
    expect(confirmation?.text).toContain('card ending 4242');
  });

  it('records a declined card and confirms when the customer pays again in the same session', async () => {
    const w = await paidWorld();
    const hold = (await book(w).expect(201)).body;
    const declined = await pay(hold.payment.checkoutSessionId, '4000 0000 0000 0002');
    expect(declined.status).toBe(402);
    await t.stripe!.settle();
    expect(await staffBooking(w, hold.id)).toMatchObject({
      status: 'PENDING_PAYMENT',
      payment: { status: 'PENDING', failedAttempts: 1, lastFailureMessage: expect.stringMatching(/declined/i) },
    });
    const status = await t.http.get(`/v1/public/tenants/${w.owner.slug}/checkout/${hold.payment.checkoutSessionId}`).expect(200);
    expect(status.body.payment).toMatchObject({ status: 'PENDING', lastFailureMessage: expect.stringMatching(/declined/i) });

    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    await t.stripe!.settle();
    expect(await staffBooking(w, hold.id)).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', failedAttempts: 1, cardLast4: '4242' } });
  });

  it('ends the same whatever order the events arrive in, and however often', async () => {
    const w = await paidWorld();
    const hold = (await book(w).expect(201)).body;
    await control('/webhooks/hold');
    await control('/webhooks/duplicate-next', { times: 3 });
    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    // checkout.session.completed first, payment_intent.succeeded after it, each three times.
    await control('/webhooks/release', { order: 'reverse' });
    await t.stripe!.settle();
    await control('/webhooks/duplicate-next', { times: 1 });
    expect(await staffBooking(w, hold.id)).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', cardLast4: '4242' } });
    expect((await history(w, hold.id)).filter((a) => a === 'payment.succeeded')).toHaveLength(1);
    const queued = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'booking.event' AND data->>'bookingId' = ${hold.id} AND data->>'event' = 'confirmed'`;
    expect(queued[0]!.n).toBe(1);
  });

  it('releases the slot when the session expires unpaid', async () => {
    const w = await paidWorld();
    const hold = (await book(w, '2030-03-05T11:00:00Z').expect(201)).body;
    await control(`/checkout/sessions/${hold.payment.checkoutSessionId}/expire`);
    await t.stripe!.settle();
    expect(await staffBooking(w, hold.id)).toMatchObject({ status: 'EXPIRED', payment: { status: 'EXPIRED' } });
    expect(await history(w, hold.id)).toEqual(['booking.created', 'booking.expired']);
    // Someone else can book the time now.
    await book(w, '2030-03-05T11:00:00Z').expect(201);
  });

  it('refuses a paid service with 409 PAYMENTS_UNAVAILABLE, holding nothing, while the business has not connected Stripe', async () => {
    const w = await paidWorld({ connect: false });
    const res = await book(w).expect(409);
    expect(res.body.error.code).toBe('PAYMENTS_UNAVAILABLE');
    expect((await as(t, w.owner).get('/v1/bookings').expect(200)).body.items).toEqual([]);
  });

  it('lets owners and admins, not staff, confirm a hold without payment ("paid at the venue"), and ends its session', async () => {
    const w = await paidWorld();
    const hold = (await book(w).expect(201)).body;
    const staff = await addMember(t, w.owner, 'STAFF');
    const admin = await addMember(t, w.owner, 'ADMIN');
    const denied = await as(t, staff).post(`/v1/bookings/${hold.id}/status`).send({ status: 'CONFIRMED', version: 1 }).expect(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    await as(t, admin).post(`/v1/bookings/${hold.id}/status`).send({ status: 'CONFIRMED', version: 1 }).expect(200);
    const audit = await t.prisma.auditLog.findFirst({ where: { tenantId: w.owner.tenantId, resourceId: hold.id, action: 'booking.confirmed' } });
    expect(audit).toMatchObject({ actorType: 'user', actorId: admin.userId, metadata: { withoutPayment: true } });
    // The open session ends (a job), so the customer cannot pay for it as well.
    await waitFor(
      'session expired',
      () => stripeGet(`/checkout/sessions/${hold.payment.checkoutSessionId}`, w.accountId),
      (s) => s.status === 'expired',
    );
    await t.stripe!.settle();
    expect(await staffBooking(w, hold.id)).toMatchObject({ status: 'CONFIRMED', payment: { status: 'EXPIRED' } });
  });

  it("answers the return page only for this business's sessions", async () => {
    const w = await paidWorld();
    const hold = (await book(w).expect(201)).body;
    const other = await signUpTenant(t);
    await t.http.get(`/v1/public/tenants/${other.slug}/checkout/${hold.payment.checkoutSessionId}`).expect(404);
    await t.http.get(`/v1/public/tenants/${w.owner.slug}/checkout/cs_test_unknown123`).expect(404);
  });
});

describe('paid too late', () => {
  afterEach(async () => {
    await t.stripe!.startWorkers();
    await control('/webhooks/release');
  });

  /** The customer pays while our hold runs out: the hold expiry wins the race, the payment lands after it. */
  async function paidAfterOurHoldEnded(w: World, startsAt: string) {
    const hold = (await book(w, startsAt).expect(201)).body;
    await t.stripe!.stopWorkers();
    await control('/webhooks/hold');
    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    clock.advanceMinutes(36);
    await t.jobs.runNow(holdExpiryJob(t.deps), { tenantId: w.owner.tenantId, bookingId: hold.id });
    expect((await staffBooking(w, hold.id)).status).toBe('EXPIRED');
    return hold;
  }

  it('re-confirms the booking when its slot is still free', async () => {
    const w = await paidWorld();
    const hold = await paidAfterOurHoldEnded(w, '2030-03-05T13:00:00Z');
    await t.stripe!.startWorkers();
    await control('/webhooks/release', { order: 'shuffle' });
    await t.stripe!.settle();
    const booking = await waitFor(
      're-confirmed',
      () => staffBooking(w, hold.id),
      (b) => b.status === 'CONFIRMED',
    );
    expect(booking.payment).toMatchObject({ status: 'SUCCEEDED', refundedAt: null });
    expect(await history(w, hold.id)).toEqual(['booking.created', 'booking.expired', 'booking.reconfirmed', 'payment.succeeded']);
  });

  it('refunds in full, fee included, when the slot was taken meanwhile, and tells the customer', async () => {
    const w = await paidWorld();
    const hold = await paidAfterOurHoldEnded(w, '2030-03-05T14:00:00Z');
    const taken = (await book(w, '2030-03-05T14:00:00Z').expect(201)).body;
    await t.stripe!.startWorkers();
    await control('/webhooks/release', { order: 'shuffle' });
    await t.stripe!.settle();
    const booking = await waitFor(
      'refunded',
      () => staffBooking(w, hold.id),
      (b) => b.payment?.status === 'REFUNDED',
    );
    expect(booking).toMatchObject({ status: 'EXPIRED', payment: { status: 'REFUNDED', refundReason: 'Paid after the hold ended and the slot was taken' } });
    expect((await staffBooking(w, taken.id)).status).toBe('PENDING_PAYMENT');
    expect(await history(w, hold.id)).toEqual([
      'booking.created',
      'booking.expired',
      'payment.refund_pending',
      'payment.refund_requested',
      'payment.refund_succeeded',
    ]);

    // Stripe made one full refund with our fee given back.
    const refunds = await stripeGet(`/refunds?payment_intent=${booking.payment.paymentIntentId}`, w.accountId);
    expect(refunds.data).toEqual([expect.objectContaining({ amount: PRICE, status: 'succeeded', metadata: expect.objectContaining({ bookingId: hold.id }) })]);
    const fees = await stripeGet('/application_fees?limit=100');
    expect(fees.data.find((f) => f.account === w.accountId)).toMatchObject({ amount: 250, amount_refunded: 250, refunded: true });

    await runBookingJobs(hold.id);
    const email = mailTo(booking.customer.email).find((m) => m.subject.startsWith('Refunded'));
    expect(email?.text).toContain('refunded in full');
  });
});

describe('a paid booking cancelled', () => {
  it('gives the payment back in full, fee included, and tells the customer (found by the payments property test)', async () => {
    const w = await paidWorld();
    const hold = (await book(w, '2030-03-05T15:00:00Z').expect(201)).body;
    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    await t.stripe!.settle();
    const paid = await staffBooking(w, hold.id);
    expect(paid).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED' } });
    await as(t, w.owner).post(`/v1/bookings/${hold.id}/cancel`).send({ reason: 'Closed for repairs', version: paid.version }).expect(200);
    const refunded = await waitFor(
      'refunded',
      () => staffBooking(w, hold.id),
      (b) => b.payment?.status === 'REFUNDED',
    );
    expect(refunded).toMatchObject({ status: 'CANCELLED', payment: { refundReason: 'The booking was cancelled' } });
    const refunds = await stripeGet(`/refunds?payment_intent=${refunded.payment.paymentIntentId}`, w.accountId);
    expect(refunds.data).toEqual([expect.objectContaining({ amount: PRICE, status: 'succeeded' })]);
    await runBookingJobs(hold.id);
    expect(mailTo(refunded.customer.email).find((m) => m.subject.startsWith('Refunded'))?.text).toContain(
      'was cancelled, so your payment of €50.00 was refunded in full',
    );
  });
});

describe('Stripe failing while a customer books', () => {
  it.each([
    ['server_error', 'PAYMENT_UNAVAILABLE', 503],
    ['rate_limit', 'PAYMENT_UNAVAILABLE', 503],
  ] as const)('%s: 503, the hold released at once, and a retry with the same key makes one session', async (type, code, status) => {
    const w = await paidWorld();
    const key = `paid-fault-${type}`;
    // The first call and the SDK's one retry both fail.
    await control('/faults', { type, count: 2, path: '/v1/checkout/sessions', method: 'POST' });
    const failed = await book(w, '2030-03-05T15:00:00Z', { key }).expect(status);
    expect(failed.body.error.code).toBe(code);
    expect((await as(t, w.owner).get('/v1/bookings?status=PENDING_PAYMENT').expect(200)).body.items).toEqual([]);
    expect(await t.prisma.idempotencyKey.count({ where: { tenantId: w.owner.tenantId } })).toBe(0);
    await control('/faults/clear');

    const retried = await book(w, '2030-03-05T15:00:00Z', { key }).expect(201);
    expect(retried.body.payment.checkoutSessionId).toMatch(/^cs_/);
    expect((await stripeGet('/checkout/sessions', w.accountId)).data).toHaveLength(1);
  });

  it('hanging: 503 after the timeout, the hold released; the session Stripe made late is expired, so one stays open', async () => {
    const w = await paidWorld();
    const key = 'paid-fault-hang';
    await control('/faults', { type: 'hang', count: 2, delay_ms: 2_500, path: '/v1/checkout/sessions', method: 'POST' });
    const failed = await book(w, '2030-03-05T16:00:00Z', { key }).expect(503);
    expect(failed.body.error.code).toBe('PAYMENT_UNAVAILABLE');
    const released = (await as(t, w.owner).get('/v1/bookings?status=EXPIRED').expect(200)).body.items;
    expect(released).toHaveLength(1);

    const retried = await book(w, '2030-03-05T16:00:00Z', { key }).expect(201);
    // Stripe finished the hung calls after we gave up: the orphan job finds that session by its booking and expires it.
    await waitFor(
      'late session made',
      () => stripeGet('/checkout/sessions?limit=100', w.accountId),
      (l) => l.data.length >= 2,
    );
    await t.jobs.runNow(checkoutOrphanJob(t.deps), { tenantId: w.owner.tenantId, bookingId: released[0].id, stripeAccountId: w.accountId });
    const open = (await stripeGet('/checkout/sessions?status=open&limit=100', w.accountId)).data;
    expect(open.map((s) => s.id)).toEqual([retried.body.payment.checkoutSessionId]);
  });
});

describe('a second paid Checkout Session of one booking', () => {
  const refundsOf = async (w: World, paymentIntentId: string) => (await stripeGet(`/refunds?payment_intent=${paymentIntentId}`, w.accountId)).data;
  const sessionIntent = async (w: World, sessionId: string) => String((await stripeGet(`/checkout/sessions/${sessionId}`, w.accountId)).payment_intent);

  it('is refunded in full automatically, fee included, once, when the booking has its payment already; staff see it in the history', async () => {
    const w = await paidWorld();
    const hold = (await book(w, '2030-03-05T12:00:00Z').expect(201)).body;
    const second = await otherSessionOf(w, hold.id);
    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    await t.stripe!.settle();
    // Its events come three times each: one refund however often they are processed.
    await control('/webhooks/duplicate-next', { times: 3 });
    expect((await pay(second)).status).toBe(200);
    await t.stripe!.settle();
    await control('/webhooks/duplicate-next', { times: 1 });

    const secondIntent = await sessionIntent(w, second);
    await waitFor(
      'refunded at Stripe',
      () => refundsOf(w, secondIntent),
      (r) => r.some((x) => x.status === 'succeeded'),
    );
    expect(await refundsOf(w, secondIntent)).toEqual([
      expect.objectContaining({ amount: PRICE, status: 'succeeded', metadata: expect.objectContaining({ bookingId: hold.id }) }),
    ]);
    const fees = (await stripeGet('/application_fees?limit=100')).data.filter((f) => f.account === w.accountId);
    expect(fees.map((f) => f.amount_refunded).sort()).toEqual([0, 250]);

    // The booking keeps its own payment; the second one is recorded as gone back, and its history says so.
    const booking = await waitFor(
      'history',
      () => staffBooking(w, hold.id),
      () => true,
    );
    expect(booking).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', checkoutSessionId: hold.payment.checkoutSessionId } });
    await waitFor(
      'refund recorded',
      () => history(w, hold.id),
      (h) => h.includes('payment.refunded'),
    );
    expect(await history(w, hold.id)).toEqual(['booking.confirmed', 'booking.created', 'payment.refund_pending', 'payment.refunded', 'payment.succeeded']);
    expect(await t.prisma.duplicatePayment.findMany({ where: { bookingId: hold.id } })).toEqual([
      expect.objectContaining({ checkoutSessionId: second, paymentIntentId: secondIntent, status: 'REFUNDED', amountMinor: PRICE, applicationFeeMinor: 250 }),
    ]);
    expect(await refundsOf(w, booking.payment.paymentIntentId)).toEqual([]);
  });

  it("becomes the booking's payment when the booking's own session is unpaid, and then the other one is the duplicate", async () => {
    const w = await paidWorld();
    const hold = (await book(w, '2030-03-05T12:00:00Z').expect(201)).body;
    const second = await otherSessionOf(w, hold.id);
    expect((await pay(second)).status).toBe(200);
    await t.stripe!.settle();
    const secondIntent = await sessionIntent(w, second);
    expect(await staffBooking(w, hold.id)).toMatchObject({
      status: 'CONFIRMED',
      payment: { status: 'SUCCEEDED', checkoutSessionId: second, paymentIntentId: secondIntent },
    });

    expect((await pay(hold.payment.checkoutSessionId)).status).toBe(200);
    await t.stripe!.settle();
    const firstIntent = await sessionIntent(w, hold.payment.checkoutSessionId);
    await waitFor(
      'refunded at Stripe',
      () => refundsOf(w, firstIntent),
      (r) => r.some((x) => x.status === 'succeeded'),
    );
    expect(await refundsOf(w, secondIntent)).toEqual([]);
    expect(await staffBooking(w, hold.id)).toMatchObject({ status: 'CONFIRMED', payment: { status: 'SUCCEEDED', paymentIntentId: secondIntent } });
  });
});

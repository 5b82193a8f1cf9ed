import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { TEST_STRIPE_SECRET_KEY } from '../../../test/stripe';
import { ManualClock } from '../../platform/clock';
import { manageUrl } from '../selfservice/manage-link';

/**
 * Random sequences of what happens to money after a payment — staff refunds (partial, some too
 * large, or all that is left), refunds made in Stripe's dashboard, refunds failing later,
 * disputes opened and won or lost, cancellations by staff (FULL or POLICY) and by the customer
 * through their link, time passing through the policy's windows — over a few paid bookings,
 * through HTTP, the real SDK against the Stripe emulator and the payments workers. Once
 * everything has settled, per payment: we never count more refunded than was paid, our refunded
 * money and fee equal Stripe's, the payment's status follows its refunds, our disputes are
 * Stripe's; and the revenue view adds up to the payments.
 */

// Monday 08:00 UTC; each run's business has bookings on Wednesday 10:00, 11:00 and 12:00 (50–52 hours ahead).
const START = '2030-03-04T08:00:00Z';
const STARTS = ['2030-03-06T10:00:00Z', '2030-03-06T11:00:00Z', '2030-03-06T12:00:00Z'];
const PRICE = 6000;
const clock = new ManualClock(START);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: { retryLimit: 2 } });
});
afterAll(() => t.close());

/** The run's business: a paid service, free cancellation until 48 hours before and half back after that (the manage link works until 24 hours before). */
let world: { owner: Staff; serviceId: string; accountId: string };
async function newWorld() {
  const { owner, service } = await setUpBookable(t, { timeZone: 'UTC', service: { requiresPayment: true, priceMinor: PRICE } });
  await as(t, owner)
    .patch('/v1/tenant')
    .send({ cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 50 } })
    .expect(200);
  world = { owner, serviceId: service.id, ...(await connectStripe(t, owner)) };
}

type Command =
  | { kind: 'refund'; pick: number; amount: number | null }
  | { kind: 'dashboardRefund'; pick: number; amount: number | null }
  | { kind: 'failRefund'; pick: number }
  | { kind: 'dispute'; pick: number }
  | { kind: 'closeDispute'; pick: number; outcome: 'won' | 'lost' }
  | { kind: 'staffCancel'; pick: number; refund: 'FULL' | 'POLICY' }
  | { kind: 'customerCancel'; pick: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'settle' };

const pick = fc.nat({ max: 2 });
// Amounts up to a little more than the price: some are too large for what is left.
const amount = fc.option(fc.integer({ min: 1, max: PRICE + 500 }), { freq: 4 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dashboardRefund' as const), pick, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('failRefund' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dispute' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('closeDispute' as const), pick, outcome: fc.constantFrom('won' as const, 'lost' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('staffCancel' as const), pick, refund: fc.constantFrom('FULL' as const, 'POLICY' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('customerCancel' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

type Paid = { id: string; chargeId: string; paymentIntentId: string };

/** Stripe's API as the platform sees it (on the business's account unless `platform`). */
async function stripeGet<T = Record<string, unknown>>(path: string, platform = false): Promise<T> {
  const res = await fetch(`${t.stripe!.url}/v1${path}`, {
    headers: { authorization: `Bearer ${TEST_STRIPE_SECRET_KEY}`, ...(platform ? {} : { 'stripe-account': world.accountId }) },
  });
  return (await res.json()) as T;
}
type StripeList<T> = { data: T[] };
type StripeCharge = { id: string; amount: number; amount_refunded: number; disputed: boolean };
type StripeDisputeObj = { id: string; status: string; amount: number; balance_transactions: { net: number }[] };

/** Does `fn`; a Stripe refusal (already refunded, disputed, closed…) is one of the things that happen here. */
function tolerate(fn: () => unknown) {
  try {
    fn();
  } catch {
    /* Stripe said no */
  }
}

const staffBooking = async (id: string) => (await as(t, world.owner).get(`/v1/bookings/${id}`).expect(200)).body;

async function run(bookings: Paid[], c: Command): Promise<void> {
  const controls = t.stripe!.controls;
  const b = 'pick' in c ? bookings[c.pick % bookings.length]! : null;
  switch (c.kind) {
    case 'refund': {
      const res = await as(t, world.owner)
        .post(`/v1/bookings/${b!.id}/refunds`)
        .send({ reason: 'Goodwill', ...(c.amount === null ? {} : { amountMinor: c.amount }) });
      // 201, or 409: more than is left (REFUND_EXCEEDS_PAYMENT) or nothing paid to refund.
      expect([201, 409], JSON.stringify(res.body)).toContain(res.status);
      return;
    }
    case 'dashboardRefund':
      return tolerate(() => controls.refund({ charge: b!.chargeId, ...(c.amount === null ? {} : { amount: c.amount }) }));
    case 'failRefund': {
      const refunds = await stripeGet<StripeList<{ id: string; status: string }>>(`/refunds?charge=${b!.chargeId}&limit=100`);
      const done = refunds.data.find((r) => r.status === 'succeeded');
      if (done) tolerate(() => controls.failRefund(done.id));
      return;
    }
    case 'dispute':
      return tolerate(() => controls.dispute({ charge: b!.chargeId }));
    case 'closeDispute': {
      const [dispute] = (await stripeGet<StripeList<StripeDisputeObj>>(`/disputes?charge=${b!.chargeId}`)).data;
      if (dispute) tolerate(() => controls.closeDispute(dispute.id, c.outcome));
      return;
    }
    case 'staffCancel': {
      const booking = await staffBooking(b!.id);
      const res = await as(t, world.owner).post(`/v1/bookings/${b!.id}/cancel`).send({ reason: 'Staff ill', version: booking.version, refund: c.refund });
      expect([200, 409, 422], JSON.stringify(res.body)).toContain(res.status);
      return;
    }
    case 'customerCancel': {
      const row = await t.prisma.booking.findUniqueOrThrow({ where: { id: b!.id } });
      const token = manageUrl(t.deps, row).split('/').pop()!;
      const view = await t.http.get(`/v1/public/manage/${token}`);
      if (view.status !== 200 || !view.body.policy.canCancel) return;
      const res = await t.http
        .post(`/v1/public/manage/${token}/cancel`)
        .set('Origin', ORIGIN)
        .send({ reason: 'Plans changed', version: view.body.booking.version, expectedRefundMinor: view.body.policy.refundOnCancel?.refundMinor ?? 0 });
      expect([200, 409, 422], JSON.stringify(res.body)).toContain(res.status);
      return;
    }
    case 'advance':
      clock.advanceMinutes(c.hours * 60);
      return;
    case 'settle':
      await settle();
      return;
  }
}

/** Webhooks delivered and processed, no payments job waiting, no refund still PENDING. */
async function settle() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await t.stripe!.settle();
    const [jobs] = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'payment.%' AND state IN ('created', 'retry', 'active')
        AND data->>'tenantId' = ${world.owner.tenantId} AND name <> 'payment.checkout-orphan'`;
    const pending = await t.prisma.refund.count({ where: { tenantId: world.owner.tenantId, status: 'PENDING' } });
    if (jobs!.n === 0 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`payments did not settle: ${jobs!.n} jobs, ${pending} refunds pending`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the runs exercised, so a property that passes because nothing happened is noticed. */
const seen = { refunded: 0, partly: 0, failedRefunds: 0, dashboardRefunds: 0, disputesClosed: 0, disputesLost: 0, cancelled: 0 };

async function checkPayment(bookingId: string) {
  const p = await t.prisma.payment.findUniqueOrThrow({
    where: { bookingId },
    include: { refunds: true, disputes: true, booking: { select: { status: true } } },
  });
  const where = JSON.stringify({
    bookingId,
    status: p.status,
    refundedMinor: p.refundedMinor,
    refunds: p.refunds.map((r) => [r.status, r.origin, r.amountMinor]),
  });
  const succeeded = p.refunds.filter((r) => r.status === 'SUCCEEDED');
  const refunded = succeeded.reduce((s, r) => s + r.amountMinor, 0);
  // Never more back than was paid; the payment's totals are its refunds'.
  expect(
    p.refunds.filter((r) => r.status === 'PENDING'),
    where,
  ).toEqual([]);
  expect(refunded, where).toBeLessThanOrEqual(p.amountMinor);
  expect(p.refundedMinor, where).toBe(refunded);
  expect(p.feeRefundedMinor, where).toBe(succeeded.reduce((s, r) => s + r.applicationFeeRefundMinor, 0));
  // The status follows them.
  expect(p.status, where).toBe(refunded === 0 ? 'SUCCEEDED' : refunded < p.amountMinor ? 'PARTIALLY_REFUNDED' : 'REFUNDED');
  // Stripe agrees, money and fee.
  const charge = await stripeGet<StripeCharge>(`/charges/${p.chargeId}`);
  expect(charge.amount_refunded, where).toBe(p.refundedMinor);
  const [fee] = (await stripeGet<StripeList<{ amount: number; amount_refunded: number }>>(`/application_fees?charge=${p.chargeId}`, true)).data;
  expect(fee?.amount, where).toBe(p.applicationFeeMinor);
  expect(fee?.amount_refunded, where).toBe(p.feeRefundedMinor);
  // Our disputes are Stripe's.
  const disputes = (await stripeGet<StripeList<StripeDisputeObj>>(`/disputes?charge=${p.chargeId}`)).data;
  const ours = p.disputes.map((d) => [d.stripeDisputeId, d.status, d.amountMinor, d.fundsWithdrawnMinor, d.closedAt !== null].join(' '));
  const theirs = disputes.map((d) =>
    [d.id, d.status, d.amount, -d.balance_transactions.reduce((s, x) => s + x.net, 0), ['won', 'lost'].includes(d.status)].join(' '),
  );
  expect(ours, where).toEqual(theirs);
  seen.refunded += p.status === 'REFUNDED' ? 1 : 0;
  seen.partly += p.status === 'PARTIALLY_REFUNDED' ? 1 : 0;
  seen.failedRefunds += p.refunds.filter((r) => r.status === 'FAILED').length;
  seen.dashboardRefunds += p.refunds.filter((r) => r.origin === 'STRIPE_DASHBOARD').length;
  seen.disputesClosed += p.disputes.filter((d) => d.closedAt).length;
  seen.disputesLost += p.disputes.filter((d) => d.status === 'lost').length;
  seen.cancelled += p.booking.status === 'CANCELLED' ? 1 : 0;
}

/** The revenue view over the run's dates equals the sums over the business's payments, refunds and disputes. */
async function checkRevenue() {
  const payments = await t.prisma.payment.findMany({ where: { tenantId: world.owner.tenantId, paidAt: { not: null } }, include: { disputes: true } });
  const refunds = await t.prisma.refund.findMany({ where: { tenantId: world.owner.tenantId, status: 'SUCCEEDED' } });
  const closed = payments.flatMap((p) => p.disputes).filter((d) => d.closedAt);
  const lost = closed.filter((d) => d.status === 'lost');
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
  const expected = {
    payments: payments.length,
    grossMinor: sum(payments, (p) => p.amountMinor),
    platformFeesMinor: sum(payments, (p) => p.applicationFeeMinor),
    refunds: refunds.length,
    refundsMinor: sum(refunds, (r) => r.amountMinor),
    feeRefundsMinor: sum(refunds, (r) => r.applicationFeeRefundMinor),
    disputesLost: lost.length,
    disputesLostMinor: sum(lost, (d) => d.amountMinor),
    disputeFeesMinor: sum(closed, (d) => Math.max(0, d.fundsWithdrawnMinor - (d.status === 'lost' ? d.amountMinor : 0))),
    balancePaidMinor: 0,
  };
  const revenue = (await as(t, world.owner).get('/v1/insights?from=2030-03-01&to=2030-04-30').expect(200)).body.revenue;
  expect(revenue).toMatchObject(expected);
  // What the business kept: each payment less its fee and what went back, less what disputes took.
  const kept = sum(payments, (p) => p.amountMinor - p.applicationFeeMinor - p.refundedMinor + p.feeRefundedMinor);
  expect(revenue.netMinor).toBe(kept - expected.disputesLostMinor - expected.disputeFeesMinor);
}

it('refunds never exceed what was paid, our totals are Stripe’s, statuses follow refunds, and revenue adds up', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: 12 }), async (commands) => {
      clock.set(START);
      await newWorld();
      const bookings: Paid[] = [];
      for (const [i, startsAt] of STARTS.entries()) {
        const res = await t.http
          .post(`/v1/public/tenants/${world.owner.slug}/bookings`)
          .set('Origin', ORIGIN)
          .send({ serviceId: world.serviceId, startsAt, timeZone: 'UTC', customer: customer(`money${i}`) })
          .expect(201);
        const { charge } = t.stripe!.controls.pay(res.body.payment.checkoutSessionId, { number: '4242424242424242' });
        bookings.push({ id: res.body.id, chargeId: charge.id, paymentIntentId: charge.payment_intent });
      }
      await settle();
      for (const c of commands) await run(bookings, c);
      await settle();
      for (const b of bookings) await checkPayment(b.id);
      await checkRevenue();
    }),
    // Modest for CI: each run is a business, three paid bookings and up to a dozen steps; a slow machine stops early (as passed).
    { numRuns: 8, interruptAfterTimeLimit: 45_000 },
  );
  expect(seen.refunded + seen.partly, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(seen.disputesClosed + seen.failedRefunds + seen.dashboardRefunds, JSON.stringify(seen)).toBeGreaterThan(0);
}, 120_000);

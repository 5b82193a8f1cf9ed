import type { TInsights } from '@slotwise/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { createService } from '../../../test/catalog-factories';
import { as, ORIGIN } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { TEST_STRIPE_SECRET_KEY } from '../../../test/stripe';
import { ManualClock } from '../../platform/clock';

/**
 * The revenue view after the real payment flows on the Stripe emulator (insights.test.ts covers
 * every definition on rows written directly): Checkout payments in full and as a deposit, a
 * partial refund asked for by staff, a dispute lost at the bank, the deposit's balance recorded at
 * the venue. Every money figure must equal what Stripe holds.
 */

const clock = new ManualClock('2030-03-04T08:00:00Z'); // Monday
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true, env: { SESSION_IDLE_HOURS: '2160' } });
});
afterAll(() => t.close());

type StripeList<T> = { data: T[] };

it('counts payments, a refund with its fee, a lost dispute with its fee and a deposit’s balance as Stripe has them', async () => {
  const { owner, service: cut, resource } = await setUpBookable(t, { service: { name: 'Cut', requiresPayment: true, priceMinor: 6000 } });
  const balayage = await createService(t, owner, {
    resourceIds: [resource.id],
    name: 'Balayage',
    durationMin: 60,
    priceMinor: 10_000,
    requiresPayment: true,
    paymentMode: 'DEPOSIT_PERCENT',
    depositPercent: 30,
    minNoticeMin: 0,
    maxAdvanceDays: 365,
  });
  const { accountId } = await connectStripe(t, owner);
  const stripeGet = async <T>(path: string, platform = false): Promise<T> => {
    const res = await fetch(`${t.stripe!.url}/v1${path}`, {
      headers: { authorization: `Bearer ${TEST_STRIPE_SECRET_KEY}`, ...(platform ? {} : { 'stripe-account': accountId }) },
    });
    return (await res.json()) as T;
  };
  /** Webhooks delivered and processed, no payments job waiting, no refund on its way. */
  const settle = async () => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await t.stripe!.settle();
      const [jobs] = await t.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'payment.%' AND state IN ('created', 'retry', 'active')
          AND data->>'tenantId' = ${owner.tenantId} AND name <> 'payment.checkout-orphan'`;
      const pending = await t.prisma.refund.count({ where: { tenantId: owner.tenantId, status: 'PENDING' } });
      if (jobs!.n === 0 && pending === 0) return;
      if (Date.now() > deadline) throw new Error(`payments did not settle: ${jobs!.n} jobs, ${pending} refunds pending`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const book = async (serviceId: string, startsAt: string, n: string) => {
    const res = await t.http
      .post(`/v1/public/tenants/${owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId, startsAt, timeZone: 'Europe/London', customer: customer(n) })
      .expect(201);
    const { charge } = t.stripe!.controls.pay(res.body.payment.checkoutSessionId, { number: '4242424242424242' });
    return { id: res.body.id as string, chargeId: charge.id };
  };
  const march = async () => (await as(t, owner).get('/v1/insights?from=2030-03-01&to=2030-03-31').expect(200)).body as TInsights;

  const full = await book(cut.id, '2030-03-06T10:00:00Z', 'flow-full');
  const deposit = await book(balayage.id, '2030-03-06T12:00:00Z', 'flow-deposit');
  await settle();
  expect((await march()).deposits).toEqual({ outstanding: 1, outstandingMinor: 7000 });

  await as(t, owner).post(`/v1/bookings/${full.id}/refunds`).send({ amountMinor: 1500, reason: 'Late start' }).expect(201);
  await settle();
  const dispute = t.stripe!.controls.dispute({ charge: full.chargeId });
  await settle();
  t.stripe!.controls.closeDispute(dispute.id, 'lost');
  await settle();
  clock.set('2030-03-06T13:05:00Z');
  await as(t, owner).post(`/v1/bookings/${deposit.id}/payment/balance`).send({ method: 'CASH' }).expect(200);

  const charges = await Promise.all([full, deposit].map((b) => stripeGet<{ amount: number; amount_refunded: number }>(`/charges/${b.chargeId}`)));
  const fees = await Promise.all(
    [full, deposit].map(
      async (b) => (await stripeGet<StripeList<{ amount: number; amount_refunded: number }>>(`/application_fees?charge=${b.chargeId}`, true)).data[0]!,
    ),
  );
  const [lost] = (await stripeGet<StripeList<{ amount: number; status: string; balance_transactions: { net: number }[] }>>(`/disputes?charge=${full.chargeId}`))
    .data;
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const withdrawn = -sum(lost!.balance_transactions.map((x) => x.net));
  expect(charges.map((c) => c.amount)).toEqual([6000, 3000]);
  expect(lost!.status).toBe('lost');

  const body = await march();
  expect(body.revenue).toEqual({
    currency: 'EUR',
    payments: 2,
    grossMinor: 9000,
    platformFeesMinor: sum(fees.map((f) => f.amount)),
    refunds: 1,
    refundsMinor: sum(charges.map((c) => c.amount_refunded)),
    feeRefundsMinor: sum(fees.map((f) => f.amount_refunded)),
    disputesLost: 1,
    disputesLostMinor: lost!.amount,
    disputeFeesMinor: withdrawn - lost!.amount,
    balancePaidMinor: 7000,
    netMinor: 9000 + 7000 - sum(fees.map((f) => f.amount)) + sum(fees.map((f) => f.amount_refunded)) - sum(charges.map((c) => c.amount_refunded)) - withdrawn,
  });
  expect(body.revenue.refundsMinor).toBe(1500);
  expect(body.deposits).toEqual({ outstanding: 0, outstandingMinor: 0 });
  // As many bookings each: the one that brought in more first (disputes are not deducted per service).
  expect(body.topServices).toEqual([
    { serviceId: balayage.id, name: 'Balayage', bookings: 1, revenueMinor: 3000 + 7000 },
    { serviceId: cut.id, name: 'Cut', bookings: 1, revenueMinor: 6000 - 1500 },
  ]);
}, 60_000);

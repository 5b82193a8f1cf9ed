import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { connectStripe } from '../../../test/payment-factories';
import { ManualClock } from '../../platform/clock';
import { holdSweepJob } from '../bookings/bookings.jobs';

/**
 * Random sequences of what customers, staff, Stripe and time do to paid bookings — book, pay,
 * decline, Stripe expiring a session, our holds running out, cancel, payments landing late (events
 * held back, then delivered in any order), duplicate deliveries — through HTTP, the real SDK
 * against the Stripe emulator and the payments workers. Once everything has settled: every
 * payment that succeeded at Stripe belongs to exactly one confirmed booking or was refunded in
 * full, and no two active bookings overlap.
 */

const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, stripe: true });
});
afterAll(() => t.close());

// One resource, a 60-minute paid service on a 30-minute grid: 10:00 and 10:30 overlap, 11:00 touches 10:00.
const STARTS = ['2030-03-05T10:00:00Z', '2030-03-05T10:30:00Z', '2030-03-05T11:00:00Z'];

type Command =
  | { kind: 'book'; slot: number }
  | { kind: 'pay'; pick: number; declined: boolean }
  | { kind: 'stripeExpires'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'advance'; minutes: number; sweep: boolean }
  | { kind: 'holdEvents' }
  | { kind: 'releaseEvents'; order: 'fifo' | 'reverse' | 'shuffle' }
  | { kind: 'duplicateNext'; times: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('book' as const), slot: fc.integer({ min: 0, max: STARTS.length - 1 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), declined: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stripeExpires' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 5, max: 40 }), sweep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'holdEvents' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('releaseEvents' as const), order: fc.constantFrom('fifo' as const, 'reverse' as const, 'shuffle' as const) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateNext' as const), times: fc.integer({ min: 2, max: 4 }) }) },
);

type World = { owner: Staff; serviceId: string; accountId: string; bookings: { id: string; sessionId: string }[]; n: number };

async function stripeGet(path: string, account: string) {
  const res = await fetch(`${t.stripe!.url}/v1${path}`, { headers: { authorization: 'Bearer sk_test_slotwise_tests', 'stripe-account': account } });
  return (await res.json()) as { data: Record<string, unknown>[] };
}

async function run(w: World, c: Command): Promise<void> {
  const controls = t.stripe!.controls;
  const picked = w.bookings.length ? w.bookings[('pick' in c ? c.pick : 0) % w.bookings.length]! : null;
  switch (c.kind) {
    case 'book': {
      const res = await t.http
        .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
        .set('Origin', ORIGIN)
        .send({ serviceId: w.serviceId, startsAt: STARTS[c.slot], timeZone: 'UTC', customer: customer(`prop-${w.n++}`) });
      expect([201, 409], JSON.stringify(res.body)).toContain(res.status);
      if (res.status === 201) w.bookings.push({ id: res.body.id, sessionId: res.body.payment.checkoutSessionId });
      return;
    }
    case 'pay':
      if (!picked) return;
      // Declined, paid, or refused because the session is over or paid already: all fine here.
      try {
        controls.pay(picked.sessionId, { number: c.declined ? '4000000000000002' : '4242424242424242' });
      } catch {
        /* a card error or a session that can no longer be paid */
      }
      return;
    case 'stripeExpires':
      if (!picked) return;
      try {
        controls.expireSession(picked.sessionId);
      } catch {
        /* already complete or expired */
      }
      return;
    case 'cancel': {
      if (!picked) return;
      const current = await as(t, w.owner).get(`/v1/bookings/${picked.id}`).expect(200);
      const res = await as(t, w.owner).post(`/v1/bookings/${picked.id}/cancel`).send({ reason: 'Customer called', version: current.body.version });
      expect([200, 409], JSON.stringify(res.body)).toContain(res.status);
      return;
    }
    case 'advance':
      clock.advanceMinutes(c.minutes);
      if (c.sweep) await t.jobs.runNow(holdSweepJob(t.deps), {});
      return;
    case 'holdEvents':
      controls.holdWebhooks();
      return;
    case 'releaseEvents':
      controls.releaseWebhooks(c.order);
      return;
    case 'duplicateNext':
      controls.duplicateNext(c.times, 3);
      return;
  }
}

/** Everything delivered and processed, and no payment job (refund, session expiry) still to run. */
async function settle(w: World) {
  t.stripe!.controls.releaseWebhooks();
  t.stripe!.controls.duplicateNext(1);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await t.stripe!.settle();
    const [jobs] = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'payment.%' AND state IN ('created', 'retry', 'active')
        AND data->>'tenantId' = ${w.owner.tenantId} AND name <> 'payment.checkout-orphan'`;
    const pending = await t.prisma.payment.count({ where: { tenantId: w.owner.tenantId, status: 'REFUND_PENDING' } });
    if (jobs!.n === 0 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`payments did not settle: ${jobs!.n} jobs, ${pending} refunds pending`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the runs exercised, so a property that passes only because nothing was paid is noticed. */
const seen = { succeeded: 0, refunded: 0, confirmed: 0 };

async function checkInvariants(w: World) {
  // Every payment that succeeded at Stripe…
  const intents = (await stripeGet('/payment_intents?limit=100', w.accountId)).data.filter((pi) => pi.status === 'succeeded');
  seen.succeeded += intents.length;
  for (const pi of intents) {
    const payment = await t.prisma.payment.findUnique({ where: { paymentIntentId: pi.id as string }, include: { booking: { select: { status: true } } } });
    const where = `payment intent ${String(pi.id)}: ${JSON.stringify(payment)}`;
    expect(payment, where).not.toBeNull();
    const charges = (await stripeGet(`/charges?payment_intent=${String(pi.id)}`, w.accountId)).data.filter((ch) => ch.status === 'succeeded');
    const refunded = charges.length === 1 && charges[0]!.refunded === true && charges[0]!.amount_refunded === charges[0]!.amount;
    if (payment!.status === 'SUCCEEDED') {
      // …belongs to its one booking, confirmed…
      expect(payment!.booking.status, where).toBe('CONFIRMED');
      expect(refunded, where).toBe(false);
      seen.confirmed += 1;
    } else {
      // …or went back in full.
      expect(payment!.status, where).toBe('REFUNDED');
      expect(refunded, where).toBe(true);
      seen.refunded += 1;
    }
  }
  // A confirmed booking here was paid (nobody confirms by hand in these runs).
  const confirmed = await t.prisma.booking.findMany({
    where: { tenantId: w.owner.tenantId, status: 'CONFIRMED' },
    select: { id: true, payment: { select: { status: true } } },
  });
  for (const b of confirmed) expect(b.payment?.status, b.id).toBe('SUCCEEDED');
  // No two active bookings overlap.
  const [row] = await t.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Booking" a JOIN "Booking" b
      ON a.id < b.id AND a."resourceId" = b."resourceId" AND a."blockedRange" && b."blockedRange"
    WHERE a."tenantId" = ${w.owner.tenantId}::uuid AND b."tenantId" = ${w.owner.tenantId}::uuid
      AND a.status IN ('PENDING_PAYMENT', 'CONFIRMED') AND b.status IN ('PENDING_PAYMENT', 'CONFIRMED')`;
  expect(row!.n).toBe(0);
}

it('every succeeded payment ends attached to one confirmed booking or fully refunded, and active bookings never overlap', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(commandArb, { minLength: 8, maxLength: 20 }), async (commands) => {
      clock.set(START);
      t.stripe!.controls.releaseWebhooks();
      const { owner, service } = await setUpBookable(t, { service: { requiresPayment: true, priceMinor: 4000, slotIntervalMin: 30 } });
      const { accountId } = await connectStripe(t, owner);
      const w: World = { owner, serviceId: service.id, accountId, bookings: [], n: 0 };
      try {
        for (const c of commands) await run(w, c);
        await settle(w);
        await checkInvariants(w);
      } finally {
        t.stripe!.controls.releaseWebhooks();
        t.stripe!.controls.duplicateNext(1);
      }
    }),
    { numRuns: 20, skipAllAfterTimeLimit: 150_000 },
  );
  expect(seen.succeeded, JSON.stringify(seen)).toBeGreaterThan(0);
  expect(seen.confirmed, JSON.stringify(seen)).toBeGreaterThan(0);
}, 240_000);

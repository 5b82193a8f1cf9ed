import type { TPaymentListItem } from '@slotwise/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/platform/clock';
import { runWithContext } from '../src/platform/context';
import { DEMO, seedDemoIfEmpty } from '../src/seed/demo';
import { seedDemoHistory } from '../src/seed/demo-history';
import { connectDemoToStripe } from '../src/seed/demo-stripe';
import { createTestApp, type TestApp } from './app';
import { ORIGIN } from './factories';

/**
 * What `pnpm start` seeds for the demo's Payments and revenue pages: a payment history of the past
 * weeks made through the real flows against the Stripe emulator (whose clock travels to each
 * step), once per database.
 */
describe('the demo tenant’s payment history', () => {
  // Wednesday 20 March 2030, 09:00 in London.
  const NOW = '2030-03-20T09:00:00Z';
  const clock = new ManualClock(NOW);
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp({ clock, stripe: true });
  });
  afterAll(() => t.close());

  const ctx = () => ({ requestId: 'test-dev', correlationId: 'test-dev', logger: t.deps.logger });
  const stripe = () => ({
    pay: (sessionId: string, card: { number: string }) => t.stripe!.controls.pay(sessionId, card),
    dispute: (target: { payment_intent: string; reason?: string }) => t.stripe!.controls.dispute(target),
    closeDispute: (id: string, outcome: 'won' | 'lost') => t.stripe!.controls.closeDispute(id, outcome),
    // The emulator runs on the test's clock.
    travel: (at: Date | null) => clock.set(at ?? NOW),
  });
  const get = async (path: string) => (await t.http.get(path).set('Cookie', cookie).expect(200)).body;

  it('has paid, refunded, disputed and deposit bookings dated in the past weeks, and is seeded once', async () => {
    await runWithContext(ctx(), () => seedDemoIfEmpty(t.deps));
    await connectDemoToStripe(t.deps, t.stripe!.controls);
    // As at `pnpm start`, where the API is not listening yet: Stripe's webhooks arrive after the seed, and change nothing.
    t.stripe!.controls.holdWebhooks();
    expect(await seedDemoHistory(t.deps, stripe())).toBe('seeded');
    expect(clock.now().toISOString()).toBe(new Date(NOW).toISOString());
    t.stripe!.controls.releaseWebhooks('shuffle');
    await t.stripe!.settle();

    const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: DEMO.ownerEmail, password: DEMO.ownerPassword }).expect(200);
    cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('slotwise_session='))!.split(';')[0]!;

    const tenant = await get('/v1/tenant');
    expect(tenant.cancellationPolicy).toEqual({ freeCancellationHours: 24, lateRefundPercent: 50 });
    const balayage = (await get('/v1/services')).items.find((s: { name: string }) => s.name === 'Balayage');
    expect(balayage).toMatchObject({ priceMinor: 12000, requiresPayment: true, paymentMode: 'DEPOSIT_PERCENT', depositPercent: 30 });

    const payments = (await get('/v1/payments?limit=50')).items as TPaymentListItem[];
    expect(payments).toHaveLength(8);
    // Oldest first: what happened to each (see seed/demo-history.ts).
    const byStart = [...payments].sort((a, b) => a.booking.startsAt.localeCompare(b.booking.startsAt));
    expect(byStart.map((p) => [p.booking.serviceName, p.booking.status, p.status, p.kind])).toEqual([
      ['Colour', 'COMPLETED', 'SUCCEEDED', 'FULL'],
      ['Colour', 'COMPLETED', 'PARTIALLY_REFUNDED', 'FULL'],
      ['Colour', 'CANCELLED', 'REFUNDED', 'FULL'],
      ['Colour', 'NO_SHOW', 'SUCCEEDED', 'FULL'],
      ['Colour', 'COMPLETED', 'SUCCEEDED', 'FULL'],
      ['Balayage', 'COMPLETED', 'SUCCEEDED', 'DEPOSIT'],
      ['Colour', 'COMPLETED', 'SUCCEEDED', 'FULL'],
      ['Balayage', 'CONFIRMED', 'SUCCEEDED', 'DEPOSIT'],
    ]);
    const [first, part, full, , won, deposit, open, upcoming] = byStart;
    // Paid three days before each appointment (the seed's clock runs on from there), in the past weeks.
    const paidAhead = new Date(first!.booking.startsAt).getTime() - new Date(first!.paidAt!).getTime();
    expect(Math.abs(paidAhead - 3 * 24 * 3600_000)).toBeLessThan(60_000);
    expect(new Date(first!.paidAt!) < new Date('2030-03-01T00:00:00Z')).toBe(true);
    expect(part).toMatchObject({ refundedMinor: 2000, refundableMinor: 6000, refunds: [expect.objectContaining({ status: 'SUCCEEDED', origin: 'STAFF' })] });
    expect(full).toMatchObject({ refundedMinor: 8000, refundableMinor: 0 });
    expect(won!.disputes).toEqual([expect.objectContaining({ status: 'won', outcome: 'WON', fundsWithdrawnMinor: 0 })]);
    expect(open!.disputes).toEqual([expect.objectContaining({ status: 'needs_response', open: true, fundsWithdrawnMinor: 8000 + 1500 })]);
    expect(new Date(open!.disputes[0]!.evidenceDueBy!) > new Date(NOW)).toBe(true);
    expect(deposit).toMatchObject({
      amountMinor: 3600,
      priceMinor: 12000,
      balanceDueMinor: 0,
      balance: expect.objectContaining({ amountMinor: 8400, method: 'CARD_TERMINAL' }),
    });
    expect(upcoming).toMatchObject({ amountMinor: 3600, balanceDueMinor: 8400, balance: null });

    expect(await get('/v1/payments/summary')).toEqual({ openDisputes: 1, disputesNeedingResponse: 1, failedRefunds: 0 });
    expect(await t.prisma.stripeEvent.count({ where: { status: 'FAILED' } })).toBe(0);

    // A restart: the history is there already, and the emulator's memory is gone.
    t.stripe!.controls.reset();
    await connectDemoToStripe(t.deps, t.stripe!.controls);
    expect(await seedDemoHistory(t.deps, stripe())).toBe('present');
    expect((await get('/v1/payments?limit=50')).items).toHaveLength(8);
  });
});

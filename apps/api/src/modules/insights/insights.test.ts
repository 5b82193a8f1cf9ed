import { randomUUID } from 'node:crypto';
import type { TInsights, TService } from '@slotwise/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable, type Bookable } from '../../../test/booking-factories';
import { createService } from '../../../test/catalog-factories';
import { addMember, as, type Staff } from '../../../test/factories';

/**
 * GET /v1/insights on a small data set whose every figure is known. The business is in New York:
 * March 2030 holds the spring-forward (Sunday 10 March, 02:00 EST → 03:00 EDT), so the period's
 * first days are UTC−5 and the rest UTC−4. Bookings are made through the API with a fixed clock;
 * payments, refunds and disputes are rows written with the real Prisma client (test setup: the
 * Stripe flows that make them are tested in the payments module).
 */

const ZONE = 'America/New_York';
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

type Booked = { id: string; version: number };

describe('GET /v1/insights', () => {
  const clock = new ManualClock('2030-02-20T12:00:00Z');
  let t: TestApp;
  let a: Bookable;
  let cut: TService;
  let colour: TService;
  let other: Bookable;
  const b: Record<string, Booked> = {};

  async function book(who: Bookable, service: TService, startsAt: string, n: string): Promise<Booked> {
    const res = await as(t, who.owner)
      .post('/v1/bookings')
      .send({ serviceId: service.id, resourceId: who.resource.id, startsAt, customer: customer(n), overrideNoticeAndHorizon: true });
    if (res.status !== 201) throw new Error(`booking ${n} at ${startsAt}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, version: res.body.version };
  }

  async function setStatus(booking: Booked, status: 'COMPLETED' | 'NO_SHOW') {
    const res = await as(t, a.owner).post(`/v1/bookings/${booking.id}/status`).send({ status, version: booking.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** A payment row of `booking` as the Checkout flow leaves it (test setup through the real Prisma client). */
  async function pay(
    owner: Staff,
    bookingId: string,
    p: {
      amountMinor: number;
      feeMinor: number;
      paidAt: string;
      currency?: string;
      kind?: 'FULL' | 'DEPOSIT';
      status?: 'SUCCEEDED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
      refundedMinor?: number;
      feeRefundedMinor?: number;
      balance?: { amountMinor: number; at: string };
    },
  ) {
    const session = `cs_test_${randomUUID().replaceAll('-', '')}`;
    return t.prisma.payment.create({
      data: {
        tenantId: owner.tenantId,
        bookingId,
        stripeAccountId: 'acct_insights',
        kind: p.kind ?? 'FULL',
        checkoutSessionId: session,
        checkoutUrl: `https://checkout.stripe.com/c/pay/${session}`,
        paymentIntentId: `pi_${randomUUID().replaceAll('-', '')}`,
        status: p.status ?? 'SUCCEEDED',
        amountMinor: p.amountMinor,
        applicationFeeMinor: p.feeMinor,
        currency: p.currency ?? 'EUR',
        refundedMinor: p.refundedMinor ?? 0,
        feeRefundedMinor: p.feeRefundedMinor ?? 0,
        ...(p.status === 'REFUNDED' ? { refundedAt: new Date(p.paidAt) } : {}),
        ...(p.balance ? { balancePaidMinor: p.balance.amountMinor, balanceMethod: 'CASH', balancePaidAt: new Date(p.balance.at) } : {}),
        expiresAt: new Date(new Date(p.paidAt).getTime() + 30 * 60_000),
        paidAt: new Date(p.paidAt),
      },
    });
  }

  async function refund(
    owner: Staff,
    payment: { id: string; bookingId: string },
    r: { amountMinor: number; feeMinor: number; status: 'SUCCEEDED' | 'FAILED' | 'PENDING'; settledAt: string | null },
  ) {
    await t.prisma.refund.create({
      data: {
        tenantId: owner.tenantId,
        paymentId: payment.id,
        bookingId: payment.bookingId,
        idempotencyKey: randomUUID(),
        status: r.status,
        origin: 'STAFF',
        amountMinor: r.amountMinor,
        applicationFeeRefundMinor: r.feeMinor,
        currency: 'EUR',
        reason: 'Test',
        settledAt: r.settledAt ? new Date(r.settledAt) : null,
      },
    });
  }

  async function dispute(
    owner: Staff,
    payment: { id: string; bookingId: string },
    d: { status: string; amountMinor: number; withdrawnMinor: number; closedAt: string | null },
  ) {
    await t.prisma.dispute.create({
      data: {
        tenantId: owner.tenantId,
        paymentId: payment.id,
        bookingId: payment.bookingId,
        stripeDisputeId: `dp_${randomUUID().replaceAll('-', '')}`,
        status: d.status,
        reason: 'fraudulent',
        amountMinor: d.amountMinor,
        currency: 'EUR',
        fundsWithdrawnMinor: d.withdrawnMinor,
        closedAt: d.closedAt ? new Date(d.closedAt) : null,
      },
    });
  }

  const insights = (who: Staff, from: string, to: string) => as(t, who).get(`/v1/insights?from=${from}&to=${to}`);

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '2160' } });
    a = await setUpBookable(t, { timeZone: ZONE, hours: EVERY_DAY, service: { name: 'Cut', priceMinor: 5000 } });
    cut = a.service;
    colour = await createService(t, a.owner, {
      resourceIds: [a.resource.id],
      name: 'Colour',
      durationMin: 60,
      priceMinor: 5000,
      minNoticeMin: 0,
      maxAdvanceDays: 365,
    });

    // Made on 20 February (before the period), starting in it.
    b.b1 = await book(a, cut, '2030-03-08T14:00:00Z', 'b1'); // Fri 8 Mar 09:00 EST
    // Made on 28 February 22:00 New York (already 1 March in UTC): not made in March.
    clock.set('2030-03-01T03:00:00Z');
    b.before = await book(a, cut, '2030-03-01T04:30:00Z', 'before'); // Thu 28 Feb 23:30 EST: not in March
    // Made on 1 March 07:00 New York.
    clock.set('2030-03-01T12:00:00Z');
    b.b2 = await book(a, cut, '2030-03-11T13:00:00Z', 'b2'); // Mon 11 Mar 09:00 EDT (after the change: 13:00 UTC, not 14:00)
    b.b3 = await book(a, cut, '2030-03-10T07:30:00Z', 'b3'); // Sun 10 Mar 03:30 EDT, the morning of the change
    b.b4 = await book(a, colour, '2030-03-17T03:30:00Z', 'b4'); // Sat 16 Mar 23:30 EDT, ends after midnight (Sunday in UTC)
    b.b5 = await book(a, cut, '2030-03-12T14:00:00Z', 'b5'); // Tue 12 Mar 10:00 EDT, cancelled below
    b.b6 = await book(a, colour, '2030-04-01T03:00:00Z', 'b6'); // Sun 31 Mar 23:00 EDT: the period's last hour
    b.b8 = await book(a, colour, '2030-03-13T19:00:00Z', 'b8'); // Wed 13 Mar 15:00 EDT, left unmarked
    b.b9 = await book(a, cut, '2030-03-20T14:00:00Z', 'b9'); // Wed 20 Mar: made EXPIRED below (a hold that lapsed)
    b.b10 = await book(a, cut, '2030-03-15T04:15:00Z', 'b10'); // Fri 15 Mar 00:15 EDT (04:15 UTC; 05:15 would be midnight EST)
    b.after = await book(a, cut, '2030-04-01T04:30:00Z', 'after'); // Mon 1 Apr 00:30 EDT: not in March

    clock.set('2030-03-14T12:00:00Z');
    await setStatus(b.b1, 'COMPLETED');
    await setStatus(b.b2, 'COMPLETED');
    await setStatus(b.b3, 'NO_SHOW');
    const cancelled = await as(t, a.owner).post(`/v1/bookings/${b.b5.id}/cancel`).send({ reason: 'Ill', version: b.b5.version });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await t.prisma.booking.update({ where: { id: b.b9.id }, data: { status: 'EXPIRED' } });

    // Money (EUR unless said). b1: paid 8 Mar, 2,000 of it refunded on 9 Mar; a failed and a pending refund count nowhere; a dispute won at no cost.
    const p1 = await pay(a.owner, b.b1.id, {
      amountMinor: 5000,
      feeMinor: 250,
      paidAt: '2030-03-08T15:00:00Z',
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 2000,
      feeRefundedMinor: 100,
    });
    await refund(a.owner, p1, { amountMinor: 2000, feeMinor: 100, status: 'SUCCEEDED', settledAt: '2030-03-09T15:00:00Z' });
    await refund(a.owner, p1, { amountMinor: 500, feeMinor: 25, status: 'FAILED', settledAt: '2030-03-09T16:00:00Z' });
    await refund(a.owner, p1, { amountMinor: 500, feeMinor: 25, status: 'PENDING', settledAt: null });
    await dispute(a.owner, p1, { status: 'won', amountMinor: 3000, withdrawnMinor: 0, closedAt: '2030-03-25T12:00:00Z' });
    // b2: a deposit paid in February, its balance paid at the venue on 11 March.
    await pay(a.owner, b.b2.id, {
      amountMinor: 1500,
      feeMinor: 75,
      paidAt: '2030-02-25T12:00:00Z',
      kind: 'DEPOSIT',
      balance: { amountMinor: 3500, at: '2030-03-11T20:00:00Z' },
    });
    // b3 (no-show): paid at 00:00 New York on 1 March exactly, then a dispute lost with Stripe's 15.00 fee.
    const p3 = await pay(a.owner, b.b3.id, { amountMinor: 5000, feeMinor: 250, paidAt: '2030-03-01T05:00:00Z' });
    await dispute(a.owner, p3, { status: 'lost', amountMinor: 5000, withdrawnMinor: 6500, closedAt: '2030-03-20T12:00:00Z' });
    // b4: a deposit whose balance is still due (outstanding).
    await pay(a.owner, b.b4.id, { amountMinor: 1000, feeMinor: 50, paidAt: '2030-03-02T12:00:00Z', kind: 'DEPOSIT' });
    // b5 (cancelled): a deposit kept by the policy; not outstanding (the booking is cancelled).
    await pay(a.owner, b.b5.id, { amountMinor: 1000, feeMinor: 50, paidAt: '2030-03-02T13:00:00Z', kind: 'DEPOSIT' });
    // b6: a deposit refunded in full on 5 March; not outstanding.
    const p6 = await pay(a.owner, b.b6.id, {
      amountMinor: 2000,
      feeMinor: 100,
      paidAt: '2030-03-03T12:00:00Z',
      kind: 'DEPOSIT',
      status: 'REFUNDED',
      refundedMinor: 2000,
      feeRefundedMinor: 100,
    });
    await refund(a.owner, p6, { amountMinor: 2000, feeMinor: 100, status: 'SUCCEEDED', settledAt: '2030-03-05T12:00:00Z' });
    // b8: paid in US dollars (the business's former currency): reported on its own.
    await pay(a.owner, b.b8.id, { amountMinor: 3000, feeMinor: 150, paidAt: '2030-03-13T20:00:00Z', currency: 'USD' });
    // `before`: paid one minute before March began in New York.
    await pay(a.owner, b.before.id, { amountMinor: 700, feeMinor: 35, paidAt: '2030-03-01T04:59:00Z' });

    // Another business with bookings and money in the same days, in UTC: never in a's figures.
    clock.set('2030-03-01T12:00:00Z');
    other = await setUpBookable(t, { timeZone: 'UTC', hours: EVERY_DAY, service: { priceMinor: 5000 } });
    const o1 = await book(other, other.service, '2030-03-08T14:00:00Z', 'o1');
    await book(other, other.service, '2030-03-11T13:00:00Z', 'o2');
    const op = await pay(other.owner, o1.id, {
      amountMinor: 9000,
      feeMinor: 450,
      paidAt: '2030-03-08T15:00:00Z',
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 1000,
    });
    await refund(other.owner, op, { amountMinor: 1000, feeMinor: 50, status: 'SUCCEEDED', settledAt: '2030-03-09T12:00:00Z' });
    await dispute(other.owner, op, { status: 'lost', amountMinor: 8000, withdrawnMinor: 9500, closedAt: '2030-03-20T12:00:00Z' });
    clock.set('2030-03-14T12:00:00Z');
  });
  afterAll(() => t.close());

  it('adds up a month: bookings by status, money, deposits, heat map, days and services, in the business zone', async () => {
    const res = await insights(a.owner, '2030-03-01', '2030-03-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as TInsights;
    expect(body).toMatchObject({ from: '2030-03-01', to: '2030-03-31', timeZone: ZONE, currency: 'EUR', generatedAt: '2030-03-14T12:00:00.000Z' });

    // Starting in March (New York): b1 b2 b3 b4 b5 b6 b8 b10; not `before`/`after` (other local dates) nor b9 (expired).
    expect(body.bookings).toEqual({
      made: 8, // b2…b10 and `after`, made on 1 March 07:00, less b9 (expired); b1 and `before` were made in February in New York
      starting: 8,
      attended: 2, // b1, b2
      upcoming: 3, // b4, b6, b10
      unmarked: 1, // b8
      cancelled: 1, // b5
      noShow: 1, // b3
      cancellationRate: 0.125,
      noShowRate: 0.125,
    });
    const { attended, upcoming, unmarked, cancelled, noShow } = body.bookings;
    expect(attended + upcoming + unmarked + cancelled + noShow).toBe(body.bookings.starting);

    // Paid in March: b1 5000, b3 5000 (at 00:00 on 1 March), b4 1000, b5 1000, b6 2000; not b2 (February) nor `before` (23:59 on 28 February).
    expect(body.revenue).toEqual({
      currency: 'EUR',
      payments: 5,
      grossMinor: 14_000,
      platformFeesMinor: 700,
      refunds: 2, // b1's 2000 and b6's 2000 that succeeded; not the failed or pending ones
      refundsMinor: 4000,
      feeRefundsMinor: 200,
      disputesLost: 1,
      disputesLostMinor: 5000,
      disputeFeesMinor: 1500,
      balancePaidMinor: 3500,
      netMinor: 14_000 + 3500 - 700 + 200 - 4000 - 5000 - 1500,
    });
    expect(body.otherCurrencies).toEqual([
      {
        currency: 'USD',
        payments: 1,
        grossMinor: 3000,
        platformFeesMinor: 150,
        refunds: 0,
        refundsMinor: 0,
        feeRefundsMinor: 0,
        disputesLost: 0,
        disputesLostMinor: 0,
        disputeFeesMinor: 0,
        balancePaidMinor: 0,
        netMinor: 2850,
      },
    ]);
    expect(body.deposits).toEqual({ outstanding: 1, outstandingMinor: 4000 }); // b4: 5000 − 1000

    // Heat map rows Monday…Sunday, local hours: the spring-forward moves UTC hours, not local ones.
    const cells = body.heatMap.flatMap((hours, day) => hours.map((n, hour) => ({ day, hour, n }))).filter((c) => c.n > 0);
    expect(cells).toEqual([
      { day: 0, hour: 9, n: 1 }, // b2 Mon 09:00 EDT
      { day: 2, hour: 15, n: 1 }, // b8 Wed 15:00
      { day: 4, hour: 0, n: 1 }, // b10 Fri 00:15
      { day: 4, hour: 9, n: 1 }, // b1 Fri 09:00 EST
      { day: 5, hour: 23, n: 1 }, // b4 Sat 23:30 (Sunday 03:30 in UTC)
      { day: 6, hour: 3, n: 1 }, // b3 Sun 03:30 EDT
      { day: 6, hour: 23, n: 1 }, // b6 Sun 31 Mar 23:00
    ]);
    expect(cells.reduce((sum, c) => sum + c.n, 0)).toBe(attended + upcoming + unmarked + noShow);

    expect(body.daily).toHaveLength(31);
    expect(body.daily[0]).toEqual({ date: '2030-03-01', bookings: 0, made: 8, grossMinor: 5000 });
    const byDate = Object.fromEntries(body.daily.map((d) => [d.date, d]));
    expect(byDate['2030-03-02']).toMatchObject({ grossMinor: 2000 });
    expect(byDate['2030-03-16']).toMatchObject({ bookings: 1 });
    expect(byDate['2030-03-17']).toMatchObject({ bookings: 0 });
    expect(byDate['2030-03-31']).toMatchObject({ bookings: 1 });
    expect(body.daily.reduce((sum, d) => sum + d.grossMinor, 0)).toBe(body.revenue.grossMinor);
    expect(body.daily.reduce((sum, d) => sum + d.made, 0)).toBe(body.bookings.made);
    expect(body.daily.reduce((sum, d) => sum + d.bookings, 0)).toBe(attended + upcoming + unmarked + noShow);
    expect(body.busiestDays).toEqual([
      { date: '2030-03-08', bookings: 1 },
      { date: '2030-03-10', bookings: 1 },
      { date: '2030-03-11', bookings: 1 },
      { date: '2030-03-13', bookings: 1 },
      { date: '2030-03-15', bookings: 1 },
    ]);

    // Cut: b1 b2 b3 booked (b5 cancelled, b9 expired, b10 booked) → 4; revenue 5000 + 5000 + 1000 + 3500 − 2000.
    // Colour: b4 b6 b8 → 3; revenue 1000 + 2000 − 2000 (b8's dollars are not in it).
    expect(body.topServices).toEqual([
      { serviceId: cut.id, name: 'Cut', bookings: 4, revenueMinor: 12_500 },
      { serviceId: colour.id, name: 'Colour', bookings: 3, revenueMinor: 1000 },
    ]);
  });

  it('cuts a DST week at local midnights: 8–14 March is 167 hours long and ends at 04:00 UTC', async () => {
    const res = await insights(a.owner, '2030-03-08', '2030-03-14');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as TInsights;
    expect(body.daily.map((d) => [d.date, d.bookings])).toEqual([
      ['2030-03-08', 1],
      ['2030-03-09', 0],
      ['2030-03-10', 1],
      ['2030-03-11', 1],
      ['2030-03-12', 0],
      ['2030-03-13', 1],
      ['2030-03-14', 0], // b10 at 04:15 UTC on the 15th is Friday in New York, not Thursday
    ]);
    expect(body.bookings).toMatchObject({ starting: 5, attended: 2, noShow: 1, cancelled: 1, unmarked: 1, upcoming: 0 });
    expect(body.heatMap[0]![9]).toBe(1); // b2, Monday 09:00 EDT = 13:00 UTC
    expect(body.heatMap[4]![9]).toBe(1); // b1, Friday 09:00 EST = 14:00 UTC
    expect(body.revenue).toMatchObject({ payments: 1, grossMinor: 5000, refunds: 1, refundsMinor: 2000, balancePaidMinor: 3500, disputesLost: 0 });
  });

  it('shows another business only its own figures', async () => {
    const res = await insights(other.owner, '2030-03-01', '2030-03-31');
    expect(res.status).toBe(200);
    const body = res.body as TInsights;
    expect(body.timeZone).toBe('UTC');
    expect(body.bookings).toMatchObject({ made: 2, starting: 2, unmarked: 2 });
    expect(body.revenue).toMatchObject({ payments: 1, grossMinor: 9000, refundsMinor: 1000, disputesLostMinor: 8000, disputeFeesMinor: 1500 });
    expect(body.otherCurrencies).toEqual([]);
    expect(body.deposits).toEqual({ outstanding: 0, outstandingMinor: 0 });
    expect(body.topServices.map((s) => s.serviceId)).toEqual([other.service.id]);
  });

  it('answers an empty period with zeros and null rates', async () => {
    const res = await insights(a.owner, '2031-06-01', '2031-06-30');
    expect(res.status).toBe(200);
    const body = res.body as TInsights;
    expect(body.bookings).toMatchObject({ made: 0, starting: 0, cancellationRate: null, noShowRate: null });
    expect(body.revenue).toMatchObject({ currency: 'EUR', payments: 0, grossMinor: 0, netMinor: 0 });
    expect(body.heatMap.flat().every((n) => n === 0)).toBe(true);
    expect(body.busiestDays).toEqual([]);
    expect(body.topServices).toEqual([]);
    expect(body.daily).toHaveLength(30);
  });

  it('takes up to 366 days and refuses other periods with 400', async () => {
    expect((await insights(a.owner, '2030-01-01', '2031-01-01')).status).toBe(200); // 366 days
    expect((await insights(a.owner, '2030-03-05', '2030-03-05')).status).toBe(200); // one day
    for (const [from, to] of [
      ['2030-01-01', '2031-01-02'], // 367 days
      ['2030-03-31', '2030-03-01'], // backwards
      ['2030-02-30', '2030-03-01'], // no such date
      ['2030-3-1', '2030-03-31'],
    ]) {
      const res = await insights(a.owner, from!, to!);
      expect(res.status, `${from}…${to}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await as(t, a.owner).get('/v1/insights?from=2030-03-01')).status).toBe(400);
    expect((await as(t, a.owner).get('/v1/insights?from=2030-03-01&to=2030-03-31&tenantId=x')).status).toBe(400);
  });

  it('is for owners and admins: staff get 403, nobody signed in 401', async () => {
    const admin = await addMember(t, a.owner, 'ADMIN');
    const staff = await addMember(t, a.owner, 'STAFF');
    expect((await insights(admin, '2030-03-01', '2030-03-31')).status).toBe(200);
    const refused = await insights(staff, '2030-03-01', '2030-03-31');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await t.http.get('/v1/insights?from=2030-03-01&to=2030-03-31')).status).toBe(401);
  });
});

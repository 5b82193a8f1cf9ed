import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancellationRefund, effectivePolicy, percentOfMinor, storedPolicy } from './cancellation-policy';
import { chargeOnline, minimumChargeMinor } from './deposit-amount';

const startsAt = new Date('2030-03-10T10:00:00Z');
const policy = { freeCancellationHours: 24, lateRefundPercent: 50 };
const at = (iso: string) => new Date(iso);
const refund = (now: Date, over: Partial<Parameters<typeof cancellationRefund>[0]> = {}) =>
  cancellationRefund({ paidMinor: 8000, refundedMinor: 0, startsAt, now, policy, currency: 'EUR', ...over });

describe('cancellationRefund', () => {
  it('refunds everything up to and including the free-cancellation instant, the late percentage one millisecond after', () => {
    const freeUntil = at('2030-03-09T10:00:00Z');
    expect(refund(at('2030-03-01T00:00:00Z'))).toEqual({ percent: 100, refundMinor: 8000, freeUntil });
    expect(refund(freeUntil)).toEqual({ percent: 100, refundMinor: 8000, freeUntil });
    expect(refund(new Date(freeUntil.getTime() + 1))).toEqual({ percent: 50, refundMinor: 4000, freeUntil });
    expect(refund(at('2030-03-10T09:59:59.999Z'))).toMatchObject({ percent: 50, refundMinor: 4000 });
  });

  it('applies the late percentage after the start too (a cancellation, not a no-show)', () => {
    expect(refund(at('2030-03-10T11:00:00Z'))).toMatchObject({ percent: 50, refundMinor: 4000 });
  });

  it('counts hours as instants, not wall-clock times: a DST change in between moves nothing', () => {
    // Europe/London springs forward on 2030-03-31 01:00 UTC; the booking starts that morning.
    const start = at('2030-03-31T09:00:00Z');
    const r = cancellationRefund({ paidMinor: 1000, refundedMinor: 0, startsAt: start, now: at('2030-03-30T09:00:00Z'), policy, currency: 'GBP' });
    expect(r).toEqual({ percent: 100, refundMinor: 1000, freeUntil: at('2030-03-30T09:00:00Z') });
    const late = cancellationRefund({ paidMinor: 1000, refundedMinor: 0, startsAt: start, now: at('2030-03-30T09:00:00.001Z'), policy, currency: 'GBP' });
    expect(late.percent).toBe(50);
  });

  it('gives nothing at 0 % and everything at 100 %', () => {
    const late = at('2030-03-10T08:00:00Z');
    expect(refund(late, { policy: { freeCancellationHours: 24, lateRefundPercent: 0 } })).toMatchObject({ percent: 0, refundMinor: 0 });
    expect(refund(late, { policy: { freeCancellationHours: 24, lateRefundPercent: 100 } })).toMatchObject({ percent: 100, refundMinor: 8000 });
    // No free window at all: everything from now on is "late".
    expect(refund(at('2030-03-01T00:00:00Z'), { policy: { freeCancellationHours: 0, lateRefundPercent: 0 } })).toMatchObject({ percent: 100 });
    expect(refund(startsAt, { policy: { freeCancellationHours: 0, lateRefundPercent: 0 } })).toMatchObject({ percent: 100, refundMinor: 8000 });
  });

  it('takes the percentage of what is still refundable (refunds made and pending deducted)', () => {
    const late = at('2030-03-10T08:00:00Z');
    expect(refund(late, { refundedMinor: 3000 })).toMatchObject({ refundMinor: 2500 });
    expect(refund(at('2030-03-01T00:00:00Z'), { refundedMinor: 3000 })).toMatchObject({ percent: 100, refundMinor: 5000 });
    expect(refund(late, { refundedMinor: 8000 })).toMatchObject({ refundMinor: 0 });
  });

  it('rounds half up in the minor unit: whole yen for JPY, tens for three-decimal currencies', () => {
    const late = at('2030-03-10T08:00:00Z');
    const third = { freeCancellationHours: 24, lateRefundPercent: 33 };
    expect(refund(late, { paidMinor: 1050, currency: 'JPY', policy: { freeCancellationHours: 24, lateRefundPercent: 50 } }).refundMinor).toBe(525);
    expect(refund(late, { paidMinor: 1001, currency: 'JPY', policy: { freeCancellationHours: 24, lateRefundPercent: 50 } }).refundMinor).toBe(501); // ¥500.5 → ¥501
    expect(refund(late, { paidMinor: 999, currency: 'JPY', policy: third }).refundMinor).toBe(330); // ¥329.67 → ¥330
    expect(refund(late, { paidMinor: 1001, currency: 'EUR', policy: { freeCancellationHours: 24, lateRefundPercent: 50 } }).refundMinor).toBe(501);
    expect(refund(late, { paidMinor: 1250, currency: 'KWD', policy: third }).refundMinor).toBe(410); // 412.5 fils → 410
    expect(percentOfMinor(1250, 50, 'kwd')).toBe(630); // 625 → 630 (half up, in tens)
  });

  it('never refunds less than 0 nor more than is refundable, and is the exact share within half a step', () => {
    const currencies = ['EUR', 'USD', 'JPY', 'KRW', 'KWD', 'BHD'];
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.integer({ min: -30 * 24 * 60, max: 30 * 24 * 60 }),
        (currency, paid, refundedShare, late, hours, minutesBefore) => {
          const refunded = Math.floor((paid * refundedShare) / 100);
          const r = cancellationRefund({
            paidMinor: paid,
            refundedMinor: refunded,
            startsAt,
            now: new Date(startsAt.getTime() - minutesBefore * 60_000),
            policy: { freeCancellationHours: hours, lateRefundPercent: late },
            currency,
          });
          const refundable = paid - refunded;
          expect(Number.isInteger(r.refundMinor)).toBe(true);
          expect(r.refundMinor).toBeGreaterThanOrEqual(0);
          expect(r.refundMinor).toBeLessThanOrEqual(refundable);
          expect(r.percent === 100 || r.percent === late).toBe(true);
          expect(r.percent === 100).toBe(minutesBefore >= hours * 60 || late === 100);
          if (r.percent === 100) expect(r.refundMinor).toBe(refundable);
          const step = currency === 'KWD' || currency === 'BHD' ? 10 : 1;
          // |refund·100 − refundable·percent| ≤ half a step (·100), unless capped at what is refundable.
          if (r.refundMinor < refundable) expect(Math.abs(r.refundMinor * 100 - refundable * r.percent)).toBeLessThanOrEqual(step * 50);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('effectivePolicy', () => {
  const tenant = { freeCancellationHours: 48, lateRefundPercent: 25 };
  it("takes the service's own policy, or the business's when the service has none", () => {
    expect(effectivePolicy({ freeCancellationHours: 2, lateRefundPercent: 0 }, tenant)).toEqual({ freeCancellationHours: 2, lateRefundPercent: 0 });
    expect(effectivePolicy({ freeCancellationHours: null, lateRefundPercent: null }, tenant)).toEqual(tenant);
    expect(storedPolicy({ freeCancellationHours: null, lateRefundPercent: null })).toBeNull();
  });
});

describe('chargeOnline (deposits)', () => {
  const service = { priceMinor: 8000, currency: 'EUR', depositMinor: null, depositPercent: null };
  it('charges the price, a fixed deposit, or a percentage rounded half up and at least the minimum charge', () => {
    expect(chargeOnline({ ...service, paymentMode: 'FULL' })).toEqual({ kind: 'FULL', amountMinor: 8000 });
    expect(chargeOnline({ ...service, paymentMode: 'DEPOSIT_FIXED', depositMinor: 2000 })).toEqual({ kind: 'DEPOSIT', amountMinor: 2000 });
    expect(chargeOnline({ ...service, paymentMode: 'DEPOSIT_PERCENT', depositPercent: 25 })).toEqual({ kind: 'DEPOSIT', amountMinor: 2000 });
    expect(chargeOnline({ ...service, priceMinor: 8001, paymentMode: 'DEPOSIT_PERCENT', depositPercent: 50 })).toEqual({ kind: 'DEPOSIT', amountMinor: 4001 });
    // 1 % of €10 is 10 cents: Stripe's minimum for EUR is 50.
    expect(chargeOnline({ ...service, priceMinor: 1000, paymentMode: 'DEPOSIT_PERCENT', depositPercent: 1 })).toEqual({ kind: 'DEPOSIT', amountMinor: 50 });
    // The minimum reaching the price: the price, charged in full.
    expect(chargeOnline({ ...service, priceMinor: 50, paymentMode: 'DEPOSIT_PERCENT', depositPercent: 10 })).toEqual({ kind: 'FULL', amountMinor: 50 });
    expect(chargeOnline({ priceMinor: 999, currency: 'JPY', depositMinor: null, depositPercent: 33, paymentMode: 'DEPOSIT_PERCENT' })).toEqual({
      kind: 'DEPOSIT',
      amountMinor: 330,
    });
    expect(chargeOnline({ priceMinor: 5000, currency: 'KWD', depositMinor: null, depositPercent: 25, paymentMode: 'DEPOSIT_PERCENT' })).toEqual({
      kind: 'DEPOSIT',
      amountMinor: 1250,
    });
    expect(minimumChargeMinor('kwd')).toBe(10);
    expect(minimumChargeMinor('JPY')).toBe(50);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeRefundFor, paymentStatusAfterRefunds, refundTotals, type RefundAmounts } from './refund-amounts';

/** Refunds one after another, each asking for the fee `feeRefundFor` gives (as refunds.service does). */
function refundInTurn(payment: { amountMinor: number; applicationFeeMinor: number }, amounts: number[]): RefundAmounts[] {
  const made: RefundAmounts[] = [];
  for (const amountMinor of amounts) {
    const t = refundTotals(payment, made);
    if (amountMinor > t.refundableMinor) break;
    const fee = feeRefundFor(payment, { amountMinor: t.refundedMinor + t.refundPendingMinor, feeMinor: t.feeRefundedMinor + t.feePendingMinor }, amountMinor);
    made.push({ status: 'SUCCEEDED', amountMinor, applicationFeeRefundMinor: fee });
  }
  return made;
}

describe('the fee returned with refunds', () => {
  it('is in proportion, rounded down, and the refund that completes the payment returns the rest', () => {
    const payment = { amountMinor: 5000, applicationFeeMinor: 250 };
    expect(refundInTurn(payment, [1990, 1990, 1020]).map((r) => r.applicationFeeRefundMinor)).toEqual([99, 99, 52]);
    expect(refundInTurn(payment, [5000]).map((r) => r.applicationFeeRefundMinor)).toEqual([250]);
  });

  it('never adds up to more than the fee, and to all of it exactly when all was refunded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 8 }),
        (amountMinor, bps, asks) => {
          const payment = { amountMinor, applicationFeeMinor: Math.floor((amountMinor * bps) / 10_000) };
          const t0 = refundTotals(payment, []);
          // The last ask takes whatever is left, so some sequences refund everything.
          const made = refundInTurn(payment, [...asks.map((a) => Math.min(a, amountMinor)), t0.refundableMinor]);
          const t = refundTotals(payment, made);
          expect(t.feeRefundedMinor).toBeLessThanOrEqual(payment.applicationFeeMinor);
          expect(t.refundedMinor).toBeLessThanOrEqual(amountMinor);
          if (t.refundedMinor === amountMinor) expect(t.feeRefundedMinor).toBe(payment.applicationFeeMinor);
          for (const r of made) expect(r.applicationFeeRefundMinor).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("a payment's status from its refunds", () => {
  const paid = { status: 'SUCCEEDED' as const, amountMinor: 5000 };
  const r = (status: RefundAmounts['status'], amountMinor: number): RefundAmounts => ({ status, amountMinor, applicationFeeRefundMinor: 0 });

  it('follows them: pending only → REFUND_PENDING, some succeeded → PARTIALLY_REFUNDED, all → REFUNDED, failed ones count for nothing', () => {
    expect(paymentStatusAfterRefunds(paid, [])).toBe('SUCCEEDED');
    expect(paymentStatusAfterRefunds(paid, [r('PENDING', 1000)])).toBe('REFUND_PENDING');
    expect(paymentStatusAfterRefunds(paid, [r('SUCCEEDED', 1000), r('PENDING', 1000)])).toBe('PARTIALLY_REFUNDED');
    expect(paymentStatusAfterRefunds(paid, [r('SUCCEEDED', 4000), r('SUCCEEDED', 1000)])).toBe('REFUNDED');
    expect(paymentStatusAfterRefunds(paid, [r('FAILED', 5000), r('CANCELLED', 100)])).toBe('SUCCEEDED');
    expect(paymentStatusAfterRefunds({ ...paid, status: 'EXPIRED' }, [r('SUCCEEDED', 5000)])).toBe('EXPIRED');
  });
});

import type { TPaymentStatus, TRefund } from '@slotwise/contracts';

/**
 * The arithmetic of refunds, pure: what a payment's refunds add up to, the platform fee each
 * returns, and the payment's status they make. refunds.service applies it under the booking's
 * lock; the Stripe emulator computes the fee the same way.
 */

type TRefundStatus = TRefund['status'];

/** Payment states with money at Stripe (a refund can be asked for). */
export const PAID: ReadonlySet<TPaymentStatus> = new Set(['SUCCEEDED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED']);

export type RefundAmounts = { status: TRefundStatus; amountMinor: number; applicationFeeRefundMinor: number };

/** What a payment's refunds add up to: succeeded, on their way, and what is left to refund. */
export function refundTotals(payment: { amountMinor: number }, refunds: readonly RefundAmounts[]) {
  const sum = (status: TRefundStatus, f: (r: RefundAmounts) => number) => refunds.filter((r) => r.status === status).reduce((n, r) => n + f(r), 0);
  const refundedMinor = sum('SUCCEEDED', (r) => r.amountMinor);
  const refundPendingMinor = sum('PENDING', (r) => r.amountMinor);
  return {
    refundedMinor,
    feeRefundedMinor: sum('SUCCEEDED', (r) => r.applicationFeeRefundMinor),
    refundPendingMinor,
    feePendingMinor: sum('PENDING', (r) => r.applicationFeeRefundMinor),
    refundableMinor: Math.max(0, payment.amountMinor - refundedMinor - refundPendingMinor),
  };
}

/**
 * The platform fee a refund returns (`refund_application_fee`): in proportion, rounded down —
 * except the refund that brings the refunds (succeeded and pending) to the whole payment, which
 * returns all the fee still unreturned, so a full refund returns the full fee. Stripe (and the
 * emulator) compute the same.
 */
export function feeRefundFor(
  payment: { amountMinor: number; applicationFeeMinor: number },
  before: { amountMinor: number; feeMinor: number },
  amountMinor: number,
): number {
  const rest = Math.max(0, payment.applicationFeeMinor - before.feeMinor);
  if (before.amountMinor + amountMinor >= payment.amountMinor) return rest;
  return Math.min(rest, Math.floor((payment.applicationFeeMinor * amountMinor) / payment.amountMinor));
}

/** The payment's status as its refunds make it (a payment that was never paid keeps its own). */
export function paymentStatusAfterRefunds(payment: { status: TPaymentStatus; amountMinor: number }, refunds: readonly RefundAmounts[]): TPaymentStatus {
  if (!PAID.has(payment.status)) return payment.status;
  const t = refundTotals(payment, refunds);
  if (t.refundedMinor >= payment.amountMinor) return 'REFUNDED';
  if (t.refundedMinor > 0) return 'PARTIALLY_REFUNDED';
  if (t.refundPendingMinor > 0) return 'REFUND_PENDING';
  return 'SUCCEEDED';
}

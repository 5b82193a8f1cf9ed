import type { TBookingPayment, TRefund } from '@slotwise/contracts';
import { toDispute } from './disputes.mapping';
import type { StaffPaymentRow } from './payments.repo';
import type { RefundViewRow } from './refunds.repo';
import { refundTotals } from './refund-amounts';

/** A payment and its refunds as staff see them (contracts ZBookingPayment, ZRefund). */

export function toRefund(r: RefundViewRow): TRefund {
  return {
    id: r.id,
    paymentId: r.paymentId,
    bookingId: r.bookingId,
    status: r.status,
    origin: r.origin,
    amountMinor: r.amountMinor,
    applicationFeeRefundMinor: r.applicationFeeRefundMinor,
    currency: r.currency,
    reason: r.reason,
    stripeRefundId: r.stripeRefundId,
    failureReason: r.failureReason,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    settledAt: r.settledAt?.toISOString() ?? null,
  };
}

/** Paid and not all given back: a deposit's balance is still to be paid at the venue. */
const OWING = new Set<TBookingPayment['status']>(['SUCCEEDED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED']);

/** A deposit's balance is due only while the appointment stands or was kept (not cancelled, expired or missed). */
const BALANCE_DUE_BOOKING = new Set(['CONFIRMED', 'COMPLETED']);

/** `booking`: its price (a deposit's balance is the rest of it) and status. */
export function toStaffPayment(p: StaffPaymentRow, booking: { priceMinor: number; status: string }): TBookingPayment {
  const { priceMinor } = booking;
  const totals = refundTotals(p, p.refunds);
  const balance =
    p.balancePaidMinor !== null && p.balanceMethod && p.balancePaidAt
      ? {
          amountMinor: p.balancePaidMinor,
          method: p.balanceMethod,
          recordedAt: p.balancePaidAt.toISOString(),
          recordedBy: p.balanceRecordedByUser?.name ?? null,
        }
      : null;
  return {
    id: p.id,
    status: p.status,
    kind: p.kind,
    method: p.method,
    amountMinor: p.amountMinor,
    applicationFeeMinor: p.applicationFeeMinor,
    currency: p.currency,
    priceMinor,
    // The payment's own total (kept with its refunds under the booking's lock), what is on its way, and the rest.
    refundedMinor: p.refundedMinor,
    refundPendingMinor: totals.refundPendingMinor,
    refundableMinor: OWING.has(p.status) ? Math.max(0, p.amountMinor - p.refundedMinor - totals.refundPendingMinor) : 0,
    balanceDueMinor:
      p.kind === 'DEPOSIT' && !balance && OWING.has(p.status) && BALANCE_DUE_BOOKING.has(booking.status) ? Math.max(0, priceMinor - p.amountMinor) : 0,
    balance,
    refunds: p.refunds.map(toRefund),
    disputes: p.disputes.map(toDispute),
    checkoutSessionId: p.checkoutSessionId,
    paymentIntentId: p.paymentIntentId,
    cardBrand: p.cardBrand,
    cardLast4: p.cardLast4,
    failedAttempts: p.failedAttempts,
    lastFailureMessage: p.lastFailureMessage,
    paidAt: p.paidAt?.toISOString() ?? null,
    refundedAt: p.refundedAt?.toISOString() ?? null,
    refundReason: p.refundReason,
    createdAt: p.createdAt.toISOString(),
  };
}

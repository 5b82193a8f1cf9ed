import type { TBooking, TBookingPayment, TDispute, TPaymentStatus, TRefund } from '@slotwise/contracts';

/**
 * How each payment status is named and coloured wherever a payment appears (booking panel, bookings
 * list, calendar, Payments page). The tones are the booking status tones of ui/booking-status.css,
 * so they share its contrast checks.
 */
export const PAYMENT_STATUS: Record<TPaymentStatus, { label: string; tone: string; description: string }> = {
  PENDING: { label: 'Awaiting payment', tone: 'pending', description: 'The customer is at Stripe Checkout; the time is held until the session ends.' },
  SUCCEEDED: { label: 'Paid', tone: 'completed', description: 'Paid online with a card.' },
  EXPIRED: { label: 'Unpaid', tone: 'expired', description: 'The time to pay ran out; nothing was charged.' },
  REFUND_PENDING: { label: 'Refund pending', tone: 'pending', description: 'The money is on its way back to the customer.' },
  PARTIALLY_REFUNDED: { label: 'Partly refunded', tone: 'confirmed', description: 'Part of the money went back to the customer; the rest stays paid.' },
  REFUNDED: { label: 'Refunded', tone: 'cancelled', description: 'The money went back to the customer.' },
};

/** The payment status filter's choices, in the order a person thinks of them. */
export const PAYMENT_STATUS_ORDER: readonly TPaymentStatus[] = ['SUCCEEDED', 'PENDING', 'EXPIRED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/**
 * The calendar's marker for a booking of a paid service: `paid` once the money arrived (part of it
 * may have gone back), `unpaid` while it is awaited or after it ran out, `refunded` when all of it
 * went back or is on its way; null for a booking that takes no payment online (a free service, a
 * staff booking, paid at the venue).
 */
export function paymentMarker(booking: Pick<TBooking, 'payment'>): 'paid' | 'unpaid' | 'refunded' | null {
  const payment = booking.payment;
  if (!payment) return null;
  if (payment.status === 'SUCCEEDED' || payment.status === 'PARTIALLY_REFUNDED') return 'paid';
  if (payment.status === 'REFUNDED' || payment.status === 'REFUND_PENDING') return 'refunded';
  return 'unpaid';
}

/** A payment's open dispute (the customer's bank is taking the money back), if any: flagged in the calendar and lists. */
export function openDispute(payment: Pick<TBookingPayment, 'disputes'> | null | undefined): TDispute | undefined {
  return payment?.disputes.find((dispute) => dispute.open);
}

/**
 * Whether staff can refund any of it: paid, something is left to give back, and no dispute holds
 * the money (Stripe refuses to refund a charge with an open or lost dispute).
 */
export function isRefundable(payment: Pick<TBookingPayment, 'status' | 'refundableMinor' | 'disputes'>): boolean {
  const paid = payment.status === 'SUCCEEDED' || payment.status === 'PARTIALLY_REFUNDED' || payment.status === 'REFUND_PENDING';
  return paid && payment.refundableMinor > 0 && !payment.disputes.some((dispute) => dispute.open || dispute.outcome === 'LOST');
}

/** A refund's status as a label in the booking status tones. */
export const REFUND_STATUS: Record<TRefund['status'], { label: string; tone: string }> = {
  PENDING: { label: 'Pending', tone: 'pending' },
  SUCCEEDED: { label: 'Succeeded', tone: 'completed' },
  FAILED: { label: 'Failed', tone: 'no-show' },
  CANCELLED: { label: 'Cancelled', tone: 'cancelled' },
};

/** Who made a refund, in words. */
export const REFUND_ORIGIN: Record<TRefund['origin'], string> = {
  STAFF: 'Refunded by staff',
  CANCELLATION_POLICY: 'Customer cancelled (cancellation policy)',
  SYSTEM: 'Automatic',
  STRIPE_DASHBOARD: 'Made in the Stripe dashboard',
};

/** Stripe's dispute statuses in words, with a tone: red while the business must act or lost, green when won. */
export const DISPUTE_STATUS: Record<TDispute['status'], { label: string; tone: string }> = {
  warning_needs_response: { label: 'Inquiry: response needed', tone: 'no-show' },
  warning_under_review: { label: 'Inquiry under review', tone: 'pending' },
  warning_closed: { label: 'Inquiry closed', tone: 'cancelled' },
  needs_response: { label: 'Response needed', tone: 'no-show' },
  under_review: { label: 'Under review', tone: 'pending' },
  won: { label: 'Won', tone: 'completed' },
  lost: { label: 'Lost', tone: 'no-show' },
};

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** "Visa ending 4242", or null when Stripe told us nothing about the card. */
export function describeCard(brand: string | null, last4: string | null): string | null {
  if (!brand && !last4) return null;
  const words = brand?.replaceAll('_', ' ');
  const name = brand && words ? (BRANDS[brand.toLowerCase()] ?? words.charAt(0).toUpperCase() + words.slice(1)) : 'Card';
  return last4 ? `${name} ending ${last4}` : name;
}

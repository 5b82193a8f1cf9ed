import type { TBooking, TPaymentStatus } from '@slotwise/contracts';

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
  REFUNDED: { label: 'Refunded', tone: 'cancelled', description: 'The money went back to the customer.' },
};

/** The payment status filter's choices, in the order a person thinks of them. */
export const PAYMENT_STATUS_ORDER: readonly TPaymentStatus[] = ['SUCCEEDED', 'PENDING', 'EXPIRED', 'REFUND_PENDING', 'REFUNDED'];

/**
 * The calendar's marker for a booking of a paid service: `paid` once the money arrived, `unpaid`
 * while it is awaited or after it ran out, `refunded` when it went back; null for a booking that
 * takes no payment online (a free service, a staff booking, paid at the venue).
 */
export function paymentMarker(booking: Pick<TBooking, 'payment'>): 'paid' | 'unpaid' | 'refunded' | null {
  const payment = booking.payment;
  if (!payment) return null;
  if (payment.status === 'SUCCEEDED') return 'paid';
  if (payment.status === 'REFUNDED' || payment.status === 'REFUND_PENDING') return 'refunded';
  return 'unpaid';
}

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

import { ACTIVE_BOOKING_STATUSES, effectiveBookingStatus, type TBooking, type TBookingStatus } from '@slotwise/contracts';

/**
 * How each booking status is named and coloured everywhere a booking appears; the tones' colours
 * are ui/booking-status.css.
 */
export const BOOKING_STATUS: Record<TBookingStatus, { label: string; tone: string }> = {
  PENDING_PAYMENT: { label: 'Pending payment', tone: 'pending' },
  CONFIRMED: { label: 'Confirmed', tone: 'confirmed' },
  COMPLETED: { label: 'Completed', tone: 'completed' },
  CANCELLED: { label: 'Cancelled', tone: 'cancelled' },
  NO_SHOW: { label: 'No-show', tone: 'no-show' },
  EXPIRED: { label: 'Hold expired', tone: 'expired' },
};

/** Bookings that still hold their slot, so they may be moved (a hold past its expiry does not). */
export function isReschedulable(booking: Pick<TBooking, 'status' | 'holdExpiresAt'>, now: Date = new Date()): boolean {
  return ACTIVE_BOOKING_STATUSES.includes(effectiveBookingStatus(booking, now));
}

import { ACTIVE_BOOKING_STATUSES, effectiveBookingStatus, statusChangeRefusal, STATUS_UNDO_DAYS, type TBookingStatus } from '@slotwise/contracts';
import { AppError } from '../../platform/errors';

/**
 * The API's side of the booking status machine; the machine itself lives in the contracts
 * (booking-status.ts there), shared with the web app.
 */

const spoken = (status: TBookingStatus) => status.toLowerCase().replace('_', ' ');

/**
 * Throws unless `booking` may become `to` at `now`: 409 INVALID_TRANSITION when the machine has no
 * such step from its effective status (an overdue hold counts as expired), 422 UNPROCESSABLE with
 * `reason` NOT_STARTED or UNDO_WINDOW_PASSED when the step exists but not at this time.
 */
export function assertStatusChange(
  booking: { status: TBookingStatus; holdExpiresAt: Date | null; startsAt: Date; endsAt: Date },
  to: TBookingStatus,
  now: Date,
): void {
  const refusal = statusChangeRefusal(booking, to, now);
  if (!refusal) return;
  switch (refusal.kind) {
    case 'INVALID_TRANSITION':
      throw new AppError('INVALID_TRANSITION', `A ${spoken(refusal.current)} booking cannot become ${spoken(to)}`, {
        current: refusal.current,
        requested: to,
      });
    case 'NOT_STARTED':
      throw new AppError('UNPROCESSABLE', `A booking can be marked ${spoken(to)} only once it has started`, {
        reason: 'NOT_STARTED',
        startsAt: refusal.startsAt.toISOString(),
      });
    case 'UNDO_WINDOW_PASSED':
      throw new AppError('UNPROCESSABLE', `A ${spoken(booking.status)} mark can be undone only until ${STATUS_UNDO_DAYS} days after the booking`, {
        reason: 'UNDO_WINDOW_PASSED',
        undoableUntil: refusal.undoableUntil.toISOString(),
      });
  }
}

/** Only bookings that still hold their slot (by their effective status) can be moved. */
export function assertReschedulable(booking: { status: TBookingStatus; holdExpiresAt: Date | null }, now: Date): void {
  const status = effectiveBookingStatus(booking, now);
  if (!ACTIVE_BOOKING_STATUSES.includes(status)) {
    throw new AppError('INVALID_TRANSITION', `A ${spoken(status)} booking cannot be rescheduled`, { current: status });
  }
}

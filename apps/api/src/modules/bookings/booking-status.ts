import type { TBookingStatus } from '@slotwise/contracts';
import { AppError } from '../../platform/errors';

/**
 * The booking status machine, in one place.
 * PENDING_PAYMENT (a hold) → CONFIRMED | EXPIRED | CANCELLED; CONFIRMED → CANCELLED | COMPLETED | NO_SHOW.
 */
const TRANSITIONS: Record<TBookingStatus, readonly TBookingStatus[]> = {
  PENDING_PAYMENT: ['CONFIRMED', 'EXPIRED', 'CANCELLED'],
  CONFIRMED: ['CANCELLED', 'COMPLETED', 'NO_SHOW'],
  EXPIRED: [],
  CANCELLED: [],
  COMPLETED: [],
  NO_SHOW: [],
};

/** Statuses that hold a slot (the exclusion constraint's predicate). */
export const ACTIVE_STATUSES: readonly TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED'];

export function canTransition(from: TBookingStatus, to: TBookingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: TBookingStatus, to: TBookingStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('INVALID_TRANSITION', `A ${from.toLowerCase().replace('_', ' ')} booking cannot become ${to.toLowerCase().replace('_', ' ')}`, {
      current: from,
      requested: to,
    });
  }
}

/** Only bookings that still hold their slot can be moved. */
export function assertReschedulable(status: TBookingStatus): void {
  if (!ACTIVE_STATUSES.includes(status)) {
    throw new AppError('INVALID_TRANSITION', `A ${status.toLowerCase().replace('_', ' ')} booking cannot be rescheduled`, { current: status });
  }
}

/** A hold past its expiry is expired, whether or not the sweep has recorded it yet. */
export function effectiveStatus(b: { status: TBookingStatus; holdExpiresAt: Date | null }, now: Date): TBookingStatus {
  return b.status === 'PENDING_PAYMENT' && b.holdExpiresAt !== null && b.holdExpiresAt <= now ? 'EXPIRED' : b.status;
}

import type { TBookingStatus } from './scheduling';

/**
 * The booking status machine, in one place: the API enforces it and the web app offers only the
 * changes it allows, so the two cannot drift apart.
 *
 * - PENDING_PAYMENT (a hold) → CONFIRMED | EXPIRED | CANCELLED
 * - CONFIRMED → CANCELLED | COMPLETED | NO_SHOW; completed and no-show only once the booking has
 *   started (before that they would free a slot the customer still expects to keep)
 * - COMPLETED | NO_SHOW → CONFIRMED: staff undo a mistaken mark, until STATUS_UNDO_DAYS after the
 *   booking's end; the booking takes its slot back, so this fails when the time was given away
 * - EXPIRED, CANCELLED: final
 *
 * A hold whose expiry has passed is EXPIRED for every decision, whether or not the sweep has
 * stored that yet (`effectiveBookingStatus`).
 */
export const BOOKING_TRANSITIONS: Readonly<Record<TBookingStatus, readonly TBookingStatus[]>> = {
  PENDING_PAYMENT: ['CONFIRMED', 'EXPIRED', 'CANCELLED'],
  CONFIRMED: ['CANCELLED', 'COMPLETED', 'NO_SHOW'],
  EXPIRED: [],
  CANCELLED: [],
  COMPLETED: ['CONFIRMED'],
  NO_SHOW: ['CONFIRMED'],
};

/** Statuses that hold a slot (the exclusion constraint's predicate). */
export const ACTIVE_BOOKING_STATUSES: readonly TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED'];

/** How long after a booking's end a completed or no-show mark can still be undone: 7 × 24 hours. */
export const STATUS_UNDO_DAYS = 7;
const UNDO_MS = STATUS_UNDO_DAYS * 24 * 3_600_000;

type Instant = Date | string;
const ms = (at: Instant) => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** A hold past its expiry is expired, whether or not the sweep has recorded it yet. */
export function effectiveBookingStatus(booking: { status: TBookingStatus; holdExpiresAt: Instant | null }, now: Date): TBookingStatus {
  return booking.status === 'PENDING_PAYMENT' && booking.holdExpiresAt !== null && ms(booking.holdExpiresAt) <= now.getTime() ? 'EXPIRED' : booking.status;
}

/** Until when a completed or no-show mark can be undone. */
export function statusUndoableUntil(booking: { endsAt: Instant }): Date {
  return new Date(ms(booking.endsAt) + UNDO_MS);
}

export type TStatusChangeRefusal =
  /** The status machine has no such step from the booking's (effective) status. */
  | { kind: 'INVALID_TRANSITION'; current: TBookingStatus }
  /** Completed or no-show before the booking has started. */
  | { kind: 'NOT_STARTED'; startsAt: Date }
  /** Undoing a completed or no-show mark after the undo window. */
  | { kind: 'UNDO_WINDOW_PASSED'; undoableUntil: Date };

/**
 * Why `booking` cannot become `to` at `now`, or null when it can. Whether its slot is still free
 * (for an undo) is for the API to find out, under its locks.
 */
export function statusChangeRefusal(
  booking: { status: TBookingStatus; holdExpiresAt: Instant | null; startsAt: Instant; endsAt: Instant },
  to: TBookingStatus,
  now: Date,
): TStatusChangeRefusal | null {
  const current = effectiveBookingStatus(booking, now);
  if (!BOOKING_TRANSITIONS[current].includes(to)) return { kind: 'INVALID_TRANSITION', current };
  if ((to === 'COMPLETED' || to === 'NO_SHOW') && now.getTime() < ms(booking.startsAt)) {
    return { kind: 'NOT_STARTED', startsAt: new Date(ms(booking.startsAt)) };
  }
  if (isUndo(current, to)) {
    const undoableUntil = statusUndoableUntil(booking);
    if (now.getTime() > undoableUntil.getTime()) return { kind: 'UNDO_WINDOW_PASSED', undoableUntil };
  }
  return null;
}

/** Back to confirmed from a completed or no-show mark. */
export function isUndo(from: TBookingStatus, to: TBookingStatus): boolean {
  return to === 'CONFIRMED' && (from === 'COMPLETED' || from === 'NO_SHOW');
}

import { z } from 'zod';
import { addLocalDays } from '../../platform/time';

export const EMAIL_KINDS = [
  'booking.confirmation',
  'booking.reminder',
  'booking.cancellation',
  'booking.rescheduled',
  'tenant.new_booking',
  'tenant.cancellation',
  /** Money went back to the customer: one email per refund (`refundId`), partial or full; older jobs name only the booking. */
  'booking.payment_refunded',
  /** A refund failed at Stripe (e.g. the card was closed): the business's owners, one email each. */
  'payment.refund_failed',
  /** A customer's bank disputed a payment (chargeback) / the dispute was decided (won or lost): the owners, one email each. */
  'payment.dispute_opened',
  'payment.dispute_closed',
] as const;
export const ZEmailKind = z.enum(EMAIL_KINDS);
export type EmailKind = z.infer<typeof ZEmailKind>;

/** Kinds that go to the tenant's owners and admins rather than the customer. */
export const STAFF_KINDS: ReadonlySet<EmailKind> = new Set([
  'tenant.new_booking',
  'tenant.cancellation',
  'payment.refund_failed',
  'payment.dispute_opened',
  'payment.dispute_closed',
]);
/** Staff kinds only owners get (money matters). */
export const OWNER_KINDS: ReadonlySet<EmailKind> = new Set(['payment.refund_failed', 'payment.dispute_opened', 'payment.dispute_closed']);

/**
 * One key per email that should exist at most once. It is the EmailLog's unique key (so the
 * send is idempotent) and, through jobId(key), the job's id (so the enqueue is too).
 */
export const dedupeKeys = {
  confirmation: (bookingId: string) => `confirm:${bookingId}`,
  /** One per owner or admin: each gets their own email (no one sees who else was told). */
  tenantNewBooking: (bookingId: string, userId: string) => `tenant-new:${bookingId}:${userId}`,
  cancellation: (bookingId: string) => `cancel:${bookingId}`,
  tenantCancellation: (bookingId: string, userId: string) => `tenant-cancel:${bookingId}:${userId}`,
  /** Per refund: each refund of a payment is its own email. */
  refunded: (refundId: string) => `refunded:${refundId}`,
  /** Queued once per refund, then one per owner. */
  refundFailed: (refundId: string, userId?: string) => (userId ? `refund-failed:${refundId}:${userId}` : `refund-failed:${refundId}`),
  /** Queued once per dispute (payments' disputes.service writes `dispute-opened:<id>` / `dispute-closed:<id>`), then one per owner. */
  disputeOpened: (disputeId: string, userId?: string) => (userId ? `dispute-opened:${disputeId}:${userId}` : `dispute-opened:${disputeId}`),
  disputeClosed: (disputeId: string, userId?: string) => (userId ? `dispute-closed:${disputeId}:${userId}` : `dispute-closed:${disputeId}`),
  rescheduled: (bookingId: string, version: number) => `reschedule:${bookingId}:${version}`,
  /** Tied to the start time: a reminder whose key no longer matches the booking is stale. */
  reminder: (bookingId: string, startsAt: Date) => `reminder:${bookingId}:${startsAt.toISOString()}`,
};

/**
 * When a booking's reminder goes out: the day before, at the booking's local time in the
 * business's zone. Across a DST change that is 23 or 25 hours ahead rather than 24, so "your
 * 10:00 tomorrow" always arrives at 10:00. The business's zone rather than the customer's: the
 * appointment keeps the business's clock, and a customer's zone is only what their browser said.
 */
export const reminderAt = (startsAt: Date, tenantTimeZone: string): Date => addLocalDays(startsAt, -1, tenantTimeZone);

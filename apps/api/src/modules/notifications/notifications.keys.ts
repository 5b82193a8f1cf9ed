import { z } from 'zod';

export const EMAIL_KINDS = [
  'booking.confirmation',
  'booking.reminder',
  'booking.cancellation',
  'booking.rescheduled',
  'tenant.new_booking',
  'tenant.cancellation',
] as const;
export const ZEmailKind = z.enum(EMAIL_KINDS);
export type EmailKind = z.infer<typeof ZEmailKind>;

/** Kinds that go to the tenant's owners and admins rather than the customer. */
export const STAFF_KINDS: ReadonlySet<EmailKind> = new Set(['tenant.new_booking', 'tenant.cancellation']);

/**
 * One key per email that should exist at most once. It is the EmailLog's unique key (so the
 * send is idempotent) and, through jobId(key), the job's id (so the enqueue is too).
 */
export const dedupeKeys = {
  confirmation: (bookingId: string) => `confirm:${bookingId}`,
  tenantNewBooking: (bookingId: string) => `tenant-new:${bookingId}`,
  cancellation: (bookingId: string) => `cancel:${bookingId}`,
  tenantCancellation: (bookingId: string) => `tenant-cancel:${bookingId}`,
  rescheduled: (bookingId: string, version: number) => `reschedule:${bookingId}:${version}`,
  /** Tied to the start time: a reminder whose key no longer matches the booking is stale. */
  reminder: (bookingId: string, startsAt: Date) => `reminder:${bookingId}:${startsAt.toISOString()}`,
};

export const REMINDER_LEAD_MS = 24 * 3_600_000;

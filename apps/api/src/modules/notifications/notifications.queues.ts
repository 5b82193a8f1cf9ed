import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';
import { ZEmailKind } from './notifications.keys';

/**
 * The notifications module's queues as senders see them: name and payload. The bookings module
 * enqueues booking events through these, and the notifications service its emails; the job
 * definitions (notifications.jobs.ts) add the handlers, which call the services.
 */

export const ZEmailJob = z.object({
  tenantId: z.string().uuid(),
  kind: ZEmailKind,
  bookingId: z.string().uuid(),
  dedupeKey: z.string().min(1).max(200),
  /** Staff emails: the owner or admin this one is for (each gets their own). */
  recipientUserId: z.string().uuid().optional(),
  /** Emails about one refund of the booking's payment (`booking.payment_refunded`, `payment.refund_failed`). */
  refundId: z.string().uuid().optional(),
  /** Emails about one dispute of the booking's payment (`payment.dispute_opened`, `payment.dispute_closed`). */
  disputeId: z.string().uuid().optional(),
  correlationId: z.string().max(200).optional(),
});
export type EmailJobData = z.infer<typeof ZEmailJob>;

/** One email about one booking. */
export const emailQueue = defineQueue({ name: 'email.send', schema: ZEmailJob });

export const ZBookingEvent = z.object({
  tenantId: z.string().uuid(),
  bookingId: z.string().uuid(),
  event: z.enum(['confirmed', 'cancelled', 'rescheduled']),
  version: z.number().int().min(1),
  previousStartsAt: z.string().datetime().optional(),
  correlationId: z.string().max(200).optional(),
});
export type BookingEvent = z.infer<typeof ZBookingEvent>;

/** What happened to a booking, for the notifications module to turn into emails and a reminder. */
export const bookingEventQueue = defineQueue({ name: 'booking.event', schema: ZBookingEvent });

import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The payments module's queues as senders see them (the bookings module enqueues the end of a
 * hold's Checkout Session through these); payments.jobs.ts adds the handlers, which call the
 * payments service. Each job calls Stripe outside any transaction, idempotently.
 */

const ZBookingRef = z.object({ tenantId: z.string().uuid(), bookingId: z.string().uuid() });

/** A hold ended on our side (expired, cancelled, released): end its Checkout Session too, then settle what Stripe says. */
export const checkoutExpiryQueue = defineQueue({ name: 'payment.checkout-expiry', schema: ZBookingRef });

/**
 * Session creation failed in a way where Stripe may have made it anyway (timeout, 5xx): find
 * any open session for the released booking and expire it.
 */
export const checkoutOrphanQueue = defineQueue({
  name: 'payment.checkout-orphan',
  schema: ZBookingRef.extend({ stripeAccountId: z.string().min(1).max(255) }),
});

/** A second paid session of a booking that has its payment already: its money goes back in full (DuplicatePayment). */
export const duplicateRefundQueue = defineQueue({
  name: 'payment.duplicate-refund',
  schema: z.object({ tenantId: z.string().uuid(), duplicatePaymentId: z.string().uuid() }),
});

import { z } from 'zod';
import { defineQueue, jobId } from '../../platform/jobs';

/**
 * Processing of a stored Stripe event. The webhook endpoint queues it in the transaction that
 * stores the event (so an event is never stored without its job, even if the process dies right
 * after), with a job id derived from the Stripe event id: one job per event, however often Stripe
 * delivers it. An operator's replay queues another under a fresh id.
 */
export const stripeEventQueue = defineQueue({
  name: 'stripe.event',
  schema: z.object({ eventId: z.string().uuid(), correlationId: z.string().max(200).optional() }),
});

export const stripeEventJobId = (stripeEventId: string) => jobId('stripe.event', stripeEventId);

/** An email to the owners when Stripe asks the business for something (new requirements, charges disabled, disconnected). */
export const paymentAccountEmailQueue = defineQueue({
  name: 'payments.account-email',
  schema: z.object({
    tenantId: z.string().uuid(),
    /** What changed: one email per change of what Stripe needs (the dedupe key). */
    changeKey: z.string().min(1).max(200),
    correlationId: z.string().max(200).optional(),
  }),
});

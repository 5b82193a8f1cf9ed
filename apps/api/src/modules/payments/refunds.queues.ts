import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * A PENDING Refund row to make at Stripe (refunds.jobs.ts): sent in the transaction that wrote the
 * row (refunds.service requestInTransaction), so the job exists exactly when the refund does.
 * Jobs queued before refunds were rows named the payment instead (`paymentId`): the job makes that
 * payment's pending refunds (the migration turned each into a row keyed as the old call was).
 */
export const refundQueue = defineQueue({
  name: 'payment.refund',
  schema: z.union([
    z.object({ tenantId: z.string().uuid(), refundId: z.string().uuid() }),
    z.object({ tenantId: z.string().uuid(), paymentId: z.string().uuid() }),
  ]),
});
export type RefundJobData = z.infer<typeof refundQueue.schema>;

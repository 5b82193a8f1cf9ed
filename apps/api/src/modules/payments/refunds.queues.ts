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

/**
 * Our fee bookkeeping of a payment brought in step with Stripe's: its ApplicationFee's
 * `amount_refunded` (refunds.service followStripeFee). Sent whenever one of its refunds settles;
 * `stately` with the payment as singleton key keeps one queued and one running, so the last run
 * reads Stripe after the last change.
 */
export const feeSyncQueue = defineQueue({
  name: 'payment.fee-sync',
  schema: z.object({ tenantId: z.string().uuid(), paymentId: z.string().uuid() }),
  policy: 'stately',
});

import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { feeSyncQueue, refundQueue } from './refunds.queues';
import { createRefundsWorkflow } from './refunds.workflow.service';

/**
 * A PENDING refund made at Stripe: retried (about two hours over 12 tries) while Stripe is
 * unavailable; one refund however often it runs (the row's idempotency key). A refusal for good
 * makes the refund FAILED; after the last try it stays PENDING, listed for operators as a failed
 * job, never lost.
 */
export function refundJob(deps: AppDeps) {
  return defineJob({
    ...refundQueue,
    retryLimit: 12,
    retryDelaySeconds: 30,
    async handler(data) {
      const workflow = createRefundsWorkflow(deps);
      await withTenant(data.tenantId, () => ('refundId' in data ? workflow.make(data.refundId) : workflow.makeForPayment(data.paymentId)));
    },
  });
}

/** Our returned fee of a payment checked against Stripe's after a refund settled (one queued, one running per payment). */
export function feeSyncJob(deps: AppDeps) {
  return defineJob({
    ...feeSyncQueue,
    retryLimit: 8,
    retryDelaySeconds: 15,
    async handler(data) {
      await withTenant(data.tenantId, () => createRefundsWorkflow(deps).syncFee(data.paymentId));
    },
  });
}

export const refundsJobs = (deps: AppDeps) => [refundJob(deps), feeSyncJob(deps)];

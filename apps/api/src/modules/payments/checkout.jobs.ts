import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { checkoutExpiryQueue, checkoutOrphanQueue, duplicateRefundQueue } from './payments.queues';
import { createPaymentsService } from './payments.service';

/**
 * The paid-booking jobs: each calls Stripe outside any transaction, idempotently (keys derived
 * from the session or the payment), and is retried with backoff while Stripe is unavailable.
 */

/** A hold ended on our side: its Checkout Session is expired too, then whatever Stripe says is settled (a late payment included). */
export function checkoutExpiryJob(deps: AppDeps) {
  return defineJob({
    ...checkoutExpiryQueue,
    retryLimit: 10,
    retryDelaySeconds: 10,
    async handler({ tenantId, bookingId }) {
      await withTenant(tenantId, () => createPaymentsService(deps).endCheckout(bookingId));
    },
  });
}

/** A session Stripe may have made although the call failed: found by its booking and expired. */
export function checkoutOrphanJob(deps: AppDeps) {
  return defineJob({
    ...checkoutOrphanQueue,
    retryLimit: 10,
    retryDelaySeconds: 30,
    async handler({ tenantId, bookingId, stripeAccountId }) {
      await withTenant(tenantId, () => createPaymentsService(deps).expireOrphans(bookingId, stripeAccountId));
    },
  });
}

/**
 * A second paid session of a booking that has its payment (DuplicatePayment): refunded in full,
 * retried like a payment's refund until Stripe has it (idempotency key from the payment intent).
 */
export function duplicateRefundJob(deps: AppDeps) {
  return defineJob({
    ...duplicateRefundQueue,
    retryLimit: 12,
    retryDelaySeconds: 30,
    async handler({ tenantId, duplicatePaymentId }) {
      await withTenant(tenantId, () => createPaymentsService(deps).refundDuplicate(duplicatePaymentId));
    },
  });
}

export const checkoutJobs = (deps: AppDeps) => [checkoutExpiryJob(deps), checkoutOrphanJob(deps), duplicateRefundJob(deps)];

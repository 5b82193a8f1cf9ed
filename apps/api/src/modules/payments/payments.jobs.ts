import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { checkoutJobs } from './checkout.jobs';
import { refundsJobs } from './refunds.jobs';
import { createPaymentAccountService } from './payment-account.service';
import { createStripeEventsService } from './stripe-events.service';
import { paymentAccountEmailQueue, stripeEventQueue } from './stripe-events.queues';

/**
 * Processing of a stored Stripe event (payments.events.ts dispatches by type). Retried with
 * backoff (5 s doubling, up to 10 tries: about 40 minutes, longer than Stripe's own first
 * retries); after the last the event is FAILED and listed at GET /ops/stripe-events.
 */
export function stripeEventJob(deps: AppDeps) {
  return defineJob({
    ...stripeEventQueue,
    retryLimit: 10,
    retryDelaySeconds: 5,
    expireInSeconds: 120,
    // Like the notifications queues: the process-wide job limit is shared first come, first
    // served, and with a batch of 4 a burst of events waited behind their own confirmations'
    // emails (2 × 25 in hand) — the bench's webhook throughput was bound by that, not by the work.
    batchSize: 25,
    async handler(data) {
      await createStripeEventsService(deps).process(data.eventId);
    },
    async onExhausted(data, failure) {
      await createStripeEventsService(deps).markFailed(data.eventId, failure.error);
    },
  });
}

/** The owners' email when Stripe asks the business for something (idempotent: one per change). */
export function paymentAccountEmailJob(deps: AppDeps) {
  return defineJob({
    ...paymentAccountEmailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    async handler(data) {
      await withTenant(data.tenantId, () => createPaymentAccountService(deps).emailOwners(data.changeKey));
    },
  });
}

/** Every job of the payments module (jobs.ts registers them). */
export function paymentsJobs(deps: AppDeps) {
  return [stripeEventJob(deps), paymentAccountEmailJob(deps), ...checkoutJobs(deps), ...refundsJobs(deps)];
}

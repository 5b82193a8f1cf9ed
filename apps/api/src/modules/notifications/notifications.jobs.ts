import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { bookingEventQueue, emailQueue } from './notifications.queues';
import { createEmailDelivery, createNotifier } from './notifications.service';

/**
 * One email about one booking. Idempotent through the EmailLog's dedupe key; retried with
 * backoff (30 s, doubling, capped at an hour: about two hours over eight retries) while the SMTP server refuses or
 * SMTP_URL is unset, so mail is late rather than lost. After the last retry the email is logged
 * FAILED and the booking's history says so. Many run at once (SMTP round trips overlap).
 */
export function emailJob(deps: AppDeps) {
  return defineJob({
    ...emailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    batchSize: 25,
    async handler(data) {
      await withTenant(data.tenantId, () => createEmailDelivery(deps).deliver(data));
    },
    async onExhausted(data, failure) {
      await withTenant(data.tenantId, () => createEmailDelivery(deps).recordFailure(data, failure.error));
    },
  });
}

/**
 * What a booking change means for email, worked out off the request path: the request writes
 * this one job in its transaction, and the job queues the emails and the reminder. A failure
 * (a database blip, a refused enqueue) fails the job, which is retried; what it had queued
 * already is not queued twice. After the last retry the booking's history says so.
 */
export function bookingEventJob(deps: AppDeps) {
  return defineJob({
    ...bookingEventQueue,
    retryLimit: 8,
    retryDelaySeconds: 10,
    batchSize: 25,
    async handler(e) {
      await withTenant(e.tenantId, async () => {
        const notifier = createNotifier(deps);
        if (e.event === 'confirmed') await notifier.bookingConfirmed(e.bookingId);
        else if (e.event === 'cancelled') await notifier.bookingCancelled(e.bookingId);
        else await notifier.bookingRescheduled(e.bookingId, e.version, e.previousStartsAt ?? '');
      });
    },
    async onExhausted(e, failure) {
      await withTenant(e.tenantId, () => createNotifier(deps).eventFailed(e.bookingId, e.event, failure.error));
    },
  });
}

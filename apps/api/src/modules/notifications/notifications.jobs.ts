import { z } from 'zod';
import type { AppDeps } from '../../app';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { ZEmailKind } from './notifications.keys';
import { createEmailDelivery } from './notifications.service';

export const ZEmailJob = z.object({
  tenantId: z.string().uuid(),
  kind: ZEmailKind,
  bookingId: z.string().uuid(),
  dedupeKey: z.string().min(1).max(200),
  correlationId: z.string().max(200).optional(),
});
export type EmailJobData = z.infer<typeof ZEmailJob>;

/**
 * One email about one booking. Idempotent through the EmailLog's dedupe key; retried with
 * backoff (30 s, doubling, capped at an hour: about two hours over eight retries) while the SMTP server refuses or
 * SMTP_URL is unset, so mail is late rather than lost.
 */
export function emailJob(deps: AppDeps) {
  return defineJob({
    name: 'email.send',
    schema: ZEmailJob,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    async handler(data) {
      await withTenant(data.tenantId, () => createEmailDelivery(deps).deliver(data));
    },
  });
}

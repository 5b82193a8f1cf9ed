import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { calendarBackfillQueue, calendarChannelsEnsureQueue, connectionBrokenEmailQueue } from './calendar.queues';
import { createCalendarConnectionService } from './connection.service';

/** The calendar module's jobs (registered in jobs.ts). Push and sync add theirs here. */

/** The emails of a broken connection: sent once each (EmailLog dedupe keys), retried while SMTP fails. */
export function connectionBrokenEmailJob(deps: AppDeps) {
  return defineJob({
    ...connectionBrokenEmailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    async handler(data) {
      await withTenant(data.tenantId, () => createCalendarConnectionService(deps).emailBroken(data.connectionId, data.breakage));
    },
  });
}

/**
 * Placeholders until the push helper (backfill) and the sync helper (channels and the first full
 * sync) replace them with their handlers: the queues must exist for a connection to enqueue them.
 */
export function calendarBackfillJob(_deps: AppDeps) {
  return defineJob({ ...calendarBackfillQueue, async handler() {} });
}
export function calendarChannelsEnsureJob(_deps: AppDeps) {
  return defineJob({ ...calendarChannelsEnsureQueue, async handler() {} });
}

export const calendarJobs = (deps: AppDeps) => [connectionBrokenEmailJob(deps), calendarBackfillJob(deps), calendarChannelsEnsureJob(deps)];

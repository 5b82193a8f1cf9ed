import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { connectionBrokenEmailQueue } from './calendar.queues';
import { createCalendarConnectionService } from './connection.service';
import { calendarPushJobs } from './push.jobs';

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

/** Hourly: OAuth states past their 10 minutes can never be used; they are deleted (cross-tenant). */
export function oauthStatesCleanupJob(deps: AppDeps) {
  return defineJob({
    name: 'calendar.oauth-states-cleanup',
    schema: z.object({}),
    cron: '17 * * * *',
    policy: 'singleton',
    async handler() {
      const { count } = await createCalendarConnectionService(deps).deleteExpiredStates();
      if (count) deps.logger.info({ count }, 'calendar: expired OAuth states deleted');
    },
  });
}

// Our bookings → Google (push.jobs.ts): calendar.push, calendar.backfill and its daily sweep.
// Google → us (sync.jobs.ts: calendar.channels-ensure, calendar.sync, renewal and reconciliation) is registered beside these in jobs.ts.
export const calendarJobs = (deps: AppDeps) => [connectionBrokenEmailJob(deps), oauthStatesCleanupJob(deps), ...calendarPushJobs(deps)];

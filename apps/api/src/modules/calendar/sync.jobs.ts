import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { calendarChannelsEnsureQueue } from './calendar.queues';
import { createChannelsService } from './channels.service';
import { calendarSyncQueue } from './sync.queues';
import { createCalendarSyncService } from './sync.service';

/**
 * Google → us (docs/adr/012): watch channels made and renewed, calendars synced on notification
 * and reconciled on a schedule. Google failing (CalendarUnavailable) makes a job throw: pg-boss
 * retries it with exponential backoff and jitter.
 */

/** A connection made, made again, or its calendars picked: channels for every watched calendar, and each synced. */
export function channelsEnsureJob(deps: AppDeps) {
  return defineJob({
    ...calendarChannelsEnsureQueue,
    retryLimit: 8,
    async handler({ tenantId, connectionId }) {
      await withTenant(tenantId, () => createChannelsService(deps).ensure(connectionId, { syncAll: true }));
    },
  });
}

/** One calendar's incremental sync (queued by notifications, the reconciliation and channel changes). */
export function calendarSyncJob(deps: AppDeps) {
  return defineJob({
    ...calendarSyncQueue,
    retryLimit: 8,
    async handler({ tenantId, connectionId, calendarId }) {
      await withTenant(tenantId, () => createCalendarSyncService(deps).syncCalendar(connectionId, calendarId));
    },
  });
}

/** Every 10 minutes: channels within a day of their expiry are replaced (new first, then the old stopped). */
export function channelRenewalJob(deps: AppDeps) {
  return defineJob({
    name: 'calendar.channels-renew',
    schema: z.object({}),
    cron: '*/10 * * * *',
    policy: 'singleton',
    async handler() {
      await createChannelsService(deps).unsafeRenewDue();
    },
  });
}

/** Hourly: connections with a calendar not synced for 6 hours get every watched calendar synced (what notifications missed). */
export function reconciliationJob(deps: AppDeps) {
  return defineJob({
    name: 'calendar.reconcile',
    schema: z.object({}),
    cron: '23 * * * *',
    policy: 'singleton',
    async handler() {
      await createCalendarSyncService(deps).unsafeReconcile();
    },
  });
}

export const calendarSyncJobs = (deps: AppDeps) => [channelsEnsureJob(deps), calendarSyncJob(deps), channelRenewalJob(deps), reconciliationJob(deps)];

import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * Google → us: the queue of incremental syncs, one calendar each; sync.jobs.ts adds the handler.
 *
 * `stately` with the singleton key `syncKey(…)`: at most one sync of a calendar waits and one
 * runs. A burst of push notifications (Google sends one per change, and several channels may be
 * live during a renewal) therefore queues one sync; a notification arriving while a sync runs
 * queues exactly one more, so a change listed too late for the running one is not missed.
 */
export const calendarSyncQueue = defineQueue({
  name: 'calendar.sync',
  schema: z.object({ tenantId: z.string().uuid(), connectionId: z.string().uuid(), calendarId: z.string().min(1).max(1024) }),
  policy: 'stately',
});
export type CalendarSyncJob = z.infer<typeof calendarSyncQueue.schema>;

export const syncKey = (connectionId: string, calendarId: string) => `${connectionId}:${calendarId}`;

import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob, jobId } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { calendarBackfillQueue } from './calendar.queues';
import { createPushBackfill } from './push.backfill.service';
import { calendarPushQueue } from './push.queues';
import { createPushRepo } from './push.repo';
import { createPushWriter } from './push.writer.service';

/**
 * One booking to Google. Google unavailable (429, 5xx, unreachable) → retried with exponential
 * backoff and jitter (pg-boss: 5 s doubling, each delay between ½ and 1 times the doubled value,
 * capped at an hour: about 3.5 hours over 12 retries); after the last, the booking reads FAILED
 * until its next change or the daily check. Refusals for good are recorded by the handler (FAILED
 * with Google's reason) and do not retry. Twenty at a time: each waits mostly on Google.
 */
export function calendarPushJob(deps: AppDeps) {
  return defineJob({
    ...calendarPushQueue,
    retryLimit: 12,
    retryDelaySeconds: 5,
    expireInSeconds: 120,
    batchSize: 20,
    async handler({ tenantId, bookingId }) {
      await withTenant(tenantId, () => createPushWriter(deps).push(bookingId));
    },
    async onExhausted({ tenantId, bookingId }) {
      await withTenant(tenantId, () => createPushWriter(deps).gaveUp(bookingId));
    },
  });
}

/** A connection made (or made again): its bookings of the next 90 days to Google, in batches. */
export function calendarBackfillJob(deps: AppDeps) {
  return defineJob({
    ...calendarBackfillQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 900,
    async handler({ tenantId, connectionId }, job) {
      await withTenant(tenantId, () => createPushBackfill(deps).backfill(connectionId, job.id));
    },
  });
}

/**
 * Daily: every connected calendar is backfilled again. Cheap when nothing drifted (one read, no
 * Google call), and it catches what no change would: bookings entering the 90-day window, pushes
 * that gave up during a long outage, an event left behind by a race between a booking change and
 * a connection being made.
 */
export function calendarBackfillSweepJob(deps: AppDeps) {
  return defineJob({
    name: 'calendar.backfill-sweep',
    schema: z.object({}),
    cron: '17 3 * * *',
    policy: 'singleton',
    async handler() {
      const day = deps.clock.now().toISOString().slice(0, 10);
      const connections = await createPushRepo(deps).unsafeConnectedCalendars();
      await deps.jobs.sendMany(
        calendarBackfillQueue,
        connections.map((c) => ({ data: { tenantId: c.tenantId, connectionId: c.id }, id: jobIdFor(c.id, day) })),
      );
    },
  });
}

const jobIdFor = (connectionId: string, day: string) => jobId('calendar.backfill', connectionId, 'daily', day);

export const calendarPushJobs = (deps: AppDeps) => [calendarPushJob(deps), calendarBackfillJob(deps), calendarBackfillSweepJob(deps)];

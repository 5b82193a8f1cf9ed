import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The calendar module's queues as senders see them; calendar.jobs.ts adds the handlers.
 * Both are sent when a connection is made (or made again), in the transaction that stores it.
 */

const ZConnectionRef = z.object({ tenantId: z.string().uuid(), connectionId: z.string().uuid() });
export type CalendarConnectionRef = z.infer<typeof ZConnectionRef>;

/** Push the resource's upcoming bookings (next 90 days) to its calendar; a reconnect repairs drift (push helper). */
export const calendarBackfillQueue = defineQueue({ name: 'calendar.backfill', schema: ZConnectionRef });

/** Make sure every busy calendar has a live watch channel, and sync it in full the first time (sync helper). */
export const calendarChannelsEnsureQueue = defineQueue({ name: 'calendar.channels-ensure', schema: ZConnectionRef });

/**
 * The connection broke (Google refused the grant): one email to the resource's staff member and
 * one to each owner. `breakage` (when it broke, ms) keeps a later breakage's emails apart from this one's.
 */
export const connectionBrokenEmailQueue = defineQueue({
  name: 'calendar.connection-broken-email',
  schema: ZConnectionRef.extend({ breakage: z.string().regex(/^\d{1,16}$/) }),
});

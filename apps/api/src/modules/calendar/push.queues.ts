import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * Our bookings → Google: one job per booking change, sent in the change's own transaction
 * (push.service.ts); push.jobs.ts adds the handler. The job carries no snapshot: it pushes the
 * booking as it is when it runs.
 *
 * `singleton` with the booking id as singleton key: a booking's jobs run one at a time (two
 * running at once could write an older state after a newer one, or delete and insert in the wrong
 * order); jobs of different bookings run side by side.
 */
export const calendarPushQueue = defineQueue({
  name: 'calendar.push',
  schema: z.object({ tenantId: z.string().uuid(), bookingId: z.string().uuid(), correlationId: z.string().max(200).optional() }),
  policy: 'singleton',
});
export type CalendarPushJob = z.infer<typeof calendarPushQueue.schema>;

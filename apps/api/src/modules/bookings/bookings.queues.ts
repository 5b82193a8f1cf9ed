import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The bookings module's queues as senders see them (the service enqueues and cancels hold
 * expiries through this); bookings.jobs.ts adds the handlers, which call the service.
 */
export const holdExpiryQueue = defineQueue({
  name: 'booking.hold-expiry',
  schema: z.object({ tenantId: z.string().uuid(), bookingId: z.string().uuid() }),
});

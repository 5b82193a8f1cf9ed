import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { holdExpiryQueue } from './bookings.queues';
import { createBookingsService, unsafeSweepExpiredHolds } from './bookings.service';

/** One job per hold, due when the hold expires: the slot is released on time. */
export function holdExpiryJob(deps: AppDeps) {
  return defineJob({
    ...holdExpiryQueue,
    retryLimit: 10,
    async handler({ tenantId, bookingId }) {
      await withTenant(tenantId, () => createBookingsService(deps).expireHold(bookingId));
    },
  });
}

/**
 * Every minute, and once at start-up: holds whose job was missed (a crash, a restore) are
 * expired too. Cross-tenant by design; each expiry then runs inside its tenant.
 */
export function holdSweepJob(deps: AppDeps) {
  return defineJob({
    name: 'booking.hold-sweep',
    schema: z.object({}),
    cron: '* * * * *',
    policy: 'singleton',
    async handler() {
      await unsafeSweepExpiredHolds(deps);
    },
  });
}

import { z } from 'zod';
import type { AppDeps } from '../../app';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { createBookingsService } from './bookings.service';

/** One job per hold, due when the hold expires: the slot is released on time. */
export function holdExpiryJob(deps: AppDeps) {
  return defineJob({
    name: 'booking.hold-expiry',
    schema: z.object({ tenantId: z.string().uuid(), bookingId: z.string().uuid() }),
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

export async function unsafeSweepExpiredHolds(deps: AppDeps): Promise<number> {
  const due = await deps.prisma.booking.findMany({
    where: { status: 'PENDING_PAYMENT', holdExpiresAt: { lte: deps.clock.now() }, deletedAt: null },
    select: { id: true, tenantId: true },
    take: 1000,
  });
  let expired = 0;
  for (const b of due) {
    if (await withTenant(b.tenantId, () => createBookingsService(deps).expireHold(b.id))) expired += 1;
  }
  if (expired) deps.logger.info({ expired }, 'expired overdue holds');
  return expired;
}

import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { currentContext } from '../../platform/context';
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

export type SweepResult = { expired: number; failed: number };

/**
 * One hold that cannot be expired (a lock timeout, a row the code does not expect) does not stop
 * the others: each failure is logged with its booking and counted, and the next sweep tries
 * again. The sweep itself succeeds, so one bad hold does not turn into a retry storm.
 */
export async function unsafeSweepExpiredHolds(deps: AppDeps): Promise<SweepResult> {
  const due = await deps.prisma.booking.findMany({
    where: { status: 'PENDING_PAYMENT', holdExpiresAt: { lte: deps.clock.now() }, deletedAt: null },
    select: { id: true, tenantId: true },
    take: 1000,
  });
  const log = currentContext()?.logger ?? deps.logger;
  const result: SweepResult = { expired: 0, failed: 0 };
  for (const b of due) {
    try {
      if (await withTenant(b.tenantId, () => createBookingsService(deps).expireHold(b.id))) result.expired += 1;
    } catch (err) {
      result.failed += 1;
      log.error({ err, bookingId: b.id, tenantId: b.tenantId }, 'could not expire an overdue hold; the next sweep tries again');
    }
  }
  if (result.failed) log.error(result, 'hold sweep finished with failures');
  else if (result.expired) log.info(result, 'expired overdue holds');
  return result;
}

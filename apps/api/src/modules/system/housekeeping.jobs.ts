import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';

/** Rows deleted per statement: keeps each delete's locks and WAL short on a big backlog. */
const BATCH = 5_000;

/**
 * Hourly: deletes what can never be used again and would otherwise pile up for ever —
 * Idempotency-Keys past their 24 hours, and sessions that are revoked, past their absolute
 * lifetime or idle for longer than the idle timeout (none of them can be resumed).
 */
export function housekeepingJob(deps: AppDeps) {
  return defineJob({
    name: 'platform.housekeeping',
    schema: z.object({}),
    cron: '41 * * * *',
    policy: 'singleton',
    async handler() {
      const purged = await unsafePurgeExpired(deps);
      deps.logger.info(purged, 'housekeeping: expired keys and sessions purged');
    },
  });
}

/** Cross-tenant by design (it walks every tenant's expired rows): only for the housekeeping job. */
export async function unsafePurgeExpired(deps: Pick<AppDeps, 'prisma' | 'clock' | 'config'>, batch = BATCH) {
  const now = deps.clock.now();
  const idleSince = new Date(now.getTime() - deps.config.SESSION_IDLE_HOURS * 3_600_000);
  const idempotencyKeys = await inBatches(
    batch,
    () => deps.prisma.$executeRaw`
      DELETE FROM "IdempotencyKey" WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM "IdempotencyKey" WHERE "expiresAt" <= ${now} LIMIT ${batch}))`,
  );
  const sessions = await inBatches(
    batch,
    () => deps.prisma.$executeRaw`
      DELETE FROM "Session" WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM "Session"
        WHERE "revokedAt" IS NOT NULL OR "expiresAt" <= ${now} OR "lastSeenAt" <= ${idleSince}
        LIMIT ${batch}))`,
  );
  return { idempotencyKeys, sessions };
}

async function inBatches(batch: number, deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batch) return total;
  }
}

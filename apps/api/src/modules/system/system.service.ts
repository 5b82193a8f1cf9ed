import type { AppDeps } from '../../platform/deps';
import { createSystemRepo } from './system.repo';

/** Rows deleted per statement: keeps each delete's locks and WAL short on a big backlog. */
const BATCH = 5_000;

export function createSystemService(deps: Pick<AppDeps, 'db' | 'prisma' | 'clock' | 'config'>) {
  const repo = createSystemRepo(deps);
  return {
    async checkDatabase() {
      try {
        await repo.ping();
      } catch {
        return { database: 'down' as const, migrations: { applied: 0, pending: 0 } };
      }
      return { database: 'up' as const, migrations: await repo.migrationStatus() };
    },

    /**
     * Deletes what can never be used again and would otherwise pile up for ever:
     * Idempotency-Keys past their 24 hours, and sessions that are revoked, past their absolute
     * lifetime or idle for longer than the idle timeout. Cross-tenant by design (it walks every
     * tenant's expired rows): only for the housekeeping job.
     */
    async unsafePurgeExpired(batch = BATCH) {
      const now = deps.clock.now();
      const idleSince = new Date(now.getTime() - deps.config.SESSION_IDLE_HOURS * 3_600_000);
      const idempotencyKeys = await inBatches(batch, () => repo.unsafeDeleteExpiredIdempotencyKeys(now, batch));
      const sessions = await inBatches(batch, () => repo.unsafeDeleteDeadSessions(now, idleSince, batch));
      return { idempotencyKeys, sessions };
    },
  };
}

async function inBatches(batch: number, deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batch) return total;
  }
}

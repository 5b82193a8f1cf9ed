import type { AppDeps } from '../../platform/deps';
import { migrationStatus } from '../../platform/migrate';

/**
 * The database as the platform sees it: whether it answers, which migrations are applied, and
 * the hourly purge of rows nobody can use again (every tenant's: hence the raw client and the
 * `unsafe…` names). Each purge deletes at most `batch` rows per statement and reports how many.
 */
export function createSystemRepo(deps: Pick<AppDeps, 'db' | 'prisma'>) {
  const { db, prisma } = deps;
  return {
    ping: () => db.$queryRaw`SELECT 1`,
    migrationStatus: () => migrationStatus((sql) => db.$queryRawUnsafe(sql)),
    unsafeDeleteExpiredIdempotencyKeys: (now: Date, batch: number) =>
      prisma.$executeRaw`
        DELETE FROM "IdempotencyKey" WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM "IdempotencyKey" WHERE "expiresAt" <= ${now} LIMIT ${batch}))`,
    /** Revoked, past their absolute lifetime, or idle since before `idleSince`: none can be resumed. */
    unsafeDeleteDeadSessions: (now: Date, idleSince: Date, batch: number) =>
      prisma.$executeRaw`
        DELETE FROM "Session" WHERE ctid = ANY (ARRAY(
          SELECT ctid FROM "Session"
          WHERE "revokedAt" IS NOT NULL OR "expiresAt" <= ${now} OR "lastSeenAt" <= ${idleSince}
          LIMIT ${batch}))`,
  };
}

import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';

/**
 * Stored Stripe events: platform data across tenants (no tenant scope), so every function here
 * works on the raw client and is named `unsafe…`; callers resolve the tenant afterwards.
 */

export const stripeEventSelect = {
  id: true,
  stripeEventId: true,
  type: true,
  account: true,
  endpoint: true,
  livemode: true,
  tenantId: true,
  payload: true,
  status: true,
  attempts: true,
  error: true,
  receivedAt: true,
  processedAt: true,
} as const satisfies Prisma.StripeEventSelect;
export type StripeEventRow = Prisma.StripeEventGetPayload<{ select: typeof stripeEventSelect }>;

export type NewStripeEvent = {
  stripeEventId: string;
  type: string;
  account: string | null;
  endpoint: 'platform' | 'connect';
  livemode: boolean;
  tenantId: string | null;
  payload: string;
  receivedAt: Date;
};

export function createStripeEventsRepo({ prisma }: Pick<AppDeps, 'prisma'>) {
  return {
    /**
     * Stores the event unless its Stripe id is known already, and in the same transaction runs
     * `job` (the insert of its processing job), so both exist or neither does. Concurrent
     * deliveries of one event: the unique key makes all but one a no-op (they wait for the first
     * to commit). Resolves to the new row's id, or null for a duplicate.
     */
    unsafeStoreWithJob: (e: NewStripeEvent, job: (id: string) => Promise<{ text: string; values: unknown[] }>) =>
      prisma.$transaction(async (tx) => {
        const id = randomUUID();
        const inserted = await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "StripeEvent" (id, "stripeEventId", type, account, endpoint, livemode, "tenantId", payload, status, attempts, "receivedAt")
          VALUES (${id}::uuid, ${e.stripeEventId}, ${e.type}, ${e.account}, ${e.endpoint}, ${e.livemode}, ${e.tenantId}::uuid, ${e.payload}::jsonb,
                  'RECEIVED', 0, ${e.receivedAt}::timestamptz)
          ON CONFLICT ("stripeEventId") DO NOTHING
          RETURNING id`;
        if (!inserted.length) return null;
        const statement = await job(id);
        await tx.$executeRawUnsafe(statement.text, ...statement.values);
        return id;
      }),

    unsafeFind: (id: string) => prisma.stripeEvent.findUnique({ where: { id }, select: stripeEventSelect }),

    unsafeFindByStripeId: (stripeEventId: string) => prisma.stripeEvent.findUnique({ where: { stripeEventId }, select: stripeEventSelect }),

    unsafeList: (q: { status?: StripeEventRow['status']; limit: number }) =>
      prisma.stripeEvent.findMany({
        where: q.status ? { status: q.status } : {},
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: q.limit,
        select: stripeEventSelect,
      }),

    /** One more processing attempt begins; the tenant found for it is kept. */
    unsafeStartAttempt: (id: string, tenantId: string | null) =>
      prisma.stripeEvent.update({ where: { id }, data: { attempts: { increment: 1 }, ...(tenantId ? { tenantId } : {}) }, select: { attempts: true } }),

    /** Processed or ignored: done, unless an operator replays it. */
    unsafeFinish: (id: string, status: 'PROCESSED' | 'IGNORED', at: Date) =>
      prisma.stripeEvent.update({ where: { id }, data: { status, processedAt: at, error: null }, select: stripeEventSelect }),

    /** An attempt failed; it stays RECEIVED (its job retries) with the reason. */
    unsafeRecordError: (id: string, error: string) => prisma.stripeEvent.update({ where: { id }, data: { error: error.slice(0, 2000) }, select: { id: true } }),

    /** The last retry failed. Not if a later attempt (a replay) processed it meanwhile. */
    unsafeMarkFailed: (id: string, error: string) =>
      prisma.stripeEvent.updateMany({ where: { id, status: 'RECEIVED' }, data: { status: 'FAILED', error: error.slice(0, 2000) } }),

    /** An operator's replay: back to RECEIVED together with a new job (`job`'s insert), in one transaction. */
    unsafeReopenWithJob: (id: string, job: { text: string; values: unknown[] }) =>
      prisma.$transaction(async (tx) => {
        const row = await tx.stripeEvent.update({ where: { id }, data: { status: 'RECEIVED', processedAt: null }, select: stripeEventSelect });
        await tx.$executeRawUnsafe(job.text, ...job.values);
        return row;
      }),
  };
}
export type StripeEventsRepo = ReturnType<typeof createStripeEventsRepo>;

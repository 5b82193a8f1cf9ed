import type { AppDeps } from './deps';
import type { Queue, SendOptions } from './jobs';
import type { TenantTx } from './tenancy';

/**
 * How a service runs several repository calls as one unit without holding a database client:
 *
 *   await transaction(deps, async (tx) => {
 *     const current = await repo.find(id, tx);
 *     await repo.update(tx, id, patch);
 *     await deps.audit.record(tx, { … });
 *   });
 *
 * The transaction is on the tenant-scoped client (platform/tenancy), so everything in it is
 * filtered by the tenant of the request context. Repository functions take the `tx` they are
 * handed: a write, which belongs in a transaction, takes it first; a read that also runs on its
 * own takes it as an optional last argument and otherwise uses the repository's client.
 * The booking hot path's hand-written statements run in platform/sql's own transactions instead
 * (ADR 006).
 */
export function transaction<T>(deps: Pick<AppDeps, 'db'>, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return deps.db.$transaction(fn);
}

/** The same, with soft-deleted rows visible to the repositories given `tx` (restoring an archived record). */
export function transactionIncludingDeleted<T>(deps: Pick<AppDeps, 'dbIncludingDeleted'>, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return deps.dbIncludingDeleted.$transaction(fn);
}

/** A Prisma transaction client, scoped or raw: what `sendInTransaction` writes the job through. */
type RawStatementClient = { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> };

/**
 * Queues a job inside `tx`: the job exists exactly when the change that asks for it commits
 * (side effects leave the transaction as jobs).
 */
export async function sendInTransaction<T extends object>(
  deps: Pick<AppDeps, 'jobs'>,
  tx: RawStatementClient,
  queue: Queue<T>,
  data: T,
  opts?: Omit<SendOptions, 'db'>,
): Promise<void> {
  const job = await deps.jobs.insertStatement(queue, data, opts);
  await tx.$executeRawUnsafe(job.text, ...job.values);
}

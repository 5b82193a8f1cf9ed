import { currentContext, runWithContext } from './context';
import type { Db } from './db';

/**
 * Tenant isolation, in one place. Every model listed here has a `tenantId` column; through
 * the client returned by `createTenantDb`, every query on them is filtered by — and every
 * insert stamped with — the tenant of the current request context. A query with no tenant in
 * context throws instead of reading across tenants. Deliberate cross-tenant access goes
 * through the raw client in functions named `unsafe…`.
 *
 * Raw SQL ($queryRaw) is not rewritten: repositories that use it pass `requireTenantId()`.
 */
export const TENANT_MODELS = new Set<string>([
  'Membership',
  'Invitation',
  'AuditLog',
  'Resource',
  'Service',
  'ServiceResource',
  'AvailabilityRule',
  'DateOverride',
  'BlackoutDate',
  'Customer',
  'Booking',
  'IdempotencyKey',
  'EmailLog',
  'PaymentAccount',
  'Payment',
  'DuplicatePayment',
  'Refund',
  'Dispute',
  'CalendarConnection',
  'CalendarOAuthState',
  'CalendarChannel',
  'CalendarCursor',
  'BusyBlock',
  'BookingCalendarEvent',
]);

/** Models whose rows are soft-deleted: reads skip rows with `deletedAt` set. */
export const SOFT_DELETE_MODELS = new Set<string>(['Service', 'Customer', 'Booking']);

export class MissingTenantError extends Error {
  constructor(model: string) {
    super(`query on ${model} without a tenant in the request context`);
    this.name = 'MissingTenantError';
  }
}

export function requireTenantId(model = 'tenant data'): string {
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new MissingTenantError(model);
  return tenantId;
}

/** Operations whose `where` gets the tenant, and hides soft-deleted rows unless asked not to. */
const READS_AND_UPDATES = [
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
];
const FILTERED = new Set([...READS_AND_UPDATES, 'delete', 'deleteMany', 'upsert']);
const SOFT_FILTERED = new Set(READS_AND_UPDATES);

type Args = { where?: Record<string, unknown>; data?: unknown; create?: Record<string, unknown> };

function scope(model: string, operation: string, args: Args, opts: { includeDeleted: boolean }): Args {
  const tenantId = requireTenantId(model);
  const next: Args = { ...args };
  if (FILTERED.has(operation)) next.where = { ...args.where, tenantId };
  if (!opts.includeDeleted && SOFT_DELETE_MODELS.has(model) && SOFT_FILTERED.has(operation)) next.where = { ...next.where, deletedAt: null };
  if (operation === 'create') next.data = { ...(args.data as object), tenantId };
  if (operation === 'createMany' || operation === 'createManyAndReturn') {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    next.data = rows.map((row) => ({ ...(row as object), tenantId }));
  }
  if (operation === 'upsert') next.create = { ...args.create, tenantId };
  return next;
}

function extend(prisma: Db, includeDeleted: boolean) {
  return prisma.$extends({
    name: includeDeleted ? 'tenant-scope-including-deleted' : 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          if (SOFT_DELETE_MODELS.has(model) && (operation === 'delete' || operation === 'deleteMany'))
            throw new Error(`${model} is soft-deleted: use softDelete(), not ${operation}()`);
          return query(scope(model, operation, args, { includeDeleted }));
        },
      },
    },
  });
}

/** The tenant-scoped client repositories use. */
export function createTenantDb(prisma: Db) {
  return extend(prisma, false);
}
/** The same scoping, but soft-deleted rows stay visible (restore, audit views). */
export function createTenantDbIncludingDeleted(prisma: Db) {
  return extend(prisma, true);
}
export type TenantDb = ReturnType<typeof createTenantDb>;
/** What `TenantDb.$transaction(fn)` hands to `fn`. */
export type TenantTx = Parameters<Parameters<TenantDb['$transaction']>[0]>[0];

/**
 * Runs `fn` as the given tenant (a tenant just created, a public page resolved by slug, a job
 * or webhook that found its tenant through an `unsafe…` read).
 */
export function withTenant<T>(tenantId: string, fn: () => PromiseLike<T>): Promise<T> {
  const ctx = currentContext();
  if (!ctx) throw new Error('withTenant called outside a request or job context');
  // Awaited inside the scope: Prisma queries are lazy and run when first awaited.
  return runWithContext({ ...ctx, tenantId }, async () => await fn());
}

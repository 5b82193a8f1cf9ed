import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId } from '../../platform/tenancy';

export type AuditFilter = {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
};

export function createAuditRepo(deps: Pick<AppDeps, 'db' | 'prisma'>) {
  const { db, prisma } = deps;
  function where(f: AuditFilter): Prisma.AuditLogWhereInput {
    return {
      ...(f.resourceType ? { resourceType: f.resourceType } : {}),
      ...(f.resourceId ? { resourceId: f.resourceId } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.actor ? (['system', 'customer', 'stripe', 'google', 'user'].includes(f.actor) ? { actorType: f.actor } : { actorId: f.actor }) : {}),
      ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    };
  }
  return {
    list: (f: AuditFilter, after: { at: Date; id: string } | null, limit: number) =>
      db.auditLog.findMany({
        where: {
          ...where(f),
          ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      }),
    trail: (resourceType: string, resourceId: string) =>
      db.auditLog.findMany({ where: { resourceType, resourceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 500 }),
    summary: (from: Date, to: Date) =>
      db.auditLog.groupBy({ by: ['action'], where: { createdAt: { gte: from, lt: to } }, _count: { _all: true }, orderBy: { action: 'asc' } }),
    /** Retention: deletes this tenant's entries older than `before`, in batches. */
    deleteOlderThan: (before: Date) => db.auditLog.deleteMany({ where: { createdAt: { lt: before }, tenantId: requireTenantId() } }),
    /** Every tenant with its retention period: the retention job walks them, then works inside each one's scope. */
    unsafeRetentionOfEveryTenant: () => prisma.tenant.findMany({ select: { id: true, auditRetentionDays: true }, orderBy: { id: 'asc' } }),
  };
}

import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { afterKey, byNameThenId, type NameKey } from './pagination';

const serviceSelect = {
  id: true,
  name: true,
  description: true,
  durationMin: true,
  priceMinor: true,
  currency: true,
  bufferBeforeMin: true,
  bufferAfterMin: true,
  minNoticeMin: true,
  maxAdvanceDays: true,
  slotIntervalMin: true,
  maxPerDay: true,
  requiresPayment: true,
  paymentMode: true,
  depositMinor: true,
  depositPercent: true,
  freeCancellationHours: true,
  lateRefundPercent: true,
  active: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  resources: { select: { resourceId: true }, orderBy: { resourceId: 'asc' } },
} as const satisfies Prisma.ServiceSelect;

export type ServiceRow = Prisma.ServiceGetPayload<{ select: typeof serviceSelect }>;
export type ServiceData = Omit<Prisma.ServiceUncheckedCreateInput, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'resources'>;

/**
 * Services and the resources that perform them. Archived services are hidden, except from
 * `includeArchived` lists, `findIncludingArchived`, and whatever runs in a transaction opened
 * with archived rows visible (platform/transaction's transactionIncludingDeleted: restore).
 */
export function createServicesRepo(deps: Pick<AppDeps, 'db' | 'dbIncludingDeleted'>) {
  const { db, dbIncludingDeleted } = deps;
  return {
    list: (opts: { after: NameKey | null; limit: number; includeArchived: boolean }) =>
      (opts.includeArchived ? dbIncludingDeleted : db).service.findMany({
        where: afterKey(opts.after),
        orderBy: byNameThenId,
        take: opts.limit + 1,
        select: serviceSelect,
      }),
    find: (id: string, tx?: TenantTx) => (tx ?? db).service.findUnique({ where: { id }, select: serviceSelect }),
    findIncludingArchived: (id: string) => dbIncludingDeleted.service.findUnique({ where: { id }, select: serviceSelect }),
    create: (tx: TenantTx, data: ServiceData) => tx.service.create({ data: { ...data, tenantId: requireTenantId() }, select: { id: true } }),
    update: (tx: TenantTx, id: string, data: Partial<ServiceData> & { deletedAt?: Date | null }) =>
      tx.service.update({ where: { id }, data, select: { id: true } }),
    /** Which of `ids` are resources of the current tenant. */
    existingResourceIds: async (tx: TenantTx, ids: string[]) =>
      (await tx.resource.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id),
    replaceResources: async (tx: TenantTx, serviceId: string, resourceIds: string[]) => {
      await tx.serviceResource.deleteMany({ where: { serviceId } });
      const tenantId = requireTenantId();
      await tx.serviceResource.createMany({ data: resourceIds.map((resourceId) => ({ tenantId, serviceId, resourceId })) });
    },
  };
}

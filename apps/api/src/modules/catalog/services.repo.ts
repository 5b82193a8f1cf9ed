import type { Prisma } from '../../generated/prisma/client';
import { requireTenantId, type TenantDb, type TenantTx } from '../../platform/tenancy';
import { afterKey, byNameThenId, type NameKey } from './pagination';

type Client = TenantDb | TenantTx;

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
  active: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  resources: { select: { resourceId: true }, orderBy: { resourceId: 'asc' } },
} as const satisfies Prisma.ServiceSelect;

export type ServiceRow = Prisma.ServiceGetPayload<{ select: typeof serviceSelect }>;
export type ServiceData = Omit<Prisma.ServiceUncheckedCreateInput, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'resources'>;

/**
 * Services and the resources that perform them. `db` decides whether archived services are
 * visible: the scoped client hides them, the including-deleted one (restore, lists with
 * `includeArchived`) shows them.
 */
export function createServicesRepo(db: TenantDb) {
  return {
    list: (opts: { after: NameKey | null; limit: number }) =>
      db.service.findMany({ where: afterKey(opts.after), orderBy: byNameThenId, take: opts.limit + 1, select: serviceSelect }),
    find: (client: Client, id: string) => client.service.findUnique({ where: { id }, select: serviceSelect }),
    create: (tx: TenantTx, data: ServiceData) =>
      tx.service.create({ data: { ...data, tenantId: requireTenantId() }, select: { id: true } }),
    update: (tx: TenantTx, id: string, data: Partial<ServiceData> & { deletedAt?: Date | null }) =>
      tx.service.update({ where: { id }, data, select: { id: true } }),
    /** Which of `ids` are resources of the current tenant. */
    existingResourceIds: async (client: Client, ids: string[]) =>
      (await client.resource.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id),
    replaceResources: async (tx: TenantTx, serviceId: string, resourceIds: string[]) => {
      await tx.serviceResource.deleteMany({ where: { serviceId } });
      const tenantId = requireTenantId();
      await tx.serviceResource.createMany({ data: resourceIds.map((resourceId) => ({ tenantId, serviceId, resourceId })) });
    },
  };
}

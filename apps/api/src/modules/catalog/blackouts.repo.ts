import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

const blackoutSelect = { id: true, startDate: true, endDate: true, reason: true, createdAt: true } as const satisfies Prisma.BlackoutDateSelect;
export type BlackoutRow = Prisma.BlackoutDateGetPayload<{ select: typeof blackoutSelect }>;

/** Tenant-wide closures of the tenant in the request context. */
export function createBlackoutsRepo(deps: Pick<AppDeps, 'db'>) {
  const { db } = deps;
  return {
    list: () => db.blackoutDate.findMany({ orderBy: [{ startDate: 'asc' }, { endDate: 'asc' }, { id: 'asc' }], select: blackoutSelect }),
    find: (tx: TenantTx, id: string) => tx.blackoutDate.findUnique({ where: { id }, select: blackoutSelect }),
    create: (tx: TenantTx, data: { startDate: Date; endDate: Date; reason: string }) =>
      tx.blackoutDate.create({ data: { ...data, tenantId: requireTenantId() }, select: blackoutSelect }),
    delete: (tx: TenantTx, id: string) => tx.blackoutDate.delete({ where: { id } }),
  };
}

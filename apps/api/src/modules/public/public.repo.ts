import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId } from '../../platform/tenancy';

/** What the public booking page shows of a business. */
const profileSelect = {
  slug: true,
  name: true,
  timeZone: true,
  currency: true,
  brandDisplayName: true,
  brandAccentColor: true,
  brandLogoUrl: true,
  cancellationCutoffHours: true,
  freeCancellationHours: true,
  lateRefundPercent: true,
} as const satisfies Prisma.TenantSelect;
const offeredServiceSelect = {
  id: true,
  name: true,
  description: true,
  durationMin: true,
  priceMinor: true,
  currency: true,
  requiresPayment: true,
  paymentMode: true,
  depositMinor: true,
  depositPercent: true,
  freeCancellationHours: true,
  lateRefundPercent: true,
  resources: { select: { resourceId: true } },
} as const satisfies Prisma.ServiceSelect;

/** Reads for the public booking page, in the scope of the tenant its slug resolved to. */
export function createPublicRepo(deps: Pick<AppDeps, 'db'>) {
  const { db } = deps;
  return {
    profile: () => db.tenant.findUnique({ where: { id: requireTenantId() }, select: profileSelect }),
    /** Active services, by name, with the ids of every resource linked to them. */
    activeServices: () => db.service.findMany({ where: { active: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], select: offeredServiceSelect }),
    activeResourceNames: (ids: string[]) => db.resource.findMany({ where: { id: { in: ids }, active: true }, select: { id: true, name: true } }),
  };
}

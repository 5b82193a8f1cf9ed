import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { afterKey, byNameThenId, type NameKey } from './pagination';

const resourceSelect = { id: true, name: true, timeZone: true, userId: true, active: true, createdAt: true, updatedAt: true } as const;
const ruleSelect = { weekday: true, startTime: true, endTime: true } as const;
const overrideSelect = { id: true, date: true, ranges: true } as const;

export type ResourceRow = Prisma.ResourceGetPayload<{ select: typeof resourceSelect }>;
export type RuleRow = Prisma.AvailabilityRuleGetPayload<{ select: typeof ruleSelect }>;
export type OverrideRow = Prisma.DateOverrideGetPayload<{ select: typeof overrideSelect }>;
export type ResourceData = { name: string; timeZone: string; userId: string | null; active: boolean };
export type RuleData = { weekday: number; startTime: string; endTime: string };

/** Resources, their weekly hours and date overrides, in the tenant of the request context. */
export function createResourcesRepo(deps: Pick<AppDeps, 'db'>) {
  const { db } = deps;
  return {
    list: (opts: { includeInactive: boolean; after: NameKey | null; limit: number }) =>
      db.resource.findMany({
        where: { ...(opts.includeInactive ? {} : { active: true }), ...afterKey(opts.after) },
        orderBy: byNameThenId,
        take: opts.limit + 1,
        select: resourceSelect,
      }),
    find: (id: string, tx?: TenantTx) => (tx ?? db).resource.findUnique({ where: { id }, select: resourceSelect }),
    create: (tx: TenantTx, data: ResourceData) => tx.resource.create({ data: { ...data, tenantId: requireTenantId() }, select: resourceSelect }),
    update: (tx: TenantTx, id: string, data: Partial<ResourceData>) => tx.resource.update({ where: { id }, data, select: resourceSelect }),
    /** Whether `userId` belongs to the current tenant. */
    isMember: async (tx: TenantTx, userId: string) => (await tx.membership.count({ where: { userId } })) > 0,

    rules: (resourceId: string, tx?: TenantTx) =>
      (tx ?? db).availabilityRule.findMany({
        where: { resourceId },
        orderBy: [{ weekday: 'asc' }, { startTime: 'asc' }, { endTime: 'asc' }],
        select: ruleSelect,
      }),
    replaceRules: async (tx: TenantTx, resourceId: string, rules: RuleData[]) => {
      await tx.availabilityRule.deleteMany({ where: { resourceId } });
      const tenantId = requireTenantId();
      await tx.availabilityRule.createMany({ data: rules.map((r) => ({ ...r, resourceId, tenantId })) });
    },

    overrides: (resourceId: string, range: { from?: Date; to?: Date }) =>
      db.dateOverride.findMany({
        where: {
          resourceId,
          ...(range.from || range.to ? { date: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) } } : {}),
        },
        orderBy: { date: 'asc' },
        select: overrideSelect,
      }),
    findOverride: (tx: TenantTx, resourceId: string, date: Date) =>
      tx.dateOverride.findUnique({ where: { resourceId_date: { resourceId, date } }, select: overrideSelect }),
    upsertOverride: (tx: TenantTx, resourceId: string, date: Date, ranges: Prisma.InputJsonValue) =>
      tx.dateOverride.upsert({
        where: { resourceId_date: { resourceId, date } },
        create: { resourceId, date, ranges, tenantId: requireTenantId() },
        update: { ranges },
        select: overrideSelect,
      }),
    deleteOverride: (tx: TenantTx, id: string) => tx.dateOverride.delete({ where: { id } }),
  };
}

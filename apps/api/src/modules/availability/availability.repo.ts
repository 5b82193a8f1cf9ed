import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';

type Client = TenantDb | TenantTx;

const asDate = (d: string) => new Date(`${d}T00:00:00Z`);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** What the availability engine needs from the database, for a set of resources and an instant range. */
export function createAvailabilityRepo() {
  return {
    resources: (client: Client, ids: string[]) =>
      client.resource.findMany({ where: { id: { in: ids }, active: true }, select: { id: true, name: true, timeZone: true }, orderBy: { id: 'asc' } }),

    rules: (client: Client, ids: string[]) =>
      client.availabilityRule.findMany({ where: { resourceId: { in: ids } }, select: { resourceId: true, weekday: true, startTime: true, endTime: true } }),

    async overrides(client: Client, ids: string[], fromDate: string, toDate: string) {
      const rows = await client.dateOverride.findMany({
        where: { resourceId: { in: ids }, date: { gte: asDate(fromDate), lte: asDate(toDate) } },
        select: { resourceId: true, date: true, ranges: true },
      });
      return rows.map((r) => ({ resourceId: r.resourceId, date: isoDate(r.date), ranges: r.ranges as { start: string; end: string }[] }));
    },

    async blackouts(client: Client, fromDate: string, toDate: string) {
      const rows = await client.blackoutDate.findMany({
        where: { startDate: { lte: asDate(toDate) }, endDate: { gte: asDate(fromDate) } },
        select: { startDate: true, endDate: true },
      });
      return rows.map((r) => ({ startDate: isoDate(r.startDate), endDate: isoDate(r.endDate) }));
    },

    /**
     * Blocked ranges of active bookings on these resources that overlap the range — read through
     * the same gist index the exclusion constraint uses. A hold past its expiry no longer blocks
     * (the sweep may not have run yet; booking creation expires it in the same transaction).
     */
    busy: async (client: Client, ids: string[], from: Date, to: Date, now: Date, excludeBookingId?: string) => {
      // Instants cross the raw-SQL boundary as ISO strings in and epoch milliseconds out: the
      // driver adapter sends Date parameters as zone-less local times, so the answer would
      // otherwise depend on the process TZ.
      const rows = await client.$queryRaw<{ id: string; resourceId: string; startsAtMs: number; startMs: number; endMs: number }[]>`
        SELECT id, "resourceId",
          (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAtMs",
          (extract(epoch FROM lower("blockedRange")) * 1000)::float8 AS "startMs",
          (extract(epoch FROM upper("blockedRange")) * 1000)::float8 AS "endMs"
        FROM "Booking"
        WHERE "tenantId" = ${requireTenantId()}::uuid
          AND "resourceId" = ANY(${ids}::uuid[])
          AND "deletedAt" IS NULL
          AND (status = 'CONFIRMED' OR (status = 'PENDING_PAYMENT' AND "holdExpiresAt" > ${now.toISOString()}::timestamptz))
          AND "blockedRange" && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')
          AND id <> ${excludeBookingId ?? '00000000-0000-0000-0000-000000000000'}::uuid`;
      return rows.map((r) => ({
        id: r.id,
        resourceId: r.resourceId,
        startsAt: new Date(Number(r.startsAtMs)),
        start: new Date(Number(r.startMs)),
        end: new Date(Number(r.endMs)),
      }));
    },
  };
}

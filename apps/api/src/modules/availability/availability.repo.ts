import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';

type Client = TenantDb | TenantTx;

export type AvailabilityRows = {
  tenantZone: string;
  resources: { id: string; name: string; timeZone: string }[];
  rules: { resourceId: string; weekday: number; startTime: string; endTime: string }[];
  overrides: { resourceId: string; date: string; ranges: { start: string; end: string }[] }[];
  blackouts: { startDate: string; endDate: string }[];
  busy: { id: string; resourceId: string; startsAtMs: number; startMs: number; endMs: number }[];
};

/**
 * Everything the availability engine needs for some resources around an instant range, in ONE
 * statement: it runs inside the booking transaction (after the resource lock), where every
 * round trip is time the lock is held.
 *
 * Busy times are the blocked ranges of active bookings, read through the same gist index the
 * exclusion constraint uses; a hold past its expiry no longer blocks (the sweep may not have run
 * yet; booking creation expires it in the same transaction). Instants cross this boundary as ISO
 * text in and epoch milliseconds out: the driver adapter sends Date parameters as zone-less
 * local times, which would make answers depend on the process TZ.
 */
export function createAvailabilityRepo() {
  return {
    async load(
      client: Client,
      q: { resourceIds: string[]; fromDate: string; toDate: string; from: Date; to: Date; now: Date; excludeBookingId?: string },
    ): Promise<AvailabilityRows> {
      const tenantId = requireTenantId();
      const [row] = await client.$queryRaw<AvailabilityRows[]>`
        WITH res AS (
          SELECT id, name, "timeZone" FROM "Resource"
          WHERE "tenantId" = ${tenantId}::uuid AND id = ANY(${q.resourceIds}::uuid[]) AND active
        ), rules AS (
          SELECT "resourceId", weekday, "startTime", "endTime" FROM "AvailabilityRule"
          WHERE "tenantId" = ${tenantId}::uuid AND "resourceId" IN (SELECT id FROM res)
        ), ovr AS (
          SELECT "resourceId", date::text AS date, ranges FROM "DateOverride"
          WHERE "tenantId" = ${tenantId}::uuid AND "resourceId" IN (SELECT id FROM res)
            AND date BETWEEN ${q.fromDate}::date AND ${q.toDate}::date
        ), blk AS (
          SELECT "startDate"::text AS "startDate", "endDate"::text AS "endDate" FROM "BlackoutDate"
          WHERE "tenantId" = ${tenantId}::uuid AND "startDate" <= ${q.toDate}::date AND "endDate" >= ${q.fromDate}::date
        ), busy AS (
          SELECT id, "resourceId",
            (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAtMs",
            (extract(epoch FROM lower("blockedRange")) * 1000)::float8 AS "startMs",
            (extract(epoch FROM upper("blockedRange")) * 1000)::float8 AS "endMs"
          FROM "Booking"
          WHERE "tenantId" = ${tenantId}::uuid
            AND "resourceId" IN (SELECT id FROM res)
            AND "deletedAt" IS NULL
            AND (status = 'CONFIRMED' OR (status = 'PENDING_PAYMENT' AND "holdExpiresAt" > ${q.now.toISOString()}::timestamptz))
            AND "blockedRange" && tstzrange(${q.from.toISOString()}::timestamptz, ${q.to.toISOString()}::timestamptz, '[)')
            AND id <> ${q.excludeBookingId ?? '00000000-0000-0000-0000-000000000000'}::uuid
        )
        SELECT
          (SELECT "timeZone" FROM "Tenant" WHERE id = ${tenantId}::uuid) AS "tenantZone",
          (SELECT coalesce(json_agg(res ORDER BY id), '[]'::json) FROM res) AS resources,
          (SELECT coalesce(json_agg(rules), '[]'::json) FROM rules) AS rules,
          (SELECT coalesce(json_agg(ovr), '[]'::json) FROM ovr) AS overrides,
          (SELECT coalesce(json_agg(blk), '[]'::json) FROM blk) AS blackouts,
          (SELECT coalesce(json_agg(busy), '[]'::json) FROM busy) AS busy`;
      return row!;
    },
  };
}

import type { AppDeps } from '../../platform/deps';
import { statement, type SqlRunner } from '../../platform/sql';
import { requireTenantId } from '../../platform/tenancy';

export type ServiceRow = {
  id: string;
  name: string;
  durationMin: number;
  priceMinor: number;
  currency: string;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  minNoticeMin: number;
  maxAdvanceDays: number;
  slotIntervalMin: number;
  maxPerDay: number | null;
  requiresPayment: boolean;
  active: boolean;
  /** Every resource linked to the service, active or not, sorted. */
  resourceIds: string[];
};

export type AvailabilityRows = {
  tenantZone: string;
  /** Null when the tenant has no such service (or it is deleted). */
  service: ServiceRow | null;
  resources: { id: string; name: string; timeZone: string }[];
  rules: { resourceId: string; weekday: number; startTime: string; endTime: string }[];
  overrides: { resourceId: string; date: string; ranges: { start: string; end: string }[] }[];
  blackouts: { startDate: string; endDate: string }[];
  /** Active bookings meeting the range; `stale` marks holds past their expiry (they no longer block). */
  busy: { id: string; resourceId: string; startsAtMs: number; startMs: number; endMs: number; stale: boolean }[];
  /** The resources' own appointments in their calendars (calendar sync's BusyBlock rows) meeting the range. */
  calendarBusy: { resourceId: string; startMs: number; endMs: number }[];
};

/**
 * Everything the availability engine needs to judge a service's slots, in ONE statement: the
 * service, its active resources (all of them, or the one asked for), their weekly hours and
 * date overrides, the tenant's blackouts and the busy times. Two variants share the CTEs:
 * `slotsLoad` reads the busy times of a whole range (the slot lists); `checkLoad` reads only
 * what can collide with one booking (the re-check inside the booking transaction, right after
 * the resource rows are locked — pipelined with that lock, so it sees every booking committed
 * before the lock was granted).
 *
 * Busy times are the blocked ranges of active bookings, read through the exclusion
 * constraint's gist index (same predicate), and the resources' calendar busy blocks, read
 * through BusyBlock's gist index on (resourceId, range) — one more indexed read in the same
 * statement, no round trip of its own. Instants cross this boundary as ISO text in and epoch
 * milliseconds out, so answers never depend on the process TZ.
 */
const commonCtes = `
  svc AS (
    SELECT s.id, s.name, s."durationMin", s."priceMinor", s.currency, s."bufferBeforeMin", s."bufferAfterMin",
           s."minNoticeMin", s."maxAdvanceDays", s."slotIntervalMin", s."maxPerDay", s."requiresPayment", s.active,
           coalesce((SELECT array_agg(sr."resourceId" ORDER BY sr."resourceId") FROM "ServiceResource" sr
                     WHERE sr."tenantId" = $1::uuid AND sr."serviceId" = s.id), '{}') AS "resourceIds"
    FROM "Service" s
    WHERE s."tenantId" = $1::uuid AND s.id = $2::uuid AND s."deletedAt" IS NULL
  ), res AS (
    SELECT r.id, r.name, r."timeZone" FROM "Resource" r
    WHERE r."tenantId" = $1::uuid AND r.active
      AND r.id IN (SELECT sr."resourceId" FROM "ServiceResource" sr WHERE sr."tenantId" = $1::uuid AND sr."serviceId" = $2::uuid)
      AND ($3::uuid IS NULL OR r.id = $3::uuid)
  ), rules AS (
    SELECT "resourceId", weekday, "startTime", "endTime" FROM "AvailabilityRule"
    WHERE "tenantId" = $1::uuid AND "resourceId" IN (SELECT id FROM res)
  ), ovr AS (
    SELECT "resourceId", date::text AS date, ranges FROM "DateOverride"
    WHERE "tenantId" = $1::uuid AND "resourceId" IN (SELECT id FROM res) AND date BETWEEN $4::date AND $5::date
  ), blk AS (
    SELECT "startDate"::text AS "startDate", "endDate"::text AS "endDate" FROM "BlackoutDate"
    WHERE "tenantId" = $1::uuid AND "startDate" <= $5::date AND "endDate" >= $4::date
  )`;
const busyColumns = `id, "resourceId",
      (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAtMs",
      (extract(epoch FROM lower("blockedRange")) * 1000)::float8 AS "startMs",
      (extract(epoch FROM upper("blockedRange")) * 1000)::float8 AS "endMs"`;
const activeBookings = `FROM "Booking"
    WHERE "tenantId" = $1::uuid AND "resourceId" IN (SELECT id FROM res)
      AND status IN ('PENDING_PAYMENT', 'CONFIRMED') AND "deletedAt" IS NULL`;
const commonSelect = `
    (SELECT "timeZone" FROM "Tenant" WHERE id = $1::uuid) AS "tenantZone",
    (SELECT row_to_json(svc) FROM svc) AS service,
    (SELECT coalesce(json_agg(res ORDER BY id), '[]'::json) FROM res) AS resources,
    (SELECT coalesce(json_agg(rules), '[]'::json) FROM rules) AS rules,
    (SELECT coalesce(json_agg(ovr), '[]'::json) FROM ovr) AS overrides,
    (SELECT coalesce(json_agg(blk), '[]'::json) FROM blk) AS blackouts,
    (SELECT coalesce(json_agg(busy), '[]'::json) FROM busy) AS busy,
    (SELECT coalesce(json_agg(cal), '[]'::json) FROM cal) AS "calendarBusy"`;
/** Calendar busy blocks of the resources (no "tenantId" test, like checkLoad's busy: res is the tenant's, and the gist index serves the rest). */
const calendarBusyOf = (range: string) => `cal AS (
    SELECT "resourceId", (extract(epoch FROM "startsAt") * 1000)::float8 AS "startMs", (extract(epoch FROM "endsAt") * 1000)::float8 AS "endMs"
    FROM "BusyBlock"
    WHERE "resourceId" IN (SELECT id FROM res) AND "range" && ${range}
  )`;

/** $6–$7: the instant range; $8: now (holds past it are `stale`). */
const slotsLoad = statement(`
  WITH ${commonCtes}, busy AS (
    SELECT ${busyColumns}, (status = 'PENDING_PAYMENT' AND "holdExpiresAt" <= $8::timestamptz) AS stale
    ${activeBookings}
      AND "blockedRange" && tstzrange($6::timestamptz, $7::timestamptz, '[)')
  ), ${calendarBusyOf(`tstzrange($6::timestamptz, $7::timestamptz, '[)')`)}
  SELECT ${commonSelect}`);

/**
 * $6: the start being checked; $7–$9: its length and buffers (null: the service's); $10: now;
 * $11: a booking to ignore (the one being moved). `busy` is only what overlaps the blocked
 * range; `dayStarts` (when the service has a daily cap) the starts around that day, to count.
 * `busy` has no "tenantId" test on purpose: the resources are the tenant's (res), and without
 * it the planner reads the exclusion constraint's gist index on (resourceId, blockedRange)
 * instead of every booking of the resource through the (tenantId, resourceId, startsAt) one.
 */
const checkLoad = statement(`
  WITH ${commonCtes}, win AS (
    SELECT tstzrange($6::timestamptz - make_interval(mins => coalesce($8::int, "bufferBeforeMin")),
                     $6::timestamptz + make_interval(mins => coalesce($7::int, "durationMin") + coalesce($9::int, "bufferAfterMin")),
                     '[)') AS blocked,
           "maxPerDay" FROM svc
  ), busy AS (
    SELECT ${busyColumns}, (status = 'PENDING_PAYMENT' AND "holdExpiresAt" <= $10::timestamptz) AS stale
    FROM "Booking"
    WHERE "resourceId" IN (SELECT id FROM res)
      AND status IN ('PENDING_PAYMENT', 'CONFIRMED') AND "deletedAt" IS NULL
      AND "blockedRange" && (SELECT blocked FROM win)
      AND ($11::uuid IS NULL OR id <> $11::uuid)
  ), ${calendarBusyOf('(SELECT blocked FROM win)')}, day AS (
    SELECT "resourceId", (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAtMs"
    ${activeBookings}
      AND (SELECT "maxPerDay" FROM win) IS NOT NULL
      AND NOT (status = 'PENDING_PAYMENT' AND "holdExpiresAt" <= $10::timestamptz)
      AND "startsAt" >= $6::timestamptz - interval '2 days' AND "startsAt" < $6::timestamptz + interval '2 days'
      AND ($11::uuid IS NULL OR id <> $11::uuid)
  )
  SELECT ${commonSelect},
    (SELECT coalesce(json_agg(day), '[]'::json) FROM day) AS "dayStarts"`);

type Around = { fromDate: string; toDate: string; now: Date };

export function createAvailabilityRepo(deps: Pick<AppDeps, 'sql'>) {
  const { sql } = deps;
  return {
    /** Everything for the slots of [from, to); `fromDate`–`toDate`: the local dates that can touch it. */
    async loadRange(q: Around & { serviceId: string; resourceId?: string; from: Date; to: Date }): Promise<AvailabilityRows> {
      const [row] = await sql.query<AvailabilityRows>(
        slotsLoad(requireTenantId(), q.serviceId, q.resourceId ?? null, q.fromDate, q.toDate, q.from.toISOString(), q.to.toISOString(), q.now.toISOString()),
      );
      return row!;
    },

    /**
     * Everything to check one start, inside the booking's platform/sql transaction `runner`;
     * `length` overrides the service's duration and buffers (a moved booking keeps its own).
     */
    async loadCheck(
      runner: SqlRunner,
      q: Around & {
        serviceId: string;
        resourceId?: string;
        startsAt: Date;
        length?: { durationMin: number; bufferBeforeMin: number; bufferAfterMin: number };
        excludeBookingId?: string;
      },
    ): Promise<AvailabilityRows & { dayStarts: { resourceId: string; startsAtMs: number }[] }> {
      const [row] = await runner.query<AvailabilityRows & { dayStarts: { resourceId: string; startsAtMs: number }[] }>(
        checkLoad(
          requireTenantId(),
          q.serviceId,
          q.resourceId ?? null,
          q.fromDate,
          q.toDate,
          q.startsAt.toISOString(),
          q.length?.durationMin ?? null,
          q.length?.bufferBeforeMin ?? null,
          q.length?.bufferAfterMin ?? null,
          q.now.toISOString(),
          q.excludeBookingId ?? null,
        ),
      );
      return row!;
    },
  };
}

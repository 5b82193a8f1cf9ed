import type { AppDeps } from '../../platform/deps';
import { statement } from '../../platform/sql';
import { requireTenantId } from '../../platform/tenancy';

/**
 * The revenue view's figures in two statements, each one round trip, sent side by side (two pooled
 * connections): one over the period's bookings, one over its money. Each reads one tenant's rows
 * over a time range through an index on ("tenantId", <that time>): bookings by startsAt and by
 * createdAt, payments by paidAt, deposits by balancePaidAt (NULL: balance still due), refunds by
 * settledAt, disputes by closedAt (migration 20261204110000_insights_indexes). Local dates and
 * hours come from `AT TIME ZONE` with the business's zone, so the answer never depends on the
 * server's TZ.
 *
 * Parameters of both: $1 tenant (always requireTenantId()), $2–$3 the period as instants
 * [from, to), $4 the business's IANA zone; the bookings' also $5, now. The business's currency is
 * read in the same statement (a CTE), so it cannot disagree with the rows.
 *
 * Rows come back as compact JSON arrays (tuples) and are named in insights.service.ts.
 */

/**
 * Booked = CONFIRMED, COMPLETED, NO_SHOW (see ZInsights); `started` adds CANCELLED for the rates.
 * date_part, not extract: it answers in float8, where extract computes a numeric (slower).
 */
const bookingFigures = statement(`
  WITH tenant AS (
    SELECT currency FROM "Tenant" WHERE id = $1::uuid
  ), started AS (
    SELECT b.id, b."serviceId", b.status, b."startsAt", b."priceMinor", b."startsAt" AT TIME ZONE $4::text AS local
    FROM "Booking" b
    WHERE b."tenantId" = $1::uuid AND b."startsAt" >= $2::timestamptz AND b."startsAt" < $3::timestamptz
      AND b."deletedAt" IS NULL AND b.status IN ('CONFIRMED', 'COMPLETED', 'NO_SHOW', 'CANCELLED')
  ), booked AS (
    SELECT * FROM started WHERE status <> 'CANCELLED'
  ), made AS (
    SELECT ("createdAt" AT TIME ZONE $4::text)::date::text AS date, count(*)::int AS n
    FROM "Booking"
    WHERE "tenantId" = $1::uuid AND "createdAt" >= $2::timestamptz AND "createdAt" < $3::timestamptz
      AND "deletedAt" IS NULL AND status NOT IN ('PENDING_PAYMENT', 'EXPIRED')
    GROUP BY 1
  )
  SELECT
    (SELECT currency FROM tenant) AS currency,
    (SELECT json_build_array(
        count(*) FILTER (WHERE status = 'COMPLETED'),
        count(*) FILTER (WHERE status = 'CONFIRMED' AND "startsAt" >= $5::timestamptz),
        count(*) FILTER (WHERE status = 'CONFIRMED' AND "startsAt" < $5::timestamptz),
        count(*) FILTER (WHERE status = 'CANCELLED'),
        count(*) FILTER (WHERE status = 'NO_SHOW'))
     FROM started) AS counts,
    (SELECT coalesce(json_agg(json_build_array(dow, hour, n)), '[]'::json) FROM (
       SELECT date_part('isodow', local)::int - 1 AS dow, date_part('hour', local)::int AS hour, count(*)::int AS n
       FROM booked GROUP BY 1, 2) h) AS heat,
    (SELECT coalesce(json_agg(json_build_array(date, n)), '[]'::json) FROM (
       SELECT local::date::text AS date, count(*)::int AS n FROM booked GROUP BY 1) d) AS booked,
    (SELECT coalesce(json_agg(json_build_array(date, n)), '[]'::json) FROM made) AS made,
    (SELECT coalesce(json_agg(json_build_array(s.id, s.name, x.n)), '[]'::json) FROM (
       SELECT "serviceId", count(*)::int AS n FROM booked GROUP BY 1) x
     JOIN "Service" s ON s.id = x."serviceId" AND s."tenantId" = $1::uuid) AS services,
    (SELECT json_build_array(count(*), coalesce(sum(b."priceMinor" - p."amountMinor"), 0))
     FROM "Payment" p JOIN started b ON b.id = p."bookingId"
     WHERE p."tenantId" = $1::uuid AND p.kind = 'DEPOSIT' AND p."balancePaidAt" IS NULL
       AND p."paidAt" IS NOT NULL AND p."refundedMinor" < p."amountMinor" AND p.currency = (SELECT currency FROM tenant)
       AND b.status IN ('CONFIRMED', 'COMPLETED')) AS deposits`);

/**
 * Money by currency; the per-date and per-service money only in the business's currency. A row's
 * service is looked up by the booking's primary key, one probe per row (a join would let the
 * planner read all of a big tenant's bookings to hash them).
 */
const moneyFigures = statement(`
  WITH tenant AS (
    SELECT currency FROM "Tenant" WHERE id = $1::uuid
  ), paid AS (
    SELECT p.currency, p."amountMinor" AS amount, p."applicationFeeMinor" AS fee, p."paidAt",
           (SELECT b."serviceId" FROM "Booking" b WHERE b.id = p."bookingId" AND b."tenantId" = $1::uuid) AS "serviceId"
    FROM "Payment" p
    WHERE p."tenantId" = $1::uuid AND p."paidAt" >= $2::timestamptz AND p."paidAt" < $3::timestamptz
  ), balances AS (
    SELECT p.currency, p."balancePaidMinor" AS amount, (SELECT b."serviceId" FROM "Booking" b WHERE b.id = p."bookingId" AND b."tenantId" = $1::uuid) AS "serviceId"
    FROM "Payment" p
    WHERE p."tenantId" = $1::uuid AND p.kind = 'DEPOSIT' AND p."balancePaidAt" >= $2::timestamptz AND p."balancePaidAt" < $3::timestamptz
  ), refunds AS (
    SELECT r.currency, r."amountMinor" AS amount, r."applicationFeeRefundMinor" AS fee, (SELECT b."serviceId" FROM "Booking" b WHERE b.id = r."bookingId" AND b."tenantId" = $1::uuid) AS "serviceId"
    FROM "Refund" r
    WHERE r."tenantId" = $1::uuid AND r."settledAt" >= $2::timestamptz AND r."settledAt" < $3::timestamptz AND r.status = 'SUCCEEDED'
  ), disputes AS (
    SELECT currency, status, "amountMinor" AS amount, "fundsWithdrawnMinor" AS withdrawn
    FROM "Dispute"
    WHERE "tenantId" = $1::uuid AND "closedAt" >= $2::timestamptz AND "closedAt" < $3::timestamptz
  ), takings AS (
    SELECT "serviceId", amount FROM paid WHERE currency = (SELECT currency FROM tenant)
    UNION ALL SELECT "serviceId", amount FROM balances WHERE currency = (SELECT currency FROM tenant)
    UNION ALL SELECT "serviceId", -amount FROM refunds WHERE currency = (SELECT currency FROM tenant)
  )
  SELECT
    (SELECT currency FROM tenant) AS currency,
    (SELECT coalesce(json_agg(json_build_array(currency, n, amount, fee)), '[]'::json) FROM (
       SELECT currency, count(*) AS n, sum(amount) AS amount, sum(fee) AS fee FROM paid GROUP BY 1) x) AS paid,
    (SELECT coalesce(json_agg(json_build_array(currency, amount)), '[]'::json) FROM (
       SELECT currency, sum(amount) AS amount FROM balances GROUP BY 1) x) AS balances,
    (SELECT coalesce(json_agg(json_build_array(currency, n, amount, fee)), '[]'::json) FROM (
       SELECT currency, count(*) AS n, sum(amount) AS amount, sum(fee) AS fee FROM refunds GROUP BY 1) x) AS refunds,
    (SELECT coalesce(json_agg(json_build_array(currency, n, amount, fees)), '[]'::json) FROM (
       SELECT currency, count(*) FILTER (WHERE status = 'lost') AS n,
              coalesce(sum(amount) FILTER (WHERE status = 'lost'), 0) AS amount,
              sum(greatest(withdrawn - CASE WHEN status = 'lost' THEN amount ELSE 0 END, 0)) AS fees
       FROM disputes GROUP BY 1) x) AS disputes,
    (SELECT coalesce(json_agg(json_build_array(date, amount)), '[]'::json) FROM (
       SELECT ("paidAt" AT TIME ZONE $4::text)::date::text AS date, sum(amount) AS amount
       FROM paid WHERE currency = (SELECT currency FROM tenant) GROUP BY 1) x) AS gross,
    (SELECT coalesce(json_agg(json_build_array(s.id, s.name, x.amount)), '[]'::json) FROM (
       SELECT "serviceId", sum(amount) AS amount FROM takings GROUP BY 1) x
     JOIN "Service" s ON s.id = x."serviceId" AND s."tenantId" = $1::uuid) AS services`);

export type BookingFigureRows = {
  currency: string;
  /** attended, upcoming, unmarked, cancelled, noShow */
  counts: [number, number, number, number, number];
  /** [weekday 0 = Monday, local hour, bookings] */
  heat: [number, number, number][];
  /** [local date, booked bookings starting] */
  booked: [string, number][];
  /** [local date, bookings made] */
  made: [string, number][];
  /** [serviceId, name, booked bookings starting] */
  services: [string, string, number][];
  /** [deposits outstanding, balances due] */
  deposits: [number, number];
};

export type MoneyFigureRows = {
  currency: string;
  /** [currency, payments, gross, platform fees] */
  paid: [string, number, number, number][];
  /** [currency, balances paid at the venue] */
  balances: [string, number][];
  /** [currency, refunds, refunded, fee refunded] */
  refunds: [string, number, number, number][];
  /** [currency, disputes lost, lost amount, dispute fees] */
  disputes: [string, number, number, number][];
  /** [local date, gross in the business's currency] */
  gross: [string, number][];
  /** [serviceId, name, gross + balances − refunds in the business's currency] */
  services: [string, string, number][];
};

export function createInsightsRepo(deps: Pick<AppDeps, 'sql'>) {
  const { sql } = deps;
  return {
    /** Both statements, side by side, for the current tenant over [from, to). */
    async figures(q: { from: Date; to: Date; timeZone: string; now: Date }): Promise<{ bookings: BookingFigureRows; money: MoneyFigureRows }> {
      const period = [requireTenantId(), q.from.toISOString(), q.to.toISOString(), q.timeZone];
      const [[bookings], [money]] = await Promise.all([
        sql.query<BookingFigureRows>(bookingFigures(...period, q.now.toISOString())),
        sql.query<MoneyFigureRows>(moneyFigures(...period)),
      ]);
      return { bookings: bookings!, money: money! };
    },
  };
}

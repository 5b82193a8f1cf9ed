import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { startApi } from './api';
import { onCleanup, throwIfInterrupted } from './cleanup';
import { createHttp, percentile, runSequential, type HttpCall } from './load';
import { benchIdSql, DAY_MS } from './plan';

/**
 * The revenue view (GET /v1/insights, issue #15) for one big business: 100,000 bookings over a
 * year, 24 rooms × 12 hours a day in Europe/Berlin (so a month holds about 8,600 of them), with a
 * realistic mix of statuses and money — a third paid online (some as deposits whose balance was
 * paid at the venue), the cancelled paid ones refunded, a few lost disputes. Seeded with
 * set-based SQL on the bench database (every constraint and trigger on), then an owner's session
 * asks for last calendar month, one request at a time: p50/p95 of the HTTP call.
 */

/** Far beyond the plan's tenants, so its ids never meet theirs. */
const TENANT = 900_001;
const BOOKINGS = 100_000;
const ROOMS = 24;
const HOURS = 12; // 08:00…19:00 local
const ZONE = 'Europe/Berlin';
const WARMUP = 10;
const SAMPLES = 50;
/** The first seeded day, relative to today (UTC): about 200 days in the past, 147 ahead. */
const FIRST_DAY = -200;

/** Booking k's id: `be000009-0000-4000-8000-<k as 12 hex digits>`, so payments can find it from k. */
const bookingIdSql = (k: string) => `('be000009-0000-4000-8000-' || lpad(to_hex(${k}), 12, '0'))::uuid`;

export type InsightsBench = { monthP50Ms: number; monthP95Ms: number; month: { from: string; to: string }; seedSeconds: number; bookingsInMonth: number };

export async function measureInsights(opts: { databaseUrl: string; log: (m: string) => void }): Promise<InsightsBench> {
  const { log } = opts;
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  const closeDb = onCleanup('insights bench client', () => db.end());
  let token: string;
  const started = performance.now();
  try {
    token = await seedBusiness(db, log);
  } finally {
    await db.end();
    closeDb();
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`insights: ${BOOKINGS} bookings for one business seeded in ${seedSeconds.toFixed(1)} s`);
  throwIfInterrupted();

  const api = await startApi({ databaseUrl: opts.databaseUrl });
  try {
    const http = createHttp(api.baseUrl, 1);
    try {
      const month = lastMonth();
      const call: HttpCall = {
        method: 'GET',
        path: `/v1/insights?from=${month.from}&to=${month.to}`,
        headers: { cookie: `slotwise_session=${token}` },
      };
      const first = await http.send(call);
      if (first.status !== 200) throw new Error(`insights answered ${first.status}: ${first.body.slice(0, 300)}`);
      const body = JSON.parse(first.body) as { bookings: { starting: number }; revenue: { grossMinor: number; netMinor: number } };
      log(
        `insights: ${month.from}…${month.to}: ${body.bookings.starting} bookings starting, gross ${body.revenue.grossMinor}, net ${body.revenue.netMinor}; ` +
          `${WARMUP} warm-up + ${SAMPLES} measured requests`,
      );
      await runSequential(
        http,
        Array.from({ length: WARMUP }, () => call),
        200,
      );
      const latencies = await runSequential(
        http,
        Array.from({ length: SAMPLES }, () => call),
        200,
      );
      return { monthP50Ms: percentile(latencies, 50), monthP95Ms: percentile(latencies, 95), month, seedSeconds, bookingsInMonth: body.bookings.starting };
    } finally {
      http.close();
    }
  } finally {
    await api.stop();
  }
}

/** The calendar month before this one (the business's zone is within a day of UTC; the month is whole either way). */
function lastMonth(now = new Date()): { from: string; to: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(first), to: iso(last) };
}

/** The business, its rooms, services and customer, the bookings and their money, and an owner's session; returns the session token. */
async function seedBusiness(db: pg.Client, log: (m: string) => void): Promise<string> {
  const tenant = benchIdSql('tenant', String(TENANT));
  const firstDay = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + FIRST_DAY * DAY_MS).toISOString().slice(0, 10);
  const token = randomBytes(32).toString('base64url');
  await db.query('BEGIN');
  try {
    await db.query(
      `INSERT INTO "Tenant" (id, name, slug, "timeZone", currency, "updatedAt") VALUES (${tenant}, 'Bench insights business', 'bench-insights', $1, 'EUR', now())`,
      [ZONE],
    );
    await db.query(
      `INSERT INTO "Resource" (id, "tenantId", name, "timeZone", "updatedAt")
       SELECT ('be00000a-0000-4000-8000-' || lpad(to_hex(r), 12, '0'))::uuid, ${tenant}, 'Room ' || r, $1, now() FROM generate_series(0, ${ROOMS - 1}) AS r`,
      [ZONE],
    );
    await db.query(
      `INSERT INTO "Service" (id, "tenantId", name, "durationMin", "priceMinor", currency, "minNoticeMin", "maxAdvanceDays", "slotIntervalMin", "updatedAt")
       SELECT ('be00000b-0000-4000-8000-' || lpad(to_hex(s), 12, '0'))::uuid, ${tenant}, (ARRAY['Cut', 'Colour', 'Consultation'])[s + 1],
              60, (ARRAY[5000, 7000, 3000])[s + 1], 'EUR', 0, 365, 60, now()
       FROM generate_series(0, 2) AS s`,
    );
    await db.query(
      `INSERT INTO "Customer" (id, "tenantId", email, name, "timeZone", "updatedAt")
       VALUES (${benchIdSql('customer', String(TENANT))}, ${tenant}, 'regular@bench.example', 'A regular', $1, now())`,
      [ZONE],
    );
    // Booking k: day k / 288, room k % 24, hour 8 + (k % 288) / 24, local time in Berlin. Status by
    // k % 100: past ones mostly COMPLETED, future ones CONFIRMED; some cancelled, no-shows, lapsed holds.
    await db.query(
      `INSERT INTO "Booking" (id, "tenantId", "serviceId", "resourceId", "customerId", "startsAt", "endsAt", "timeZone",
                              status, "priceMinor", currency, source, "cancelledAt", "createdAt", "updatedAt")
       SELECT ${bookingIdSql('k')}, ${tenant}, ('be00000b-0000-4000-8000-' || lpad(to_hex(k % 3), 12, '0'))::uuid,
              ('be00000a-0000-4000-8000-' || lpad(to_hex(k % ${ROOMS}), 12, '0'))::uuid, ${benchIdSql('customer', String(TENANT))},
              s.at, s.at + interval '1 hour', $2, s.status::"BookingStatus", (ARRAY[5000, 7000, 3000])[k % 3 + 1], 'EUR', 'PUBLIC',
              CASE WHEN s.status = 'CANCELLED' THEN s.made + interval '1 day' END, s.made, s.made
       FROM generate_series(0, ${BOOKINGS - 1}) AS k
       CROSS JOIN LATERAL (
         SELECT (($1::date + k / ${ROOMS * HOURS}) + make_interval(hours => 8 + (k % ${ROOMS * HOURS}) / ${ROOMS})) AT TIME ZONE $2 AS at
       ) AS t
       CROSS JOIN LATERAL (
         SELECT t.at,
                t.at - make_interval(days => 2 + k % 30) AS made,
                CASE WHEN k % 100 < 6 THEN 'CANCELLED' WHEN k % 100 < 9 THEN 'EXPIRED'
                     WHEN t.at >= now() THEN 'CONFIRMED' WHEN k % 100 < 13 THEN 'NO_SHOW' ELSE 'COMPLETED' END AS status
       ) AS s`,
      [firstDay, ZONE],
    );
    log(`insights: bookings from ${firstDay} inserted`);
    // A third paid online (k % 10 < 3, not the lapsed holds): k % 10 = 2 as a 20.00 deposit, the
    // rest in full; 5 % platform fee; paid 5 minutes after the booking was made.
    await db.query(
      `INSERT INTO "Payment" (id, "tenantId", "bookingId", "stripeAccountId", kind, "checkoutSessionId", "checkoutUrl", "paymentIntentId",
                              status, "amountMinor", "applicationFeeMinor", currency, "expiresAt", "paidAt", "createdAt", "updatedAt",
                              "balancePaidMinor", "balanceMethod", "balancePaidAt")
       SELECT gen_random_uuid(), ${tenant}, b.id, 'acct_bench_insights', p.kind::"PaymentKind", 'cs_bench_insights_' || k, 'https://checkout.stripe.com/c/pay/cs_bench_insights_' || k,
              'pi_bench_insights_' || k, 'SUCCEEDED', p.amount, p.amount / 20, 'EUR', b."createdAt" + interval '35 minutes',
              b."createdAt" + interval '5 minutes', b."createdAt", b."createdAt",
              p.balance, CASE WHEN p.balance IS NOT NULL THEN 'CASH'::"BalanceMethod" END, CASE WHEN p.balance IS NOT NULL THEN b."endsAt" END
       FROM generate_series(0, ${BOOKINGS - 1}) AS k
       JOIN "Booking" b ON b.id = ${bookingIdSql('k')}
       CROSS JOIN LATERAL (
         SELECT CASE WHEN k % 10 = 2 THEN 'DEPOSIT' ELSE 'FULL' END AS kind,
                CASE WHEN k % 10 = 2 THEN 2000 ELSE b."priceMinor" END AS amount,
                CASE WHEN k % 10 = 2 AND b.status = 'COMPLETED' THEN b."priceMinor" - 2000 END AS balance
       ) AS p
       WHERE k % 10 < 3 AND b.status <> 'EXPIRED'`,
    );
    // Cancelled paid bookings were refunded in full, fee included, the day they were cancelled.
    await db.query(
      `WITH refunded AS (
         UPDATE "Payment" p SET status = 'REFUNDED', "refundedMinor" = p."amountMinor", "feeRefundedMinor" = p."applicationFeeMinor",
                                "refundedAt" = b."cancelledAt"
         FROM "Booking" b
         WHERE p."tenantId" = ${tenant} AND b."tenantId" = ${tenant} AND b.id = p."bookingId" AND b.status = 'CANCELLED'
         RETURNING p.id, p."bookingId", p."amountMinor", p."applicationFeeMinor", b."cancelledAt"
       )
       INSERT INTO "Refund" (id, "tenantId", "paymentId", "bookingId", "idempotencyKey", status, origin, "amountMinor",
                             "applicationFeeRefundMinor", currency, reason, "createdAt", "updatedAt", "settledAt")
       SELECT gen_random_uuid(), ${tenant}, id, "bookingId", 'bench-insights-' || id, 'SUCCEEDED', 'STAFF', "amountMinor",
              "applicationFeeMinor", 'EUR', 'Cancelled', "cancelledAt", "cancelledAt", "cancelledAt" + interval '10 minutes'
       FROM refunded`,
    );
    // One paid booking in 500 was disputed and lost 10 days after it, with a 15.00 fee.
    await db.query(
      `INSERT INTO "Dispute" (id, "tenantId", "paymentId", "bookingId", "stripeDisputeId", status, reason, "amountMinor", currency,
                              "fundsWithdrawnMinor", "closedAt", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), ${tenant}, p.id, p."bookingId", 'dp_bench_insights_' || p.id, 'lost', 'fraudulent', p."amountMinor", 'EUR',
              p."amountMinor" + 1500, b."startsAt" + interval '10 days', b."startsAt", b."startsAt"
       FROM "Payment" p JOIN "Booking" b ON b.id = p."bookingId"
       WHERE p."tenantId" = ${tenant} AND p.status = 'SUCCEEDED' AND ('x' || substr(md5(p.id::text), 1, 8))::bit(32)::int % 500 = 0`,
    );
    // Its owner, signed in.
    await db.query(
      `WITH u AS (
         INSERT INTO "User" (id, email, name, "passwordHash", "emailVerifiedAt", "updatedAt")
         VALUES (gen_random_uuid(), 'owner@bench-insights.example', 'Bench owner', 'not-a-hash', now(), now()) RETURNING id
       ), m AS (
         INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") SELECT gen_random_uuid(), ${tenant}, id, 'OWNER', now() FROM u
       )
       INSERT INTO "Session" ("tokenHash", "userId", "tenantId", "expiresAt") SELECT $1, id, ${tenant}, now() + interval '1 day' FROM u`,
      [createHash('sha256').update(token).digest('hex')],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
  await db.query('VACUUM ANALYZE "Booking", "Payment", "Refund", "Dispute"');
  const { rows } = await db.query<{ bookings: string; payments: string; refunds: string; disputes: string }>(
    `SELECT (SELECT count(*) FROM "Booking" WHERE "tenantId" = ${tenant}) AS bookings,
            (SELECT count(*) FROM "Payment" WHERE "tenantId" = ${tenant}) AS payments,
            (SELECT count(*) FROM "Refund" WHERE "tenantId" = ${tenant}) AS refunds,
            (SELECT count(*) FROM "Dispute" WHERE "tenantId" = ${tenant}) AS disputes`,
  );
  const r = rows[0]!;
  if (Number(r.bookings) !== BOOKINGS) throw new Error(`insights: seeded ${r.bookings} bookings, expected ${BOOKINGS}`);
  log(`insights: ${r.payments} payments, ${r.refunds} refunds, ${r.disputes} lost disputes`);
  return token;
}

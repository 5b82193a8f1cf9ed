import pg from 'pg';
import { migrate } from '../apps/api/src/platform/migrate';
import { benchIdSql, customerEmail, DAY_MS, SEEDED_HOURS, seededDays, tenantSlug, type Plan } from './plan';

/**
 * Seeds the bench database with set-based SQL (INSERT … SELECT generate_series): tenants with
 * one resource, one service, weekly hours and one customer each, then the bookings in chunks
 * of tenants over two connections (one per core). Every constraint, index and trigger of the
 * real schema stays on: the trigger computes blockedRange, the exclusion constraint checks.
 */

const CHUNK_TENANTS = 25;
const PARALLEL = 2;

export type SeedResult = { seconds: number; bookings: number; tenants: number; migrateSeconds: number };

export async function seed(databaseUrl: string, plan: Plan, log: (msg: string) => void): Promise<SeedResult> {
  const started = performance.now();
  const migrated = await migrate(databaseUrl);
  const migrateSeconds = (performance.now() - started) / 1000;
  log(`migrations applied: ${migrated.applied.length} (${migrateSeconds.toFixed(1)} s)`);

  const clients = await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  try {
    const [main] = clients as [pg.Client];
    await seedCatalog(main, plan);
    log(`catalog: ${plan.tenants} tenants, resources, services, hours, customers (${secondsSince(started)} s)`);

    const chunks: [number, number][] = [];
    for (let first = 1; first <= plan.tenants; first += CHUNK_TENANTS) chunks.push([first, Math.min(plan.tenants, first + CHUNK_TENANTS - 1)]);
    let next = 0;
    let done = 0;
    const { days, firstDay } = seededDays(plan);
    const sql = bookingsSql(plan);
    await Promise.all(
      clients.map(async (client) => {
        while (next < chunks.length) {
          const [from, to] = chunks[next++]!;
          await client.query(sql, [from, to, new Date(plan.today.getTime() + firstDay * DAY_MS)]);
          done += to - from + 1;
          if (done % 200 === 0 || done === plan.tenants) log(`bookings: ${done}/${plan.tenants} tenants (${secondsSince(started)} s)`);
        }
      }),
    );
    log(`bookings span ${days} days from day ${firstDay}; VACUUM ANALYZE (${secondsSince(started)} s)`);
    // Statistics for the planner, and a vacuumed table so autovacuum doesn't start mid-measurement.
    await main.query('VACUUM ANALYZE');

    const { rows } = await main.query<{ total: string; unblocked: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE "blockedRange" IS NULL) AS unblocked FROM "Booking"`,
    );
    const total = Number(rows[0]!.total);
    if (Number(rows[0]!.unblocked) > 0) throw new Error(`the blockedRange trigger did not run for ${rows[0]!.unblocked} bookings`);
    const expected = plan.tenants * plan.bookingsPerTenant;
    if (total !== expected) throw new Error(`seeded ${total} bookings, expected ${expected}`);
    return { seconds: (performance.now() - started) / 1000, bookings: total, tenants: plan.tenants, migrateSeconds };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

const secondsSince = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

async function seedCatalog(client: pg.Client, plan: Plan): Promise<void> {
  const n = 'g.n';
  const series = `FROM generate_series(1, ${plan.tenants}) AS g(n)`;
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO "Tenant" (id, name, slug, "timeZone", currency, "updatedAt")
       SELECT ${benchIdSql('tenant', n)}, 'Bench business ' || g.n, 'bench-' || lpad(g.n::text, 5, '0'), 'UTC', 'EUR', now() ${series}`,
    );
    await client.query(
      `INSERT INTO "Resource" (id, "tenantId", name, "timeZone", "updatedAt")
       SELECT ${benchIdSql('resource', n)}, ${benchIdSql('tenant', n)}, 'Room 1', 'UTC', now() ${series}`,
    );
    await client.query(
      `INSERT INTO "Service" (id, "tenantId", name, "durationMin", "priceMinor", currency, "minNoticeMin", "maxAdvanceDays", "slotIntervalMin", "updatedAt")
       SELECT ${benchIdSql('service', n)}, ${benchIdSql('tenant', n)}, 'Consultation', 60, 0, 'EUR', 0, 730, 60, now() ${series}`,
    );
    await client.query(
      `INSERT INTO "ServiceResource" ("tenantId", "serviceId", "resourceId")
       SELECT ${benchIdSql('tenant', n)}, ${benchIdSql('service', n)}, ${benchIdSql('resource', n)} ${series}`,
    );
    await client.query(
      `INSERT INTO "AvailabilityRule" (id, "tenantId", "resourceId", weekday, "startTime", "endTime")
       SELECT gen_random_uuid(), ${benchIdSql('tenant', n)}, ${benchIdSql('resource', n)}, w, '00:00', '24:00'
       ${series} CROSS JOIN generate_series(0, 6) AS w`,
    );
    await client.query(
      `INSERT INTO "Customer" (id, "tenantId", email, name, "timeZone", "updatedAt")
       SELECT ${benchIdSql('customer', n)}, ${benchIdSql('tenant', n)}, 'customer-' || g.n || '@bench.example', 'Customer ' || g.n, 'UTC', now() ${series}`,
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  // The API and the load generator derive the same names; fail here rather than with 404s later.
  const { rows } = await client.query<{ slug: string; email: string }>(
    `SELECT t.slug, c.email FROM "Tenant" t JOIN "Customer" c ON c."tenantId" = t.id WHERE t.id = ${benchIdSql('tenant', '1')}`,
  );
  if (rows[0]?.slug !== tenantSlug(1) || rows[0]?.email !== customerEmail(1)) throw new Error('seeded names do not match bench/plan.ts');
}

/** Bookings of tenants $1…$2: the k-th at SEEDED_HOURS[k % 4] on day $3 + k / 4, one hour long. */
function bookingsSql(plan: Plan): string {
  const perDay = SEEDED_HOURS.length;
  const hours = `ARRAY[${SEEDED_HOURS.join(',')}]`;
  return `
    INSERT INTO "Booking" (id, "tenantId", "serviceId", "resourceId", "customerId", "startsAt", "endsAt", "timeZone",
                           status, "priceMinor", currency, source, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), ${benchIdSql('tenant', 't')}, ${benchIdSql('service', 't')}, ${benchIdSql('resource', 't')},
           ${benchIdSql('customer', 't')}, s.at, s.at + interval '1 hour', 'UTC',
           (CASE WHEN s.at < now() THEN 'COMPLETED' ELSE 'CONFIRMED' END)::"BookingStatus", 0, 'EUR', 'PUBLIC', now(), now()
    FROM generate_series($1::int, $2::int) AS t
    CROSS JOIN generate_series(0, ${plan.bookingsPerTenant - 1}) AS k
    CROSS JOIN LATERAL (
      SELECT $3::timestamptz + (k / ${perDay}) * interval '1 day' + (${hours})[k % ${perDay} + 1] * interval '1 hour' AS at
    ) AS s
    ORDER BY t, k`;
}

import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { startGoogleEmulator } from '../apps/emulators/google/src/index';
import { startApi } from './api';
import { onCleanup, throwIfInterrupted } from './cleanup';
import { benchIdSql } from './plan';

/**
 * The Google Calendar backfill (issue #16): one business whose resource has 2,000 confirmed
 * bookings over the next 84 days (24 half-hours a day, 08:00–20:00 Berlin) connects its calendar
 * through the real OAuth flow against the Google emulator; the API's own workers run the
 * `calendar.backfill` job the connection queues. Measured from the OAuth callback's answer until
 * all 2,000 bookings read SYNCED, and the HTTP requests the emulator served for it
 * (`GET /_emulator/requests`): the batch requests plus any event call sent alone. The watch
 * channel and first sync of the busy calendar (the sync side, running at the same time) list
 * events; those reads are counted apart, not in the figure. No pacing (GOOGLE_CALLS_PER_MINUTE=0):
 * against Google the backfill keeps to 500 calls a minute, about four minutes for 2,000.
 * BENCH_CALENDAR_LOG=info shows the API's log tail and the progress every half second.
 */

const TENANT = 900_002;
const BOOKINGS = 2000;
const PER_DAY = 24;
const ZONE = 'Europe/Berlin';
const TIMEOUT_MS = 180_000;
const EMAIL = 'stylist@bench-calendar.example';

export type CalendarBench = { requests: number; batchRequests: number; batchItems: number; otherRequests: number; seconds: number };

const tenantId = benchIdSql('tenant', String(TENANT));
const resourceId = `'be00000c-0000-4000-8000-000000000001'::uuid`;

/** The business, its resource and service, 2,000 upcoming bookings and an owner's session; returns the session token. */
async function seedBusiness(db: pg.Client): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const firstDay = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await db.query('BEGIN');
  try {
    await db.query(
      `INSERT INTO "Tenant" (id, name, slug, "timeZone", currency, "updatedAt") VALUES (${tenantId}, 'Bench calendar business', 'bench-calendar', $1, 'EUR', now())`,
      [ZONE],
    );
    await db.query(`INSERT INTO "Resource" (id, "tenantId", name, "timeZone", "updatedAt") VALUES (${resourceId}, ${tenantId}, 'Stylist', $1, now())`, [ZONE]);
    await db.query(
      `INSERT INTO "Service" (id, "tenantId", name, "durationMin", "priceMinor", currency, "minNoticeMin", "maxAdvanceDays", "slotIntervalMin", "updatedAt")
       VALUES ('be00000d-0000-4000-8000-000000000001'::uuid, ${tenantId}, 'Cut', 30, 3000, 'EUR', 0, 365, 30, now())`,
    );
    await db.query(
      `INSERT INTO "Customer" (id, "tenantId", email, name, "timeZone", "updatedAt")
       VALUES (${benchIdSql('customer', String(TENANT))}, ${tenantId}, 'regular@bench-calendar.example', 'A regular', $1, now())`,
      [ZONE],
    );
    await db.query(
      `INSERT INTO "Booking" (id, "tenantId", "serviceId", "resourceId", "customerId", "startsAt", "endsAt", "timeZone",
                              status, "priceMinor", currency, source, "createdAt", "updatedAt")
       SELECT ('be00000e-0000-4000-8000-' || lpad(to_hex(k), 12, '0'))::uuid, ${tenantId}, 'be00000d-0000-4000-8000-000000000001'::uuid,
              ${resourceId}, ${benchIdSql('customer', String(TENANT))}, t.at, t.at + interval '30 minutes', $2, 'CONFIRMED', 3000, 'EUR',
              'PUBLIC', now(), now()
       FROM generate_series(0, ${BOOKINGS - 1}) AS k
       CROSS JOIN LATERAL (
         SELECT (($1::date + k / ${PER_DAY}) + make_interval(hours => 8, mins => 30 * (k % ${PER_DAY}))) AT TIME ZONE $2 AS at
       ) AS t`,
      [firstDay, ZONE],
    );
    await db.query(
      `WITH u AS (
         INSERT INTO "User" (id, email, name, "passwordHash", "emailVerifiedAt", "updatedAt")
         VALUES (gen_random_uuid(), 'owner@bench-calendar.example', 'Bench owner', 'not-a-hash', now(), now()) RETURNING id
       ), m AS (
         INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") SELECT gen_random_uuid(), ${tenantId}, id, 'OWNER', now() FROM u
       )
       INSERT INTO "Session" ("tokenHash", "userId", "tenantId", "expiresAt") SELECT $1, id, ${tenantId}, now() + interval '1 day' FROM u`,
      [createHash('sha256').update(token).digest('hex')],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
  return token;
}

async function synced(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "BookingCalendarEvent" WHERE "tenantId" = ${tenantId} AND state = 'SYNCED'`);
  return Number(rows[0]!.n);
}

export async function measureCalendarBackfill(opts: { databaseUrl: string; log: (m: string) => void }): Promise<CalendarBench> {
  const { log } = opts;
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  const closeDb = onCleanup('calendar bench client', () => db.end());
  const emulator = await startGoogleEmulator({ port: 0 });
  const closeEmulator = onCleanup('Google emulator', () => emulator.close());
  try {
    const token = await seedBusiness(db);
    log(`calendar: ${BOOKINGS} upcoming bookings of one resource seeded`);
    throwIfInterrupted();
    const api = await startApi({
      databaseUrl: opts.databaseUrl,
      env: {
        // The API's workers run the backfill, as in production.
        JOBS_ENABLED: 'true',
        LOG_LEVEL: process.env.BENCH_CALENDAR_LOG ?? 'warn',
        GOOGLE_CLIENT_ID: 'bench.apps.googleusercontent.com',
        GOOGLE_CLIENT_SECRET: 'bench-secret',
        GOOGLE_API_URL: emulator.url,
        GOOGLE_OAUTH_URL: emulator.url,
        // Our own cost: the emulator has no quota (against Google the backfill is paced to 500 calls a minute).
        GOOGLE_CALLS_PER_MINUTE: '0',
      },
    });
    try {
      const cookie = `slotwise_session=${token}`;
      const id = 'be00000c-0000-4000-8000-000000000001';
      const started = await fetch(`${api.baseUrl}/v1/resources/${id}/calendar/connect`, { method: 'POST', headers: { cookie, origin: api.baseUrl } });
      if (started.status !== 200) throw new Error(`calendar connect answered ${started.status}: ${await started.text()}`);
      const { url } = (await started.json()) as { url: string };
      const approved = emulator.controls.approve({ url, email: EMAIL });
      emulator.controls.clearRequests();
      const callback = new URL(approved.redirectUrl);
      const back = await fetch(`${api.baseUrl}${callback.pathname}${callback.search}`, { headers: { cookie }, redirect: 'manual' });
      if (back.status !== 303 || !(back.headers.get('location') ?? '').includes('calendar=connected'))
        throw new Error(`the OAuth callback answered ${back.status} ${back.headers.get('location') ?? ''}`);
      const t0 = performance.now();
      for (;;) {
        throwIfInterrupted();
        const n = await synced(db);
        if (process.env.BENCH_CALENDAR_LOG) log(`calendar: ${n} synced at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        if (n >= BOOKINGS) break;
        if (performance.now() - t0 > TIMEOUT_MS)
          throw new Error(`calendar backfill: ${n} of ${BOOKINGS} synced after ${TIMEOUT_MS / 1000} s\n${api.logTail()}`);
        await new Promise((r) => setTimeout(r, process.env.BENCH_CALENDAR_LOG ? 500 : 100));
      }
      const seconds = (performance.now() - t0) / 1000;
      // Read over HTTP, as anyone watching the emulator would.
      const counts = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as { byPath: Record<string, number>; batchItems: number };
      const isPush = (key: string) =>
        key === 'POST /batch/calendar/v3' ||
        (/^(POST|PATCH|PUT|DELETE) \/calendar\/v3\/calendars\/[^/]+\/events(\/[^/]+)?$/.test(key) && !key.endsWith('/watch'));
      const entries = Object.entries(counts.byPath);
      const requests = entries.filter(([k]) => isPush(k)).reduce((a, [, v]) => a + v, 0);
      const otherRequests = entries.filter(([k]) => !isPush(k)).reduce((a, [, v]) => a + v, 0);
      const batchRequests = counts.byPath['POST /batch/calendar/v3'] ?? 0;
      log(
        `calendar: ${BOOKINGS} bookings in Google after ${seconds.toFixed(2)} s, ${requests} requests (${batchRequests} batches of ${counts.batchItems} calls); ` +
          `other requests (token, calendar list, watch, sync reads): ${otherRequests}`,
      );
      log(`calendar: requests by path: ${JSON.stringify(counts.byPath)}`);
      if (process.env.BENCH_CALENDAR_LOG) log(api.logTail());
      return { requests, batchRequests, batchItems: counts.batchItems, otherRequests, seconds };
    } finally {
      await api.stop();
    }
  } finally {
    await emulator.close();
    closeEmulator();
    await db.end();
    closeDb();
  }
}

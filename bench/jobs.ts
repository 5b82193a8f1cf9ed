import pg from 'pg';
import { startSmtpCapture } from '../apps/emulators/smtp/src/index';
import { ZBookingEvent, type BookingEvent } from '../apps/api/src/modules/notifications/notifications.queues';
import { createJobs, defineJob } from '../apps/api/src/platform/jobs';
import { createLogger } from '../apps/api/src/platform/logger';
import { startApi } from './api';
import { onCleanup, throwIfInterrupted } from './cleanup';
import { cpuAccount, type CpuSplit } from './cpu';
import { benchIdSql, type Plan } from './plan';

/**
 * The job drain: `events` booking.event jobs ("confirmed") queued while no worker runs, for
 * seeded future bookings spread over the tenants (each tenant gets an owner, who is told of
 * every booking), then the real API started with workers on and SMTP pointed at the capture
 * emulator. Measured: from the first job taken to the last one finished (pg-boss's own
 * timestamps), until every confirmation and owner's notice has reached the SMTP server and
 * nothing is left to run (the reminders wait for their day, as they should).
 */

export type DrainResult = {
  events: number;
  emails: number;
  /** First job started to last job completed, both queues. */
  seconds: number;
  eventsPerSecond: number;
  emailsPerSecond: number;
  /** Every job completed (the events and the emails they queued) per second. */
  jobsPerSecond: number;
  cpu: CpuSplit;
};

const QUEUES = ['booking.event', 'email.send'];

export async function measureJobsDrain(opts: {
  databaseUrl: string;
  plan: Plan;
  events: number;
  postmasterPid: () => number | null;
  log: (msg: string) => void;
  /** Called once the burst is queued, before the workers start (BENCH_PG_STATEMENTS resets its counts). */
  beforeDrain?: () => Promise<void>;
}): Promise<DrainResult> {
  const { databaseUrl, events, log } = opts;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const bookings = await pickBookings(db, opts.plan, events);
    await seedOwners(db, opts.plan);
    await queueEvents(databaseUrl, bookings, log);
    throwIfInterrupted();

    // Counted, not parsed: parsing 20,000 messages in this process would compete with the API.
    const smtp = await startSmtpCapture({ parse: false });
    onCleanup('SMTP capture', () => smtp.stop());
    const expected = events * 2; // the customer's confirmation and the owner's notice
    await opts.beforeDrain?.();
    log(`jobs: ${events} booking events queued; starting the API with workers, mail to ${smtp.url}`);
    const api = await startApi({ databaseUrl, env: { JOBS_ENABLED: 'true', SMTP_URL: smtp.url } });
    try {
      const cpu = cpuAccount({ serverPid: api.serverPid, postmasterPid: opts.postmasterPid() });
      const deadline = Date.now() + 15 * 60_000;
      let last = -1;
      let lastLog = 0;
      while (true) {
        throwIfInterrupted();
        // The count is free; the queue is only asked once the mail is all there (asking every
        // 100 ms would cost the database more than some of the work being measured).
        const pending = smtp.received() >= expected ? await pendingJobs(db) : null;
        if (pending === 0) break;
        if (Date.now() > deadline) throw new Error(`the queues did not drain within 15 minutes: ${smtp.received()}/${expected} emails\n${api.logTail()}`);
        if (Date.now() - lastLog > 5_000 && smtp.received() !== last) {
          log(`jobs: ${smtp.received()}/${expected} emails received`);
          last = smtp.received();
          lastLog = Date.now();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      const split = cpu.stop();
      const { rows } = await db.query<{ seconds: number; completed: number; retried: number }>(
        `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float AS seconds, count(*)::int AS completed,
                count(*) FILTER (WHERE retry_count > 0)::int AS retried
         FROM pgboss.job WHERE name = ANY($1) AND state = 'completed'`,
        [QUEUES],
      );
      const { seconds, completed, retried } = rows[0]!;
      log(`jobs: ${completed} jobs completed (${retried} after a retry), ${smtp.received()} emails in ${seconds.toFixed(2)} s`);
      return {
        events,
        emails: smtp.received(),
        seconds,
        eventsPerSecond: events / seconds,
        emailsPerSecond: smtp.received() / seconds,
        jobsPerSecond: completed / seconds,
        cpu: split,
      };
    } finally {
      await api.stop();
      await smtp.stop();
    }
  } finally {
    await db.end();
  }
}

/** Future CONFIRMED bookings, round-robin over the tenants so no tenant is the whole burst. */
async function pickBookings(db: pg.Client, plan: Plan, n: number): Promise<{ id: string; tenantId: string }[]> {
  const { rows } = await db.query<{ id: string; tenantId: string }>(
    `SELECT id::text, "tenantId"::text FROM (
       SELECT id, "tenantId", row_number() OVER (PARTITION BY "tenantId" ORDER BY "startsAt") AS k
       FROM "Booking" WHERE status = 'CONFIRMED' AND "startsAt" > now() + interval '2 days'
     ) b ORDER BY k, "tenantId" LIMIT $1`,
    [n],
  );
  if (rows.length < n) throw new Error(`only ${rows.length} future bookings to announce, need ${n}: raise BENCH_BOOKINGS (tenants: ${plan.tenants})`);
  return rows;
}

/** One owner per tenant (idempotent): the staff notice of each booking goes to them. */
async function seedOwners(db: pg.Client, plan: Plan): Promise<void> {
  const series = `FROM generate_series(1, ${plan.tenants}) AS g(n)`;
  await db.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt")
     SELECT ('be000005-0000-4000-8000-' || lpad(to_hex(g.n), 12, '0'))::uuid, 'owner-' || g.n || '@bench.example', 'Owner ' || g.n, 'not-a-hash', now() ${series}
     ON CONFLICT DO NOTHING`,
  );
  await db.query(
    `INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt")
     SELECT gen_random_uuid(), ${benchIdSql('tenant', 'g.n')}, ('be000005-0000-4000-8000-' || lpad(to_hex(g.n), 12, '0'))::uuid, 'OWNER', now() ${series}
     ON CONFLICT DO NOTHING`,
  );
}

/**
 * The burst, through the product's own job wrapper (queue settings as the API makes them). Jobs
 * left over from earlier phases (the API booking load queues events too) are removed first, so
 * exactly `bookings.length` events are drained.
 */
async function queueEvents(databaseUrl: string, bookings: { id: string; tenantId: string }[], log: (msg: string) => void): Promise<void> {
  const def = defineJob<BookingEvent>({ name: 'booking.event', schema: ZBookingEvent, retryLimit: 8, retryDelaySeconds: 10, handler: async () => undefined });
  const jobs = createJobs({ databaseUrl, logger: createLogger({ LOG_LEVEL: 'warn', NODE_ENV: 'test' }), definitions: [def], workers: false });
  await jobs.start();
  try {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rowCount } = await db.query(`DELETE FROM pgboss.job WHERE name = ANY($1)`, [QUEUES]);
      if (rowCount) log(`jobs: removed ${rowCount} jobs left by earlier phases`);
    } finally {
      await db.end();
    }
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < bookings.length) {
          const b = bookings[next++]!;
          await jobs.send(def, { tenantId: b.tenantId, bookingId: b.id, event: 'confirmed', version: 1 });
        }
      }),
    );
    log(`jobs: queued ${bookings.length} booking events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await jobs.stop();
  }
}

/** Jobs that could run now or are running: ready (created or retry, due) and active. */
async function pendingJobs(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job
     WHERE name = ANY($1) AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
    [QUEUES],
  );
  return rows[0]!.n;
}

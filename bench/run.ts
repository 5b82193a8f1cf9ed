/**
 * `pnpm bench`: seeds a fresh embedded PostgreSQL with 1,000 tenants and 1,000,000 bookings,
 * then measures, side by side on that one database:
 *   - booking creation through the real API (8 connections) and the same transaction in raw
 *     SQL through pgbench (8 clients), and their ratio;
 *   - the public slots endpoint for a month, sequentially (p50/p95);
 *   - the API process's peak RSS;
 *   - the job drain: 10,000 queued booking events worked off by the API's job workers, end to
 *     end to the SMTP capture emulator (a confirmation and an owner's notice each);
 *   - paid public bookings through the API with their Stripe Checkout Sessions (emulator), and
 *     signed checkout.session.completed deliveries processed end to end at 8 concurrent senders
 *     (bench/payments.ts; runs last, it makes the first tenants' services paid);
 *   - the revenue view (GET /v1/insights) of last month for one business with 100,000 bookings
 *     and their payments, refunds and disputes (bench/insights.ts), one request at a time;
 *   - the Google Calendar backfill of one resource with 2,000 upcoming bookings, connected through
 *     the Google emulator: HTTP requests and seconds until all are in Google (bench/calendar.ts);
 *   - the initial JS of the built dashboard and public booking page (when apps/web/dist exists).
 * Prints a table, then one `name=value` line per figure. Exits 0 when a target is missed (it is
 * a measurement) but marks it MISSED; exits 1 only when the bench itself could not run.
 *
 * `pnpm bench jobs` runs the job drain alone, on a smaller seed (40,000 bookings, 100 tenants);
 * `pnpm bench payments` the paid bookings and Stripe webhooks alone, on that seed;
 * `pnpm bench insights` the revenue view alone, on that seed;
 * `pnpm bench booking` booking creation (API and raw) and the month of slots alone, on the full seed;
 * `pnpm bench calendar` the Google Calendar backfill alone, on the smaller seed.
 *
 * Knobs (for quick local runs): BENCH_BOOKINGS, BENCH_TENANTS, BENCH_SECONDS, BENCH_SLOT_SAMPLES,
 * BENCH_JOB_EVENTS.
 * Diagnostics: BENCH_PG_STATEMENTS=1 (statements per booking), BENCH_API_NODE_OPTIONS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof", then bench/cpu-profile.ts), BENCH_RAW_PROTOCOL.
 */
import { startApi, REPO_ROOT, type ApiProcess } from './api';
import { measureCalendarBackfill } from './calendar';
import { measureJobsDrain } from './jobs';
import { measureInsights } from './insights';
import { measurePayments } from './payments';
import { webBundleWeights } from './bundle-size';
import { cleanupAll, interruption, onCleanup, throwIfInterrupted } from './cleanup';
import { cpuAccount, type CpuSplit } from './cpu';
import { createHttp, percentile, runClosedLoop, runSequential, type HttpCall } from './load';
import { apiBookingSlot, benchId, makePlan, publicBookingCall, slotsMonth, tenantSlug, type Plan } from './plan';
import { startBenchPostgres, type BenchPostgres } from './postgres';
import { ensurePgbench, runRawBench } from './raw';
import { seed } from './seed';
import { describeStatements, resetStatements, topStatements } from './statements';

const CONCURRENCY = 8;
const PGBENCH_THREADS = 2;
const LOAD_SECONDS = envNumber('BENCH_SECONDS', 15);
const WARMUP_SECONDS = 5;
const SLOT_WARMUP = 30;
const SLOT_SAMPLES = envNumber('BENCH_SLOT_SAMPLES', 300);
const SLOTS_ZONE = 'Europe/Berlin';
/** Diagnostic: preload pg_stat_statements and log each phase's statements per unit of work. */
const STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';

const TARGETS = {
  seedSeconds: 120,
  apiVsRaw: 0.4,
  slotsP95Ms: 25,
  jobsDrainPerSecond: 200,
  stripeWebhookLost: 0,
  insightsMonthP95Ms: 200,
  /** "2,000 upcoming bookings sync in a few dozen HTTP requests, not thousands" (issue #16): 40 batches of 50 and a few retries. */
  calendarBackfillRequests: 60,
};
const JOB_EVENTS = envNumber('BENCH_JOB_EVENTS', 10_000);
/** `pnpm bench jobs`: only the job drain. */
const JOBS_ONLY = process.argv[2] === 'jobs';
/** `pnpm bench payments`: only the paid bookings and Stripe webhooks. */
const PAYMENTS_ONLY = process.argv[2] === 'payments';
/** `pnpm bench insights`: only the revenue view. */
const INSIGHTS_ONLY = process.argv[2] === 'insights';
/** `pnpm bench booking`: only booking creation (API and raw) and the slots (a hot-path change measured before and after). */
const BOOKING_ONLY = process.argv[2] === 'booking';
/** `pnpm bench calendar`: only the Google Calendar backfill. */
const CALENDAR_ONLY = process.argv[2] === 'calendar';
if (process.argv[2] !== undefined && !JOBS_ONLY && !PAYMENTS_ONLY && !INSIGHTS_ONLY && !BOOKING_ONLY && !CALENDAR_ONLY) {
  throw new Error(
    `unknown bench '${process.argv[2]}': run \`pnpm bench\`, \`pnpm bench jobs\`, \`pnpm bench payments\`, \`pnpm bench insights\`, \`pnpm bench booking\` or \`pnpm bench calendar\``,
  );
}
const SMALL_SEED = JOBS_ONLY || PAYMENTS_ONLY || INSIGHTS_ONLY || CALENDAR_ONLY;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

type Row = { name: string; value: number | null; digits: number; target?: string; ok?: boolean };

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (!SMALL_SEED) ensurePgbench(log);

  log('starting embedded PostgreSQL in a temp dir');
  const db = await startBenchPostgres({ statements: STATEMENTS });
  onCleanup('PostgreSQL', () => db.stop());
  log(`PostgreSQL on port ${db.port}`);

  const plan = makePlan(envNumber('BENCH_BOOKINGS', SMALL_SEED ? 40_000 : 1_000_000), envNumber('BENCH_TENANTS', SMALL_SEED ? 100 : 1_000));
  const seeded = await seed(db.url, plan, (m) => log(`seed: ${m}`));
  throwIfInterrupted();
  log(`seeded ${seeded.bookings} bookings for ${seeded.tenants} tenants in ${seeded.seconds.toFixed(1)} s`);
  rows.push({ name: 'seed_seconds', value: seeded.seconds, digits: 1, target: `< ${TARGETS.seedSeconds}`, ok: seeded.seconds < TARGETS.seedSeconds });
  rows.push({ name: 'seed_bookings', value: seeded.bookings, digits: 0 });

  if (PAYMENTS_ONLY) {
    const final = await measurePaid(db, plan);
    await cleanupAll(log);
    report([...rows, ...final], final);
    return;
  }
  if (INSIGHTS_ONLY) {
    const final = await measureRevenueView(db);
    await cleanupAll(log);
    report([...rows, ...final], final);
    return;
  }
  if (CALENDAR_ONLY) {
    const final = await measureCalendar(db);
    await cleanupAll(log);
    report([...rows, ...final], final);
    return;
  }
  if (JOBS_ONLY) {
    const final = await measureJobs(db, plan);
    await cleanupAll(log);
    report([...rows, ...final], final);
    return;
  }

  log('starting the API (pnpm exec tsx apps/api/src/server.ts)');
  const api = await startApi({ databaseUrl: db.url });
  log(`API on ${api.baseUrl}, server pid ${api.serverPid}`);
  let apiTps: number;
  let slotLatencies: number[];
  try {
    apiTps = await measureApiBookings(api, db, plan, rows);
    slotLatencies = await measureSlots(api, db, plan, rows);
  } finally {
    rows.push({ name: 'api_rss_hwm_mb', value: api.rssHighWaterMb(), digits: 1 });
    await api.stop();
  }
  const peakRss = api.peakRssMb();
  log('API stopped');
  throwIfInterrupted();

  log(`pgbench: ${CONCURRENCY} clients, ${PGBENCH_THREADS} threads, ${LOAD_SECONDS} s`);
  if (STATEMENTS) await resetStatements(db.url);
  const rawCpu = cpuAccount({ postmasterPid: db.postmasterPid() });
  const raw = await runRawBench(db, plan, { clients: CONCURRENCY, threads: PGBENCH_THREADS, seconds: LOAD_SECONDS });
  const rawSplit = rawCpu.stop();
  if (STATEMENTS) logStatements(await topStatements(db.url), raw.transactions, 'txn');
  log(`pgbench: ${raw.transactions} transactions, ${raw.failed} failed, ${raw.tps.toFixed(1)} tps (${raw.mode} protocol); ${describeCpu(rawSplit)}`);
  rows.push({ name: 'booking_raw_failed', value: raw.failed, digits: 0, target: '0', ok: raw.failed === 0 });
  rows.push({ name: 'booking_raw_latency_avg_ms', value: raw.latencyMs, digits: 2 });
  rows.push(...cpuRows('booking_raw', rawSplit, raw.transactions));

  const p50 = percentile(slotLatencies, 50);
  const p95 = percentile(slotLatencies, 95);
  const ratio = apiTps / raw.tps;
  const final: Row[] = [
    { name: 'booking_api_tps', value: apiTps, digits: 1 },
    { name: 'booking_raw_tps', value: raw.tps, digits: 1 },
    { name: 'booking_api_vs_raw', value: ratio, digits: 2, target: `>= ${TARGETS.apiVsRaw.toFixed(2)}`, ok: ratio >= TARGETS.apiVsRaw },
    { name: 'slots_month_p95_ms', value: p95, digits: 1, target: `< ${TARGETS.slotsP95Ms}`, ok: p95 < TARGETS.slotsP95Ms },
    { name: 'slots_month_p50_ms', value: p50, digits: 1 },
    { name: 'api_peak_rss_mb', value: peakRss, digits: 1 },
  ];
  if (BOOKING_ONLY) {
    await cleanupAll(log);
    report([...rows, ...final], final);
    return;
  }
  final.push(...(await measureJobs(db, plan)));
  final.push(...(await measureRevenueView(db)));
  final.push(...(await measureCalendar(db)));
  final.push(...(await measurePaid(db, plan)));
  const bundles = webBundleWeights(REPO_ROOT);
  if (bundles.dashboard) final.push({ name: 'dashboard_initial_js_gzip_kb', value: bundles.dashboard.gzipKb, digits: 1 });
  if (bundles.publicPage) final.push({ name: 'public_initial_js_gzip_kb', value: bundles.publicPage.gzipKb, digits: 1 });
  for (const page of [bundles.dashboard, bundles.publicPage]) {
    if (page) log(`${page.page} loads ${page.files.map((f) => `${f.file} (${(f.gzipBytes / 1024).toFixed(1)} KiB gz)`).join(', ')}`);
  }
  if (!bundles.dashboard && !bundles.publicPage) log('apps/web/dist not built: no bundle figures (pnpm build)');

  await cleanupAll(log);
  report([...rows, ...final], final);
}

/**
 * The job drain (bench/jobs.ts). jobs_drain_per_s counts booking events end to end: an event is
 * drained once its confirmation and owner's notice have reached the SMTP server (three jobs
 * each); jobs_drain_jobs_per_s counts every job completed.
 */
async function measureJobs(db: BenchPostgres, plan: Plan): Promise<Row[]> {
  log(`jobs: draining ${JOB_EVENTS} booking events`);
  const drain = await measureJobsDrain({
    databaseUrl: db.url,
    plan,
    events: JOB_EVENTS,
    postmasterPid: () => db.postmasterPid(),
    log,
    beforeDrain: STATEMENTS ? () => resetStatements(db.url) : undefined,
  });
  log(`jobs: ${describeCpu(drain.cpu)}`);
  if (STATEMENTS) logStatements(await topStatements(db.url), drain.events, 'event');
  return [
    {
      name: 'jobs_drain_per_s',
      value: drain.eventsPerSecond,
      digits: 1,
      target: `>= ${TARGETS.jobsDrainPerSecond}`,
      ok: drain.eventsPerSecond >= TARGETS.jobsDrainPerSecond,
    },
    { name: 'jobs_drain_seconds', value: drain.seconds, digits: 2 },
    { name: 'jobs_drain_emails_per_s', value: drain.emailsPerSecond, digits: 1 },
    { name: 'jobs_drain_jobs_per_s', value: drain.jobsPerSecond, digits: 1 },
    ...cpuRows('jobs_drain', drain.cpu, drain.events),
  ];
}

/**
 * Paid bookings through the API with their Checkout Sessions, then signed checkout.session.completed
 * deliveries processed end to end at 8 concurrent senders (bench/payments.ts). Runs last: it
 * makes the first tenants' services paid.
 */
async function measurePaid(db: BenchPostgres, plan: Plan): Promise<Row[]> {
  log('payments: paid bookings and Stripe webhooks');
  const paid = await measurePayments({ databaseUrl: db.url, plan, seconds: Math.min(LOAD_SECONDS, 10), log });
  return [
    { name: 'paid_booking_api_tps', value: paid.bookingsPerSecond, digits: 1 },
    { name: 'paid_booking_p95_ms', value: paid.bookingP95Ms, digits: 1 },
    { name: 'paid_booking_non201', value: paid.bookingNon201, digits: 0, target: '0', ok: paid.bookingNon201 === 0 },
    { name: 'stripe_webhook_events', value: paid.webhookEvents, digits: 0 },
    { name: 'stripe_webhook_events_per_s', value: paid.webhookEventsPerSecond, digits: 1 },
    { name: 'stripe_webhook_lost', value: paid.webhookLost, digits: 0, target: '0', ok: paid.webhookLost === TARGETS.stripeWebhookLost },
  ];
}

/** The revenue view of last month for one business with 100,000 bookings (bench/insights.ts). */
async function measureRevenueView(db: BenchPostgres): Promise<Row[]> {
  log('insights: seeding one business with 100,000 bookings and their money');
  const insights = await measureInsights({ databaseUrl: db.url, log });
  return [
    {
      name: 'insights_month_p95_ms',
      value: insights.monthP95Ms,
      digits: 1,
      target: `< ${TARGETS.insightsMonthP95Ms}`,
      ok: insights.monthP95Ms < TARGETS.insightsMonthP95Ms,
    },
    { name: 'insights_month_p50_ms', value: insights.monthP50Ms, digits: 1 },
    { name: 'insights_month_bookings', value: insights.bookingsInMonth, digits: 0 },
    { name: 'insights_seed_seconds', value: insights.seedSeconds, digits: 1 },
  ];
}

/** The Google Calendar backfill of 2,000 upcoming bookings of one resource (bench/calendar.ts). */
async function measureCalendar(db: BenchPostgres): Promise<Row[]> {
  log('calendar: one resource with 2,000 upcoming bookings connects its Google Calendar (emulator)');
  const cal = await measureCalendarBackfill({ databaseUrl: db.url, log });
  return [
    {
      name: 'calendar_backfill_2000_requests',
      value: cal.requests,
      digits: 0,
      target: `<= ${TARGETS.calendarBackfillRequests}`,
      ok: cal.requests <= TARGETS.calendarBackfillRequests,
    },
    { name: 'calendar_backfill_2000_s', value: cal.seconds, digits: 2 },
    { name: 'calendar_backfill_2000_batch_calls', value: cal.batchItems, digits: 0 },
  ];
}

/** 8 connections booking distinct free hours across tenants: a short warm-up, then the measured run. */
async function measureApiBookings(api: ApiProcess, db: BenchPostgres, plan: Plan, rows: Row[]): Promise<number> {
  const http = createHttp(api.baseUrl, CONCURRENCY);
  try {
    const next = (i: number): HttpCall => {
      const { tenant, startsAt } = apiBookingSlot(plan, i);
      return publicBookingCall(tenant, startsAt);
    };
    log(`API bookings: warm-up ${WARMUP_SECONDS} s`);
    const { signal } = interruption;
    const warm = await runClosedLoop(http, { connections: CONCURRENCY, seconds: WARMUP_SECONDS, expect: 201, first: 0, next, signal });
    throwIfInterrupted();
    if (warm.ok === 0) throw new Error(`no booking succeeded during the warm-up:\n${warm.samples.join('\n')}`);
    if (warm.ok < warm.requests) log(`API bookings: ${warm.requests - warm.ok} warm-up answers were not 201:\n  ${warm.samples.join('\n  ')}`);
    log(`API bookings: ${CONCURRENCY} connections for ${LOAD_SECONDS} s`);
    if (STATEMENTS) await resetStatements(db.url);
    const cpu = cpuAccount({ serverPid: api.serverPid, postmasterPid: db.postmasterPid() });
    const run = await runClosedLoop(http, { connections: CONCURRENCY, seconds: LOAD_SECONDS, expect: 201, first: warm.nextIndex, next, signal });
    throwIfInterrupted();
    const split = cpu.stop();
    const tps = run.ok / run.seconds;
    const non201 = run.requests - run.ok;
    log(`API bookings: ${run.ok} created in ${run.seconds.toFixed(2)} s; per second: ${run.okPerSecond.join(' ')}`);
    log(`API bookings: ${describeCpu(split)}`);
    if (STATEMENTS) logStatements(await topStatements(db.url), run.ok, 'booking');
    if (non201)
      log(`API bookings: ${non201} answers were not 201: ${[...run.unexpected].map(([s, n]) => `${s}×${n}`).join(', ')}\n  ${run.samples.join('\n  ')}`);
    rows.push({ name: 'booking_api_requests', value: run.requests, digits: 0 });
    rows.push({ name: 'booking_api_non201', value: non201, digits: 0, target: '0', ok: non201 === 0 });
    rows.push({ name: 'booking_api_p50_ms', value: percentile(run.latenciesMs, 50), digits: 1 });
    rows.push({ name: 'booking_api_p95_ms', value: percentile(run.latenciesMs, 95), digits: 1 });
    rows.push(...cpuRows('booking_api', split, run.ok));
    return tps;
  } finally {
    http.close();
  }
}

/** One month of slots for random tenants, one request at a time. */
async function measureSlots(api: ApiProcess, db: BenchPostgres, plan: Plan, rows: Row[]): Promise<number[]> {
  const http = createHttp(api.baseUrl, 1);
  try {
    const { from, to } = slotsMonth(plan);
    const random = mulberry32(20261125);
    const call = (): HttpCall => {
      const tenant = 1 + Math.floor(random() * plan.tenants);
      return {
        method: 'GET',
        path: `/v1/public/tenants/${tenantSlug(tenant)}/services/${benchId('service', tenant)}/slots?from=${from}&to=${to}&timeZone=${encodeURIComponent(SLOTS_ZONE)}`,
      };
    };
    const first = await http.send(call());
    if (first.status !== 200) throw new Error(`slots answered ${first.status}: ${first.body.slice(0, 300)}`);
    const slots = (JSON.parse(first.body) as { slots: unknown[] }).slots.length;
    log(`slots: ${from}…${to} (${SLOTS_ZONE}), ${slots} free slots in the first answer; ${SLOT_WARMUP} warm-up + ${SLOT_SAMPLES} measured requests`);
    await runSequential(http, Array.from({ length: SLOT_WARMUP }, call), 200, interruption.signal);
    if (STATEMENTS) await resetStatements(db.url);
    const cpu = cpuAccount({ serverPid: api.serverPid, postmasterPid: db.postmasterPid() });
    const latencies = await runSequential(http, Array.from({ length: SLOT_SAMPLES }, call), 200, interruption.signal);
    const split = cpu.stop();
    log(`slots: ${describeCpu(split)}`);
    if (STATEMENTS) logStatements(await topStatements(db.url), SLOT_SAMPLES, 'request');
    rows.push(...cpuRows('slots_month', split, SLOT_SAMPLES));
    return latencies;
  } finally {
    http.close();
  }
}

function logStatements(rows: Awaited<ReturnType<typeof topStatements>>, units: number, unitName: string): void {
  for (const line of describeStatements(rows, units, unitName)) log(line);
}

/** CPU per unit of work for each part, and how busy the rest of the machine was. */
function cpuRows(prefix: string, split: CpuSplit, units: number): Row[] {
  const per = (ms: number | null) => (ms === null || units === 0 ? null : ms / units);
  return [
    ...(split.serverMs === null ? [] : [{ name: `${prefix}_api_cpu_ms_each`, value: per(split.serverMs), digits: 2 }]),
    { name: `${prefix}_pg_cpu_ms_each`, value: per(split.postgresMs), digits: 2 },
    { name: `${prefix}_other_cpu_pct`, value: split.otherPct, digits: 0 },
  ];
}

function describeCpu(split: CpuSplit): string {
  const s = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
  return (
    `CPU over ${(split.wallMs / 1000).toFixed(1)} s wall: API ${s(split.serverMs)}, PostgreSQL ${s(split.postgresMs)}, ` +
    `bench ${s(split.benchMs)}; machine ${split.busyPct.toFixed(0)}% busy, ${split.otherPct.toFixed(0)}% by other processes`
  );
}

/** A small seeded PRNG, so every run asks for the same tenants. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function format(row: Row): string {
  return row.value === null || Number.isNaN(row.value) ? 'n/a' : row.value.toFixed(row.digits);
}

function report(all: Row[], final: Row[]): void {
  const table = all.map((r) => [r.name, format(r), r.target ?? '—', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const header = ['figure', 'value', 'target', 'ok?'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out: string[] = [line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line), ''];
  const missed = all.filter((r) => r.ok === false);
  out.push(missed.length ? `MISSED: ${missed.map((r) => `${r.name}=${format(r)} (target ${r.target})`).join('; ')}` : 'All targets met.');
  out.push('');
  const finalNames = new Set(final.map((r) => r.name));
  for (const r of all.filter((x) => !finalNames.has(x.name))) out.push(`${r.name}=${format(r)}`);
  for (const r of final) out.push(`${r.name}=${format(r)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interruption.signal.aborted) return;
    interruption.abort(signal);
    log(`${signal}: stopping everything the bench started`);
    void cleanupAll(log).finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (err) {
  if (!interruption.signal.aborted) log(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await cleanupAll(log);
  process.exit(interruption.signal.aborted ? 130 : 1);
}

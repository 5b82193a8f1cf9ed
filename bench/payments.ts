import { createHmac } from 'node:crypto';
import pg from 'pg';
import { startStripeEmulator } from '../apps/emulators/stripe/src/index';
import { startSmtpCapture } from '../apps/emulators/smtp/src/index';
import { startApi } from './api';
import { onCleanup, throwIfInterrupted } from './cleanup';
import { createHttp, percentile, runClosedLoop, type HttpCall } from './load';
import { benchId, DAY_MS, FREE_HOURS, HOUR_MS, publicBookingCall, type Plan } from './plan';

/**
 * Paid bookings (issue #14), on the seeded database after the other phases:
 *   - paid public bookings through the API, each creating its Checkout Session on the tenant's
 *     connected account in the Stripe emulator (8 connections);
 *   - signed `checkout.session.completed` deliveries for those sessions, paid meanwhile, sent by
 *     8 concurrent senders to the Connect webhook endpoint and processed end to end (stored, the
 *     stripe.event job run by the API's workers, booking confirmed): events per second, and how
 *     many bookings were never confirmed (lost).
 * The API runs as its own process with job workers on, against an emulator in this process.
 */

/** Tenants whose service becomes paid and whose business is connected to Stripe. */
const PAID_TENANTS = 200;
/** Paid bookings use FREE_HOURS from this day on (the API phase stays well before it, pgbench from day 90). */
const PAID_FIRST_DAY = 60;
const WEBHOOK_SENDERS = 8;
const WEBHOOK_TIMEOUT_MS = 120_000;
const SECRET_KEY = 'sk_test_slotwise_bench';
const PLATFORM_SECRET = 'whsec_bench_platform';
const CONNECT_SECRET = 'whsec_bench_connect';

export type PaymentsBench = {
  bookingsPerSecond: number;
  bookingP95Ms: number;
  bookingNon201: number;
  webhookEventsPerSecond: number;
  webhookEvents: number;
  webhookLost: number;
};

export async function measurePayments(opts: { databaseUrl: string; plan: Plan; seconds: number; log: (m: string) => void }): Promise<PaymentsBench> {
  const { plan, log } = opts;
  const tenants = Math.min(PAID_TENANTS, plan.tenants);
  const emulator = await startStripeEmulator({ port: 0, expirySweepMs: 0 });
  onCleanup('Stripe emulator', () => emulator.stop());
  const smtp = await startSmtpCapture({ parse: false });
  onCleanup('SMTP capture (payments)', () => smtp.stop());
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  onCleanup('payments bench client', () => db.end());

  // Connected accounts (onboarding completed) and paid services for the first tenants.
  log(`payments: connecting ${tenants} businesses to the Stripe emulator`);
  const stripeHeaders = { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
  for (let n = 1; n <= tenants; n++) {
    const res = await fetch(`${emulator.url}/v1/accounts`, {
      method: 'POST',
      headers: stripeHeaders,
      body: 'controller[fees][payer]=account&controller[losses][payments]=stripe&controller[stripe_dashboard][type]=full',
    });
    const account = (await res.json()) as { id?: string; error?: unknown };
    if (!account.id) throw new Error(`emulator refused an account: ${JSON.stringify(account)}`);
    emulator.controls.completeOnboarding(account.id);
    await db.query(
      `INSERT INTO "PaymentAccount" (id, "tenantId", "stripeAccountId", status, "chargesEnabled", "payoutsEnabled", "detailsSubmitted", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'ACTIVE', true, true, true, now())`,
      [benchId('tenant', n), account.id],
    );
    await db.query(`UPDATE "Service" SET "requiresPayment" = true, "priceMinor" = 5000 WHERE id = $1`, [benchId('service', n)]);
  }
  throwIfInterrupted();

  const api = await startApi({
    databaseUrl: opts.databaseUrl,
    env: {
      JOBS_ENABLED: 'true',
      SMTP_URL: smtp.url,
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: PLATFORM_SECRET,
      STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET,
      STRIPE_API_URL: emulator.url,
    },
  });
  onCleanup('API (payments)', () => api.stop());
  // The emulator's own deliveries are held: this bench is the sender, so each event goes once.
  emulator.controls.setWebhookEndpoints([
    { url: `${api.baseUrl}/v1/webhooks/stripe`, secret: PLATFORM_SECRET, connect: false },
    { url: `${api.baseUrl}/v1/webhooks/stripe/connect`, secret: CONNECT_SECRET, connect: true },
  ]);
  emulator.controls.holdWebhooks();
  log(`payments: API on ${api.baseUrl} (job workers on), emulator on ${emulator.url}`);

  try {
    // 1. Paid bookings through the API, Checkout Session included.
    const http = createHttp(api.baseUrl, 8);
    const next = (i: number): HttpCall => {
      const tenant = (i % tenants) + 1;
      const round = Math.floor(i / tenants);
      const day = PAID_FIRST_DAY + Math.floor(round / FREE_HOURS.length);
      const startsAt = new Date(plan.today.getTime() + day * DAY_MS + FREE_HOURS[round % FREE_HOURS.length]! * HOUR_MS);
      return publicBookingCall(tenant, startsAt);
    };
    const warm = await runClosedLoop(http, { connections: 8, seconds: 3, expect: 201, first: 0, next });
    if (warm.ok === 0) throw new Error(`no paid booking succeeded during the warm-up:\n${warm.samples.join('\n')}`);
    log(`payments: paid bookings, 8 connections for ${opts.seconds} s`);
    const run = await runClosedLoop(http, { connections: 8, seconds: opts.seconds, expect: 201, first: warm.nextIndex, next });
    http.close();
    throwIfInterrupted();
    const non201 = run.requests - run.ok;
    if (non201)
      log(`payments: ${non201} paid bookings were not 201: ${[...run.unexpected].map(([s, k]) => `${s}×${k}`).join(', ')}\n  ${run.samples.join('\n  ')}`);
    log(`payments: ${run.ok} paid bookings in ${run.seconds.toFixed(2)} s`);

    // 2. Every session created is paid (events held), then its checkout.session.completed is sent by us.
    const { rows: pending } = await db.query<{ checkoutSessionId: string; bookingId: string }>(
      `SELECT "checkoutSessionId", "bookingId" FROM "Payment" WHERE status = 'PENDING'`,
    );
    log(`payments: paying ${pending.length} sessions`);
    for (const p of pending) emulator.controls.pay(p.checkoutSessionId, { number: '4242424242424242' });
    const sessions = new Set(pending.map((p) => p.checkoutSessionId));
    const events = emulator.controls.events().filter((e) => e.type === 'checkout.session.completed' && sessions.has((e.data.object as { id: string }).id));
    log(`payments: sending ${events.length} signed checkout.session.completed events, ${WEBHOOK_SENDERS} senders`);
    const started = performance.now();
    let sent = 0;
    const failures: string[] = [];
    const sender = async () => {
      while (sent < events.length) {
        const payload = JSON.stringify(events[sent++]);
        const t = Math.floor(Date.now() / 1000);
        const signature = createHmac('sha256', CONNECT_SECRET).update(`${t}.${payload}`).digest('hex');
        for (let attempt = 1; ; attempt++) {
          const res = await fetch(`${api.baseUrl}/v1/webhooks/stripe/connect`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${signature}` },
            body: payload,
          });
          await res.arrayBuffer();
          if (res.ok) break;
          // As Stripe does: a non-2xx answer is delivered again.
          if (attempt === 5) {
            failures.push(`${res.status}`);
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: WEBHOOK_SENDERS }, sender));
    const ids = pending.map((p) => p.bookingId);
    const confirmed = async () =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Booking" WHERE id = ANY($1::uuid[]) AND status = 'CONFIRMED'`, [ids])).rows[0]!.n);
    let done = await confirmed();
    while (done < ids.length && performance.now() - started < WEBHOOK_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 100));
      done = await confirmed();
    }
    const seconds = (performance.now() - started) / 1000;
    if (failures.length) log(`payments: ${failures.length} deliveries never answered 2xx (${failures.slice(0, 5).join(', ')})`);
    log(`payments: ${done} of ${ids.length} bookings confirmed by their webhook in ${seconds.toFixed(2)} s`);
    return {
      bookingsPerSecond: run.ok / run.seconds,
      bookingP95Ms: percentile(run.latenciesMs, 95),
      bookingNon201: non201,
      webhookEventsPerSecond: done / seconds,
      webhookEvents: events.length,
      webhookLost: ids.length - done,
    };
  } finally {
    await api.stop();
  }
}

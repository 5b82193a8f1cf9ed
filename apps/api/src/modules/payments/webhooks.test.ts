import { signPayload } from '@slotwise/emulator-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { signUpTenant } from '../../../test/factories';
import { connectStripe, startOnboarding, waitForPaymentAccount } from '../../../test/payment-factories';
import { TEST_STRIPE_CONNECT_WEBHOOK_SECRET, TEST_STRIPE_WEBHOOK_SECRET } from '../../../test/stripe';

/**
 * Stripe's webhook endpoints and event processing: signatures, storing each event once with its
 * job, duplicates, unknown accounts, a crash between storing and processing, failures that end
 * FAILED for operators, and the operators' list and replay. Each block has its own app: the
 * payments workers of two apps on one database would take each other's jobs.
 */

const OPS_TOKEN = 'ops-token-for-the-stripe-webhook-tests-0123456789';
const now = () => Math.floor(Date.now() / 1000);

function eventJson(over: { id?: string; type?: string; account?: string; object?: Record<string, unknown> } = {}) {
  const id = over.id ?? `evt_test_${Math.random().toString(36).slice(2, 14)}`;
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now(),
    type: over.type ?? 'account.updated',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    ...(over.account ? { account: over.account } : {}),
    data: { object: over.object ?? { id: over.account ?? 'acct_unknown', object: 'account' } },
  });
}

function deliver(t: TestApp, endpoint: 'platform' | 'connect', body: string, signature: string | null) {
  const req = t.http.post(endpoint === 'connect' ? '/v1/webhooks/stripe/connect' : '/v1/webhooks/stripe').set('Content-Type', 'application/json');
  if (signature !== null) req.set('Stripe-Signature', signature);
  return req.send(body);
}

const signed = (body: string, secret: string, at = now()) => signPayload(body, secret, at);
const storedCount = (t: TestApp) => t.prisma.stripeEvent.count();
const ops = (t: TestApp) => ({
  get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${OPS_TOKEN}`),
  post: (path: string) => t.http.post(path).set('Authorization', `Bearer ${OPS_TOKEN}`),
});

async function waitForEvent(t: TestApp, stripeEventId: string, statuses: string[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await t.prisma.stripeEvent.findUnique({ where: { stripeEventId } });
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`event ${stripeEventId} is ${row?.status ?? 'not stored'}, expected ${statuses.join('/')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('receiving webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ stripe: true, env: { OPS_TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses missing, forged, stale and wrong-endpoint signatures with 400 and stores nothing', async () => {
    const body = eventJson();
    const before = await storedCount(t);
    const answers = await Promise.all([
      deliver(t, 'platform', body, null),
      deliver(t, 'platform', body, signed(body, 'whsec_someone_else')),
      deliver(t, 'platform', body, signed(body, TEST_STRIPE_WEBHOOK_SECRET, now() - 600)),
      deliver(t, 'platform', `${body} `, signed(body, TEST_STRIPE_WEBHOOK_SECRET)),
      // Each endpoint has its own secret: the platform's does not sign Connect deliveries.
      deliver(t, 'connect', body, signed(body, TEST_STRIPE_WEBHOOK_SECRET)),
      deliver(t, 'platform', body, 't=abc,v1=zzz'),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    }
    expect(await storedCount(t)).toBe(before);
  });

  it('stores a replayed delivery once and acknowledges the copy', async () => {
    const body = eventJson({ type: 'application_fee.created', object: { id: 'fee_1', object: 'application_fee' } });
    const signature = signed(body, TEST_STRIPE_WEBHOOK_SECRET);
    const first = await deliver(t, 'platform', body, signature);
    const replay = await deliver(t, 'platform', body, signature);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, duplicate: false });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ received: true, duplicate: true });
    const id = JSON.parse(body).id as string;
    expect(await t.prisma.stripeEvent.count({ where: { stripeEventId: id } })).toBe(1);
    // No handler for this type: acknowledged, then ignored.
    expect(await waitForEvent(t, id, ['IGNORED', 'PROCESSED'])).toMatchObject({
      status: 'IGNORED',
      endpoint: 'platform',
      account: null,
      tenantId: null,
      attempts: 1,
    });
  });

  it('acknowledges an event for an account it does not know and ignores it', async () => {
    const body = eventJson({ account: 'acct_nobodyweknow' });
    const res = await deliver(t, 'connect', body, signed(body, TEST_STRIPE_CONNECT_WEBHOOK_SECRET));
    expect(res.status).toBe(200);
    const row = await waitForEvent(t, JSON.parse(body).id, ['IGNORED', 'PROCESSED', 'FAILED']);
    expect(row).toMatchObject({ status: 'IGNORED', endpoint: 'connect', account: 'acct_nobodyweknow', tenantId: null, error: null });
  });

  it('processes one event delivered 50 times at once exactly once', async () => {
    const owner = await signUpTenant(t);
    const { accountId } = await connectStripe(t, owner);
    await t.stripe!.settle();
    t.stripe!.controls.duplicateNext(50, 1);
    t.stripe!.controls.setRequirements(accountId, { currently_due: ['external_account'] });
    await t.stripe!.settle();
    const deliveries = t.stripe!.controls.deliveries().filter((d) => d.account === accountId && d.eventType === 'account.updated');
    const last = deliveries.at(-1)!.eventId;
    const copies = deliveries.filter((d) => d.eventId === last);
    expect(copies).toHaveLength(50);
    expect(copies.every((d) => d.status === 200)).toBe(true);
    expect(copies.filter((d) => (d.responseBody ?? '').includes('"duplicate":false'))).toHaveLength(1);
    const row = await t.prisma.stripeEvent.findUniqueOrThrow({ where: { stripeEventId: last } });
    expect(row).toMatchObject({ status: 'PROCESSED', attempts: 1, tenantId: owner.tenantId, endpoint: 'connect' });
    const jobs = await t.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'stripe.event' AND data->>'eventId' = ${row.id}`;
    expect(Number(jobs[0]!.n)).toBe(1);
    const audits = await t.prisma.auditLog.count({
      where: { tenantId: owner.tenantId, action: 'payments.account_updated', createdAt: { gte: row.receivedAt } },
    });
    expect(audits).toBe(1);
    expect((await waitForPaymentAccount(t, owner, () => true)).requirements).toEqual(['Bank account for payouts']);
  });

  it('lists events for operators and replays one (processing again changes nothing)', async () => {
    const owner = await signUpTenant(t);
    await connectStripe(t, owner);
    await t.stripe!.settle();
    expect((await t.http.get('/ops/stripe-events')).status).toBe(401);
    const list = await ops(t).get('/ops/stripe-events?limit=200');
    expect(list.status).toBe(200);
    const mine = (list.body.items as { id: string; tenantId: string | null; type: string; status: string }[]).filter((e) => e.tenantId === owner.tenantId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.status === 'PROCESSED')).toBe(true);
    const audits = await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId } });

    const replay = await ops(t).post(`/ops/stripe-events/${mine[0]!.id}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: mine[0]!.id, status: 'RECEIVED' });
    const again = await waitForEvent(t, replay.body.stripeEventId, ['PROCESSED', 'IGNORED', 'FAILED']);
    expect(again).toMatchObject({ status: 'PROCESSED', attempts: 2 });
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId } })).toBe(audits);
    expect((await ops(t).post('/ops/stripe-events/00000000-0000-4000-8000-000000000000/replay')).status).toBe(404);
    expect((await ops(t).get('/ops/stripe-events?status=FAILED')).body.items.every((e: { status: string }) => e.status === 'FAILED')).toBe(true);
  });
});

describe('a crash between storing an event and processing it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ stripe: { workers: false } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('leaves the event with its queued job, which runs once workers are back', async () => {
    const owner = await signUpTenant(t);
    const accountId = await startOnboarding(t, owner);
    t.stripe!.controls.completeOnboarding(accountId);
    await t.stripe!.controls.webhooksIdle();
    // Stored and acknowledged, nobody processed it: the process "died" before its workers ran.
    const row = await t.prisma.stripeEvent.findFirstOrThrow({ where: { account: accountId, type: 'account.updated' } });
    expect(row).toMatchObject({ status: 'RECEIVED', attempts: 0 });
    const queued = await t.prisma.$queryRaw<
      { state: string }[]
    >`SELECT state::text FROM pgboss.job WHERE name = 'stripe.event' AND data->>'eventId' = ${row.id}`;
    expect(queued).toEqual([{ state: 'created' }]);
    expect((await waitForPaymentAccount(t, owner, () => true)).status).toBe('ONBOARDING');

    await t.stripe!.startWorkers();
    await waitForPaymentAccount(t, owner, (a) => a.status === 'ACTIVE');
    expect(await t.prisma.stripeEvent.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'PROCESSED', attempts: 1 });
  });
});

describe('an event that keeps failing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ stripe: { retryLimit: 1 }, env: { OPS_TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is retried, then FAILED with its error and listed for operators; a replay once Stripe is back processes it', async () => {
    const owner = await signUpTenant(t);
    const accountId = await startOnboarding(t, owner);
    // Every read of the account fails while the event is processed (and retried).
    t.stripe!.controls.fault({ type: 'server_error', count: 1000, path: `/v1/accounts/${accountId}`, method: 'GET' });
    t.stripe!.controls.completeOnboarding(accountId);
    await t.stripe!.controls.webhooksIdle();
    const stored = await t.prisma.stripeEvent.findFirstOrThrow({ where: { account: accountId, type: 'account.updated' } });
    const failed = await waitForEvent(t, stored.stripeEventId, ['FAILED'], 20_000);
    expect(failed.attempts).toBe(2);
    expect(failed.error).toMatch(/Stripe/);
    const listed = await ops(t).get('/ops/stripe-events?status=FAILED');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: stored.id, status: 'FAILED', type: 'account.updated', account: accountId, tenantId: owner.tenantId }),
    ]);
    expect((await waitForPaymentAccount(t, owner, () => true)).status).toBe('ONBOARDING');

    t.stripe!.controls.clearFaults();
    expect((await ops(t).post(`/ops/stripe-events/${stored.id}/replay`)).status).toBe(200);
    await waitForPaymentAccount(t, owner, (a) => a.status === 'ACTIVE');
    expect(await t.prisma.stripeEvent.findUniqueOrThrow({ where: { id: stored.id } })).toMatchObject({ status: 'PROCESSED', error: null, attempts: 3 });
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ stripe: { workers: false }, env: { RATE_LIMIT_MODE: 'on' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('limits both endpoints together per source (Stripe), whatever address calls', async () => {
    const body = eventJson();
    const before = await storedCount(t);
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push((await deliver(t, i % 2 ? 'connect' : 'platform', body, null)).status);
    expect(new Set(answers)).toEqual(new Set([400]));
    const limited = await deliver(t, 'connect', body, signed(body, TEST_STRIPE_CONNECT_WEBHOOK_SECRET));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(await storedCount(t)).toBe(before);
  });
});

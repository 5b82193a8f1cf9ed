import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECT_SECRET, PLATFORM_SECRET, control, onboardedAccount, sessionParams, startHarness, type Harness } from './testing/harness';
import { signPayload } from './index';

/** Signed deliveries, Connect routing, retries, duplicates, late and reordered events. */

let h: Harness;
let account: Stripe.Account;
let on: { stripeAccount: string };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(async () => {
  h.emulator.controls.reset();
  h.receiver.respond(() => 200);
  h.receiver.received.length = 0;
  account = await onboardedAccount(h);
  on = { stripeAccount: account.id };
  await h.emulator.controls.webhooksIdle();
  h.receiver.received.length = 0;
});

async function paidSession(params?: Partial<Stripe.Checkout.SessionCreateParams>, scope: { stripeAccount?: string } = on) {
  const session = await h.stripe.checkout.sessions.create({ ...sessionParams(h), ...params }, scope);
  h.emulator.controls.pay(session.id, { number: '4242424242424242' });
  return session;
}

describe('signatures and routing', () => {
  it('signs exactly as Stripe does: the SDK verifies with the endpoint secret and rejects another secret', async () => {
    const session = await paidSession();
    const [completed] = await h.receiver.waitFor((r) => r.event.type === 'checkout.session.completed');
    expect(h.receiver.rejected).toEqual([]);
    const { raw, headers } = completed!;
    expect(() => h.stripe.webhooks.constructEvent(raw, headers['stripe-signature'] as string, PLATFORM_SECRET)).toThrow();
    const event = h.stripe.webhooks.constructEvent(raw, headers['stripe-signature'] as string, CONNECT_SECRET);
    expect(event).toMatchObject({
      object: 'event',
      livemode: false,
      api_version: h.emulator.apiVersion,
      data: { object: { id: session.id, payment_status: 'paid' } },
    });
    expect(event.id).toMatch(/^evt_/);
    const header = signPayload('{"a":1}', 'whsec_x', 1_700_000_000);
    expect(header).toBe(h.stripe.webhooks.generateTestHeaderString({ payload: '{"a":1}', secret: 'whsec_x', timestamp: 1_700_000_000 }));
  });

  it('connected-account events go only to the Connect endpoint with `account`; platform events only to the platform endpoint', async () => {
    await paidSession();
    const connectTypes = (await h.receiver.waitFor((r) => r.event.type === 'checkout.session.completed')).map((r) => r.connect);
    expect(connectTypes).toEqual([true]);
    await h.emulator.controls.webhooksIdle();
    const connect = h.receiver.received.filter((r) => r.connect);
    // Delivered concurrently, so in no guaranteed order (as with Stripe).
    expect(connect.map((r) => r.event.type).sort()).toEqual([
      'charge.succeeded',
      'checkout.session.completed',
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
    expect(connect.every((r) => r.event.account === account.id)).toBe(true);
    const platform = h.receiver.received.filter((r) => !r.connect);
    expect(platform.map((r) => r.event.type)).toEqual(['application_fee.created']);
    expect(platform[0]?.event.account).toBeUndefined();

    h.receiver.received.length = 0;
    await paidSession({ payment_intent_data: {} }, {});
    await h.receiver.waitFor((r) => r.event.type === 'checkout.session.completed');
    expect(h.receiver.received.every((r) => !r.connect && r.event.account === undefined)).toBe(true);
  });

  it('events are listed and retrieved per account', async () => {
    await paidSession();
    const events = await h.stripe.events.list({ type: 'checkout.session.completed' }, on);
    expect(events.data).toHaveLength(1);
    expect((await h.stripe.events.retrieve(events.data[0]!.id, {}, on)).type).toBe('checkout.session.completed');
    expect((await h.stripe.events.list({ type: 'checkout.session.completed' })).data).toHaveLength(0);
  });
});

describe('delivery', () => {
  it('retries a non-2xx answer with backoff until it is accepted, and lists each attempt', async () => {
    h.receiver.respond((r) => (h.receiver.received.filter((x) => x.event.id === r.event.id).length < 3 ? 500 : 200));
    await paidSession();
    await h.emulator.controls.webhooksIdle();
    const attempts = h.emulator.controls.deliveries().filter((d) => d.eventType === 'checkout.session.completed');
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    const res = await fetch(`${h.emulator.url}/_emulator/deliveries?type=checkout.session.completed`);
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(3);
  });

  it('gives up after the last attempt', async () => {
    h.receiver.respond(() => 503);
    await paidSession();
    await h.emulator.controls.webhooksIdle();
    const attempts = h.emulator.controls.deliveries().filter((d) => d.eventType === 'checkout.session.completed');
    expect(attempts.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('duplicate-next delivers each following event that many times, at once', async () => {
    expect((await control(h, '/webhooks/duplicate-next', { times: 5 })).status).toBe(200);
    const session = await paidSession();
    const copies = await h.receiver.waitFor((r) => r.event.type === 'checkout.session.completed', 5);
    expect(new Set(copies.map((c) => c.event.id)).size).toBe(1);
    expect(copies[0]?.event.data.object).toMatchObject({ id: session.id });
    await h.emulator.controls.webhooksIdle();
    expect(h.receiver.received.filter((r) => r.event.type === 'payment_intent.succeeded')).toHaveLength(5);
  });

  it('holds events and releases them in reverse order; delays the next one', async () => {
    await control(h, '/webhooks/hold');
    await paidSession();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.receiver.received).toHaveLength(0);
    expect((await control(h, '/webhooks/release', { order: 'reverse' })).body).toEqual({ released: 5 });
    await h.emulator.controls.webhooksIdle();
    expect(h.receiver.received.map((r) => r.event.type)).toEqual([
      'checkout.session.completed',
      'application_fee.created',
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);

    h.receiver.received.length = 0;
    await control(h, '/webhooks/delay-next', { ms: 300 });
    const started = Date.now();
    await h.stripe.accounts.update(account.id, { metadata: { x: '1' } });
    const [late] = await h.receiver.waitFor((r) => r.event.type === 'account.updated');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(late?.event.data.previous_attributes).toEqual({ metadata: {} });
  });
});

import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, onboardedAccount, sessionParams, startHarness, type Harness } from './testing/harness';

/** Checkout Sessions: Stripe's rules, idempotency, paying on the control and the hosted page, expiry. */

let h: Harness;
let nowMs = Date.now();
let account: Stripe.Account;
let on: { stripeAccount: string };

beforeAll(async () => {
  h = await startHarness({ clock: () => new Date(nowMs), expirySweepMs: 0 });
});
afterAll(() => h.stop());
beforeEach(async () => {
  nowMs = Date.now();
  h.emulator.controls.reset();
  h.receiver.received.length = 0;
  account = await onboardedAccount(h);
  on = { stripeAccount: account.id };
});

const nowS = () => Math.floor(nowMs / 1000);

describe('creating a session', () => {
  it('creates a direct-charge session on the connected account with a hosted URL', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    expect(session).toMatchObject({
      object: 'checkout.session',
      livemode: false,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 5000,
      currency: 'usd',
      client_reference_id: 'b1',
      metadata: { tenantId: 't1', bookingId: 'b1' },
      customer_email: 'customer@example.test',
      payment_intent: null,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${h.emulator.url}/c/pay/${session.id}`);
    expect(session.created).toBe(nowS());
    // Objects on a connected account are invisible to the platform.
    await expect(h.stripe.checkout.sessions.retrieve(session.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const withItems = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] }, on);
    expect(withItems.line_items?.data[0]).toMatchObject({ description: 'Haircut — Mon 9 Dec, 10:00', amount_total: 5000, quantity: 1 });
  });

  it('keeps expires_at between 30 minutes and 24 hours after creation', async () => {
    await expect(h.stripe.checkout.sessions.create(sessionParams(h, { expires_at: nowS() + 29 * 60 }), on)).rejects.toMatchObject({
      statusCode: 400,
      param: 'expires_at',
    });
    await expect(h.stripe.checkout.sessions.create(sessionParams(h, { expires_at: nowS() + 24 * 3600 + 1 }), on)).rejects.toMatchObject({
      statusCode: 400,
      param: 'expires_at',
    });
    const ok = await h.stripe.checkout.sessions.create(sessionParams(h, { expires_at: nowS() + 30 * 60 }), on);
    expect(ok.expires_at).toBe(nowS() + 30 * 60);
  });

  it('refuses an application fee larger than the amount, negative or fractional, or without a connected account', async () => {
    const fee = (application_fee_amount: number) => sessionParams(h, { payment_intent_data: { application_fee_amount } });
    await expect(h.stripe.checkout.sessions.create(fee(5001), on)).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_intent_data[application_fee_amount]',
    });
    await expect(h.stripe.checkout.sessions.create(fee(-1), on)).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_intent_data[application_fee_amount]',
    });
    await expect(h.stripe.checkout.sessions.create(fee(12.5), on)).rejects.toMatchObject({ code: 'parameter_invalid_integer' });
    await expect(h.stripe.checkout.sessions.create(fee(100))).rejects.toMatchObject({ statusCode: 400, param: 'payment_intent_data[application_fee_amount]' });
    expect((await h.stripe.checkout.sessions.create(fee(5000), on)).status).toBe('open');
  });

  it('takes integer amounts in the minor unit: JPY has none, fractions are refused', async () => {
    const jpy = await h.stripe.checkout.sessions.create(
      sessionParams(h, {
        line_items: [{ quantity: 2, price_data: { currency: 'JPY', unit_amount: 1500, product_data: { name: 'Massage' } } }],
        payment_intent_data: { application_fee_amount: 150 },
      }),
      on,
    );
    expect(jpy).toMatchObject({ currency: 'jpy', amount_total: 3000 });
    const page = await (await fetch(jpy.url as string)).text();
    expect(page).toContain('¥3,000');
    const fractional = sessionParams(h, { line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 10.5, product_data: { name: 'x' } } }] });
    await expect(h.stripe.checkout.sessions.create(fractional, on)).rejects.toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'line_items[0][price_data][unit_amount]',
    });
    const bhd = sessionParams(h, {
      line_items: [{ quantity: 1, price_data: { currency: 'bhd', unit_amount: 5005, product_data: { name: 'x' } } }],
      payment_intent_data: {},
    });
    await expect(h.stripe.checkout.sessions.create(bhd, on)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('needs a connected account whose charges are enabled', async () => {
    const pending = await h.stripe.accounts.create({ controller: { stripe_dashboard: { type: 'full' } } });
    await expect(h.stripe.checkout.sessions.create(sessionParams(h), { stripeAccount: pending.id })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
    });
    h.emulator.controls.disableCharges(account.id);
    await expect(h.stripe.checkout.sessions.create(sessionParams(h), on)).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and parameters, and refuses other parameters', async () => {
    const params = sessionParams(h);
    const first = await h.stripe.checkout.sessions.create(params, { ...on, idempotencyKey: 'booking-b1' });
    const again = await h.stripe.checkout.sessions.create(params, { ...on, idempotencyKey: 'booking-b1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.checkout.sessions.list({}, on)).data).toHaveLength(1);
    await expect(h.stripe.checkout.sessions.create({ ...params, client_reference_id: 'other' }, { ...on, idempotencyKey: 'booking-b1' })).rejects.toMatchObject(
      {
        statusCode: 400,
        type: 'StripeIdempotencyError',
      },
    );
  });

  it('scopes keys per account and saves no result for a request that failed validation', async () => {
    const other = await onboardedAccount(h);
    const a = await h.stripe.checkout.sessions.create(sessionParams(h), { ...on, idempotencyKey: 'k' });
    const b = await h.stripe.checkout.sessions.create(sessionParams(h), { stripeAccount: other.id, idempotencyKey: 'k' });
    expect(b.id).not.toBe(a.id);
    const bad = sessionParams(h, { expires_at: nowS() + 60 });
    await expect(h.stripe.checkout.sessions.create(bad, { ...on, idempotencyKey: 'k2' })).rejects.toMatchObject({ statusCode: 400 });
    const fixed = await h.stripe.checkout.sessions.create(sessionParams(h), { ...on, idempotencyKey: 'k2' });
    expect(fixed.status).toBe('open');
  });
});

describe('paying', () => {
  it('4242 through the control: session complete, PaymentIntent and charge succeeded, fee on the platform', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    const paid = await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4242 4242 4242 4242' });
    expect(paid.status).toBe(200);
    const after = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] }, on);
    expect(after).toMatchObject({ status: 'complete', payment_status: 'paid', url: null, customer_details: { email: 'customer@example.test' } });
    const pi = after.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 5000, amount_received: 5000, application_fee_amount: 250, metadata: { bookingId: 'b1' } });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, payment_method_details: { card: { brand: 'visa', last4: '4242' } } });
    const fee = await h.stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee).toMatchObject({ amount: 250, account: account.id, charge: charge.id, refunded: false });
    await expect(h.stripe.applicationFees.retrieve(fee.id, {}, on)).rejects.toMatchObject({ statusCode: 404 });
    const second = await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' });
    expect(second.status).toBe(400);
  });

  it('a declined card leaves the session open; the retry in the same session succeeds', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    const declined = await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({
      error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
    });
    const open = await h.stripe.checkout.sessions.retrieve(session.id, {}, on);
    expect(open.status).toBe('open');
    const pi = await h.stripe.paymentIntents.retrieve(open.payment_intent as string, {}, on);
    expect(pi).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'generic_decline' } });
    expect((await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' })).status).toBe(200);
    const charges = await h.stripe.charges.list({ payment_intent: pi.id }, on);
    expect(charges.data.map((c) => c.status)).toEqual(['succeeded', 'failed']);
    expect((await h.stripe.paymentIntents.retrieve(pi.id, {}, on)).status).toBe('succeeded');
  });

  it('insufficient funds fails with its own decline code', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    const res = await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4000000000009995' });
    expect(res.body).toMatchObject({ error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } });
    await h.receiver.waitFor((r) => r.event.type === 'payment_intent.payment_failed');
  });

  it('the hosted page: a decline shows the message, then 4242 redirects to success_url with the session id', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    const page = await (await fetch(session.url as string)).text();
    expect(page).toContain('<label for="card_number">Card number</label>');
    expect(page).toContain('href="http://shop.test/cancel"');
    const form = (card: string) => new URLSearchParams({ email: 'c@example.test', card_number: card, exp: '12 / 34', cvc: '123', name: 'Ada' });
    const declined = await fetch(session.url as string, { method: 'POST', body: form('4000 0000 0000 0002'), redirect: 'manual' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('role="alert">Your card was declined.');
    const paid = await fetch(session.url as string, { method: 'POST', body: form('4242 4242 4242 4242'), redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://shop.test/done?session=${session.id}`);
    const after = await h.stripe.checkout.sessions.retrieve(session.id, {}, on);
    expect(after.customer_details).toMatchObject({ email: 'c@example.test', name: 'Ada' });
  });
});

describe('expiry and lists', () => {
  it('expire via the API shows the expired page, cancels the PaymentIntent and sends checkout.session.expired', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
    await control(h, `/checkout/sessions/${session.id}/pay`, { card: '4000000000000002' });
    const expired = await h.stripe.checkout.sessions.expire(session.id, {}, on);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    expect((await h.stripe.paymentIntents.retrieve(expired.payment_intent as string, {}, on)).status).toBe('canceled');
    expect((await fetch(session.url as string)).status).toBe(410);
    await expect(h.stripe.checkout.sessions.expire(session.id, {}, on)).rejects.toMatchObject({ statusCode: 400 });
    const [event] = await h.receiver.waitFor((r) => r.event.type === 'checkout.session.expired');
    expect(event?.event.account).toBe(account.id);
  });

  it('a session past expires_at on the emulator clock expires by itself', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams(h, { expires_at: nowS() + 1800 }), on);
    nowMs += 1801_000;
    expect((await h.stripe.checkout.sessions.retrieve(session.id, {}, on)).status).toBe('expired');
    await h.receiver.waitFor((r) => r.event.type === 'checkout.session.expired');
  });

  it('lists sessions newest first with has_more, starting_after and filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await h.stripe.checkout.sessions.create(sessionParams(h), on)).id);
    const page = await h.stripe.checkout.sessions.list({ limit: 2 }, on);
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(page.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const rest = await h.stripe.checkout.sessions.list({ limit: 2, starting_after: ids[1] }, on);
    expect(rest.data.map((s) => s.id)).toEqual([ids[0]]);
    expect(rest.has_more).toBe(false);
    await h.stripe.checkout.sessions.expire(ids[0] as string, {}, on);
    expect((await h.stripe.checkout.sessions.list({ status: 'expired' }, on)).data.map((s) => s.id)).toEqual([ids[0]]);
    expect((await h.stripe.checkout.sessions.list({})).data).toEqual([]);
  });
});

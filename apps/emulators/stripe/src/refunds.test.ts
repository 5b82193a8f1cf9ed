import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, onboardedAccount, sessionParams, startHarness, type Harness } from './testing/harness';

/** Refunds with the application fee, dashboard refunds and disputes, and injected API faults. */

let h: Harness;
let on: { stripeAccount: string };

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());
beforeEach(async () => {
  h.emulator.controls.reset();
  h.receiver.received.length = 0;
  on = { stripeAccount: (await onboardedAccount(h)).id };
});

async function paid(): Promise<Stripe.PaymentIntent> {
  const session = await h.stripe.checkout.sessions.create(sessionParams(h), on);
  return h.emulator.controls.pay(session.id, { number: '4242424242424242' }).payment_intent as unknown as Stripe.PaymentIntent;
}

describe('refunds', () => {
  it('a partial then a full refund return the application fee in proportion, all of it in the end', async () => {
    const pi = await paid();
    const partial = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2000, refund_application_fee: true }, on);
    expect(partial).toMatchObject({ object: 'refund', amount: 2000, status: 'succeeded', payment_intent: pi.id });
    expect(partial.id).toMatch(/^re_/);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['application_fee'] }, on);
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: false, application_fee: { amount: 250, amount_refunded: 100 } });

    await h.stripe.refunds.create({ charge: charge.id, refund_application_fee: true }, on);
    const fee = await h.stripe.applicationFees.retrieve((charge.application_fee as Stripe.ApplicationFee).id);
    expect(fee).toMatchObject({ amount_refunded: 250, refunded: true });
    expect((await h.stripe.charges.retrieve(charge.id, {}, on)).refunded).toBe(true);
    await expect(h.stripe.refunds.create({ charge: charge.id }, on)).rejects.toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });

    await h.receiver.waitFor((r) => r.event.type === 'charge.refunded', 2);
    await h.receiver.waitFor((r) => r.event.type === 'refund.created', 2);
    const feeRefunded = await h.receiver.waitFor((r) => r.event.type === 'application_fee.refunded', 2);
    expect(feeRefunded.every((r) => !r.connect)).toBe(true);
    expect((await h.stripe.refunds.retrieve(partial.id, {}, on)).amount).toBe(2000);
  });

  it('without refund_application_fee the platform keeps its fee; refunds larger than what is left are refused', async () => {
    const pi = await paid();
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, amount: 5001 }, on)).rejects.toMatchObject({ statusCode: 400, param: 'amount' });
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, reverse_transfer: true }, on)).rejects.toMatchObject({ param: 'reverse_transfer' });
    await h.stripe.refunds.create({ payment_intent: pi.id }, on);
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['application_fee'] }, on);
    expect(charge.application_fee).toMatchObject({ amount_refunded: 0, refunded: false });
    await expect(h.stripe.refunds.create({ payment_intent: pi.id }, {})).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a refund and a dispute made "in the dashboard" send their events without a request id', async () => {
    const pi = await paid();
    const refund = await control(h, '/refunds', { payment_intent: pi.id, amount: 1000, refund_application_fee: true });
    expect(refund.body).toMatchObject({ amount: 1000, status: 'succeeded' });
    const [created] = await h.receiver.waitFor((r) => r.event.type === 'refund.created');
    expect(created?.event.request).toEqual({ id: null, idempotency_key: null });
    const failed = await control(h, `/refunds/${refund.body.id as string}/fail`);
    expect(failed.body).toMatchObject({ status: 'failed' });
    await h.receiver.waitFor((r) => r.event.type === 'refund.updated');

    const dispute = await control(h, '/disputes', { payment_intent: pi.id });
    expect(dispute.body).toMatchObject({ object: 'dispute', status: 'needs_response', amount: 5000 });
    const [disputed] = await h.receiver.waitFor((r) => r.event.type === 'charge.dispute.created');
    expect(disputed?.connect).toBe(true);
    expect((await h.stripe.charges.retrieve(pi.latest_charge as string, {}, on)).disputed).toBe(true);
  });
});

describe('partial refunds and the fee', () => {
  const feeOf = async (pi: Stripe.PaymentIntent) => {
    const charge = await h.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['application_fee'] }, on);
    return charge.application_fee as Stripe.ApplicationFee;
  };

  it('returns the fee in proportion rounded down, and the refund that completes the charge returns the rest', async () => {
    const pi = await paid(); // 50.00 with a 2.50 fee
    for (const amount of [1990, 1990]) await h.stripe.refunds.create({ payment_intent: pi.id, amount, refund_application_fee: true }, on);
    // 250 × 1990 / 5000 = 99.5 → 99, twice (rounding would have given 100).
    expect((await feeOf(pi)).amount_refunded).toBe(198);
    await h.stripe.refunds.create({ payment_intent: pi.id, refund_application_fee: true }, on);
    expect(await feeOf(pi)).toMatchObject({ amount_refunded: 250, refunded: true });
    expect((await h.stripe.refunds.list({ payment_intent: pi.id }, on)).data.map((r) => r.amount)).toEqual([1020, 1990, 1990]);
  });

  it("refuses more than is left with Stripe's message, and a charge refunded already with charge_already_refunded", async () => {
    const pi = await paid();
    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 3000 }, on);
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, amount: 2001 }, on)).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'amount',
      message: 'Refund amount ($20.01) is greater than unrefunded amount on charge ($20.00)',
    });
    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2000 }, on);
    await expect(h.stripe.refunds.create({ payment_intent: pi.id, amount: 1 }, on)).rejects.toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('POST /_emulator/charges/:id/refund refunds "in the dashboard" (the platform keeps its fee), with its events', async () => {
    const pi = await paid();
    const charge = pi.latest_charge as string;
    const made = await control(h, `/charges/${charge}/refund`, { amount: 1500 });
    expect(made.body).toMatchObject({ object: 'refund', amount: 1500, status: 'succeeded', charge, payment_intent: pi.id, metadata: {} });
    const [created] = await h.receiver.waitFor((r) => r.event.type === 'refund.created');
    expect(created).toMatchObject({ connect: true, event: { account: on.stripeAccount, request: { id: null }, data: { object: { id: made.body.id } } } });
    const [refunded] = await h.receiver.waitFor((r) => r.event.type === 'charge.refunded');
    expect(refunded?.event.data.object).toMatchObject({ id: charge, amount_refunded: 1500, refunded: false });
    expect((await feeOf(pi)).amount_refunded).toBe(0);
    // Without `amount`: the rest; then nothing is left.
    expect((await control(h, `/charges/${charge}/refund`)).body).toMatchObject({ amount: 3500 });
    expect((await control(h, `/charges/${charge}/refund`, { amount: 1 })).body).toMatchObject({ error: { code: 'charge_already_refunded' } });
  });

  it('a refund failing later sends refund.updated and refund.failed, and the charge and the fee take it back', async () => {
    const pi = await paid();
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2000, refund_application_fee: true }, on);
    expect((await feeOf(pi)).amount_refunded).toBe(100);
    const failed = await control(h, `/refunds/${refund.id}/fail`);
    expect(failed.body).toMatchObject({ id: refund.id, status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const [updated] = await h.receiver.waitFor((r) => r.event.type === 'refund.updated');
    expect(updated?.event.data).toMatchObject({ object: { id: refund.id, status: 'failed' }, previous_attributes: { status: 'succeeded' } });
    const [failedEvent] = await h.receiver.waitFor((r) => r.event.type === 'refund.failed');
    expect(failedEvent?.event.data.object).toMatchObject({ id: refund.id, status: 'failed' });
    expect(await h.stripe.charges.retrieve(pi.latest_charge as string, {}, on)).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(await feeOf(pi)).toMatchObject({ amount_refunded: 0, refunded: false });
    // All of it can be refunded again, the whole fee with it.
    await h.stripe.refunds.create({ payment_intent: pi.id, refund_application_fee: true }, on);
    expect(await feeOf(pi)).toMatchObject({ amount_refunded: 250, refunded: true });
  });
});

describe('faults', () => {
  const quiet = () => new Stripe('sk_test_emulator', { ...h.emulator.sdkOptions, maxNetworkRetries: 0, timeout: 300 });

  it('the next N calls fail with 500; the SDK retries them by itself when allowed', async () => {
    await control(h, '/faults', { type: 'server_error', count: 1 });
    await expect(quiet().accounts.list()).rejects.toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    expect((await quiet().accounts.list()).object).toBe('list');
    h.emulator.controls.fault({ type: 'server_error', count: 1 });
    const retrying = new Stripe('sk_test_emulator', { ...h.emulator.sdkOptions, maxNetworkRetries: 1 });
    expect((await retrying.accounts.list()).object).toBe('list');
  });

  it('429 rate limits and path filters', async () => {
    await control(h, '/faults', { type: 'rate_limit', count: 2, path: '/v1/checkout/sessions' });
    expect((await quiet().accounts.list()).object).toBe('list');
    await expect(quiet().checkout.sessions.list({}, on)).rejects.toMatchObject({ statusCode: 429, code: 'rate_limit', type: 'StripeRateLimitError' });
    await expect(quiet().checkout.sessions.list({}, on)).rejects.toMatchObject({ statusCode: 429 });
    expect((await quiet().checkout.sessions.list({}, on)).data).toEqual([]);
  });

  it('a hanging call times out in the SDK; a slow one still does its work, and the retry with the same key replays it', async () => {
    await control(h, '/faults', { type: 'hang' });
    await expect(quiet().accounts.list()).rejects.toMatchObject({ type: 'StripeConnectionError' });

    await control(h, '/faults', { type: 'hang', delay_ms: 500 });
    const key = { ...on, idempotencyKey: 'booking-slow' };
    const params = sessionParams(h);
    await expect(quiet().checkout.sessions.create(params, key)).rejects.toMatchObject({ type: 'StripeConnectionError' });
    await new Promise((r) => setTimeout(r, 400));
    const retried = await h.stripe.checkout.sessions.create(params, key);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.checkout.sessions.list({}, on)).data.map((s) => s.id)).toEqual([retried.id]);
  });
});

import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { control, onboardedAccount, startHarness, type Harness } from './testing/harness';

/**
 * Saved cards across businesses, through the real SDK: platform Customers, `setup` mode Checkout,
 * PaymentMethods (attach, detach, the Connect clone), off-session PaymentIntents on a connected
 * account with an application fee, authentication and declines, idempotency.
 */

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

const SUCCESS_URL = 'http://shop.test/cards/saved?session={CHECKOUT_SESSION_ID}';

async function setupSession(customer: string): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create({
    mode: 'setup',
    customer,
    currency: 'usd',
    success_url: SUCCESS_URL,
    cancel_url: 'http://shop.test/cards/cancel',
    setup_intent_data: { metadata: { walletId: 'w1' } },
    metadata: { purpose: 'save-card' },
  });
}

/** A platform customer with a card saved through a setup session; returns both. */
async function savedCard(number = '4242424242424242'): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await h.stripe.customers.create({ email: 'ada@example.test', name: 'Ada' });
  const session = await setupSession(customer.id);
  h.emulator.controls.setup(session.id, { number, name: 'Ada Lovelace' });
  const [pm] = (await h.stripe.customers.listPaymentMethods(customer.id, { type: 'card' })).data;
  return { customer, pm: pm as Stripe.PaymentMethod };
}

/** The one-click payment: the saved card cloned onto the connected account and charged off-session there. */
async function chargeSaved(pm: Stripe.PaymentMethod, customer: Stripe.Customer, over: Partial<Stripe.PaymentIntentCreateParams> = {}, key?: string) {
  const clone = await h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on);
  return h.stripe.paymentIntents.create(
    {
      amount: 5000,
      currency: 'usd',
      payment_method: clone.id,
      confirm: true,
      off_session: true,
      application_fee_amount: 250,
      allowed_payment_method_types: ['card'],
      metadata: { bookingId: 'b1' },
      expand: ['latest_charge'],
      ...over,
    },
    { ...on, ...(key ? { idempotencyKey: key } : {}) },
  );
}

describe('customers', () => {
  it('are created, read, listed by exact email and searched on the platform and on a connected account, each apart', async () => {
    const ada = await h.stripe.customers.create({ email: 'Ada@example.test', name: 'Ada', metadata: { walletId: 'w1' } });
    expect(ada).toMatchObject({ object: 'customer', email: 'Ada@example.test', name: 'Ada', metadata: { walletId: 'w1' }, livemode: false });
    expect(ada.id).toMatch(/^cus_/);
    await h.stripe.customers.create({ email: 'bob@example.test' });
    const local = await h.stripe.customers.create({ email: 'Ada@example.test' }, on);

    expect((await h.stripe.customers.retrieve(ada.id)).id).toBe(ada.id);
    // The list filter is exact and case-sensitive, as Stripe's is; search compares email without case.
    expect((await h.stripe.customers.list({ email: 'Ada@example.test' })).data.map((c) => c.id)).toEqual([ada.id]);
    expect((await h.stripe.customers.list({ email: 'ada@example.test' })).data).toEqual([]);
    const found = await h.stripe.customers.search({ query: "email:'ada@example.test' AND metadata['walletId']:'w1'" });
    expect(found.data.map((c) => c.id)).toEqual([ada.id]);
    // Objects of one account are invisible to the other.
    expect((await h.stripe.customers.list({ email: 'Ada@example.test' }, on)).data.map((c) => c.id)).toEqual([local.id]);
    await expect(h.stripe.customers.retrieve(local.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(h.stripe.customers.create({ email: 'not-an-email' })).rejects.toMatchObject({ statusCode: 400, param: 'email' });

    const updated = await h.stripe.customers.update(ada.id, { name: 'Ada L.' });
    expect(updated.name).toBe('Ada L.');
    // Two platform customers to the platform endpoint, the connected account's to the Connect one.
    const created = await h.receiver.waitFor((r) => r.event.type === 'customer.created', 3);
    expect(created.filter((r) => r.connect).map((r) => r.event.account)).toEqual([on.stripeAccount]);

    const byControl = (await fetch(`${h.emulator.url}/_emulator/customers?email=ADA@example.test`).then((r) => r.json())) as {
      data: { id: string; account: string | null }[];
    };
    expect(byControl.data.map((c) => [c.id, c.account])).toEqual([
      [local.id, on.stripeAccount],
      [ada.id, null],
    ]);
  });
});

describe('saving a card with a setup mode Checkout Session', () => {
  it('attaches a new card PaymentMethod to the customer; the SetupIntent succeeds; the platform hears of it', async () => {
    const customer = await h.stripe.customers.create({ email: 'ada@example.test' });
    const session = await setupSession(customer.id);
    expect(session).toMatchObject({
      mode: 'setup',
      status: 'open',
      customer: customer.id,
      payment_status: 'no_payment_required',
      amount_total: null,
      currency: 'usd',
      setup_intent: null,
      url: `${h.emulator.url}/c/pay/${session.id}`,
    });
    const page = await (await fetch(session.url as string)).text();
    expect(page).toContain('Save your card');

    const result = h.emulator.controls.setup(session.id, { number: '4242 4242 4242 4242', expMonth: 8, expYear: 2040, cvc: '123', name: 'Ada' });
    expect(result.session).toMatchObject({ status: 'complete', setup_intent: result.setup_intent.id, url: null });

    const si = await h.stripe.setupIntents.retrieve(result.setup_intent.id, { expand: ['payment_method'] });
    expect(si).toMatchObject({ status: 'succeeded', customer: customer.id, usage: 'off_session', metadata: { walletId: 'w1' } });
    const pm = si.payment_method as Stripe.PaymentMethod;
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: customer.id,
      billing_details: { email: 'ada@example.test', name: 'Ada' },
      card: { brand: 'visa', last4: '4242', exp_month: 8, exp_year: 2040, funding: 'credit' },
    });
    expect(JSON.stringify(pm)).not.toContain('4242424242424242');
    expect((await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.map((p) => p.id)).toEqual([pm.id]);
    expect((await h.stripe.customers.retrievePaymentMethod(customer.id, pm.id)).id).toBe(pm.id);

    const [completed] = await h.receiver.waitFor((r) => r.event.type === 'checkout.session.completed');
    expect(completed?.connect).toBe(false);
    expect(completed?.event.data.object).toMatchObject({ id: session.id, mode: 'setup', setup_intent: si.id, customer: customer.id, status: 'complete' });
    const [succeeded] = await h.receiver.waitFor((r) => r.event.type === 'setup_intent.succeeded');
    expect(succeeded?.event.data.object).toMatchObject({ id: si.id, payment_method: pm.id });
    await h.receiver.waitFor((r) => r.event.type === 'payment_method.attached');
    const types = h.emulator.controls
      .events()
      .map((e) => e.type)
      .reverse();
    expect(types.slice(types.indexOf('setup_intent.created'))).toEqual([
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('refuses line items and a session without currency; a declined card leaves the session open with nothing saved', async () => {
    const customer = await h.stripe.customers.create({ email: 'ada@example.test' });
    await expect(h.stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, success_url: SUCCESS_URL })).rejects.toMatchObject({
      statusCode: 400,
      param: 'currency',
    });
    await expect(
      h.stripe.checkout.sessions.create({
        mode: 'setup',
        currency: 'usd',
        success_url: SUCCESS_URL,
        line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'line_items' });
    await expect(h.stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: 'cus_nope', success_url: SUCCESS_URL })).rejects.toMatchObject({
      statusCode: 404,
      param: 'customer',
    });

    // Cards as the only method stand in for a currency, as the API's setup sessions ask.
    const cardsOnly = await h.stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      allowed_payment_method_types: ['card'],
      success_url: SUCCESS_URL,
    });
    expect(cardsOnly).toMatchObject({ mode: 'setup', currency: null, status: 'open' });

    const session = await setupSession(customer.id);
    const declined = await control(h, `/checkout/sessions/${session.id}/setup`, { card: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      setup_intent: { status: 'requires_payment_method' },
    });
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    await h.receiver.waitFor((r) => r.event.type === 'setup_intent.setup_failed');

    const saved = await control(h, `/checkout/sessions/${session.id}/setup`, { card: '4242424242424242' });
    expect(saved.status).toBe(200);
    // The second attempt completes the same SetupIntent.
    expect((saved.body.setup_intent as { id: string }).id).toBe((declined.body.error as { setup_intent: { id: string } }).setup_intent.id);
  });

  it('on the hosted page, a card that asks for authentication gets the bank step; failing it saves nothing, passing it saves the card', async () => {
    const customer = await h.stripe.customers.create({ email: 'ada@example.test' });
    const session = await setupSession(customer.id);
    const post = (form: Record<string, string>) =>
      fetch(session.url as string, {
        method: 'POST',
        body: new URLSearchParams(form),
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const card = { card_number: '4000 0025 0000 3155', exp: '12 / 40', cvc: '123', name: 'Ada', email: 'ada@example.test' };

    const step = await post(card);
    expect(step.status).toBe(200);
    const html = await step.text();
    expect(html).toContain('Authenticate your card');
    expect(html).toContain('value="4000 0025 0000 3155"');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).setup_intent).toBeNull();

    const failed = await post({ ...card, authenticate: 'fail' });
    expect(failed.status).toBe(400);
    expect(await failed.text()).toContain('authentication failed');
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);

    const passed = await post({ ...card, authenticate: 'complete' });
    expect(passed.status).toBe(303);
    expect(passed.headers.get('location')).toBe(`http://shop.test/cards/saved?session=${session.id}`);
    const [pm] = (await h.stripe.customers.listPaymentMethods(customer.id)).data;
    expect(pm?.card).toMatchObject({ last4: '3155', exp_month: 12, exp_year: 2040 });
    expect(await (await fetch(session.url as string)).text()).toContain('Card saved');
  });
});

describe('the Connect clone of a saved card', () => {
  it('makes a new, unattached PaymentMethod with the same card on the connected account, independent of the original', async () => {
    const { customer, pm } = await savedCard();
    const clone = await h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on);
    expect(clone.id).not.toBe(pm.id);
    expect(clone).toMatchObject({ type: 'card', customer: null, billing_details: { name: 'Ada Lovelace' } });
    expect(clone.card).toMatchObject({ brand: pm.card?.brand, last4: '4242', exp_month: pm.card?.exp_month, exp_year: pm.card?.exp_year });
    // Fingerprints are per account, as at Stripe.
    expect(clone.card?.fingerprint).not.toBe(pm.card?.fingerprint);
    await expect(h.stripe.paymentMethods.retrieve(clone.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await h.stripe.paymentMethods.retrieve(clone.id, {}, on)).id).toBe(clone.id);

    // Removing the saved card on the platform leaves the clone usable.
    const detached = await h.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const pi = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: clone.id, confirm: true, off_session: true }, on);
    expect(pi.status).toBe('succeeded');
  });

  it("needs the platform customer the card is attached to, and a Stripe-Account header, with Stripe's errors", async () => {
    const { customer, pm } = await savedCard();
    const other = await h.stripe.customers.create({ email: 'bob@example.test' });
    await expect(h.stripe.paymentMethods.create({ customer: other.id, payment_method: pm.id }, on)).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_method',
      message: `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
    });
    await expect(h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id })).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.paymentMethods.create({ customer: customer.id, payment_method: 'pm_missing' }, on)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await h.stripe.paymentMethods.detach(pm.id);
    await expect(h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on)).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('off-session PaymentIntents on a connected account', () => {
  it('a good card succeeds as a direct charge with the application fee, which the refund code returns in proportion', async () => {
    const { customer, pm } = await savedCard();
    const pi = await chargeSaved(pm, customer);
    expect(pi).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 5000,
      amount_received: 5000,
      application_fee_amount: 250,
      metadata: { bookingId: 'b1' },
    });
    expect(pi.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded' });
    const withCharge = await h.stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method'] }, on);
    const charge = withCharge.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, amount: 5000, payment_method_details: { card: { last4: '4242' } } });
    expect((withCharge.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    const fee = await h.stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee).toMatchObject({ amount: 250, account: on.stripeAccount, charge: charge.id });

    await h.stripe.refunds.create({ payment_intent: pi.id, amount: 2000, refund_application_fee: true }, on);
    expect((await h.stripe.applicationFees.retrieve(fee.id)).amount_refunded).toBe(100);

    const [succeeded] = await h.receiver.waitFor((r) => r.event.type === 'payment_intent.succeeded');
    expect(succeeded).toMatchObject({ connect: true, event: { account: on.stripeAccount, data: { object: { id: pi.id } } } });
    await h.receiver.waitFor((r) => r.event.type === 'charge.succeeded' && r.connect);
  });

  it('a card whose bank asks for authentication fails off-session with authentication_required and waits in requires_action on-session', async () => {
    const { customer, pm } = await savedCard('4000002500003155');
    const err = await chargeSaved(pm, customer).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    const failedPi = (err as Stripe.errors.StripeCardError).payment_intent as Stripe.PaymentIntent;
    expect(failedPi).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'authentication_required' } });
    expect((await h.stripe.paymentIntents.retrieve(failedPi.id, {}, on)).status).toBe('requires_payment_method');
    const [failed] = await h.receiver.waitFor((r) => r.event.type === 'payment_intent.payment_failed');
    expect(failed?.event.account).toBe(on.stripeAccount);

    const clone = await h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on);
    const onSession = await h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: clone.id, confirm: true }, on);
    expect(onSession).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' }, latest_charge: null });
    expect((await h.stripe.paymentIntents.cancel(onSession.id, {}, on)).status).toBe('canceled');
  });

  it('declines: a card saved fine but declined when charged (0341), and the 0002 test card, are card_declined', async () => {
    const { customer, pm } = await savedCard('4000000000000341');
    await expect(chargeSaved(pm, customer)).rejects.toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    await expect(
      h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true, off_session: true }, on),
    ).rejects.toMatchObject({ statusCode: 402, code: 'card_declined', raw: { payment_intent: { status: 'requires_payment_method' } } });
    const failedCharges = (await h.stripe.charges.list({}, on)).data;
    expect(failedCharges.map((c) => c.status)).toEqual(['failed', 'failed']);
    await h.receiver.waitFor((r) => r.event.type === 'charge.failed', 2);
  });

  it('the dispute test card is disputed once paid, as on a Checkout page; PaymentIntents list by customer', async () => {
    const pi = await h.stripe.paymentIntents.create(
      { amount: 5000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true, off_session: true },
      on,
    );
    expect(pi.status).toBe('succeeded');
    const [opened] = await h.receiver.waitFor((r) => r.event.type === 'charge.dispute.created');
    expect(opened?.event).toMatchObject({ account: on.stripeAccount, data: { object: { payment_intent: pi.id, status: 'needs_response' } } });

    const local = await h.stripe.customers.create({ email: 'ada@example.test' }, on);
    const own = await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: local.id, payment_method: 'pm_card_visa', confirm: true }, on);
    expect(own).toMatchObject({ status: 'succeeded', customer: local.id });
    expect((await h.stripe.paymentIntents.list({ customer: local.id }, on)).data.map((p) => p.id)).toEqual([own.id]);
  });

  it('an unattached clone pays once; other payment methods and amounts are checked before anything is made', async () => {
    const { customer, pm } = await savedCard();
    const clone = await h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on);
    const params = { amount: 5000, currency: 'usd', payment_method: clone.id, confirm: true, off_session: true };
    await h.stripe.paymentIntents.create(params, on);
    await expect(h.stripe.paymentIntents.create(params, on)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('may not be used again'),
    });
    // The platform's own card is not visible on the connected account.
    await expect(h.stripe.paymentIntents.create({ ...params, payment_method: pm.id }, on)).rejects.toMatchObject({ statusCode: 404 });
    await expect(h.stripe.paymentIntents.create({ ...params, payment_method: 'pm_card_visa', application_fee_amount: 5001 }, on)).rejects.toMatchObject({
      param: 'application_fee_amount',
    });
    await expect(h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', confirm: true }, on)).rejects.toMatchObject({ param: 'payment_method' });
    await expect(h.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', off_session: true }, on)).rejects.toMatchObject({ param: 'off_session' });
    h.emulator.controls.disableCharges(on.stripeAccount);
    await expect(h.stripe.paymentIntents.create({ ...params, payment_method: 'pm_card_visa' }, on)).rejects.toMatchObject({ statusCode: 400 });
    expect((await h.stripe.paymentIntents.list({}, on)).data).toHaveLength(1);
  });

  it('an Idempotency-Key replays the same answer, a declined one too; with other parameters it is an idempotency_error', async () => {
    const { customer, pm } = await savedCard();
    const clone = await h.stripe.paymentMethods.create({ customer: customer.id, payment_method: pm.id }, on);
    const params = { amount: 5000, currency: 'usd', payment_method: clone.id, confirm: true, off_session: true, application_fee_amount: 250 };
    const first = await h.stripe.paymentIntents.create(params, { ...on, idempotencyKey: 'booking-b1-pay' });
    const again = await h.stripe.paymentIntents.create(params, { ...on, idempotencyKey: 'booking-b1-pay' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await h.stripe.charges.list({ payment_intent: first.id }, on)).data).toHaveLength(1);
    await expect(h.stripe.paymentIntents.create({ ...params, amount: 6000 }, { ...on, idempotencyKey: 'booking-b1-pay' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    });

    const declined = { ...params, payment_method: 'pm_card_visa_chargeDeclined' };
    const attempt = () =>
      h.stripe.paymentIntents.create(declined, { ...on, idempotencyKey: 'booking-b2-pay' }).then(
        () => expect.fail('declined'),
        (e: Stripe.errors.StripeError) => e,
      );
    const e1 = await attempt();
    const e2 = await attempt();
    expect(e1).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(e2.payment_intent?.id).toBe(e1.payment_intent?.id);
  });
});

describe('removing a saved card', () => {
  it('detaches it: gone from the customer, not usable again, payment_method.detached sent; the controls list what is left', async () => {
    const { customer, pm } = await savedCard();
    const second = await h.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    expect(second).toMatchObject({ customer: customer.id, card: { brand: 'mastercard', last4: '4444' } });

    const detached = await h.stripe.paymentMethods.detach(pm.id);
    expect(detached).toMatchObject({ id: pm.id, customer: null });
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([second.id]);
    await expect(h.stripe.paymentMethods.detach(pm.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(h.stripe.paymentMethods.attach(pm.id, { customer: customer.id })).rejects.toMatchObject({ statusCode: 400 });
    const [event] = await h.receiver.waitFor((r) => r.event.type === 'payment_method.detached');
    expect(event?.event.data).toMatchObject({ object: { id: pm.id, customer: null }, previous_attributes: { customer: customer.id } });

    const listed = (await fetch(`${h.emulator.url}/_emulator/payment_methods?customer=${customer.id}`).then((r) => r.json())) as {
      data: { id: string; account: string | null }[];
    };
    expect(listed.data.map((p) => [p.id, p.account])).toEqual([[second.id, null]]);
    // A card that the bank declines cannot be attached.
    await expect(h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id })).rejects.toMatchObject({
      statusCode: 402,
      code: 'card_declined',
    });
  });
});

describe('Checkout payment mode with a card that asks for authentication', () => {
  it('pays after the bank step on the hosted page; the pay control passes it unless told to fail', async () => {
    const session = await h.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 5000, product_data: { name: 'Haircut' } } }],
        payment_intent_data: { application_fee_amount: 250 },
        success_url: 'http://shop.test/done',
      },
      on,
    );
    const post = (form: Record<string, string>) => fetch(session.url as string, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });
    const card = { card_number: '4000002500003155', exp: '12 / 40', cvc: '123', name: 'Ada', email: 'ada@example.test' };
    const step = await post(card);
    expect(await step.text()).toContain('Your bank asks you to confirm it is you to pay $50.00');
    const failed = await post({ ...card, authenticate: 'fail' });
    expect(failed.status).toBe(400);
    const afterFail = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] }, on);
    expect(afterFail).toMatchObject({
      status: 'open',
      payment_intent: { status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure' } },
    });
    const paid = await post({ ...card, authenticate: 'complete' });
    expect(paid.status).toBe(303);
    expect((await h.stripe.checkout.sessions.retrieve(session.id, {}, on)).payment_status).toBe('paid');

    const other = await h.stripe.checkout.sessions.create(
      { mode: 'payment', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 5000, product_data: { name: 'Cut' } } }] },
      on,
    );
    await expect(control(h, `/checkout/sessions/${other.id}/pay`, { card: '4000 0025 0000 3155', authenticate: 'fail' })).resolves.toMatchObject({
      status: 400,
    });
    expect(h.emulator.controls.pay(other.id, { number: '4000002500003155' }).payment_intent.status).toBe('succeeded');
  });
});

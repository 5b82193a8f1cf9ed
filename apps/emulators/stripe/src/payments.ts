import { changedFields } from './accounts';
import { StripeApiError, invalidRequest, resourceMissing } from './errors';
import { createDispute } from './disputes';
import type { Core, Route } from './router';
import { randomId, type EventCtx } from './store';
import { createHash } from 'node:crypto';
import type { ApplicationFee, CardDetails, Charge, CheckoutSession, PaymentError, PaymentIntent, PaymentMethod, Scope } from './types';

/**
 * Paying with a test card: a Checkout Session, as the hosted page and the `pay` control do (the
 * PaymentIntent is created at the first attempt), or a PaymentIntent confirmed through the API
 * with a saved PaymentMethod (payment-intents.ts). Each attempt makes a Charge (failed ones too),
 * a declined card leaves the session open for another try, and a successful direct charge with an
 * application fee creates the fee on the platform.
 */

export type CardInput = {
  number: string;
  expMonth?: number;
  expYear?: number;
  cvc?: string;
  name?: string;
  email?: string;
  /** For a card that asks for authentication (4000 0025 0000 3155): the customer passes it (default) or fails it. */
  authenticate?: 'complete' | 'fail';
};

export type Decline = { code: string; decline_code: string; message: string };
export type TestCard = {
  brand: string;
  funding: 'credit' | 'debit';
  /** Declined when charged and when saved (a SetupIntent checks the card). */
  decline?: Decline;
  /** Saved without trouble, declined when charged (4000 0000 0000 0341). */
  chargeDecline?: Decline;
  /** The bank asks the cardholder to authenticate (3-D Secure) every payment and when the card is saved. */
  authentication?: boolean;
  dispute?: boolean;
};

const GENERIC: Decline = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };

const TEST_CARDS: Record<string, TestCard> = {
  '4242424242424242': { brand: 'visa', funding: 'credit' },
  '4000056655665556': { brand: 'visa', funding: 'debit' },
  '5555555555554444': { brand: 'mastercard', funding: 'credit' },
  '378282246310005': { brand: 'amex', funding: 'credit' },
  '4000000000000002': { brand: 'visa', funding: 'credit', decline: GENERIC },
  '4000000000009995': {
    brand: 'visa',
    funding: 'credit',
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  '4000000000009987': { brand: 'visa', funding: 'credit', decline: { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' } },
  '4000000000000069': { brand: 'visa', funding: 'credit', decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' } },
  '4000000000000127': {
    brand: 'visa',
    funding: 'credit',
    decline: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  '4000000000000119': {
    brand: 'visa',
    funding: 'credit',
    decline: {
      code: 'processing_error',
      decline_code: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
  '4000000000000259': { brand: 'visa', funding: 'credit', dispute: true },
  '4000002500003155': { brand: 'visa', funding: 'credit', authentication: true },
  '4000002760003184': { brand: 'visa', funding: 'credit', authentication: true },
  '4000000000000341': { brand: 'visa', funding: 'credit', chargeDecline: GENERIC },
};

const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** The test card behind a number, or undefined for other (live) numbers. */
export function testCard(digits: string): TestCard | undefined {
  return TEST_CARDS[digits];
}

/** Whether the bank behind this card number asks the cardholder to authenticate (a hosted page shows that step first). */
export function asksAuthentication(number: string): boolean {
  return TEST_CARDS[number.replace(/[\s-]/g, '')]?.authentication === true;
}

/** The bank's answer when a card is saved (a SetupIntent, attaching a PaymentMethod): a decline, or undefined. */
export function setupDecline(card: ReadCard): Decline | undefined {
  return card.test ? card.test.decline : LIVE_CARD;
}

const LIVE_CARD: Decline = {
  code: 'card_declined',
  decline_code: 'test_mode_live_card',
  message:
    'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
};

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function cardError(code: string, message: string, param: string): StripeApiError {
  return new StripeApiError(402, { type: 'card_error', code, message, param });
}

export type ReadCard = { digits: string; test: TestCard | undefined; details: CardDetails; cvcGiven: boolean };

/** Checks what a form would check before any charge is attempted; returns the card's details. */
export function readCard(card: CardInput, now: number): ReadCard {
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) throw cardError('incorrect_number', 'Your card number is incorrect.', 'number');
  const nowDate = new Date(now * 1000);
  const expMonth = card.expMonth ?? 12;
  const expYear = card.expYear ?? nowDate.getUTCFullYear() + 5;
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12)
    throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
  const year = expYear < 100 ? 2000 + expYear : expYear;
  if (year < nowDate.getUTCFullYear() || (year === nowDate.getUTCFullYear() && expMonth < nowDate.getUTCMonth() + 1)) {
    throw cardError('invalid_expiry_year', "Your card's expiration year is in the past.", 'exp_year');
  }
  if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc)) throw cardError('invalid_cvc', "Your card's security code is invalid.", 'cvc');
  const test = TEST_CARDS[digits];
  return {
    digits,
    test,
    details: { brand: test?.brand ?? 'visa', last4: digits.slice(-4), exp_month: expMonth, exp_year: year, country: 'US', funding: test?.funding ?? 'credit' },
    cvcGiven: card.cvc !== undefined,
  };
}

/** A card PaymentMethod on an account, keeping its number aside (a Checkout payment, a saved card, a clone). */
export function cardPaymentMethod(
  core: Core,
  scope: Scope,
  now: number,
  card: ReadCard,
  billing: { email: string | null; name: string | null },
): PaymentMethod {
  const { digits, details } = card;
  const pm: PaymentMethod = {
    id: randomId('pm_'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: billing.email,
      name: billing.name,
      phone: null,
    },
    card: {
      ...details,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: card.cvcGiven ? 'pass' : 'unavailable' },
      display_brand: details.brand,
      // Stripe's fingerprint tells the same card number apart on one account, and differs between accounts.
      fingerprint: createHash('sha256')
        .update(`${scope ?? core.store.platformAccountId}:${digits}`)
        .digest('base64url')
        .replace(/[-_]/g, '')
        .slice(0, 16),
      generated_from: null,
      networks: { available: [details.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: now,
    customer: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  core.store.cardNumbers.set(pm.id, digits);
  return core.store.put(scope, pm);
}

/** The card a PaymentMethod was made from, as `readCard` gives it (for a clone). */
export function cardOf(core: Core, pm: PaymentMethod): ReadCard {
  const digits = core.store.cardNumbers.get(pm.id) ?? '';
  const { brand, last4, exp_month, exp_year, country, funding } = pm.card;
  return { digits, test: TEST_CARDS[digits], details: { brand, last4, exp_month, exp_year, country, funding }, cvcGiven: pm.card.checks.cvc_check === 'pass' };
}

export type NewPaymentIntent = {
  amount: number;
  currency: string;
  application_fee_amount?: number | null;
  capture_method?: PaymentIntent['capture_method'];
  customer?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  on_behalf_of?: string | null;
  payment_method?: string | null;
  receipt_email?: string | null;
  transfer_data?: PaymentIntent['transfer_data'];
};

/** A new PaymentIntent on an account (`payment_intent.created`). */
export function createPaymentIntent(core: Core, ctx: EventCtx, scope: Scope, fields: NewPaymentIntent): PaymentIntent {
  const id = randomId('pi_');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: fields.amount,
    amount_capturable: 0,
    amount_received: 0,
    application_fee_amount: fields.application_fee_amount ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: fields.capture_method ?? 'automatic_async',
    client_secret: `${id}_secret_${randomId('', 25)}`,
    created: ctx.now,
    currency: fields.currency,
    customer: fields.customer ?? null,
    description: fields.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: fields.metadata ?? {},
    next_action: null,
    on_behalf_of: fields.on_behalf_of ?? null,
    payment_method: fields.payment_method ?? null,
    payment_method_types: ['card'],
    receipt_email: fields.receipt_email ?? null,
    setup_future_usage: null,
    status: fields.payment_method ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: fields.transfer_data ?? null,
  };
  core.store.put(scope, pi);
  core.store.emit(ctx, 'payment_intent.created', scope, pi);
  return pi;
}

function ensurePaymentIntent(core: Core, ctx: EventCtx, scope: Scope, session: CheckoutSession): PaymentIntent {
  if (session.payment_intent) {
    const existing = core.store.get('payment_intent', session.payment_intent, scope);
    if (existing) return existing;
  }
  const data = core.store.paymentIntentData.get(session.id);
  const pi = createPaymentIntent(core, ctx, scope, {
    ...data,
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    customer: session.customer,
  });
  session.payment_intent = pi.id;
  return pi;
}

/** How a payment attempt meets a card whose bank asks the cardholder to authenticate (3-D Secure). */
export type Authentication =
  /** On a hosted page: the customer authenticated. */
  | 'completed'
  /** On a hosted page: the customer failed the authentication. */
  | 'failed'
  /** Confirmed through the API with the customer present: the PaymentIntent waits in `requires_action`. */
  | 'on_session'
  /** Confirmed with `off_session` (or `error_on_requires_action`): nobody can authenticate, so it is a decline. */
  | 'off_session';

function failAuthentication(core: Core, ctx: EventCtx, scope: Scope, pi: PaymentIntent, pm: PaymentMethod, piBefore: PaymentIntent): never {
  const message =
    'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';
  const code = 'payment_intent_authentication_failure';
  pi.status = 'requires_payment_method';
  pi.last_payment_error = {
    type: 'invalid_request_error',
    code,
    message,
    payment_method: { id: pm.id, object: 'payment_method', type: 'card', card: cardOf(core, pm).details },
  };
  core.store.emit(ctx, 'payment_intent.payment_failed', scope, pi, changedFields(piBefore, pi));
  throw new StripeApiError(400, { type: 'invalid_request_error', code, message, payment_intent: structuredClone(pi) });
}

/**
 * One attempt to pay a PaymentIntent with a card PaymentMethod: a Charge (failed or succeeded), on
 * success the application fee of a direct charge, and the events. A decline throws the 402 card
 * error after recording it; null means the PaymentIntent now `requires_action`.
 */
export function attemptPayment(core: Core, ctx: EventCtx, scope: Scope, pi: PaymentIntent, pm: PaymentMethod, authentication: Authentication): Charge | null {
  const { test, details } = cardOf(core, pm);
  const piBefore = structuredClone(pi);
  pi.payment_method = pm.id;
  pi.next_action = null;
  let decline = test ? (test.decline ?? test.chargeDecline) : LIVE_CARD;
  if (!decline && test?.authentication) {
    if (authentication === 'failed') failAuthentication(core, ctx, scope, pi, pm, piBefore);
    if (authentication === 'on_session') {
      pi.status = 'requires_action';
      pi.last_payment_error = null;
      pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', source: randomId('src_') } };
      core.store.emit(ctx, 'payment_intent.requires_action', scope, pi, changedFields(piBefore, pi));
      return null;
    }
    if (authentication === 'off_session') decline = AUTHENTICATION_REQUIRED;
  }
  // As at Stripe, a PaymentMethod used without being attached to a Customer cannot be used again.
  if (!pm.customer) core.store.spentPaymentMethods.add(pm.id);
  const charge: Charge = {
    id: randomId('ch_'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: decline ? 0 : pi.amount,
    amount_refunded: 0,
    application_fee: null,
    application_fee_amount: pi.application_fee_amount,
    balance_transaction: decline ? null : randomId('txn_'),
    billing_details: { email: pm.billing_details.email, name: pm.billing_details.name },
    captured: !decline,
    created: ctx.now,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    livemode: false,
    metadata: { ...pi.metadata },
    outcome: decline
      ? {
          network_status: 'declined_by_network',
          reason: decline.decline_code,
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: { type: 'card', card: details },
    receipt_email: pi.receipt_email,
    refunded: false,
    status: decline ? 'failed' : 'succeeded',
    transfer_data: pi.transfer_data ? { destination: pi.transfer_data.destination } : null,
  };
  core.store.put(scope, charge);
  pi.latest_charge = charge.id;

  if (decline) {
    const error: PaymentError = {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      charge: charge.id,
      payment_method: { id: pm.id, object: 'payment_method', type: 'card', card: details },
    };
    pi.last_payment_error = error;
    pi.status = 'requires_payment_method';
    core.store.emit(ctx, 'charge.failed', scope, charge);
    core.store.emit(ctx, 'payment_intent.payment_failed', scope, pi, changedFields(piBefore, pi));
    throw new StripeApiError(402, {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      charge: charge.id,
      payment_intent: structuredClone(pi),
    });
  }

  let fee: ApplicationFee | undefined;
  const feeAccount = scope ?? pi.transfer_data?.destination;
  if (pi.application_fee_amount && feeAccount) {
    fee = {
      id: randomId('fee_'),
      object: 'application_fee',
      account: feeAccount,
      amount: pi.application_fee_amount,
      amount_refunded: 0,
      application: core.store.applicationId,
      balance_transaction: randomId('txn_'),
      charge: charge.id,
      created: ctx.now,
      currency: pi.currency,
      livemode: false,
      originating_transaction: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, url: '' },
    };
    fee.refunds.url = `/v1/application_fees/${fee.id}/refunds`;
    core.store.put(null, fee);
    charge.application_fee = fee.id;
  }
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.last_payment_error = null;
  core.store.emit(ctx, 'charge.succeeded', scope, charge);
  core.store.emit(ctx, 'payment_intent.succeeded', scope, pi, changedFields(piBefore, pi));
  if (fee) core.store.emit(ctx, 'application_fee.created', null, fee);
  return charge;
}

export type PaymentResult = { session: CheckoutSession; payment_intent: PaymentIntent; charge: Charge };

/** Pays an open `payment` mode session with a card. A decline throws a 402 card error after recording the attempt. */
export function paySession(core: Core, ctx: EventCtx, sessionId: string, card: CardInput): PaymentResult {
  const located = core.store.locate(sessionId);
  if (!located || located.obj.object !== 'checkout.session') throw resourceMissing('checkout.session', sessionId);
  const { scope } = located;
  const session = located.obj;
  if (session.status !== 'open')
    throw invalidRequest(`This Checkout Session is no longer open (status: ${session.status}).`, undefined, 'checkout_session_not_open');
  if (session.mode !== 'payment')
    throw invalidRequest(`This Checkout Session is in ${session.mode} mode: it saves a card (the setup control), it takes no payment.`);
  const read = readCard(card, ctx.now);
  const pi = ensurePaymentIntent(core, ctx, scope, session);
  const email = card.email ?? session.customer_email;
  const pm = cardPaymentMethod(core, scope, ctx.now, read, { email, name: card.name ?? null });
  const charge = attemptPayment(core, ctx, scope, pi, pm, card.authenticate === 'fail' ? 'failed' : 'completed');
  if (!charge) throw new Error('A payment on a hosted page never waits for an action.');
  const sessionBefore = structuredClone(session);
  session.status = 'complete';
  session.payment_status = 'paid';
  session.url = null;
  session.customer_details = { email, name: card.name ?? null };
  core.store.emit(ctx, 'checkout.session.completed', scope, session, changedFields(sessionBefore, session));
  if (read.test?.dispute) createDispute(core, ctx, scope, charge, {});
  return { session, payment_intent: pi, charge };
}

export const paymentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/payment_intents',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'created', 'customer']);
      const customer = input.str('customer');
      return core.store.page(
        core.store.all('payment_intent', ctx.scope).filter((pi) => !customer || pi.customer === customer),
        input,
        '/v1/payment_intents',
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    handler: ({ core, ctx, params }) => {
      const pi = core.store.get('payment_intent', params.id as string, ctx.scope);
      if (!pi) throw resourceMissing('payment_intent', params.id as string);
      return pi;
    },
  },
  {
    method: 'GET',
    path: '/v1/charges',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'created', 'customer', 'payment_intent']);
      const pi = input.str('payment_intent');
      return core.store.page(
        core.store.all('charge', ctx.scope).filter((c) => !pi || c.payment_intent === pi),
        input,
        '/v1/charges',
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/charges/:id',
    handler: ({ core, ctx, params }) => {
      const charge = core.store.get('charge', params.id as string, ctx.scope);
      if (!charge) throw resourceMissing('charge', params.id as string);
      return charge;
    },
  },
];

import { changedFields } from './accounts';
import { StripeApiError, invalidRequest, resourceMissing } from './errors';
import { createDispute } from './disputes';
import type { Core, Route } from './router';
import { randomId, type EventCtx } from './store';
import type { ApplicationFee, CardDetails, Charge, CheckoutSession, PaymentError, PaymentIntent, Scope } from './types';

/**
 * Paying a Checkout Session with a test card, as the hosted page and the `pay` control do: the
 * PaymentIntent is created at the first attempt, each attempt makes a Charge (failed ones too),
 * a declined card leaves the session open for another try, and a successful direct charge with an
 * application fee creates the fee on the platform.
 */

export type CardInput = { number: string; expMonth?: number; expYear?: number; cvc?: string; name?: string; email?: string };

type Decline = { code: string; decline_code: string; message: string };
type TestCard = { brand: string; funding: 'credit' | 'debit'; decline?: Decline; dispute?: boolean };

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
};

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

/** Checks what a form would check before any charge is attempted; returns the card's details. */
function readCard(card: CardInput, now: number): { test: TestCard | undefined; details: CardDetails } {
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
    test,
    details: { brand: test?.brand ?? 'visa', last4: digits.slice(-4), exp_month: expMonth, exp_year: year, country: 'US', funding: test?.funding ?? 'credit' },
  };
}

function ensurePaymentIntent(core: Core, ctx: EventCtx, scope: Scope, session: CheckoutSession): PaymentIntent {
  if (session.payment_intent) {
    const existing = core.store.get('payment_intent', session.payment_intent, scope);
    if (existing) return existing;
  }
  const data = core.store.paymentIntentData.get(session.id);
  const id = randomId('pi_');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: session.amount_total,
    amount_capturable: 0,
    amount_received: 0,
    application_fee_amount: data?.application_fee_amount ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: data?.capture_method ?? 'automatic_async',
    client_secret: `${id}_secret_${randomId('', 25)}`,
    created: ctx.now,
    currency: session.currency,
    description: data?.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: data?.metadata ?? {},
    on_behalf_of: data?.on_behalf_of ?? null,
    payment_method: null,
    payment_method_types: ['card'],
    receipt_email: data?.receipt_email ?? null,
    status: 'requires_payment_method',
    transfer_data: data?.transfer_data ?? null,
  };
  core.store.put(scope, pi);
  session.payment_intent = id;
  core.store.emit(ctx, 'payment_intent.created', scope, pi);
  return pi;
}

export type PaymentResult = { session: CheckoutSession; payment_intent: PaymentIntent; charge: Charge };

/** Pays an open session with a card. A decline throws a 402 card error after recording the attempt. */
export function paySession(core: Core, ctx: EventCtx, sessionId: string, card: CardInput): PaymentResult {
  const located = core.store.locate(sessionId);
  if (!located || located.obj.object !== 'checkout.session') throw resourceMissing('checkout.session', sessionId);
  const { scope } = located;
  const session = located.obj;
  if (session.status !== 'open')
    throw invalidRequest(`This Checkout Session is no longer open (status: ${session.status}).`, undefined, 'checkout_session_not_open');
  const { test, details } = readCard(card, ctx.now);
  const decline = test ? test.decline : LIVE_CARD;
  const pi = ensurePaymentIntent(core, ctx, scope, session);
  const piBefore = structuredClone(pi);
  const email = card.email ?? session.customer_email;
  const paymentMethod = randomId('pm_');
  const charge: Charge = {
    id: randomId('ch_'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: decline ? 0 : pi.amount,
    amount_refunded: 0,
    application_fee: null,
    application_fee_amount: pi.application_fee_amount,
    balance_transaction: decline ? null : randomId('txn_'),
    billing_details: { email, name: card.name ?? null },
    captured: !decline,
    created: ctx.now,
    currency: pi.currency,
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
    payment_method: paymentMethod,
    payment_method_details: { type: 'card', card: details },
    receipt_email: pi.receipt_email,
    refunded: false,
    status: decline ? 'failed' : 'succeeded',
    transfer_data: pi.transfer_data ? { destination: pi.transfer_data.destination } : null,
  };
  core.store.put(scope, charge);
  pi.latest_charge = charge.id;
  pi.payment_method = paymentMethod;

  if (decline) {
    const error: PaymentError = {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      charge: charge.id,
      payment_method: { id: paymentMethod, object: 'payment_method', type: 'card', card: details },
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
  const sessionBefore = structuredClone(session);
  session.status = 'complete';
  session.payment_status = 'paid';
  session.url = null;
  session.customer_details = { email, name: card.name ?? null };
  core.store.emit(ctx, 'charge.succeeded', scope, charge);
  core.store.emit(ctx, 'payment_intent.succeeded', scope, pi, changedFields(piBefore, pi));
  if (fee) core.store.emit(ctx, 'application_fee.created', null, fee);
  core.store.emit(ctx, 'checkout.session.completed', scope, session, changedFields(sessionBefore, session));
  if (test?.dispute) createDispute(core, ctx, scope, charge, {});
  return { session, payment_intent: pi, charge };
}

export const paymentRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/payment_intents',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'created', 'customer']);
      return core.store.page(core.store.all('payment_intent', ctx.scope), input, '/v1/payment_intents');
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

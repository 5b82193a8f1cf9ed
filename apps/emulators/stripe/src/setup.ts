import { changedFields } from './accounts';
import { parseCurrency } from './currencies';
import { StripeApiError, invalidRequest, resourceMissing } from './errors';
import type { ParamReader } from './forms';
import { attachPaymentMethod } from './payment-methods';
import { cardPaymentMethod, readCard, setupDecline, type CardInput } from './payments';
import type { Core, Route } from './router';
import { randomId, type EventCtx } from './store';
import type { CheckoutSession, PaymentMethod, Scope, SetupIntent, SetupIntentData } from './types';

/**
 * Saving a card without paying: a Checkout Session in `setup` mode, completed on the hosted page or
 * with the `setup` control. The first attempt creates the session's SetupIntent; a card the bank
 * accepts becomes a PaymentMethod, attached to the session's Customer, and the SetupIntent succeeds
 * (`setup_intent.created`, `payment_method.attached`, `setup_intent.succeeded`,
 * `checkout.session.completed`). A declined card (or failed authentication) leaves the session open
 * for another try (`setup_intent.setup_failed`).
 */

/** The `setup` mode parameters of a Checkout Session create: `currency` (or card as the method) and `setup_intent_data`. */
export function readSetupParams(input: ParamReader, methods: string[]): { currency: string | null; data: SetupIntentData } {
  for (const param of ['line_items', 'payment_intent_data', 'submit_type']) {
    if (input.has(param)) throw invalidRequest(`\`${param}\` cannot be used in \`setup\` mode.`, param);
  }
  const currency = input.has('currency') ? parseCurrency(input.str('currency', { required: true }), 'currency') : null;
  if (!currency && methods.length === 0)
    throw invalidRequest('A Checkout Session in `setup` mode needs `currency` (or `payment_method_types`).', 'currency', 'parameter_missing');
  const sid = input.obj('setup_intent_data')?.allowOnly(['description', 'metadata', 'on_behalf_of']);
  return {
    currency,
    data: { description: sid?.str('description', { max: 1000 }) ?? null, metadata: sid?.metadata() ?? {}, on_behalf_of: sid?.str('on_behalf_of') ?? null },
  };
}

function ensureSetupIntent(core: Core, ctx: EventCtx, scope: Scope, session: CheckoutSession): SetupIntent {
  if (session.setup_intent) {
    const existing = core.store.get('setup_intent', session.setup_intent, scope);
    if (existing) return existing;
  }
  const data = core.store.setupIntentData.get(session.id);
  const id = randomId('seti_');
  const si: SetupIntent = {
    id,
    object: 'setup_intent',
    application: scope ? core.store.applicationId : null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomId('', 25)}`,
    created: ctx.now,
    customer: session.customer,
    description: data?.description ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: data?.metadata ?? {},
    next_action: null,
    on_behalf_of: data?.on_behalf_of ?? null,
    payment_method: null,
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
  };
  core.store.put(scope, si);
  session.setup_intent = id;
  core.store.emit(ctx, 'setup_intent.created', scope, si);
  return si;
}

/** Cancels a session's SetupIntent that did not succeed (the session expired): `setup_intent.canceled`. */
export function cancelSetupIntent(core: Core, ctx: EventCtx, scope: Scope, id: string): void {
  const si = core.store.get('setup_intent', id, scope);
  if (!si || si.status === 'succeeded' || si.status === 'canceled') return;
  si.status = 'canceled';
  si.cancellation_reason = 'abandoned';
  core.store.emit(ctx, 'setup_intent.canceled', scope, si);
}

function failSetup(
  core: Core,
  ctx: EventCtx,
  scope: Scope,
  si: SetupIntent,
  before: SetupIntent,
  status: 400 | 402,
  error: SetupIntent['last_setup_error'] & object,
): never {
  si.status = 'requires_payment_method';
  si.last_setup_error = error;
  core.store.emit(ctx, 'setup_intent.setup_failed', scope, si, changedFields(before, si));
  const { payment_method: _pm, ...body } = error;
  throw new StripeApiError(status, { ...body, setup_intent: structuredClone(si) });
}

export type SetupResult = { session: CheckoutSession; setup_intent: SetupIntent; payment_method: PaymentMethod };

/** Saves a card on an open `setup` mode session. A decline throws Stripe's card error after recording the attempt. */
export function completeSetup(core: Core, ctx: EventCtx, sessionId: string, card: CardInput): SetupResult {
  const located = core.store.locate(sessionId);
  if (!located || located.obj.object !== 'checkout.session') throw resourceMissing('checkout.session', sessionId);
  const { scope } = located;
  const session = located.obj;
  if (session.status !== 'open')
    throw invalidRequest(`This Checkout Session is no longer open (status: ${session.status}).`, undefined, 'checkout_session_not_open');
  if (session.mode !== 'setup')
    throw invalidRequest(`This Checkout Session is in ${session.mode} mode: it takes a payment (the pay control), it saves no card.`);
  const read = readCard(card, ctx.now);
  const si = ensureSetupIntent(core, ctx, scope, session);
  const before = structuredClone(si);
  const customer = session.customer ? core.store.get('customer', session.customer, scope) : undefined;
  const email = card.email ?? session.customer_email ?? customer?.email ?? null;
  const pm = cardPaymentMethod(core, scope, ctx.now, read, { email, name: card.name ?? null });
  si.payment_method = pm.id;
  si.latest_attempt = randomId('setatt_');
  const decline = setupDecline(read);
  if (decline) {
    core.store.spentPaymentMethods.add(pm.id);
    failSetup(core, ctx, scope, si, before, 402, { type: 'card_error', ...decline, payment_method: structuredClone(pm) });
  }
  if (read.test?.authentication && card.authenticate === 'fail') {
    core.store.spentPaymentMethods.add(pm.id);
    failSetup(core, ctx, scope, si, before, 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
      payment_method: structuredClone(pm),
    });
  }
  if (session.customer) attachPaymentMethod(core, ctx, scope, pm, session.customer);
  si.status = 'succeeded';
  si.last_setup_error = null;
  core.store.emit(ctx, 'setup_intent.succeeded', scope, si, changedFields(before, si));
  const sessionBefore = structuredClone(session);
  session.status = 'complete';
  session.url = null;
  session.customer_details = { email, name: card.name ?? null };
  core.store.emit(ctx, 'checkout.session.completed', scope, session, changedFields(sessionBefore, session));
  return { session, setup_intent: si, payment_method: pm };
}

export const setupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/setup_intents',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['customer', 'payment_method', 'limit', 'starting_after', 'ending_before', 'created', 'attach_to_self']);
      const customer = input.str('customer');
      const pm = input.str('payment_method');
      const items = core.store.all('setup_intent', ctx.scope).filter((si) => (!customer || si.customer === customer) && (!pm || si.payment_method === pm));
      return core.store.page(items, input, '/v1/setup_intents');
    },
  },
  {
    method: 'GET',
    path: '/v1/setup_intents/:id',
    handler: ({ core, ctx, params, input }) => {
      input.allowOnly(['client_secret']);
      const si = core.store.get('setup_intent', params.id as string, ctx.scope);
      if (!si) throw resourceMissing('setup_intent', params.id as string);
      return si;
    },
  },
];

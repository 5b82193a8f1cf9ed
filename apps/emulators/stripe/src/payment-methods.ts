import { changedFields } from './accounts';
import { StripeApiError, invalidRequest, resourceMissing } from './errors';
import { mergeMetadata } from './forms';
import { cardOf, cardPaymentMethod, readCard, setupDecline } from './payments';
import type { ApiRequest, Core, Route } from './router';
import type { EventCtx } from './store';
import type { PaymentMethod, Scope } from './types';

/**
 * Card PaymentMethods: retrieve, list, attach to and detach from a Customer, and the Connect clone
 * (`POST /v1/payment_methods` with `customer` + `payment_method` and a `Stripe-Account` header),
 * which makes a new, independent PaymentMethod with the same card on the connected account.
 * As at Stripe, a PaymentMethod used (or cloned) without being attached to a Customer, or detached
 * from one, cannot be used again. Stripe's test PaymentMethods (`pm_card_visa`, …) are accepted
 * wherever a PaymentMethod id is: each use makes a new PaymentMethod with that test card.
 */

/** Stripe's test PaymentMethod ids and their card numbers. */
const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_createDispute: '4000000000000259',
};

const SPENT_MESSAGE =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.';

/** The PaymentMethod with this id on `scope`, or Stripe's 404. */
export function findPaymentMethod(core: Core, scope: Scope, id: string, param = 'id'): PaymentMethod {
  const pm = core.store.get('payment_method', id, scope);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  return pm;
}

/** A stored PaymentMethod, or a new one for a test PaymentMethod id such as `pm_card_visa`. */
export function resolvePaymentMethod(core: Core, ctx: Pick<EventCtx, 'now'>, scope: Scope, id: string, param: string): PaymentMethod {
  const number = TEST_PAYMENT_METHODS[id];
  if (!number) return findPaymentMethod(core, scope, id, param);
  return cardPaymentMethod(core, scope, ctx.now, readCard({ number }, ctx.now), { email: null, name: null });
}

/** Refuses a PaymentMethod that can no longer be used. */
export function checkUsable(core: Core, pm: PaymentMethod, param: string): void {
  if (core.store.spentPaymentMethods.has(pm.id)) throw invalidRequest(SPENT_MESSAGE, param);
}

/** What attaching checks: a usable method, not someone else's, a card that passes the bank's check. */
export function checkAttachable(core: Core, pm: PaymentMethod, customer: string, param: string): void {
  checkUsable(core, pm, param);
  if (pm.customer && pm.customer !== customer) throw invalidRequest('The payment method you provided has already been attached to a customer.', param);
  const decline = setupDecline(cardOf(core, pm));
  if (decline && pm.customer !== customer) {
    throw new StripeApiError(402, { type: 'card_error', code: decline.code, decline_code: decline.decline_code, message: decline.message, param });
  }
}

/** Attaches a card to a Customer on the same account (`payment_method.attached`); attaching it again changes nothing. */
export function attachPaymentMethod(core: Core, ctx: EventCtx, scope: Scope, pm: PaymentMethod, customer: string): PaymentMethod {
  checkAttachable(core, pm, customer, 'payment_method');
  if (pm.customer === customer) return pm;
  const before = structuredClone(pm);
  pm.customer = customer;
  core.store.emit(ctx, 'payment_method.attached', scope, pm, changedFields(before, pm));
  return pm;
}

function customerOn(core: Core, scope: Scope, id: string, param: string) {
  const customer = core.store.get('customer', id, scope);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

function detach({ core, ctx, params, input }: ApiRequest): PaymentMethod {
  input.allowOnly([]);
  const pm = findPaymentMethod(core, ctx.scope, params.id as string);
  if (!pm.customer) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
  const customer = core.store.get('customer', pm.customer, ctx.scope);
  if (customer?.invoice_settings.default_payment_method === pm.id) customer.invoice_settings.default_payment_method = null;
  const before = structuredClone(pm);
  pm.customer = null;
  core.store.spentPaymentMethods.add(pm.id);
  core.store.emit(ctx, 'payment_method.detached', ctx.scope, pm, changedFields(before, pm));
  return pm;
}

/**
 * The Connect clone: the platform's PaymentMethod, attached to the platform Customer given, becomes a
 * new PaymentMethod (new id, same card, not attached) on the connected account of the request.
 */
function clonePaymentMethod({ core, ctx, input }: ApiRequest): PaymentMethod {
  input.allowOnly(['customer', 'payment_method', 'metadata', 'billing_details', 'type', 'allow_redisplay']);
  const sourceId = input.str('payment_method', { required: true });
  if (!ctx.scope)
    throw invalidRequest(
      'Cloning a PaymentMethod (`payment_method`, with `customer`) makes it on a connected account: send the `Stripe-Account` header of that account.',
      'payment_method',
    );
  const type = input.str('type');
  if (type !== undefined && type !== 'card') throw invalidRequest('The emulator supports card PaymentMethods only.', 'type');
  const customerId = input.str('customer');
  const source = findPaymentMethod(core, null, sourceId, 'payment_method');
  if (customerId !== undefined) {
    customerOn(core, null, customerId, 'customer');
    if (source.customer !== customerId)
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${source.id}. The payment method must be attached to the customer.`,
        'payment_method',
        'resource_missing',
      );
  } else {
    checkUsable(core, source, 'payment_method');
    if (source.customer)
      throw invalidRequest(`The PaymentMethod ${source.id} is attached to a Customer: pass that Customer as \`customer\` to clone it.`, 'customer');
    // An unattached PaymentMethod can be shared once.
    core.store.spentPaymentMethods.add(source.id);
  }
  const clone = cardPaymentMethod(core, ctx.scope, ctx.now, cardOf(core, source), { email: source.billing_details.email, name: source.billing_details.name });
  clone.billing_details = structuredClone(source.billing_details);
  clone.metadata = input.metadata() ?? {};
  return clone;
}

function createPaymentMethod(req: ApiRequest): PaymentMethod {
  if (req.input.has('payment_method')) return clonePaymentMethod(req);
  throw invalidRequest(
    'The emulator does not take card numbers through the API (neither does Stripe by default): save a card with a Checkout Session in `setup` mode, use a test PaymentMethod such as `pm_card_visa`, or clone a platform PaymentMethod with `payment_method` and `customer`.',
    req.input.has('card') ? 'card' : 'type',
  );
}

export const paymentMethodRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_methods', handler: createPaymentMethod },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['customer', 'type', 'limit', 'starting_after', 'ending_before', 'allow_redisplay']);
      const customer = input.str('customer');
      const type = input.str('type');
      if (customer !== undefined) customerOn(core, ctx.scope, customer, 'customer');
      const items = core.store
        .all('payment_method', ctx.scope)
        .filter((pm) => (customer === undefined || pm.customer === customer) && (!type || pm.type === type));
      return core.store.page(items, input, '/v1/payment_methods');
    },
  },
  { method: 'GET', path: '/v1/payment_methods/:id', handler: ({ core, ctx, params }) => findPaymentMethod(core, ctx.scope, params.id as string) },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id',
    handler: ({ core, ctx, params, input }) => {
      input.allowOnly(['metadata', 'allow_redisplay']);
      const pm = findPaymentMethod(core, ctx.scope, params.id as string);
      const before = structuredClone(pm);
      pm.metadata = mergeMetadata(pm.metadata, input.metadata());
      const redisplay = input.oneOf('allow_redisplay', ['always', 'limited', 'unspecified'] as const);
      if (redisplay) pm.allow_redisplay = redisplay;
      const previous = changedFields(before, pm);
      if (previous) core.store.emit(ctx, 'payment_method.updated', ctx.scope, pm, previous);
      return pm;
    },
  },
  {
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    handler: ({ core, ctx, params, input }) => {
      input.allowOnly(['customer']);
      const customer = customerOn(core, ctx.scope, input.str('customer', { required: true }), 'customer');
      const pm = resolvePaymentMethod(core, ctx, ctx.scope, params.id as string, 'id');
      return attachPaymentMethod(core, ctx, ctx.scope, pm, customer.id);
    },
  },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', handler: detach },
];

import { changedFields, connectedAccount } from './accounts';
import { checkAmount, checkMinimum, parseCurrency } from './currencies';
import { createDispute } from './disputes';
import { invalidRequest, resourceMissing } from './errors';
import type { ParamReader } from './forms';
import { checkUsable, resolvePaymentMethod } from './payment-methods';
import { attemptPayment, cardOf, createPaymentIntent } from './payments';
import type { ApiRequest, Core, Route } from './router';
import type { Ctx, EventCtx } from './store';
import type { PaymentIntent, PaymentMethod, Scope } from './types';

/**
 * PaymentIntents through the API, as a platform charges a saved card: created (and confirmed with
 * `confirm=true`) on a connected account (`Stripe-Account`, a direct charge with an
 * `application_fee_amount`) or on the platform, confirmed and canceled. A card whose bank asks for
 * authentication fails with `authentication_required` when confirmed `off_session` (the
 * PaymentIntent goes back to `requires_payment_method`, as Stripe documents for off-session
 * payments) and waits in `requires_action` on-session. Idempotency-Key handling is the router's.
 */

const CONFIRMABLE: PaymentIntent['status'][] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: PaymentIntent['status'][] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function findPaymentIntent(core: Core, scope: Scope, id: string): PaymentIntent {
  const pi = core.store.get('payment_intent', id, scope);
  if (!pi) throw resourceMissing('payment_intent', id);
  return pi;
}

function requireChargesEnabled(core: Core, scope: Scope): void {
  if (!scope) return;
  const account = connectedAccount(core, scope, 'Stripe-Account');
  if (!account.charges_enabled) {
    const due = account.requirements.currently_due.join(', ') || 'none';
    throw invalidRequest(
      `The connected account ${account.id} cannot create charges yet: charges_enabled is false (requirements.currently_due: ${due}; disabled_reason: ${account.requirements.disabled_reason ?? 'none'}).`,
    );
  }
}

/** `off_session`: true/false, or Stripe's `one_off` / `recurring` (both mean true). */
function readOffSession(input: ParamReader): boolean {
  const value = input.str('off_session');
  if (value === undefined || value === 'false') return false;
  if (value === 'true' || value === 'one_off' || value === 'recurring') return true;
  throw invalidRequest(`Invalid off_session: ${value}`, 'off_session');
}

/** The PaymentMethod a confirmation uses, checked against the PaymentIntent's Customer as Stripe does. */
function paymentMethodFor(core: Core, ctx: Ctx, customer: string | null, id: string): PaymentMethod {
  const pm = resolvePaymentMethod(core, ctx, ctx.scope, id, 'payment_method');
  if (customer !== null && pm.customer !== null && pm.customer !== customer)
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
      'payment_method',
      'resource_missing',
    );
  if (customer === null && pm.customer)
    throw invalidRequest(`The provided PaymentMethod ${pm.id} is attached to a Customer: pass that Customer as \`customer\` to use it.`, 'customer');
  checkUsable(core, pm, 'payment_method');
  return pm;
}

function confirm(core: Core, ctx: EventCtx, scope: Scope, pi: PaymentIntent, pm: PaymentMethod, offSession: boolean): PaymentIntent {
  const charge = attemptPayment(core, ctx, scope, pi, pm, offSession ? 'off_session' : 'on_session');
  // The dispute test card (`pm_card_createDispute`) is disputed once paid, as on a Checkout page.
  if (charge && cardOf(core, pm).test?.dispute) createDispute(core, ctx, scope, charge, {});
  return pi;
}

function readFee(input: ParamReader, amount: number, scope: Scope): { fee: number | null; transfer: PaymentIntent['transfer_data'] } {
  const fee = input.int('application_fee_amount', { min: 0 });
  const transfer = input.obj('transfer_data')?.allowOnly(['destination', 'amount']);
  const destination = transfer?.str('destination', { required: true });
  if (scope && destination)
    throw invalidRequest('`transfer_data[destination]` cannot be used on a direct charge (with a Stripe-Account header).', 'transfer_data[destination]');
  if (fee !== undefined) {
    if (!scope && !destination)
      throw invalidRequest(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        'application_fee_amount',
      );
    if (fee > amount)
      throw invalidRequest(`The application fee amount (${fee}) cannot be greater than the amount of the payment (${amount}).`, 'application_fee_amount');
  }
  return {
    fee: fee ?? null,
    transfer: destination ? { destination, ...(transfer?.has('amount') ? { amount: transfer.int('amount', { min: 0 }) as number } : {}) } : null,
  };
}

function create({ core, ctx, input }: ApiRequest): PaymentIntent {
  input.allowOnly([
    'amount',
    'currency',
    'payment_method',
    'customer',
    'confirm',
    'off_session',
    'error_on_requires_action',
    'return_url',
    'application_fee_amount',
    'transfer_data',
    'on_behalf_of',
    'metadata',
    'description',
    'receipt_email',
    'payment_method_types',
    // The pinned API version's name for it (the SDK sends this one).
    'allowed_payment_method_types',
    'automatic_payment_methods',
    'capture_method',
    'confirmation_method',
    'statement_descriptor',
    'statement_descriptor_suffix',
  ]);
  const currency = parseCurrency(input.str('currency', { required: true }), 'currency');
  const amount = input.int('amount', { required: true, min: 1 });
  checkAmount(amount, currency, 'amount');
  checkMinimum(amount, currency, 'amount');
  requireChargesEnabled(core, ctx.scope);
  const { fee, transfer } = readFee(input, amount, ctx.scope);
  const methods = [...input.strList('payment_method_types'), ...input.strList('allowed_payment_method_types')];
  if (methods.some((m) => m !== 'card')) throw invalidRequest('The emulator supports `payment_method_types[]=card` only.', 'payment_method_types');
  input.obj('automatic_payment_methods')?.allowOnly(['enabled', 'allow_redirects']);
  const capture = input.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const);
  if (capture === 'manual') throw invalidRequest('The emulator supports automatic capture only.', 'capture_method');
  if (input.oneOf('confirmation_method', ['automatic', 'manual'] as const) === 'manual')
    throw invalidRequest('The emulator supports `confirmation_method=automatic` only.', 'confirmation_method');
  const doConfirm = input.bool('confirm') ?? false;
  const offSession = readOffSession(input);
  const errorOnRequiresAction = input.bool('error_on_requires_action') ?? false;
  if (!doConfirm) {
    for (const param of ['off_session', 'error_on_requires_action', 'return_url']) {
      if (input.has(param)) throw invalidRequest(`\`${param}\` can only be used when \`confirm=true\`.`, param);
    }
  }
  const returnUrl = input.str('return_url');
  if (returnUrl !== undefined && !URL.canParse(returnUrl)) throw invalidRequest('Not a valid URL', 'return_url', 'url_invalid');
  const receiptEmail = input.str('receipt_email');
  const customerId = input.str('customer') || null;
  if (customerId !== null && !core.store.get('customer', customerId, ctx.scope)) throw resourceMissing('customer', customerId, 'customer');
  const pmId = input.str('payment_method');
  const pm = pmId ? paymentMethodFor(core, ctx, customerId, pmId) : undefined;
  if (doConfirm && !pm)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  const pi = createPaymentIntent(core, ctx, ctx.scope, {
    amount,
    currency,
    application_fee_amount: fee,
    capture_method: capture ?? 'automatic_async',
    customer: customerId,
    description: input.str('description') ?? null,
    metadata: input.metadata() ?? {},
    on_behalf_of: input.str('on_behalf_of') ?? null,
    payment_method: pm?.id ?? null,
    receipt_email: receiptEmail ?? null,
    transfer_data: transfer,
  });
  return pm && doConfirm ? confirm(core, ctx, ctx.scope, pi, pm, offSession || errorOnRequiresAction) : pi;
}

function confirmRoute({ core, ctx, params, input }: ApiRequest): PaymentIntent {
  input.allowOnly(['payment_method', 'off_session', 'error_on_requires_action', 'return_url', 'receipt_email']);
  const pi = findPaymentIntent(core, ctx.scope, params.id as string);
  if (!CONFIRMABLE.includes(pi.status))
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  const pmId = input.str('payment_method') ?? pi.payment_method;
  if (!pmId)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  const pm = paymentMethodFor(core, ctx, pi.customer, pmId);
  const offSession = readOffSession(input) || (input.bool('error_on_requires_action') ?? false);
  const receiptEmail = input.str('receipt_email');
  if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
  return confirm(core, ctx, ctx.scope, pi, pm, offSession);
}

function cancelRoute({ core, ctx, params, input }: ApiRequest): PaymentIntent {
  input.allowOnly(['cancellation_reason']);
  const reason = input.oneOf('cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const);
  const pi = findPaymentIntent(core, ctx.scope, params.id as string);
  if (!CANCELABLE.includes(pi.status))
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  const before = structuredClone(pi);
  pi.status = 'canceled';
  pi.canceled_at = ctx.now;
  pi.cancellation_reason = reason ?? null;
  pi.next_action = null;
  core.store.emit(ctx, 'payment_intent.canceled', ctx.scope, pi, changedFields(before, pi));
  return pi;
}

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/payment_intents', handler: create },
  { method: 'POST', path: '/v1/payment_intents/:id/confirm', handler: confirmRoute },
  { method: 'POST', path: '/v1/payment_intents/:id/cancel', handler: cancelRoute },
];

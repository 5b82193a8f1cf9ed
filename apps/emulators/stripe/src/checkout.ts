import { connectedAccount } from './accounts';
import { checkAmount, checkMinimum, parseCurrency } from './currencies';
import { invalidRequest, resourceMissing } from './errors';
import type { ParamReader } from './forms';
import type { ApiRequest, Core, Route } from './router';
import { cancelSetupIntent, readSetupParams } from './setup';
import { EVERY_SCOPE, randomId, type EventCtx } from './store';
import type { CheckoutSession, LineItem, PaymentIntentData, Scope } from './types';

/**
 * Checkout Sessions in `payment` mode (and `setup` mode, which saves a card: setup.ts) with Stripe's rules: `expires_at` 30 minutes to 24 hours
 * after creation, integer amounts in the currency's minor unit, an application fee no larger than
 * the amount, and (for a direct charge) a connected account whose `charges_enabled` is true.
 */

const MIN_EXPIRY_S = 30 * 60;
const MAX_EXPIRY_S = 24 * 60 * 60;

function readLineItem(item: ParamReader): LineItem {
  item.allowOnly(['price_data', 'quantity', 'price', 'adjustable_quantity', 'tax_rates']);
  if (item.has('price')) throw resourceMissing('price', item.str('price') ?? '', item.name('price'));
  const priceData = item.obj('price_data', { required: true }).allowOnly(['currency', 'unit_amount', 'product_data', 'product', 'tax_behavior']);
  const currency = parseCurrency(priceData.str('currency', { required: true }), priceData.name('currency'));
  if (priceData.has('unit_amount_decimal')) throw invalidRequest('The emulator supports integer `unit_amount` only.', priceData.name('unit_amount_decimal'));
  const unitAmount = priceData.int('unit_amount', { required: true, min: 0 });
  checkAmount(unitAmount, currency, priceData.name('unit_amount'));
  const quantity = item.int('quantity', { required: true, min: 1 });
  const product = priceData.obj('product_data', { required: !priceData.has('product') })?.allowOnly(['name', 'description', 'images', 'metadata', 'tax_code']);
  const name = product?.str('name', { required: true, max: 250 }) ?? priceData.str('product', { required: true });
  product?.metadata();
  return {
    id: randomId('li_'),
    object: 'item',
    amount_subtotal: unitAmount * quantity,
    amount_total: unitAmount * quantity,
    currency,
    description: name,
    quantity,
    price: { id: randomId('price_'), object: 'price', currency, unit_amount: unitAmount, product: randomId('prod_', 14), type: 'one_time', livemode: false },
  };
}

function readPaymentIntentData(input: ParamReader, total: number, scope: Scope): PaymentIntentData {
  const pid = input
    .obj('payment_intent_data')
    ?.allowOnly([
      'application_fee_amount',
      'description',
      'metadata',
      'receipt_email',
      'transfer_data',
      'on_behalf_of',
      'capture_method',
      'statement_descriptor',
      'statement_descriptor_suffix',
      'setup_future_usage',
    ]);
  const fee = pid?.int('application_fee_amount', { min: 0 });
  const transfer = pid?.obj('transfer_data')?.allowOnly(['destination', 'amount']);
  const destination = transfer?.str('destination', { required: true });
  if (fee !== undefined) {
    if (!scope && !destination) {
      throw invalidRequest(
        'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
        'payment_intent_data[application_fee_amount]',
      );
    }
    if (fee > total)
      throw invalidRequest(
        `The application fee amount (${fee}) cannot be greater than the amount of the payment (${total}).`,
        'payment_intent_data[application_fee_amount]',
      );
  }
  if (scope && destination)
    throw invalidRequest(
      '`transfer_data[destination]` cannot be used on a direct charge (with a Stripe-Account header).',
      'payment_intent_data[transfer_data][destination]',
    );
  const captureMethod = pid?.oneOf('capture_method', ['automatic', 'automatic_async', 'manual'] as const);
  if (captureMethod === 'manual') throw invalidRequest('The emulator supports automatic capture only.', 'payment_intent_data[capture_method]');
  return {
    application_fee_amount: fee ?? null,
    description: pid?.str('description') ?? null,
    metadata: pid?.metadata() ?? {},
    receipt_email: pid?.str('receipt_email') ?? null,
    transfer_data: destination ? { destination, ...(transfer?.has('amount') ? { amount: transfer.int('amount', { min: 0 }) as number } : {}) } : null,
    on_behalf_of: pid?.str('on_behalf_of') ?? null,
    capture_method: captureMethod ?? 'automatic_async',
  };
}

function createSession({ core, ctx, input }: ApiRequest): CheckoutSession {
  input.allowOnly([
    'mode',
    'line_items',
    'success_url',
    'cancel_url',
    'expires_at',
    'payment_intent_data',
    'customer_email',
    'client_reference_id',
    'metadata',
    'locale',
    'payment_method_types',
    // The pinned API version's name for it (the SDK sends this one).
    'allowed_payment_method_types',
    'currency',
    'submit_type',
    'ui_mode',
    'billing_address_collection',
    'customer_creation',
    'customer',
    'setup_intent_data',
  ]);
  if (ctx.scope) {
    const account = connectedAccount(core, ctx.scope, 'Stripe-Account');
    if (!account.charges_enabled) {
      const due = account.requirements.currently_due.join(', ') || 'none';
      throw invalidRequest(
        `The connected account ${account.id} cannot create charges yet: charges_enabled is false (requirements.currently_due: ${due}; disabled_reason: ${account.requirements.disabled_reason ?? 'none'}).`,
      );
    }
  }
  const mode = input.oneOf('mode', ['payment', 'setup', 'subscription'] as const, { required: true });
  if (mode === 'subscription') throw invalidRequest('The emulator supports `mode=payment` and `mode=setup` only.', 'mode');
  const uiMode = input.oneOf('ui_mode', ['hosted', 'embedded', 'custom'] as const);
  if (uiMode && uiMode !== 'hosted') throw invalidRequest('The emulator supports `ui_mode=hosted` only.', 'ui_mode');
  const methods = [...input.strList('payment_method_types'), ...input.strList('allowed_payment_method_types')];
  if (methods.some((m) => m !== 'card')) throw invalidRequest('The emulator supports `payment_method_types[]=card` only.', 'payment_method_types');
  const setup = mode === 'setup' ? readSetupParams(input, methods) : null;
  if (!setup && input.has('setup_intent_data')) throw invalidRequest('`setup_intent_data` can only be used in `setup` mode.', 'setup_intent_data');
  const lineItems = setup ? [] : input.objList('line_items', { required: true }).map(readLineItem);
  if (!setup && lineItems.length === 0) throw invalidRequest('You must provide at least one line item.', 'line_items');
  const currency = setup ? setup.currency : (lineItems[0] as LineItem).currency;
  if (lineItems.some((li) => li.currency !== currency)) throw invalidRequest('All line items must use the same currency.', 'line_items');
  if (!setup && input.has('currency') && parseCurrency(input.str('currency') as string, 'currency') !== currency)
    throw invalidRequest('`currency` must match the currency of the line items.', 'currency');
  const total = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  if (!setup) checkMinimum(total, currency as string, 'line_items');

  const expiresAt = input.int('expires_at') ?? ctx.now + MAX_EXPIRY_S;
  if (expiresAt < ctx.now + MIN_EXPIRY_S)
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
  if (expiresAt > ctx.now + MAX_EXPIRY_S)
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
  const pid = setup ? null : readPaymentIntentData(input, total, ctx.scope);
  const successUrl = input.str('success_url', { max: 5000 }) ?? null;
  const cancelUrl = input.str('cancel_url', { max: 5000 }) ?? null;
  for (const [param, url] of [
    ['success_url', successUrl],
    ['cancel_url', cancelUrl],
  ] as const) {
    if (url !== null && !URL.canParse(url.replaceAll('{CHECKOUT_SESSION_ID}', 'x'))) throw invalidRequest('Not a valid URL', param, 'url_invalid');
  }
  const customerEmail = input.str('customer_email') ?? null;
  if (customerEmail !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail))
    throw invalidRequest(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid');
  const customer = input.str('customer') || null;
  if (customer !== null && !core.store.get('customer', customer, ctx.scope)) throw resourceMissing('customer', customer, 'customer');
  if (customer !== null && customerEmail !== null) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer');

  const id = randomId('cs_test_a1', 48);
  const session: CheckoutSession = {
    id,
    object: 'checkout.session',
    amount_subtotal: setup ? null : total,
    amount_total: setup ? null : total,
    cancel_url: cancelUrl,
    success_url: successUrl,
    client_reference_id: input.str('client_reference_id', { max: 200 }) ?? null,
    created: ctx.now,
    currency,
    customer,
    customer_details: null,
    customer_email: customerEmail,
    expires_at: expiresAt,
    livemode: false,
    locale: input.str('locale') ?? null,
    metadata: input.metadata() ?? {},
    mode: setup ? 'setup' : 'payment',
    payment_intent: null,
    payment_method_types: ['card'],
    payment_status: setup ? 'no_payment_required' : 'unpaid',
    setup_intent: null,
    status: 'open',
    submit_type: input.str('submit_type') ?? null,
    ui_mode: 'hosted',
    url: `${core.publicUrl()}/c/pay/${id}`,
  };
  if (pid) {
    core.store.lineItems.set(id, lineItems);
    core.store.paymentIntentData.set(id, pid);
  }
  if (setup) core.store.setupIntentData.set(id, setup.data);
  return core.store.put(ctx.scope, session);
}

/** Ends an open session: status `expired`, no URL, its PaymentIntent (if any) canceled, event sent. */
export function expireSession(core: Core, ctx: EventCtx, scope: Scope, session: CheckoutSession): CheckoutSession {
  if (session.status !== 'open') {
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
  }
  session.status = 'expired';
  session.url = null;
  if (session.payment_intent) {
    const pi = core.store.get('payment_intent', session.payment_intent, scope);
    if (pi && pi.status !== 'succeeded') {
      pi.status = 'canceled';
      pi.canceled_at = ctx.now;
      pi.cancellation_reason = 'abandoned';
    }
  }
  if (session.setup_intent) cancelSetupIntent(core, ctx, scope, session.setup_intent);
  core.store.emit(ctx, 'checkout.session.expired', scope, session);
  return session;
}

/** Expires every open session whose `expires_at` has passed on the emulator clock. */
export function expireDueSessions(core: Core): number {
  const now = core.now();
  let count = 0;
  for (const session of core.store.all('checkout.session', EVERY_SCOPE)) {
    if (session.status !== 'open' || session.expires_at > now) continue;
    const located = core.store.locate(session.id);
    expireSession(core, { now, requestId: null, idempotencyKey: null }, located?.scope ?? null, session);
    count += 1;
  }
  return count;
}

function withLineItems(core: Core, session: CheckoutSession, expand: string[]): CheckoutSession {
  if (!expand.includes('line_items')) return session;
  const items = core.store.lineItems.get(session.id) ?? [];
  return { ...session, line_items: { object: 'list', data: items, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` } } as CheckoutSession;
}

function getSession({ core, ctx, params }: ApiRequest): CheckoutSession {
  const session = core.store.get('checkout.session', params.id as string, ctx.scope);
  if (!session) throw resourceMissing('checkout.session', params.id as string);
  return session;
}

export const checkoutRoutes: Route[] = [
  { method: 'POST', path: '/v1/checkout/sessions', handler: createSession },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    handler: ({ core, ctx, input, expand }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'payment_intent', 'status', 'created', 'customer', 'customer_details']);
      const pi = input.str('payment_intent');
      const status = input.oneOf('status', ['open', 'complete', 'expired'] as const);
      const items = core.store.all('checkout.session', ctx.scope).filter((s) => (!pi || s.payment_intent === pi) && (!status || s.status === status));
      const page = core.store.page(items, input, '/v1/checkout/sessions');
      return {
        ...page,
        data: page.data.map((s) =>
          withLineItems(
            core,
            s,
            expand.map((p) => p.replace(/^data\./, '')),
          ),
        ),
      };
    },
  },
  { method: 'GET', path: '/v1/checkout/sessions/:id', handler: (req) => withLineItems(req.core, getSession(req), req.expand) },
  {
    method: 'GET',
    path: '/v1/checkout/sessions/:id/line_items',
    handler: (req) => {
      const session = getSession(req);
      req.input.allowOnly(['limit', 'starting_after', 'ending_before']);
      return req.core.store.page(req.core.store.lineItems.get(session.id) ?? [], req.input, `/v1/checkout/sessions/${session.id}/line_items`);
    },
  },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/:id/expire',
    handler: (req) => {
      req.input.allowOnly([]);
      return expireSession(req.core, req.ctx, req.ctx.scope, getSession(req));
    },
  },
];

import { changedFields } from './accounts';
import { invalidRequest, resourceMissing } from './errors';
import { mergeMetadata, type ParamReader } from './forms';
import { attachPaymentMethod, checkAttachable, findPaymentMethod, resolvePaymentMethod } from './payment-methods';
import type { ApiRequest, Core, Route } from './router';
import { randomId, type Ctx } from './store';
import type { Customer, Scope } from './types';

/**
 * Customers on the platform or on a connected account (`Stripe-Account`): create, retrieve, update,
 * list (`email` is Stripe's case-sensitive exact filter), search (`email:'…'`, `name:'…'`,
 * `metadata['key']:'…'`, joined with AND), and their saved card PaymentMethods.
 */

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The customer with this id on `scope`, or Stripe's 404. */
export function findCustomer(core: Core, scope: Scope, id: string, param = 'id'): Customer {
  const customer = core.store.get('customer', id, scope);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

function readEmail(input: ParamReader): string | null | undefined {
  const email = input.str('email', { max: 512 });
  if (email === undefined) return undefined;
  if (email === '') return null;
  if (!EMAIL.test(email)) throw invalidRequest(`Invalid email address: ${email}`, 'email', 'email_invalid');
  return email;
}

const WRITABLE = ['email', 'name', 'description', 'phone', 'metadata', 'preferred_locales', 'invoice_settings'];

/**
 * Applies the writable fields of a create or update; a default payment method must be attached to
 * the customer (or be the one `attaching` with this very request).
 */
function applyFields(core: Core, scope: Scope, customer: Customer, input: ParamReader, attaching?: string): void {
  const email = readEmail(input);
  if (email !== undefined) customer.email = email;
  for (const key of ['name', 'description', 'phone'] as const) {
    const value = input.str(key, { max: 5000 });
    if (value !== undefined) customer[key] = value === '' ? null : value;
  }
  customer.metadata = mergeMetadata(customer.metadata, input.metadata());
  if (input.has('preferred_locales')) customer.preferred_locales = input.strList('preferred_locales');
  const settings = input.obj('invoice_settings')?.allowOnly(['default_payment_method', 'custom_fields', 'footer', 'rendering_options']);
  const defaultPm = settings?.str('default_payment_method');
  if (defaultPm !== undefined) {
    if (defaultPm !== '') {
      const pm = findPaymentMethod(core, scope, defaultPm, 'invoice_settings[default_payment_method]');
      if (pm.customer !== customer.id && pm.id !== attaching)
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`,
          'invoice_settings[default_payment_method]',
          'resource_missing',
        );
    }
    customer.invoice_settings.default_payment_method = defaultPm === '' ? null : defaultPm;
  }
}

function createCustomer({ core, ctx, input }: ApiRequest): Customer {
  input.allowOnly([...WRITABLE, 'payment_method']);
  const customer: Customer = {
    id: randomId('cus_', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: null,
    invoice_prefix: randomId('', 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  // Everything is checked before the customer is stored, so a refused request leaves nothing behind.
  const pmId = input.str('payment_method');
  const pm = pmId === undefined ? undefined : resolvePaymentMethod(core, ctx, ctx.scope, pmId, 'payment_method');
  if (pm) checkAttachable(core, pm, customer.id, 'payment_method');
  applyFields(core, ctx.scope, customer, input, pm?.id);
  core.store.put(ctx.scope, customer);
  core.store.emit(ctx, 'customer.created', ctx.scope, customer);
  if (pm) attachPaymentMethod(core, ctx, ctx.scope, pm, customer.id);
  return customer;
}

function updateCustomer({ core, ctx, params, input }: ApiRequest): Customer {
  input.allowOnly(WRITABLE);
  const customer = findCustomer(core, ctx.scope, params.id as string);
  const draft = structuredClone(customer);
  applyFields(core, ctx.scope, draft, input);
  const previous = changedFields(customer, draft);
  Object.assign(customer, draft);
  if (previous) core.store.emit(ctx, 'customer.updated', ctx.scope, customer, previous);
  return customer;
}

type Clause = { field: string; value: string };

/** Stripe's search query language, the part the emulator needs: `field:'value'` clauses joined by AND. */
function parseQuery(query: string): Clause[] {
  const clauses: Clause[] = [];
  const parts = query.split(/\s+AND\s+/i);
  for (const part of parts) {
    const m = part.trim().match(/^(email|name|phone|metadata\[(['"])([^'"]+)\2\]):(['"])(.*)\4$/);
    if (!m)
      throw invalidRequest(
        `The emulator's customer search understands \`email:'…'\`, \`name:'…'\`, \`phone:'…'\` and \`metadata['key']:'…'\` joined by AND; got: ${part}`,
        'query',
      );
    clauses.push({ field: m[3] ? `metadata.${m[3]}` : (m[1] as string), value: m[5] as string });
  }
  return clauses;
}

function matches(customer: Customer, clause: Clause): boolean {
  if (clause.field.startsWith('metadata.')) return customer.metadata[clause.field.slice('metadata.'.length)] === clause.value;
  const value = customer[clause.field as 'email' | 'name' | 'phone'];
  // Search compares email case-insensitively (the list filter does not).
  return clause.field === 'email' ? value?.toLowerCase() === clause.value.toLowerCase() : value === clause.value;
}

function searchCustomers({ core, ctx, input }: ApiRequest) {
  input.allowOnly(['query', 'limit', 'page']);
  const clauses = parseQuery(input.str('query', { required: true }));
  const limit = input.int('limit', { min: 1, max: 100 }) ?? 10;
  const found = core.store.all('customer', ctx.scope).filter((c) => clauses.every((clause) => matches(c, clause)));
  const page = input.str('page');
  const from = page ? found.findIndex((c) => c.id === page) + 1 : 0;
  if (page && from === 0) throw invalidRequest(`Invalid page: ${page}`, 'page');
  const data = found.slice(from, from + limit);
  const hasMore = from + limit < found.length;
  return { object: 'search_result', data, has_more: hasMore, next_page: hasMore ? (data.at(-1)?.id ?? null) : null, url: '/v1/customers/search' };
}

function customerPaymentMethods(req: ApiRequest) {
  const { core, ctx, params, input } = req;
  input.allowOnly(['type', 'limit', 'starting_after', 'ending_before', 'allow_redisplay']);
  const type = input.str('type');
  const customer = findCustomer(core, ctx.scope, params.id as string);
  const items = core.store.all('payment_method', ctx.scope).filter((pm) => pm.customer === customer.id && (!type || pm.type === type));
  return core.store.page(items, input, `/v1/customers/${customer.id}/payment_methods`);
}

export const customerRoutes: Route[] = [
  { method: 'POST', path: '/v1/customers', handler: createCustomer },
  {
    method: 'GET',
    path: '/v1/customers',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['email', 'limit', 'starting_after', 'ending_before', 'created', 'test_clock']);
      const email = input.str('email');
      return core.store.page(
        core.store.all('customer', ctx.scope).filter((c) => email === undefined || c.email === email),
        input,
        '/v1/customers',
      );
    },
  },
  { method: 'GET', path: '/v1/customers/search', handler: searchCustomers },
  { method: 'GET', path: '/v1/customers/:id', handler: ({ core, ctx, params }) => findCustomer(core, ctx.scope, params.id as string) },
  { method: 'POST', path: '/v1/customers/:id', handler: updateCustomer },
  { method: 'GET', path: '/v1/customers/:id/payment_methods', handler: customerPaymentMethods },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods/:pm',
    handler: ({ core, ctx, params }) => {
      const customer = findCustomer(core, ctx.scope, params.id as string);
      const pm = core.store.get('payment_method', params.pm as string, ctx.scope);
      if (!pm || pm.customer !== customer.id) throw resourceMissing('PaymentMethod', params.pm as string);
      return pm;
    },
  },
];

/** For handlers that take `customer`: the Customer on the caller's account, or Stripe's 404 naming the param. */
export function customerParam(core: Core, ctx: Pick<Ctx, 'scope'>, input: ParamReader, param = 'customer'): Customer | undefined {
  const id = input.str(param);
  return id === undefined || id === '' ? undefined : findCustomer(core, ctx.scope, id, input.name(param));
}

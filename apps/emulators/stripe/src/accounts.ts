import { StripeApiError, invalidRequest, resourceMissing } from './errors';
import { mergeMetadata, type ParamReader } from './forms';
import type { ApiRequest, Core, Route } from './router';
import { randomId, type AccountLinkRecord, type EventCtx } from './store';
import type { Account, Controller, Requirements } from './types';

/**
 * Connected accounts (created with `controller` properties; the deprecated `type` is mapped onto
 * them), account links and the onboarding state changes the hosted page and controls make.
 */

const ACCOUNT_LINK_TTL_S = 300;
const INITIAL_DUE = [
  'business_profile.url',
  'business_type',
  'external_account',
  'representative.first_name',
  'representative.last_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];
/** What is still due after someone leaves onboarding half-way. */
const LEFT_DUE = ['external_account', 'tos_acceptance.date', 'tos_acceptance.ip'];
const CURRENCY_BY_COUNTRY: Record<string, string> = {
  US: 'usd',
  GB: 'gbp',
  JP: 'jpy',
  CA: 'cad',
  AU: 'aud',
  NZ: 'nzd',
  CH: 'chf',
  SE: 'sek',
  NO: 'nok',
  DK: 'dkk',
  PL: 'pln',
  SG: 'sgd',
  HK: 'hkd',
  MX: 'mxn',
  BR: 'brl',
  IN: 'inr',
};
const EURO_COUNTRIES = ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'];

const TYPE_CONTROLLERS: Record<'standard' | 'express' | 'custom', Omit<Controller, 'type' | 'is_controller'>> = {
  standard: { fees: { payer: 'account' }, losses: { payments: 'stripe' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'full' } },
  express: { fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'stripe', stripe_dashboard: { type: 'express' } },
  custom: { fees: { payer: 'application' }, losses: { payments: 'application' }, requirement_collection: 'application', stripe_dashboard: { type: 'none' } },
};

function requirements(due: string[]): Requirements {
  return {
    currently_due: [...due],
    eventually_due: [...due],
    past_due: [...due],
    pending_verification: [],
    disabled_reason: due.length ? 'requirements.past_due' : null,
    current_deadline: null,
    errors: [],
  };
}

function typeOf(c: Omit<Controller, 'type' | 'is_controller'>): Account['type'] {
  for (const [name, t] of Object.entries(TYPE_CONTROLLERS)) {
    if (JSON.stringify(t) === JSON.stringify(c)) return name as Account['type'];
  }
  return 'none';
}

function readController(input: ParamReader): Omit<Controller, 'type' | 'is_controller'> {
  const c = input.obj('controller');
  const type = input.oneOf('type', ['standard', 'express', 'custom'] as const);
  if (c && type) throw invalidRequest('You cannot specify both `type` and `controller`: `type` is deprecated, use `controller` properties.', 'type');
  if (type) return TYPE_CONTROLLERS[type];
  if (!c) return TYPE_CONTROLLERS.standard;
  c.allowOnly(['fees', 'losses', 'requirement_collection', 'stripe_dashboard']);
  const dashboard =
    c
      .obj('stripe_dashboard')
      ?.allowOnly(['type'])
      .oneOf('type', ['express', 'full', 'none'] as const) ?? 'full';
  const full = dashboard === 'full';
  const payer =
    c
      .obj('fees')
      ?.allowOnly(['payer'])
      .oneOf('payer', ['account', 'application'] as const) ?? (full ? 'account' : 'application');
  const losses =
    c
      .obj('losses')
      ?.allowOnly(['payments'])
      .oneOf('payments', ['application', 'stripe'] as const) ?? (full ? 'stripe' : 'application');
  const collection = c.oneOf('requirement_collection', ['application', 'stripe'] as const) ?? 'stripe';
  if (collection === 'application' && (dashboard !== 'none' || losses !== 'application')) {
    throw invalidRequest(
      '`controller[requirement_collection]=application` requires `controller[stripe_dashboard][type]=none` and `controller[losses][payments]=application`.',
      'controller[requirement_collection]',
    );
  }
  if (full && payer !== 'account')
    throw invalidRequest(
      'Accounts with access to the full Stripe Dashboard must pay their own fees (`controller[fees][payer]=account`).',
      'controller[fees][payer]',
    );
  return { fees: { payer }, losses: { payments: losses }, requirement_collection: collection, stripe_dashboard: { type: dashboard } };
}

function requestedCapabilities(input: ParamReader): string[] {
  const caps = input.obj('capabilities');
  if (!caps) return [];
  return Object.keys(caps.params).filter((name) => caps.obj(name)?.allowOnly(['requested']).bool('requested') === true);
}

/** Top-level fields that changed, with their old values (Stripe's `previous_attributes`). */
export function changedFields<T extends object>(before: T, after: T): Record<string, unknown> | undefined {
  const prev: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key as string] = structuredClone(before[key]);
  }
  return Object.keys(prev).length ? prev : undefined;
}

/** A connected account of this platform that has not disconnected, or a 404/403 as Stripe answers. */
export function connectedAccount(core: Core, id: string, param = 'account'): Account {
  const account = core.store.get('account', id, null);
  if (!account) throw resourceMissing('account', id, param);
  if (core.store.deauthorized.has(id)) throw accountAccessError(id);
  return account;
}

export function accountAccessError(id: string): StripeApiError {
  return new StripeApiError(403, {
    type: 'invalid_request_error',
    code: 'account_invalid',
    message: `The provided key does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
  });
}

/** Applies a change to an account and sends `account.updated` when anything changed. */
export function updateAccount(core: Core, ctx: EventCtx, id: string, change: (a: Account) => void): Account {
  const account = core.store.get('account', id, null);
  if (!account) throw resourceMissing('account', id);
  const before = structuredClone(account);
  change(account);
  const previous = changedFields(before, account);
  if (previous) core.store.emit(ctx, 'account.updated', id, account, previous);
  return account;
}

export function completeOnboarding(core: Core, ctx: EventCtx, id: string): Account {
  return updateAccount(core, ctx, id, (a) => {
    a.details_submitted = true;
    a.charges_enabled = true;
    a.payouts_enabled = true;
    a.business_type ??= 'individual';
    a.tos_acceptance.date ??= ctx.now;
    a.requirements = requirements([]);
    a.requirements.disabled_reason = null;
    for (const cap of Object.keys(a.capabilities)) a.capabilities[cap] = 'active';
  });
}

/** The person left the onboarding flow part-way: some details saved, requirements still due. */
export function leaveOnboarding(core: Core, ctx: EventCtx, id: string): Account {
  return updateAccount(core, ctx, id, (a) => {
    if (a.charges_enabled) return;
    a.business_type ??= 'individual';
    a.requirements = requirements(a.requirements.currently_due.filter((r) => LEFT_DUE.includes(r)));
  });
}

export function deauthorize(core: Core, ctx: EventCtx, id: string): void {
  connectedAccount(core, id, 'id');
  core.store.deauthorized.add(id);
  core.store.emit(ctx, 'account.application.deauthorized', id, { id: core.store.applicationId, object: 'application', name: 'Slotwise (Stripe emulator)' });
}

/** What an account update accepts; creation also takes `type`, `controller` and `country`, which are fixed afterwards. */
const UPDATABLE_ACCOUNT_PARAMS = [
  'email',
  'business_type',
  'business_profile',
  'capabilities',
  'metadata',
  'default_currency',
  'company',
  'individual',
  'settings',
  'tos_acceptance',
  'external_account',
];

function createAccount({ core, ctx, input }: ApiRequest): Account {
  if (ctx.scope) throw invalidRequest('Connected accounts can only be created by the platform (remove the Stripe-Account header).');
  input.allowOnly(['type', 'controller', 'country', ...UPDATABLE_ACCOUNT_PARAMS]);
  const controller = readController(input);
  const caps = requestedCapabilities(input);
  if (controller.stripe_dashboard.type === 'full') caps.push(...['card_payments', 'transfers'].filter((c) => !caps.includes(c)));
  if (caps.length === 0) throw invalidRequest('You must request at least one capability (e.g. `capabilities[transfers][requested]=true`).', 'capabilities');
  const country = (input.str('country', { max: 2 }) ?? 'US').toUpperCase();
  const profile = input.obj('business_profile');
  const account: Account = {
    id: randomId('acct_', 16),
    object: 'account',
    type: typeOf(controller),
    controller: { ...controller, type: 'application', is_controller: true },
    country,
    created: ctx.now,
    default_currency: input.str('default_currency')?.toLowerCase() ?? CURRENCY_BY_COUNTRY[country] ?? (EURO_COUNTRIES.includes(country) ? 'eur' : 'usd'),
    email: input.str('email') ?? null,
    business_type: input.oneOf('business_type', ['company', 'government_entity', 'individual', 'non_profit'] as const) ?? null,
    business_profile: {
      name: profile?.str('name') ?? null,
      url: profile?.str('url') ?? null,
      mcc: profile?.str('mcc') ?? null,
      support_email: profile?.str('support_email') ?? null,
    },
    capabilities: Object.fromEntries(caps.map((c) => [c, 'inactive' as const])),
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    livemode: false,
    requirements: requirements(INITIAL_DUE),
    future_requirements: requirements([]),
    metadata: input.metadata() ?? {},
    settings: { dashboard: { display_name: profile?.str('name') ?? null, timezone: 'Etc/UTC' }, payouts: { schedule: { interval: 'daily' } } },
    tos_acceptance: { date: null },
  };
  return core.store.put(null, account);
}

function readableAccount({ core, ctx }: ApiRequest, id: string): Account {
  if (ctx.scope && ctx.scope !== id) throw accountAccessError(id);
  return connectedAccount(core, id, 'account');
}

function updateAccountRoute(req: ApiRequest): Account {
  const { core, ctx, input, params } = req;
  const id = params.id as string;
  readableAccount(req, id);
  input.allowOnly(UPDATABLE_ACCOUNT_PARAMS);
  const metadata = input.metadata();
  const caps = requestedCapabilities(input);
  const profile = input.obj('business_profile');
  return updateAccount(core, ctx, id, (a) => {
    a.metadata = mergeMetadata(a.metadata, metadata);
    a.email = input.str('email') ?? a.email;
    a.business_type = input.str('business_type') ?? a.business_type;
    if (profile) {
      for (const key of ['name', 'url', 'mcc', 'support_email'] as const) a.business_profile[key] = profile.str(key) ?? a.business_profile[key];
    }
    for (const cap of caps) a.capabilities[cap] ??= a.charges_enabled ? 'active' : 'inactive';
  });
}

function platformAccount(core: Core): Account {
  return {
    ...createAccountShape(core.store.platformAccountId, core.now()),
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
  };
}

function createAccountShape(id: string, now: number): Account {
  return {
    id,
    object: 'account',
    type: 'standard',
    controller: { type: 'account', is_controller: false, ...TYPE_CONTROLLERS.standard },
    country: 'US',
    created: now,
    default_currency: 'usd',
    email: null,
    business_type: 'company',
    business_profile: { name: 'Slotwise platform (emulator)', url: null, mcc: null, support_email: null },
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    livemode: false,
    requirements: requirements([]),
    future_requirements: requirements([]),
    metadata: {},
    settings: { dashboard: { display_name: 'Slotwise', timezone: 'Etc/UTC' }, payouts: { schedule: { interval: 'daily' } } },
    tos_acceptance: { date: now },
  };
}

function createAccountLink({ core, ctx, input }: ApiRequest): Record<string, unknown> {
  if (ctx.scope) throw invalidRequest('Account links are created by the platform (remove the Stripe-Account header).');
  input.allowOnly(['account', 'type', 'refresh_url', 'return_url', 'collect', 'collection_options']);
  const accountId = input.str('account', { required: true });
  const type = input.oneOf('type', ['account_onboarding', 'account_update'] as const, { required: true });
  const refreshUrl = input.str('refresh_url', { required: true });
  const returnUrl = input.str('return_url', { required: true });
  for (const [param, url] of [
    ['refresh_url', refreshUrl],
    ['return_url', returnUrl],
  ] as const) {
    if (!URL.canParse(url)) throw invalidRequest(`Not a valid URL`, param, 'url_invalid');
  }
  const account = connectedAccount(core, accountId);
  if (type === 'account_update' && account.controller.requirement_collection !== 'application') {
    throw invalidRequest(
      'You cannot create `account_update` type Account Links for accounts where Stripe collects requirements; use `account_onboarding`.',
      'type',
    );
  }
  const link: AccountLinkRecord = {
    token: randomId('', 32),
    account: accountId,
    type,
    refreshUrl,
    returnUrl,
    created: ctx.now,
    expiresAt: ctx.now + ACCOUNT_LINK_TTL_S,
    used: false,
    formToken: null,
  };
  core.store.accountLinks.set(link.token, link);
  return { object: 'account_link', created: link.created, expires_at: link.expiresAt, url: `${core.publicUrl()}/connect/onboarding/${link.token}` };
}

export const accountRoutes: Route[] = [
  { method: 'POST', path: '/v1/accounts', handler: createAccount },
  {
    method: 'GET',
    path: '/v1/accounts',
    handler: ({ core, ctx, input }) => {
      if (ctx.scope) throw invalidRequest('Only the platform can list its connected accounts.');
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'created']);
      return core.store.page(core.store.all('account', null), input, '/v1/accounts');
    },
  },
  { method: 'GET', path: '/v1/accounts/:id', handler: (req) => readableAccount(req, req.params.id as string) },
  { method: 'POST', path: '/v1/accounts/:id', handler: updateAccountRoute },
  { method: 'GET', path: '/v1/account', handler: (req) => (req.ctx.scope ? readableAccount(req, req.ctx.scope) : platformAccount(req.core)) },
  { method: 'POST', path: '/v1/account_links', handler: createAccountLink },
];

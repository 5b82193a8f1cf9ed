import { completeOnboarding, connectedAccount, deauthorize, leaveOnboarding, updateAccount } from './accounts';
import { expireDueSessions, expireSession } from './checkout';
import { invalidRequest, resourceMissing } from './errors';
import type { FaultSpec, Faults } from './faults';
import { paySession, type CardInput, type PaymentResult } from './payments';
import { closeDispute, createDispute, updateDispute } from './disputes';
import { chargeFor, createRefund, failRefund } from './refunds';
import { matchRoute, type Core } from './router';
import { completeSetup, type SetupResult } from './setup';
import { EVERY_SCOPE, type EventCtx } from './store';
import type { Account, CheckoutSession, Customer, PaymentMethod, Dispute, Refund, Scope } from './types';
import type { ReleaseOrder, WebhookDispatcher, WebhookEndpoint } from './webhooks';

/**
 * Test controls: what a person would do in Stripe's dashboard or on a hosted page, and ways to
 * make Stripe misbehave. Available in-process (`emulator.controls`) and as JSON under `/_emulator`.
 * What they return are copies; the emulator's own objects change only through it.
 */

export type RequirementsPatch = {
  currently_due?: string[];
  eventually_due?: string[];
  past_due?: string[];
  disabled_reason?: string | null;
  charges_enabled?: boolean;
  payouts_enabled?: boolean;
};

export type MoneyTarget = { charge?: string; payment_intent?: string };

export type Controls = ReturnType<typeof createControls>;

function dashboardCtx(core: Core): EventCtx {
  return { now: core.now(), requestId: null, idempotencyKey: null };
}

/** Finds which account a charge or PaymentIntent lives on, so the dashboard can act on it. */
function scopeOf(core: Core, target: MoneyTarget): Scope {
  const id = target.charge ?? target.payment_intent;
  if (!id) throw invalidRequest('Give `charge` or `payment_intent`.');
  const located = core.store.locate(id);
  if (!located) throw resourceMissing(target.charge ? 'charge' : 'payment_intent', id);
  return located.scope;
}

export function createControls(core: Core, webhooks: WebhookDispatcher, faults: Faults, resetAll: () => void) {
  return {
    pay(sessionId: string, card: CardInput): PaymentResult {
      return structuredClone(paySession(core, dashboardCtx(core), sessionId, card));
    },
    /** Saves a card on a `setup` mode session, as the customer would on its hosted page. */
    setup(sessionId: string, card: CardInput): SetupResult {
      return structuredClone(completeSetup(core, dashboardCtx(core), sessionId, card));
    },
    /** Customers on every account (`account`: null for the platform), newest first; `email` compared case-insensitively. */
    customers(filter: { email?: string } = {}): (Customer & { account: Scope })[] {
      const email = filter.email?.toLowerCase();
      return core.store
        .all('customer', EVERY_SCOPE)
        .filter((c) => email === undefined || c.email?.toLowerCase() === email)
        .map((c) => ({ ...structuredClone(c), account: core.store.locate(c.id)?.scope ?? null }));
    },
    /** PaymentMethods on every account (`account`: null for the platform), newest first, optionally of one customer. */
    paymentMethods(filter: { customer?: string } = {}): (PaymentMethod & { account: Scope })[] {
      return core.store
        .all('payment_method', EVERY_SCOPE)
        .filter((pm) => filter.customer === undefined || pm.customer === filter.customer)
        .map((pm) => ({ ...structuredClone(pm), account: core.store.locate(pm.id)?.scope ?? null }));
    },
    expireSession(sessionId: string): CheckoutSession {
      const located = core.store.locate(sessionId);
      if (!located || located.obj.object !== 'checkout.session') throw resourceMissing('checkout.session', sessionId);
      return structuredClone(expireSession(core, dashboardCtx(core), located.scope, located.obj));
    },
    /** Expires sessions whose `expires_at` has passed on the emulator clock (also done on every request). */
    expireDue(): number {
      return expireDueSessions(core);
    },
    completeOnboarding(accountId: string): Account {
      connectedAccount(core, accountId, 'id');
      return structuredClone(completeOnboarding(core, dashboardCtx(core), accountId));
    },
    leaveOnboarding(accountId: string): Account {
      connectedAccount(core, accountId, 'id');
      return structuredClone(leaveOnboarding(core, dashboardCtx(core), accountId));
    },
    setRequirements(accountId: string, patch: RequirementsPatch): Account {
      connectedAccount(core, accountId, 'id');
      return structuredClone(
        updateAccount(core, dashboardCtx(core), accountId, (a) => {
          const r = a.requirements;
          if (patch.currently_due) r.currently_due = [...patch.currently_due];
          if (patch.eventually_due) r.eventually_due = [...patch.eventually_due];
          if (patch.past_due) r.past_due = [...patch.past_due];
          if (patch.disabled_reason !== undefined) r.disabled_reason = patch.disabled_reason;
          if (patch.charges_enabled !== undefined) a.charges_enabled = patch.charges_enabled;
          if (patch.payouts_enabled !== undefined) a.payouts_enabled = patch.payouts_enabled;
          if ('card_payments' in a.capabilities) a.capabilities.card_payments = a.charges_enabled ? 'active' : 'inactive';
        }),
      );
    },
    disableCharges(accountId: string, disabledReason = 'requirements.past_due'): Account {
      connectedAccount(core, accountId, 'id');
      return structuredClone(
        updateAccount(core, dashboardCtx(core), accountId, (a) => {
          a.charges_enabled = false;
          a.requirements.disabled_reason = disabledReason;
          if ('card_payments' in a.capabilities) a.capabilities.card_payments = 'inactive';
        }),
      );
    },
    deauthorize(accountId: string): void {
      deauthorize(core, dashboardCtx(core), accountId);
    },
    refund(target: MoneyTarget & { amount?: number; reason?: string; refund_application_fee?: boolean }): Refund {
      return structuredClone(
        createRefund(core, dashboardCtx(core), scopeOf(core, target), {
          charge: target.charge,
          paymentIntent: target.payment_intent,
          amount: target.amount,
          reason: target.reason,
          refundApplicationFee: target.refund_application_fee,
        }),
      );
    },
    failRefund(refundId: string): Refund {
      return structuredClone(failRefund(core, dashboardCtx(core), refundId));
    },
    dispute(target: MoneyTarget & { amount?: number; reason?: string }): Dispute {
      const scope = scopeOf(core, target);
      const charge = chargeFor(core, scope, target.charge, target.payment_intent);
      return structuredClone(createDispute(core, dashboardCtx(core), scope, charge, { amount: target.amount, reason: target.reason }));
    },
    /** The business submitted evidence: `under_review` (`warning_under_review` for an inquiry). */
    updateDispute(disputeId: string, patch: { status?: string } = {}): Dispute {
      return structuredClone(updateDispute(core, dashboardCtx(core), disputeId, patch));
    },
    /** The card network decided: won (money and fee back) or lost. */
    closeDispute(disputeId: string, outcome: 'won' | 'lost'): Dispute {
      return structuredClone(closeDispute(core, dashboardCtx(core), disputeId, outcome));
    },
    duplicateNext: (times: number, events?: number) => webhooks.duplicateNext(times, events),
    delayNext: (ms: number, events?: number) => webhooks.delayNext(ms, events),
    holdWebhooks: () => webhooks.hold(),
    releaseWebhooks: (order?: ReleaseOrder) => webhooks.release(order),
    setWebhookEndpoints: (endpoints: WebhookEndpoint[]) => webhooks.setEndpoints(endpoints),
    webhooksIdle: (timeoutMs?: number) => webhooks.idle(timeoutMs),
    deliveries: () => webhooks.deliveries(),
    /** Every event on every account, newest first. */
    events: () => structuredClone(core.store.all('event', EVERY_SCOPE)),
    fault: (spec: FaultSpec) => faults.arm(spec),
    clearFaults: () => faults.clear(),
    reset: resetAll,
  };
}

type Json = Record<string, unknown>;
type ControlRoute = { method: 'GET' | 'POST'; path: string; run: (c: Controls, p: Record<string, string>, body: Json, query: URLSearchParams) => unknown };

const str = (body: Json, key: string): string | undefined => (typeof body[key] === 'string' ? body[key] : undefined);
const num = (body: Json, key: string): number | undefined => (typeof body[key] === 'number' ? body[key] : undefined);
const bool = (body: Json, key: string): boolean | undefined => (typeof body[key] === 'boolean' ? body[key] : undefined);

function cardFrom(body: Json): CardInput {
  const authenticate = str(body, 'authenticate');
  if (authenticate !== undefined && authenticate !== 'complete' && authenticate !== 'fail')
    throw invalidRequest("`authenticate` must be 'complete' or 'fail'.", 'authenticate');
  return { ...cardNumberFrom(body), ...(authenticate ? { authenticate } : {}) };
}

function cardNumberFrom(body: Json): CardInput {
  const card = body.card;
  if (typeof card === 'string') return { number: card, email: str(body, 'email'), name: str(body, 'name') };
  if (card && typeof card === 'object') {
    const c = card as Json;
    return {
      number: str(c, 'number') ?? '',
      expMonth: num(c, 'exp_month'),
      expYear: num(c, 'exp_year'),
      cvc: str(c, 'cvc'),
      email: str(body, 'email'),
      name: str(body, 'name'),
    };
  }
  throw invalidRequest('Give `card`: a test card number such as "4242 4242 4242 4242".', 'card');
}

const ROUTES: ControlRoute[] = [
  { method: 'POST', path: '/_emulator/checkout/sessions/:id/pay', run: (c, p, b) => c.pay(p.id as string, cardFrom(b)) },
  { method: 'POST', path: '/_emulator/checkout/sessions/:id/setup', run: (c, p, b) => c.setup(p.id as string, cardFrom(b)) },
  { method: 'POST', path: '/_emulator/checkout/sessions/:id/expire', run: (c, p) => c.expireSession(p.id as string) },
  { method: 'GET', path: '/_emulator/customers', run: (c, _p, _b, q) => ({ data: c.customers({ email: q.get('email') ?? undefined }) }) },
  { method: 'GET', path: '/_emulator/payment_methods', run: (c, _p, _b, q) => ({ data: c.paymentMethods({ customer: q.get('customer') ?? undefined }) }) },
  { method: 'POST', path: '/_emulator/checkout/expire-due', run: (c) => ({ expired: c.expireDue() }) },
  { method: 'POST', path: '/_emulator/accounts/:id/complete-onboarding', run: (c, p) => c.completeOnboarding(p.id as string) },
  { method: 'POST', path: '/_emulator/accounts/:id/leave-onboarding', run: (c, p) => c.leaveOnboarding(p.id as string) },
  { method: 'POST', path: '/_emulator/accounts/:id/requirements', run: (c, p, b) => c.setRequirements(p.id as string, b) },
  { method: 'POST', path: '/_emulator/accounts/:id/disable-charges', run: (c, p, b) => c.disableCharges(p.id as string, str(b, 'disabled_reason')) },
  { method: 'POST', path: '/_emulator/accounts/:id/deauthorize', run: (c, p) => (c.deauthorize(p.id as string), { deauthorized: true }) },
  {
    method: 'POST',
    path: '/_emulator/refunds',
    run: (c, _p, b) =>
      c.refund({
        charge: str(b, 'charge'),
        payment_intent: str(b, 'payment_intent'),
        amount: num(b, 'amount'),
        reason: str(b, 'reason'),
        refund_application_fee: bool(b, 'refund_application_fee'),
      }),
  },
  // A refund made in the connected account's dashboard: the platform's fee is not returned unless asked.
  {
    method: 'POST',
    path: '/_emulator/charges/:id/refund',
    run: (c, p, b) => c.refund({ charge: p.id, amount: num(b, 'amount'), reason: str(b, 'reason'), refund_application_fee: bool(b, 'refund_application_fee') }),
  },
  { method: 'POST', path: '/_emulator/refunds/:id/fail', run: (c, p) => c.failRefund(p.id as string) },
  {
    method: 'POST',
    path: '/_emulator/disputes',
    run: (c, _p, b) => c.dispute({ charge: str(b, 'charge'), payment_intent: str(b, 'payment_intent'), amount: num(b, 'amount'), reason: str(b, 'reason') }),
  },
  { method: 'POST', path: '/_emulator/charges/:id/dispute', run: (c, p, b) => c.dispute({ charge: p.id, amount: num(b, 'amount'), reason: str(b, 'reason') }) },
  { method: 'POST', path: '/_emulator/disputes/:id/update', run: (c, p, b) => c.updateDispute(p.id as string, { status: str(b, 'status') }) },
  {
    method: 'POST',
    path: '/_emulator/disputes/:id/close',
    run: (c, p, b) => {
      const outcome = str(b, 'outcome');
      if (outcome !== 'won' && outcome !== 'lost') throw invalidRequest("`outcome` must be 'won' or 'lost'.", 'outcome');
      return c.closeDispute(p.id as string, outcome);
    },
  },
  {
    method: 'POST',
    path: '/_emulator/webhooks/duplicate-next',
    run: (c, _p, b) => {
      const times = num(b, 'times');
      if (!times || !Number.isInteger(times) || times < 1) throw invalidRequest('`times` must be a positive integer.', 'times');
      c.duplicateNext(times, num(b, 'events'));
      return { times, events: num(b, 'events') ?? null };
    },
  },
  {
    method: 'POST',
    path: '/_emulator/webhooks/delay-next',
    run: (c, _p, b) => {
      const ms = num(b, 'ms') ?? 0;
      c.delayNext(ms, num(b, 'events'));
      return { ms, events: num(b, 'events') ?? 1 };
    },
  },
  { method: 'POST', path: '/_emulator/webhooks/hold', run: (c) => (c.holdWebhooks(), { holding: true }) },
  { method: 'POST', path: '/_emulator/webhooks/release', run: (c, _p, b) => ({ released: c.releaseWebhooks(str(b, 'order') as ReleaseOrder | undefined) }) },
  { method: 'POST', path: '/_emulator/webhooks/endpoints', run: (c, _p, b) => (c.setWebhookEndpoints((b.endpoints ?? []) as WebhookEndpoint[]), { ok: true }) },
  { method: 'POST', path: '/_emulator/webhooks/idle', run: async (c, _p, b) => (await c.webhooksIdle(num(b, 'timeout_ms')), { idle: true }) },
  {
    method: 'GET',
    path: '/_emulator/deliveries',
    run: (c, _p, _b, q) => {
      const event = q.get('event');
      const type = q.get('type');
      return { data: c.deliveries().filter((d) => (!event || d.eventId === event) && (!type || d.eventType === type)) };
    },
  },
  { method: 'GET', path: '/_emulator/events', run: (c) => ({ data: c.events() }) },
  {
    method: 'POST',
    path: '/_emulator/faults',
    run: (c, _p, b) =>
      c.fault({
        type: str(b, 'type') as FaultSpec['type'],
        count: num(b, 'count'),
        delayMs: num(b, 'delay_ms'),
        path: str(b, 'path'),
        method: str(b, 'method'),
      }),
  },
  { method: 'POST', path: '/_emulator/faults/clear', run: (c) => (c.clearFaults(), { ok: true }) },
  { method: 'POST', path: '/_emulator/reset', run: (c) => (c.reset(), { ok: true }) },
];

/** Runs the control for a path, or returns undefined when there is none. */
export async function runControl(
  controls: Controls,
  method: string,
  pathname: string,
  body: Json,
  query: URLSearchParams,
): Promise<{ found: false } | { found: true; result: unknown }> {
  const match = matchRoute(ROUTES, method, pathname);
  if (!match || match === 'method_not_allowed') return { found: false };
  return { found: true, result: await match.route.run(controls, match.params, body, query) };
}

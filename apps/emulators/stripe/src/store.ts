import { randomBytes } from 'node:crypto';
import { invalidRequest } from './errors';
import type { ParamReader } from './forms';
import { STRIPE_API_VERSION, type LineItem, type PaymentIntentData, type Scope, type SetupIntentData, type StoredObject, type StripeEvent } from './types';

/**
 * In-memory state of the emulated Stripe: every object with the account it lives on, ids in
 * Stripe's formats, list pagination, `expand`, and events (handed to the webhook dispatcher).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return prefix + out;
}

/** `store.all`'s scope for objects on the platform and every account alike (a Scope is an account id or null). */
export const EVERY_SCOPE = Symbol('every scope');

/** What a handler knows about the request it serves. */
export type Ctx = {
  /** The `Stripe-Account` the call acts on, or null for the platform. */
  scope: Scope;
  /** The emulator clock, unix seconds. */
  now: number;
  requestId: string | null;
  idempotencyKey: string | null;
};

export type AccountLinkRecord = {
  token: string;
  account: string;
  type: 'account_onboarding' | 'account_update';
  refreshUrl: string;
  returnUrl: string;
  created: number;
  expiresAt: number;
  used: boolean;
  /** Set when the page is opened; the page's form must send it back once. */
  formToken: string | null;
};

/** What an event records about the request that caused it (null ids for dashboard actions). */
export type EventCtx = Pick<Ctx, 'now' | 'requestId' | 'idempotencyKey'>;

export type ListObject<T> = { object: 'list'; data: T[]; has_more: boolean; url: string };

type Entry = { scope: Scope; seq: number; obj: StoredObject };

type ObjectOf<K extends StoredObject['object']> = Extract<StoredObject, { object: K }>;

export class Store {
  private objects = new Map<string, Entry>();
  private seq = 0;
  /** Line items of each Checkout Session (returned only when asked for). */
  readonly lineItems = new Map<string, LineItem[]>();
  /** Per Checkout Session: what its PaymentIntent will be created with. */
  readonly paymentIntentData = new Map<string, PaymentIntentData>();
  /** Per `setup` mode Checkout Session: what its SetupIntent will be created with. */
  readonly setupIntentData = new Map<string, SetupIntentData>();
  /** The card number behind each PaymentMethod (never returned), which decides how its payments go. */
  readonly cardNumbers = new Map<string, string>();
  /** PaymentMethods that cannot be used again: detached, or used once without a Customer (as at Stripe). */
  readonly spentPaymentMethods = new Set<string>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  /** Connected accounts that disconnected from the platform. */
  readonly deauthorized = new Set<string>();
  readonly platformAccountId = randomId('acct_', 16);
  readonly applicationId = randomId('ca_', 24);

  constructor(private readonly onEvent: (event: StripeEvent) => void) {}

  reset(): void {
    this.objects.clear();
    this.lineItems.clear();
    this.paymentIntentData.clear();
    this.setupIntentData.clear();
    this.cardNumbers.clear();
    this.spentPaymentMethods.clear();
    this.accountLinks.clear();
    this.deauthorized.clear();
  }

  put<T extends StoredObject>(scope: Scope, obj: T): T {
    const existing = this.objects.get(obj.id);
    this.objects.set(obj.id, { scope, seq: existing?.seq ?? ++this.seq, obj });
    return obj;
  }

  /** The object with this id and type on `scope`, or undefined (other accounts' objects are invisible). */
  get<K extends StoredObject['object']>(kind: K, id: string, scope: Scope): ObjectOf<K> | undefined {
    const entry = this.objects.get(id);
    if (!entry || entry.obj.object !== kind || entry.scope !== scope) return undefined;
    return entry.obj as ObjectOf<K>;
  }

  /** Any object by id, whichever account it lives on (for test controls and the hosted pages). */
  locate(id: string): { scope: Scope; obj: StoredObject } | undefined {
    const entry = this.objects.get(id);
    return entry && { scope: entry.scope, obj: entry.obj };
  }

  /** Objects of a kind on a scope (or on every scope: the clock's sweeps, the test controls), newest first. */
  all<K extends StoredObject['object']>(kind: K, scope: Scope | typeof EVERY_SCOPE): ObjectOf<K>[] {
    return [...this.objects.values()]
      .filter((e) => e.obj.object === kind && (scope === EVERY_SCOPE || e.scope === scope))
      .sort((a, b) => b.obj.created - a.obj.created || b.seq - a.seq)
      .map((e) => e.obj as ObjectOf<K>);
  }

  /** A page of `items` (newest first) following Stripe's `limit`, `starting_after`, `ending_before`. */
  page<T extends { id: string }>(items: T[], query: ParamReader, url: string): ListObject<T> {
    const limit = query.int('limit', { min: 1, max: 100 }) ?? 10;
    const startingAfter = query.str('starting_after');
    const endingBefore = query.str('ending_before');
    if (startingAfter && endingBefore) throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.');
    if (endingBefore) {
      const at = items.findIndex((i) => i.id === endingBefore);
      if (at === -1) throw invalidRequest(`No such object: '${endingBefore}'`, 'ending_before', 'resource_missing');
      const data = items.slice(Math.max(0, at - limit), at);
      return { object: 'list', data, has_more: at - limit > 0, url };
    }
    let from = 0;
    if (startingAfter) {
      const at = items.findIndex((i) => i.id === startingAfter);
      if (at === -1) throw invalidRequest(`No such object: '${startingAfter}'`, 'starting_after', 'resource_missing');
      from = at + 1;
    }
    return { object: 'list', data: items.slice(from, from + limit), has_more: from + limit < items.length, url };
  }

  /**
   * Records an event and hands it to the webhook dispatcher. `account` is the connected account
   * the event happened on (null for platform events); Connect endpoints receive only those.
   */
  emit(
    ctx: EventCtx,
    type: string,
    account: Scope,
    object: { id: string; object: string; [key: string]: unknown },
    previous?: Record<string, unknown>,
  ): StripeEvent {
    const event: StripeEvent = {
      id: randomId('evt_'),
      object: 'event',
      ...(account ? { account } : {}),
      api_version: STRIPE_API_VERSION,
      created: ctx.now,
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    this.put(account, event);
    this.onEvent(event);
    return event;
  }

  /**
   * Replaces ids named by `expand` paths (`payment_intent`, `payment_intent.latest_charge`,
   * `data.charge` on lists) with the objects, as Stripe's `expand[]` does. Returns a copy.
   */
  expand<T>(value: T, paths: string[], scope: Scope): T {
    const copy = structuredClone(value) as unknown;
    for (const path of paths) this.expandPath(copy, path.split('.'), scope, path);
    return copy as T;
  }

  private expandPath(node: unknown, segments: string[], scope: Scope, full: string): void {
    if (!node || typeof node !== 'object' || segments.length === 0) return;
    const [head, ...rest] = segments as [string, ...string[]];
    const record = node as Record<string, unknown>;
    if (head === 'data' && Array.isArray(record.data)) {
      for (const item of record.data) this.expandPath(item, rest, scope, full);
      return;
    }
    if (!(head in record)) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
    const current = record[head];
    if (typeof current === 'string') {
      const found = this.objects.get(current);
      // Application fees and accounts live on the platform but are referenced from connected objects.
      const visible = found && (found.scope === scope || found.obj.object === 'application_fee' || found.obj.object === 'account');
      if (!visible) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
      record[head] = structuredClone(found.obj);
    }
    this.expandPath(record[head], rest, scope, full);
  }
}

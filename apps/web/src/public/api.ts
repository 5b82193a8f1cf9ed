import type {
  TErrorBody,
  TManageView,
  TPublicBooking,
  TPublicCheckoutStatus,
  TSlot,
  TWallet,
  TWalletCard,
  TWalletSession,
  ZPublicService,
  ZPublicTenant,
} from '@slotwise/contracts';
import type { z } from 'zod';

/*
 * The public pages call the API with plain fetch and only the contract's TYPES: the zod and
 * ts-rest runtimes would double this entry's size for customers on phones.
 */

export type TPublicTenant = z.infer<typeof ZPublicTenant>;
export type TPublicService = z.infer<typeof ZPublicService>;
export type { TManageView, TPublicBooking, TPublicCheckoutStatus, TSlot, TWallet, TWalletCard, TWalletSession };

export type BookingRequest = {
  serviceId: string;
  resourceId?: string;
  startsAt: string;
  timeZone: string;
  customer: { name: string; email: string; phone?: string };
  notes?: string;
  /** Pay in one click with a saved card (with the wallet session: `publicApi.book`'s `walletSession`). */
  payWith?: { savedCardId: string };
};

/** A failed call: the API's error code and message, or `NETWORK` when no answer arrived. */
export class PublicApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: TErrorBody['error']['code'] | 'NETWORK' | 'UNKNOWN',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PublicApiError';
  }
}

function isErrorBody(body: unknown): body is TErrorBody {
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new PublicApiError(0, 'NETWORK', 'We could not reach the booking service. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  if (isErrorBody(body)) throw new PublicApiError(response.status, body.error.code, body.error.message, body.error.details);
  throw new PublicApiError(response.status, 'UNKNOWN', `Something went wrong on our side (HTTP ${response.status}). Please try again.`);
}

const tenantPath = (slug: string) => `/v1/public/tenants/${encodeURIComponent(slug)}`;
const managePath = (token: string) => `/v1/public/manage/${encodeURIComponent(token)}`;

export const publicApi = {
  tenant: (slug: string, signal?: AbortSignal) => call<TPublicTenant>('GET', tenantPath(slug), { signal }),

  services: (slug: string, signal?: AbortSignal) =>
    call<{ items: TPublicService[] }>('GET', `${tenantPath(slug)}/services`, { signal }).then((page) => page.items),

  slots: (slug: string, serviceId: string, query: { from: string; to: string; timeZone: string; resourceId?: string }, signal?: AbortSignal) => {
    const params = new URLSearchParams({ from: query.from, to: query.to, timeZone: query.timeZone });
    if (query.resourceId) params.set('resourceId', query.resourceId);
    const path = `${tenantPath(slug)}/services/${encodeURIComponent(serviceId)}/slots?${params}`;
    return call<{ timeZone: string; slots: TSlot[] }>('GET', path, { signal }).then((answer) => answer.slots);
  },

  /** The key makes a retried or doubled submit of the same booking land once. `walletSession`: for `payWith` (a saved card). */
  book: (slug: string, booking: BookingRequest, idempotencyKey: string, walletSession?: string) =>
    call<TPublicBooking>('POST', `${tenantPath(slug)}/bookings`, {
      body: booking,
      headers: { 'Idempotency-Key': idempotencyKey, ...(walletSession ? { 'x-wallet-session': walletSession } : {}) },
    }),

  /** Back from Stripe Checkout: the booking and whether our side has the payment yet. */
  checkoutStatus: (slug: string, sessionId: string, signal?: AbortSignal) =>
    call<TPublicCheckoutStatus>('GET', `${tenantPath(slug)}/checkout/${encodeURIComponent(sessionId)}`, { signal }),

  manage: (token: string, signal?: AbortSignal) => call<TManageView>('GET', managePath(token), { signal }),

  /**
   * `version`: the one the customer is looking at; a change since then answers 409 VERSION_CONFLICT.
   * `expectedRefundMinor`: the refund they were shown; a different one now answers 409 CONFLICT.
   */
  cancel: (token: string, change: { reason: string; version: number; expectedRefundMinor?: number }) =>
    call<TManageView>('POST', `${managePath(token)}/cancel`, { body: change }),

  reschedule: (token: string, change: { startsAt: string; version: number }) => call<TManageView>('POST', `${managePath(token)}/reschedule`, { body: change }),

  /* Saved cards across businesses: the platform's wallet of the customer's email address (`x-wallet-session`). */

  /** Emails a single-use link to the saved cards of `email` (the same answer for any address). */
  walletLink: (email: string) => call<{ message: string }>('POST', '/v1/public/wallet/link', { body: { email } }),

  /** Follows the emailed link: a session for this browser. */
  walletSession: (token: string) => call<TWalletSession>('POST', '/v1/public/wallet/session', { body: { token } }),

  wallet: (session: string, signal?: AbortSignal) => call<TWallet>('GET', '/v1/public/wallet', { headers: { 'x-wallet-session': session }, signal }),

  /** "Add a card": Stripe's page to save one, after the customer agreed to the wording of `consentVersion`. */
  walletSetup: (session: string, consentVersion: string) =>
    call<{ url: string }>('POST', '/v1/public/wallet/setup', { body: { consent: true, consentVersion }, headers: { 'x-wallet-session': session } }),

  /** Back from Stripe's page: the card saved. */
  walletCompleteSetup: (session: string, sessionId: string) =>
    call<TWalletCard>('POST', '/v1/public/wallet/setup/complete', { body: { sessionId }, headers: { 'x-wallet-session': session } }),

  walletRemoveCard: (session: string, cardId: string) =>
    call<TWallet>('DELETE', `/v1/public/wallet/cards/${encodeURIComponent(cardId)}`, { headers: { 'x-wallet-session': session } }),
};

/** A fresh idempotency key; getRandomValues works on plain-http origins too, unlike randomUUID. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `book-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Field messages from a 400: `[{ path: 'body.customer.email', message }]` → `{ email: message }`. */
export function fieldErrorsOf(error: PublicApiError): Record<string, string> {
  if (error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return {};
  const fields: Record<string, string> = {};
  for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof detail.path !== 'string' || typeof detail.message !== 'string') continue;
    const field = detail.path.replace(/^body\.(customer\.)?/, '').split('.')[0];
    if (field && !(field in fields)) fields[field] = detail.message;
  }
  return fields;
}

/** What to tell a customer about a failure that has no better place on the page. */
export function describeError(error: unknown): string {
  if (!(error instanceof PublicApiError)) return 'Something went wrong. Please try again.';
  if (error.code === 'RATE_LIMITED') return 'Too many attempts in a short time. Please wait a minute and try again.';
  if (error.code === 'PAYMENT_UNAVAILABLE')
    return 'We couldn’t reach the payment service just now, so nothing was booked or charged. Please try again in a minute.';
  return error.message;
}

import type { BookingRequest } from './api';
import type { DetailsValues } from './details';

/*
 * A paid booking leaves this page for Stripe Checkout. What the customer chose and typed stays in
 * this tab's sessionStorage (never in a URL: no personal data in addresses), so that "Cancel and
 * go back" on Checkout returns to the same service, time and details, and "Continue to payment"
 * repeats the same request with the same Idempotency-Key — the API then answers the same hold and
 * the same Checkout Session instead of refusing a second booking of the customer's own held time.
 */

/** What is kept while the customer is at Checkout. */
export type PendingCheckout = {
  request: BookingRequest;
  idempotencyKey: string;
  details: DetailsValues;
  checkoutUrl: string;
  /** The hold and the Checkout Session end together. */
  expiresAt: string;
};

const storageKey = (slug: string) => `slotwise:checkout:${slug}`;

export function savePendingCheckout(slug: string, pending: PendingCheckout): void {
  try {
    sessionStorage.setItem(storageKey(slug), JSON.stringify(pending));
  } catch {
    // Storage full or disabled (private mode): going back from Checkout then starts the details afresh.
  }
}

/** The kept checkout, unless it has ended or was never kept. */
export function readPendingCheckout(slug: string, now: Date = new Date()): PendingCheckout | null {
  try {
    const raw = sessionStorage.getItem(storageKey(slug));
    if (!raw) return null;
    const pending = JSON.parse(raw) as PendingCheckout;
    if (typeof pending.expiresAt !== 'string' || Date.parse(pending.expiresAt) <= now.getTime()) return null;
    return pending;
  } catch {
    return null;
  }
}

export function clearPendingCheckout(slug: string): void {
  try {
    sessionStorage.removeItem(storageKey(slug));
  } catch {
    // Nothing kept, nothing to clear.
  }
}

/** The choices the API put in Checkout's cancel address: `?service=…&resource=…&start=…&tz=…&checkout=cancelled`. */
export type CheckoutResume = { serviceId: string; resourceId: string | null; startsAt: string; timeZone: string | null };

export function resumeFromSearch(search: string): CheckoutResume | null {
  const params = new URLSearchParams(search);
  const serviceId = params.get('service');
  const startsAt = params.get('start');
  if (params.get('checkout') !== 'cancelled' || !serviceId || !startsAt || Number.isNaN(Date.parse(startsAt))) return null;
  return { serviceId, resourceId: params.get('resource'), startsAt, timeZone: params.get('tz') };
}

/** The address without the resume parameters (kept: `embed`). */
export function withoutResume(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of ['service', 'resource', 'start', 'tz', 'checkout']) params.delete(name);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

/** Where the browser goes to pay (a seam for tests: jsdom-like environments cannot navigate). */
export const leavePage = { to: (url: string) => window.location.assign(url) };

import { useSyncExternalStore } from 'react';

/**
 * Whether someone in this browser copied the business's booking link (or its embed code).
 * There is no server record of sharing, so the browser remembers it: the settings' booking link
 * card marks it, the first-run checklist ticks it.
 */
const key = (tenantId: string) => `slotwise:booking-link-shared:${tenantId}`;
const CHANGED = 'slotwise:booking-link-shared';

export function markBookingLinkShared(tenantId: string): void {
  try {
    localStorage.setItem(key(tenantId), new Date().toISOString());
  } catch {
    // Storage can be full or blocked (private mode); the checklist then just stays unticked.
  }
  window.dispatchEvent(new Event(CHANGED));
}

function wasShared(tenantId: string): boolean {
  try {
    return localStorage.getItem(key(tenantId)) !== null;
  } catch {
    return false;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  // Another tab of the dashboard copied it.
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useBookingLinkShared(tenantId: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => wasShared(tenantId),
    () => false,
  );
}

/** The public booking page of a business, on this dashboard's own origin. */
export function bookingUrl(slug: string): string {
  return `${window.location.origin}/book/${slug}`;
}

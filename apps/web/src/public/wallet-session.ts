import type { TWalletSession } from './api';

/*
 * The customer's saved-cards session on this device: opened by the emailed link (the /wallet page),
 * kept in localStorage so the booking page of any business on Slotwise can offer the saved card.
 * It holds a session token, the address and its end — never card data (the API answers brand and
 * last four only).
 */

const KEY = 'slotwise:wallet';

export type WalletSessionKept = Pick<TWalletSession, 'sessionToken' | 'email' | 'expiresAt'>;

export function saveWalletSession(session: WalletSessionKept): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ sessionToken: session.sessionToken, email: session.email, expiresAt: session.expiresAt }));
  } catch {
    // Storage full or disabled (private mode): the cards work on this page only.
  }
}

/** The kept session, unless it has ended or was never kept. */
export function readWalletSession(now: Date = new Date()): WalletSessionKept | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const kept = JSON.parse(raw) as Partial<WalletSessionKept>;
    if (typeof kept.sessionToken !== 'string' || typeof kept.email !== 'string' || typeof kept.expiresAt !== 'string') return null;
    if (Date.parse(kept.expiresAt) <= now.getTime()) return null;
    return { sessionToken: kept.sessionToken, email: kept.email, expiresAt: kept.expiresAt };
  } catch {
    return null;
  }
}

export function clearWalletSession(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing kept, nothing to clear.
  }
}

/** "Visa •••• 4242": how a card is named to its owner. */
export function cardLabel(card: { brand: string; last4: string }): string {
  const brand = BRANDS[card.brand] ?? card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} •••• ${card.last4}`;
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

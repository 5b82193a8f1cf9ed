import type { Config } from '../../config';
import { linkToken } from '../../platform/link-tokens';

/**
 * The emailed link to a customer's saved cards: HMAC(SECRET_KEY, id) of its WalletLinkToken row
 * (platform/link-tokens), so neither the database (which keeps its SHA-256) nor the email job
 * (which carries the id) holds a usable link.
 */

export const WALLET_LINK_HOURS = 24;
/** How long following a link keeps the browser in its wallet. */
export const WALLET_SESSION_DAYS = 30;

export const walletLinkToken = (config: Pick<Config, 'SECRET_KEY'>, linkId: string) => linkToken(config.SECRET_KEY, 'wallet', linkId);

export function walletLinkUrl(config: Pick<Config, 'SECRET_KEY' | 'PUBLIC_URL'>, linkId: string): string {
  const url = new URL('/wallet', config.PUBLIC_URL);
  url.searchParams.set('token', walletLinkToken(config, linkId));
  return url.toString();
}

/** A page of the wallet on our site (Checkout's return addresses). */
export const walletPage = (config: Pick<Config, 'PUBLIC_URL'>, query: string) => `${config.PUBLIC_URL.replace(/\/+$/, '')}/wallet?${query}`;

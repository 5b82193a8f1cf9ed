import type { Config } from '../../config';
import { linkToken } from '../../platform/link-tokens';

/**
 * The single-use links of an account (the AccountToken table): how long each lives, where it
 * opens, and its token, derived from the row (platform/link-tokens) so it is never stored nor
 * queued. Following a sign-up, verification or reset link also shows the address is the
 * follower's, which is what marks an account's email verified.
 */

export type AccountTokenPurpose = 'SIGNUP' | 'VERIFY_EMAIL' | 'RESET_PASSWORD';

const HOUR = 3_600_000;

export const ACCOUNT_LINKS: Record<AccountTokenPurpose, { lifetimeMs: number; path: string }> = {
  SIGNUP: { lifetimeMs: 24 * HOUR, path: '/finish-signup' },
  VERIFY_EMAIL: { lifetimeMs: 72 * HOUR, path: '/verify-email' },
  // Short: a reset link in a mailbox someone else reads is a way into the account.
  RESET_PASSWORD: { lifetimeMs: HOUR / 2, path: '/reset-password' },
};

export function accountToken(config: Pick<Config, 'SECRET_KEY'>, row: { id: string; purpose: AccountTokenPurpose }): string {
  return linkToken(config.SECRET_KEY, `account:${row.purpose}`, row.id);
}

export function accountLink(config: Pick<Config, 'SECRET_KEY' | 'PUBLIC_URL'>, row: { id: string; purpose: AccountTokenPurpose }): string {
  const url = new URL(ACCOUNT_LINKS[row.purpose].path, config.PUBLIC_URL);
  url.searchParams.set('token', accountToken(config, row));
  return url.toString();
}

/** A page of the web app, for links in emails that carry no token. */
export const appUrl = (config: Pick<Config, 'PUBLIC_URL'>, path: string) => new URL(path, config.PUBLIC_URL).toString();

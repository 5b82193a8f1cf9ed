import { createHmac } from 'node:crypto';

/**
 * The token of an emailed link (invitation, sign-up, verification, password reset), derived
 * from the row it names instead of drawn at random: HMAC-SHA256(SECRET_KEY, purpose and id).
 * The database stores only its SHA-256 (platform/session's sha256), and the email job carries
 * only the id and derives the token again when it sends, so neither a database dump nor the
 * job queue holds a usable link. A row id is never reused, and the link version of a row that
 * is re-sent changes, so every link is distinct. Rotating SECRET_KEY leaves links already sent
 * working (their hashes are stored) but stops unsent emails of older links (the job finds that
 * the derived token no longer matches and skips).
 */
export function linkToken(secret: string, purpose: string, ...parts: (string | number)[]): string {
  // The prefix keeps these HMACs from ever matching another use of the same key (manage links, audit).
  return createHmac('sha256', secret)
    .update(['link-token', purpose, ...parts].join('\u0000'))
    .digest('base64url');
}

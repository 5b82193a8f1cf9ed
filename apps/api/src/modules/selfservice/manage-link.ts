import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../platform/deps';
import { isUuid } from '../../platform/uuid';

/**
 * The customer's manage link: `${PUBLIC_URL}/manage/<payload>.<sig>`, where the payload is
 * base64url JSON `{ b: bookingId, t: tenantId, e: expiry in epoch seconds }` and the signature
 * is HMAC-SHA256 of the payload text with SECRET_KEY. No login: the link is the credential,
 * valid until 30 days after the booking ends.
 */

const VALID_DAYS_AFTER_END = 30;

type Claims = { b: string; t: string; e: number };

function sign(secret: string, payload: string): string {
  // A distinct prefix keeps these signatures from ever matching another use of the same key.
  return createHmac('sha256', secret).update(`manage-link:${payload}`).digest('base64url');
}

export function manageToken(deps: Pick<AppDeps, 'config'>, booking: { id: string; tenantId: string; endsAt: Date }): string {
  const claims: Claims = {
    b: booking.id,
    t: booking.tenantId,
    e: Math.floor(booking.endsAt.getTime() / 1000) + VALID_DAYS_AFTER_END * 86_400,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(deps.config.SECRET_KEY, payload)}`;
}

export function manageUrl(deps: Pick<AppDeps, 'config'>, booking: { id: string; tenantId: string; endsAt: Date }): string {
  return `${deps.config.PUBLIC_URL.replace(/\/+$/, '')}/manage/${manageToken(deps, booking)}`;
}

/** The booking a token names, or null when it was altered, has expired or is not a token at all. */
export function verifyManageToken(deps: Pick<AppDeps, 'config'>, token: string, now: Date): { bookingId: string; tenantId: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, sig] = parts as [string, string];
  const expected = Buffer.from(sign(deps.config.SECRET_KEY, payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: Partial<Claims> | null;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims> | null;
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null) return null;
  if (!isUuid(claims.b)) return null;
  if (!isUuid(claims.t)) return null;
  if (typeof claims.e !== 'number' || !Number.isFinite(claims.e) || claims.e * 1000 <= now.getTime()) return null;
  return { bookingId: claims.b, tenantId: claims.t };
}

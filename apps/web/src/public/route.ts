/** Which public screen an address asks for. The API serves this entry for `/book/*`, `/manage/*` and `/wallet`. */
export type PublicRoute =
  | { page: 'book'; slug: string; serviceId: string | null }
  | { page: 'checkout-return'; slug: string; sessionId: string | null }
  | { page: 'manage'; token: string }
  /** The customer's saved cards: `?token=` from the emailed link, `?setup_session=` back from saving a card, `?setup=cancelled`. */
  | { page: 'wallet'; token: string | null; setupSession: string | null; setupCancelled: boolean }
  | { page: 'unknown' };

function decode(segment: string | undefined): string | null {
  if (!segment) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * `/book/<slug>`, `/book/<slug>/<serviceId>` (service preselected), `/book/<slug>/checkout/return?session_id=cs_…`
 * (back from Stripe Checkout) or `/manage/<token>`.
 */
export function routeFromPath(pathname: string, search = ''): PublicRoute {
  const [, section, first, second, third] = pathname.split('/');
  if (section === 'book') {
    const slug = decode(first);
    if (slug && second === 'checkout' && third === 'return') return { page: 'checkout-return', slug, sessionId: new URLSearchParams(search).get('session_id') };
    if (slug) return { page: 'book', slug, serviceId: decode(second) };
  }
  if (section === 'wallet' && !first) {
    const query = new URLSearchParams(search);
    return { page: 'wallet', token: query.get('token'), setupSession: query.get('setup_session'), setupCancelled: query.get('setup') === 'cancelled' };
  }
  if (section === 'manage') {
    const token = decode(first);
    if (token) return { page: 'manage', token };
  }
  return { page: 'unknown' };
}

/** The address of a booking page step, keeping the query (e.g. `?embed=1`). */
export function bookingPath(slug: string, serviceId: string | null, search: string): string {
  const base = `/book/${encodeURIComponent(slug)}`;
  return `${serviceId ? `${base}/${encodeURIComponent(serviceId)}` : base}${search}`;
}

/** `?embed=1`: the page runs inside another site's iframe and leaves out its own chrome. */
export function isEmbedded(search: string): boolean {
  return new URLSearchParams(search).get('embed') === '1';
}

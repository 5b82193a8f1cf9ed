import type { ParamReader } from './forms';
import type { Ctx, Store } from './store';

/** What every part of the emulator shares: the state, the clock and where it is reachable. */
export type Core = {
  store: Store;
  /** The emulator clock in unix seconds. */
  now(): number;
  /** The base URL that hosted pages (Checkout, onboarding) are linked under. */
  publicUrl(): string;
};

/** A call to the REST API after authentication, idempotency and fault handling. */
export type ApiRequest = {
  core: Core;
  ctx: Ctx;
  params: Record<string, string>;
  /** Body params for POST, query params for GET; `expand` is removed and applied by the router. */
  input: ParamReader;
  expand: string[];
};

export type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. `/v1/checkout/sessions/:id/expire` */
  path: string;
  handler: (req: ApiRequest) => unknown;
};

export type RouteMatch<R extends { method: string; path: string }> = { route: R; params: Record<string, string> };

/** Finds the route for a method and path; `:name` segments capture one path segment. */
export function matchRoute<R extends { method: string; path: string }>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> | 'method_not_allowed' | undefined {
  const parts = pathname.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      const part = parts[i] as string;
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = decodeURIComponent(part);
        return true;
      }
      return seg === part;
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? 'method_not_allowed' : undefined;
}

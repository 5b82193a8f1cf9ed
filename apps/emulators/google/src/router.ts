import type { Channels } from './channels';
import type { Faults } from './faults';
import type { RequestLog } from './log';
import type { OAuth } from './oauth';
import type { Store } from './store';
import type { Listings } from './sync';

/** What every part of the emulator shares: the state, the clock and where it is reachable. */
export type Core = {
  store: Store;
  oauth: OAuth;
  channels: Channels;
  listings: Listings;
  faults: Faults;
  requests: RequestLog;
  /** The emulator clock in ms since the epoch (the injected clock plus any advance). */
  now(): number;
  /** The base URL of links the emulator hands out (event `htmlLink`, channel `resourceUri`). */
  publicUrl(): string;
};

export type RouteMatch<R extends { method: string; path: string }> = { route: R; params: Record<string, string> };

/** Finds the route for a method and path; `:name` segments capture one (decoded) path segment. */
export function matchRoute<R extends { method: string; path: string }>(routes: readonly R[], method: string, pathname: string): RouteMatch<R> | undefined {
  const parts = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      const part = parts[i]!;
      if (seg.startsWith(':')) {
        try {
          params[seg.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return seg === part;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

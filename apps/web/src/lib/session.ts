import type { TMe, TRole, TTenant } from '@slotwise/contracts';
import { createContext, use } from 'react';

/** The signed-in user in their current business, as the dashboard's pages see it. */
export type Session = {
  user: TMe['user'];
  tenant: TTenant;
  role: TRole;
  memberships: TMe['memberships'];
};

/**
 * The query key of `me` (GET /v1/me), which the session is read from. Every feature that changes
 * what `me` says (roles, the business's settings) refreshes it through this key.
 */
export const sessionKeys = {
  me: () => ['auth', 'me'] as const,
};

export const SessionContext = createContext<Session | null>(null);

/** The session of the dashboard; only pages inside the session guard (app/RequireSession) may ask. */
export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession() is only available inside <RequireSession>');
  return session;
}

import { Fragment, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../features/auth/api';
import { ChooseBusiness } from '../features/auth/components/ChooseBusiness';
import { loginPathFor } from '../features/auth/redirect';
import { SessionContext, type Session } from '../lib/session';
import { apiErrorStatus, describeApiError } from '../lib/api';
import { ErrorState } from '../ui/ErrorState';
import { AppLayoutSkeleton } from './AppLayout';

/**
 * The dashboard's guard: its pages need someone signed in with a current business. Nobody
 * signed in (401, also when a session ends while the dashboard is open) goes to the sign-in
 * page, which brings them back here afterwards.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const body = me.data?.body;
  const session = useMemo<Session | null>(
    () => (body?.currentTenant && body.role ? { user: body.user, tenant: body.currentTenant, role: body.role, memberships: body.memberships } : null),
    [body],
  );

  if (me.error && apiErrorStatus(me.error) === 401) return <Navigate to={loginPathFor(location)} replace />;
  if (!body) {
    if (!me.error) return <AppLayoutSkeleton />;
    return (
      <div className="route-error">
        <ErrorState title="Slotwise could not load" message={describeApiError(me.error)} onRetry={() => void me.refetch()} retrying={me.isFetching} />
      </div>
    );
  }
  if (!session) return <ChooseBusiness user={body.user} memberships={body.memberships} />;

  // Keyed by business: switching remounts every page, so none keeps the previous one's state.
  return (
    <SessionContext value={session}>
      <Fragment key={session.tenant.id}>{children}</Fragment>
    </SessionContext>
  );
}

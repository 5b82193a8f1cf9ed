import type { TMe } from '@slotwise/contracts';
import { useNavigate } from 'react-router';
import { describeApiError } from '../../../lib/api';
import { ROLE_LABELS } from '../../../lib/roles';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { LogoMark } from '../../../ui/icons';
import { useLogout, useSwitchTenant } from '../api';
import './TopBar.css';

/**
 * Signed in, but no current business: the session's business was left or removed, or the
 * person belongs to none. They pick one of theirs, or sign out.
 */
export function ChooseBusiness({ user, memberships }: Pick<TMe, 'user' | 'memberships'>) {
  useDocumentTitle('Choose a business');
  const navigate = useNavigate();
  const switchTenant = useSwitchTenant();
  const logout = useLogout();

  return (
    <div className="auth-layout">
      <header className="auth-layout__brand">
        <LogoMark />
        <span>Slotwise</span>
      </header>
      <main id="main" className="auth-card">
        <div className="auth-card__intro">
          <h1 className="auth-card__title">{memberships.length > 0 ? 'Choose a business' : 'No business yet'}</h1>
          <p className="auth-card__text">
            {memberships.length > 0
              ? `Signed in as ${user.email}. Which business do you want to work in?`
              : `Signed in as ${user.email}, but you aren't a member of any business. Ask an owner to invite you.`}
          </p>
        </div>
        {switchTenant.error && <Alert>{describeApiError(switchTenant.error)}</Alert>}
        {memberships.length > 0 && (
          <ul className="business-choices">
            {memberships.map((membership) => (
              <li key={membership.tenantId}>
                <button
                  type="button"
                  className="business-choice"
                  disabled={switchTenant.isPending}
                  onClick={() => switchTenant.mutate({ body: { tenantId: membership.tenantId } })}
                >
                  <span className="business-choice__name">{membership.tenantName}</span>
                  <span className="business-choice__role">{ROLE_LABELS[membership.role]}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <p className="auth-card__footer">
          <Button variant="ghost" busy={logout.isPending} onClick={() => logout.mutate({}, { onSuccess: () => void navigate('/login', { replace: true }) })}>
            Log out
          </Button>
        </p>
      </main>
    </div>
  );
}

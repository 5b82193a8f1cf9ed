import { useId } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { ROLE_LABELS } from '../../../lib/roles';
import { Avatar } from '../../../ui/Avatar';
import { Button } from '../../../ui/Button';
import { ChevronDownIcon, LogOutIcon } from '../../../ui/icons';
import { useLogout } from '../api';
import { useSession } from '../../../lib/session';
import './TopBar.css';

/**
 * The signed-in person in the top bar: their name, and a menu with their email, role and
 * "Log out". A native popover: it closes on Escape and on a click elsewhere.
 */
export function AccountMenu() {
  const { user, role, tenant } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const menuId = useId();

  const logOut = () =>
    logout.mutate(
      {},
      {
        onSuccess: () => {
          // Messages about what this person did are not for whoever signs in next.
          toast.dismiss();
          void navigate('/login', { replace: true });
        },
        onError: (error) => toast.error(`Could not log out: ${describeApiError(error)}`),
      },
    );

  return (
    <>
      <button type="button" className="account-button" popoverTarget={menuId}>
        <Avatar name={user.name} />
        <span className="account-button__name">
          <span className="visually-hidden">Account: </span>
          {user.name}
        </span>
        <ChevronDownIcon size={16} />
      </button>
      <div id={menuId} popover="auto" className="account-menu">
        <div className="account-menu__who">
          <p className="account-menu__name">{user.name}</p>
          <p className="account-menu__email">{user.email}</p>
        </div>
        <p className="account-menu__role">
          {ROLE_LABELS[role]} at {tenant.name}
        </p>
        <Button variant="ghost" className="account-menu__action" onClick={logOut} busy={logout.isPending}>
          {!logout.isPending && <LogOutIcon size={18} />}
          Log out
        </Button>
      </div>
    </>
  );
}

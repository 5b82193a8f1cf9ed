import { BuildingIcon } from '../../../ui/icons';
import { useSwitchTenant } from '../api';
import { useSession } from '../../../lib/session';
import './TopBar.css';

/** The current business; a picker when the person belongs to more than one. */
export function TenantSwitcher() {
  const { tenant, memberships } = useSession();
  const switchTenant = useSwitchTenant();

  if (memberships.length < 2) {
    return (
      <span className="tenant" data-testid="current-tenant">
        <BuildingIcon size={18} />
        <span className="tenant__name">{tenant.name}</span>
      </span>
    );
  }

  return (
    <label className="tenant tenant--switcher">
      <BuildingIcon size={18} />
      <span className="visually-hidden">Business</span>
      <select
        className="tenant__select"
        value={tenant.id}
        disabled={switchTenant.isPending}
        onChange={(event) => switchTenant.mutate({ body: { tenantId: event.target.value } })}
      >
        {memberships.map((membership) => (
          <option key={membership.tenantId} value={membership.tenantId}>
            {membership.tenantName}
          </option>
        ))}
      </select>
    </label>
  );
}

import type { TResource } from '@slotwise/contracts';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { buttonClassName } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { ClockIcon, UsersIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { TableSkeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useMembers } from '../../../lib/members';
import { CatalogTabs } from '../../../ui/CatalogTabs';
import { useResources } from '../../../lib/catalog';
import { BlackoutsCard } from '../components/BlackoutsCard';
import { ResourceForm } from '../components/ResourceForm';
import '../../../ui/DataTable.css';
import '../resources.css';

/** Services → Resources & hours: who or what can be booked, when, and when the business is closed. */
export function ResourcesPage() {
  useDocumentTitle('Resources & hours');
  const { role, tenant } = useSession();
  const canEdit = role === 'OWNER' || role === 'ADMIN';
  const resources = useResources({ includeInactive: true });

  return (
    <>
      <PageHeader title="Services" description="Resources are the people, rooms or equipment a service needs. Each has its own weekly hours." />
      <CatalogTabs />
      <div className="page-stack">
        <div className={canEdit ? 'page-columns' : undefined}>
          <Card title="Resources" className="data-card">
            {resources.isPending ? (
              <TableSkeleton label="Loading resources…" widths={[70, 55, 62]} />
            ) : resources.isError ? (
              <ApiErrorState
                error={resources.error}
                title="Resources could not be loaded"
                onRetry={() => void resources.refetch()}
                retrying={resources.isFetching}
                headingLevel={3}
              />
            ) : resources.data.body.items.length === 0 ? (
              <EmptyState
                icon={<UsersIcon size={24} />}
                title="No resources yet"
                description={
                  canEdit
                    ? 'Add the first person, room or piece of equipment customers book. Then set its weekly hours.'
                    : 'An admin adds the people, rooms or equipment customers book.'
                }
                headingLevel={3}
              />
            ) : (
              <ResourcesTable resources={resources.data.body.items} />
            )}
          </Card>
          {canEdit && (
            <Card title="Add a resource">
              <ResourceForm defaultTimeZone={tenant.timeZone} />
            </Card>
          )}
        </div>
        <BlackoutsCard timeZone={tenant.timeZone} canEdit={canEdit} />
      </div>
    </>
  );
}

function ResourcesTable({ resources }: { resources: TResource[] }) {
  const members = useMembers();
  const nameOf = (userId: string | null) => (userId ? (members.data?.body.items.find((member) => member.user.id === userId)?.user.name ?? '—') : '—');
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Time zone</th>
          <th scope="col">Member</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {resources.map((resource) => (
          <tr key={resource.id}>
            <td className="data-table__primary">
              <Link to={`/services/resources/${resource.id}`}>{resource.name}</Link>
            </td>
            <td className="data-table__muted">{resource.timeZone.replaceAll('_', ' ')}</td>
            <td className="data-table__muted">
              <span className="data-table__label">Member: </span>
              {nameOf(resource.userId)}
            </td>
            <td>
              <span className={resource.active ? 'status-pill' : 'status-pill status-pill--off'}>{resource.active ? 'Takes bookings' : 'Inactive'}</span>
            </td>
            <td className="data-table__actions">
              <Link
                to={`/services/resources/${resource.id}`}
                className={buttonClassName('secondary', 'btn--small')}
                aria-label={`Hours and details of ${resource.name}`}
              >
                <ClockIcon size={14} />
                Hours
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

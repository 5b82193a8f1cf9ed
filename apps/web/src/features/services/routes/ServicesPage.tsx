import type { TResource, TService } from '@slotwise/contracts';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button, buttonClassName } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { ServicesIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { TableSkeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useResources, useServices } from '../../../lib/catalog';
import { useArchiveService, useRestoreService } from '../api';
import { CatalogTabs } from '../../../ui/CatalogTabs';
import { formatDuration, formatPrice } from '../../../lib/format';
import '../../../ui/DataTable.css';
import '../services.css';

/** Services: what customers can book. Admins add, change, archive and restore them. */
export function ServicesPage() {
  useDocumentTitle('Services');
  const { role } = useSession();
  const canEdit = role === 'OWNER' || role === 'ADMIN';
  const [showArchived, setShowArchived] = useState(false);
  const active = useServices();
  // The API marks nothing as archived; archived ones are those only the full list has.
  const all = useServices({ includeArchived: true, enabled: showArchived });
  const resources = useResources({ includeInactive: true });
  const list = showArchived ? all : active;

  const archivedIds = useMemo(() => {
    if (!showArchived || !active.data || !all.data) return new Set<string>();
    const bookable = new Set(active.data.body.items.map((service) => service.id));
    return new Set(all.data.body.items.filter((service) => !bookable.has(service.id)).map((service) => service.id));
  }, [showArchived, active.data, all.data]);

  return (
    <>
      <PageHeader
        title="Services"
        description="What customers can book, how long it takes, what it costs and who provides it."
        actions={
          canEdit && (
            <Link to="/services/new" className={buttonClassName('primary')}>
              Add service
            </Link>
          )
        }
      />
      <CatalogTabs />
      <Card
        title="Your services"
        className="data-card"
        actions={
          <label className="choice">
            <input type="checkbox" checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)} />
            Show archived
          </label>
        }
      >
        {list.isPending ? (
          <TableSkeleton label="Loading services…" widths={[72, 58, 64]} />
        ) : list.isError ? (
          <ApiErrorState
            error={list.error}
            title="Services could not be loaded"
            onRetry={() => void list.refetch()}
            retrying={list.isFetching}
            headingLevel={3}
          />
        ) : list.data.body.items.length === 0 ? (
          <ServicesEmpty canEdit={canEdit} hasResources={(resources.data?.body.items.length ?? 0) > 0} />
        ) : (
          <ServicesTable services={list.data.body.items} archivedIds={archivedIds} resources={resources.data?.body.items ?? []} canEdit={canEdit} />
        )}
      </Card>
    </>
  );
}

function ServicesEmpty({ canEdit, hasResources }: { canEdit: boolean; hasResources: boolean }) {
  if (!canEdit) {
    return (
      <EmptyState
        icon={<ServicesIcon size={24} />}
        title="No services yet"
        description="An admin or owner adds the services customers can book."
        headingLevel={3}
      />
    );
  }
  return (
    <EmptyState
      icon={<ServicesIcon size={24} />}
      title="No services yet"
      description={
        hasResources
          ? 'Add what customers can book: a name, how long it takes and what it costs.'
          : 'First add a resource — a person, room or piece of equipment with weekly hours — then the services it provides.'
      }
      action={
        hasResources ? (
          <Link to="/services/new" className={buttonClassName('primary')}>
            Add your first service
          </Link>
        ) : (
          <Link to="/services/resources" className={buttonClassName('primary')}>
            Add a resource
          </Link>
        )
      }
      headingLevel={3}
    />
  );
}

type ServicesTableProps = {
  services: TService[];
  archivedIds: ReadonlySet<string>;
  resources: TResource[];
  canEdit: boolean;
};

function ServicesTable({ services, archivedIds, resources, canEdit }: ServicesTableProps) {
  const archive = useArchiveService();
  const restore = useRestoreService();
  const [archiving, setArchiving] = useState<TService | null>(null);
  const names = new Map(resources.map((resource) => [resource.id, resource.name]));

  function handleArchive(service: TService) {
    archive.mutate(
      { params: { id: service.id } },
      {
        onSuccess: () => toast.success(`${service.name} was archived. Existing bookings keep it.`),
        onError: (error) => toast.error(`${service.name} was not archived: ${describeApiError(error)}`),
      },
    );
    setArchiving(null);
  }

  function handleRestore(service: TService) {
    restore.mutate(
      { params: { id: service.id } },
      {
        onSuccess: () => toast.success(`${service.name} is back on your booking page.`),
        onError: (error) => toast.error(`${service.name} was not restored: ${describeApiError(error)}`),
      },
    );
  }

  return (
    <>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Duration</th>
            <th scope="col">Price</th>
            <th scope="col">Provided by</th>
            <th scope="col">Status</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {services.map((service) => {
            const archived = archivedIds.has(service.id);
            return (
              <tr key={service.id} className={archived ? 'service-row--archived' : undefined}>
                <td className="data-table__primary">
                  {canEdit && !archived ? <Link to={`/services/${service.id}`}>{service.name}</Link> : service.name}
                  {service.description && <span className="data-table__sub service-description">{service.description}</span>}
                </td>
                <td>
                  <span className="data-table__label">Duration: </span>
                  {formatDuration(service.durationMin)}
                </td>
                <td>
                  <span className="data-table__label">Price: </span>
                  {formatPrice(service.priceMinor, service.currency)}
                  {service.requiresPayment && <span className="data-table__sub">Paid online</span>}
                </td>
                <td className="data-table__muted">
                  <span className="data-table__label">Provided by: </span>
                  {service.resourceIds.map((id) => names.get(id) ?? 'Unknown').join(', ') || '—'}
                </td>
                <td>
                  <ServiceStatus archived={archived} active={service.active} />
                </td>
                {canEdit && (
                  <td className="data-table__actions">
                    {archived ? (
                      <Button
                        className="btn--small"
                        busy={restore.isPending && restore.variables.params.id === service.id}
                        aria-label={`Restore ${service.name}`}
                        onClick={() => handleRestore(service)}
                      >
                        Restore
                      </Button>
                    ) : (
                      <>
                        <Link to={`/services/${service.id}`} className={buttonClassName('secondary', 'btn--small')} aria-label={`Edit ${service.name}`}>
                          Edit
                        </Link>
                        <Button variant="ghost" className="btn--small" aria-label={`Archive ${service.name}`} onClick={() => setArchiving(service)}>
                          Archive
                        </Button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={archiving !== null}
        title={`Archive ${archiving?.name ?? ''}?`}
        confirmLabel="Archive service"
        onConfirm={() => archiving && handleArchive(archiving)}
        onCancel={() => setArchiving(null)}
      >
        <p>Customers can no longer book it. Existing bookings stay as they are, and you can restore it from “Show archived” at any time.</p>
      </ConfirmDialog>
    </>
  );
}

function ServiceStatus({ archived, active }: { archived: boolean; active: boolean }) {
  if (archived) return <span className="status-pill status-pill--archived">Archived</span>;
  if (!active) return <span className="status-pill status-pill--off">Hidden</span>;
  return <span className="status-pill">Bookable</span>;
}

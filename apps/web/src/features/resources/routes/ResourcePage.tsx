import { Link, useParams } from 'react-router';
import { apiErrorStatus, type ApiFailure } from '../../../lib/api';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Badge } from '../../../ui/Badge';
import { Card } from '../../../ui/Card';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useResource } from '../api';
import { OverridesCard } from '../components/OverridesCard';
import { ResourceForm } from '../components/ResourceForm';
import { WeeklyHoursEditor } from '../components/WeeklyHoursEditor';
import '../../../ui/DataTable.css';
import '../resources.css';

/** One resource: its weekly hours, date overrides and details. */
export function ResourcePage() {
  const { id = '' } = useParams();
  const { role, tenant } = useSession();
  const canEdit = role === 'OWNER' || role === 'ADMIN';
  const resource = useResource(id);
  useDocumentTitle(resource.data ? `${resource.data.body.name} · Hours` : 'Resource');

  return (
    <>
      <Link to="/services/resources" className="back-link">
        <ChevronLeftIcon size={16} />
        Resources &amp; hours
      </Link>
      {resource.isPending ? (
        <div className="page-stack" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading the resource…
          </span>
          <Skeleton width="240px" height="32px" />
          <Skeleton width="100%" height="320px" />
        </div>
      ) : resource.isError ? (
        <>
          <PageHeader title="Resource" />
          <Card>
            <ApiErrorState
              error={resource.error}
              title={isMissing(resource.error) ? 'This resource does not exist' : 'The resource could not be loaded'}
              onRetry={isMissing(resource.error) ? undefined : () => void resource.refetch()}
              retrying={resource.isFetching}
            />
          </Card>
        </>
      ) : (
        <>
          <PageHeader
            title={resource.data.body.name}
            description={
              <span className="resource-meta">
                {resource.data.body.active ? <Badge tone="primary">Takes bookings</Badge> : <Badge>Inactive</Badge>}
                <span>Hours in {resource.data.body.timeZone.replaceAll('_', ' ')}</span>
              </span>
            }
          />
          <div className="page-stack">
            <div className="page-columns page-columns--narrow-side">
              <WeeklyHoursEditor resourceId={id} timeZone={resource.data.body.timeZone} canEdit={canEdit} />
              {canEdit && (
                <Card title="Details">
                  <ResourceForm key={resource.data.body.updatedAt} resource={resource.data.body} defaultTimeZone={tenant.timeZone} />
                </Card>
              )}
            </div>
            <OverridesCard resourceId={id} timeZone={resource.data.body.timeZone} canEdit={canEdit} />
          </div>
        </>
      )}
    </>
  );
}

/** A 404, or a 400 for an id that is not even a UUID (a mistyped address). */
function isMissing(error: ApiFailure): boolean {
  const status = apiErrorStatus(error);
  return status === 404 || status === 400;
}

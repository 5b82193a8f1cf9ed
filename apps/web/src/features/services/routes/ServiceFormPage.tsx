import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { apiErrorStatus } from '../../../lib/api';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { ChevronLeftIcon, LockIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { useResources } from '../../../lib/catalog';
import { useService } from '../api';
import { ServiceForm } from '../components/ServiceForm';
import '../../../ui/DataTable.css';
import '../services.css';

/** /services/new adds a service; /services/:id changes one. */
export function ServiceFormPage() {
  const { id } = useParams();
  return id ? <EditService id={id} /> : <NewService />;
}

function NewService() {
  useDocumentTitle('Add a service');
  return (
    <ServiceFormFrame title="Add a service" description="Customers see the name, duration and price on your booking page.">
      <FormWithResources />
    </ServiceFormFrame>
  );
}

function EditService({ id }: { id: string }) {
  const service = useService(id);
  useDocumentTitle(service.data ? `Edit ${service.data.body.name}` : 'Edit service');
  if (service.isPending)
    return (
      <ServiceFormFrame title="Edit service">
        <FormSkeleton />
      </ServiceFormFrame>
    );
  if (service.isError) {
    const missing = [400, 404].includes(apiErrorStatus(service.error) ?? 0);
    return (
      <ServiceFormFrame title="Edit service">
        <ApiErrorState
          error={service.error}
          title={missing ? 'This service does not exist, or it was archived' : 'The service could not be loaded'}
          onRetry={missing ? undefined : () => void service.refetch()}
          retrying={service.isFetching}
          headingLevel={3}
        />
      </ServiceFormFrame>
    );
  }
  return (
    <ServiceFormFrame title={`Edit ${service.data.body.name}`}>
      <FormWithResources service={service.data.body} />
    </ServiceFormFrame>
  );
}

function FormWithResources({ service }: { service?: Parameters<typeof ServiceForm>[0]['service'] }) {
  const { tenant } = useSession();
  const navigate = useNavigate();
  const resources = useResources({ includeInactive: true });
  if (resources.isPending) return <FormSkeleton />;
  if (resources.isError) {
    return (
      <ApiErrorState
        error={resources.error}
        title="Resources could not be loaded"
        onRetry={() => void resources.refetch()}
        retrying={resources.isFetching}
        headingLevel={3}
      />
    );
  }
  return (
    <ServiceForm
      service={service}
      currency={tenant.currency}
      resources={resources.data.body.items}
      onSaved={(saved) => {
        toast.success(service ? `${saved.name} saved.` : `${saved.name} added. Customers can book it now.`);
        void navigate('/services');
      }}
    />
  );
}

function ServiceFormFrame({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  const { role } = useSession();
  const canEdit = role === 'OWNER' || role === 'ADMIN';
  return (
    <>
      <Link to="/services" className="back-link">
        <ChevronLeftIcon size={16} />
        Services
      </Link>
      <PageHeader title={title} description={description} />
      <Card className="service-form-card">
        {canEdit ? (
          children
        ) : (
          <EmptyState
            icon={<LockIcon size={24} />}
            title="Only admins and owners change services"
            description="Ask an admin or owner of this business if something needs to change."
            headingLevel={3}
          />
        )}
      </Card>
    </>
  );
}

function FormSkeleton() {
  return (
    <div className="table-skeleton" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
      <Skeleton width="50%" height="40px" />
      <Skeleton width="100%" height="88px" />
      <Skeleton width="70%" height="40px" />
    </div>
  );
}

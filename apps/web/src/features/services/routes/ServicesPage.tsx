import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { ServicesIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';

export function ServicesPage() {
  useDocumentTitle('Services');
  return (
    <>
      <PageHeader title="Services" description="What customers can book: duration, price and who provides it." />
      <Card>
        <EmptyState icon={<ServicesIcon size={24} />} title="Services are coming soon" description="You will add and price the services customers can book here." />
      </Card>
    </>
  );
}

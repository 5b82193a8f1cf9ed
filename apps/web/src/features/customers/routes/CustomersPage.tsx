import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { CustomersIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';

export function CustomersPage() {
  useDocumentTitle('Customers');
  return (
    <>
      <PageHeader title="Customers" description="The people who book with you and their history." />
      <Card>
        <EmptyState icon={<CustomersIcon size={24} />} title="No customers yet" description="Customers appear here after their first booking." />
      </Card>
    </>
  );
}

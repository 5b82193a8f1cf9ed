import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { BookingsIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';

export function BookingsPage() {
  useDocumentTitle('Bookings');
  return (
    <>
      <PageHeader title="Bookings" description="Every appointment, past and upcoming, in one list." />
      <Card>
        <EmptyState icon={<BookingsIcon size={24} />} title="No bookings yet" description="Bookings made on your public page or by your team will be listed here." />
      </Card>
    </>
  );
}

import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { CalendarIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';

export function CalendarPage() {
  useDocumentTitle('Calendar');
  return (
    <>
      <PageHeader title="Calendar" description="Your team's appointments by day and week." />
      <Card>
        <EmptyState icon={<CalendarIcon size={24} />} title="The calendar is coming soon" description="You will see and move appointments here once bookings are live." />
      </Card>
    </>
  );
}

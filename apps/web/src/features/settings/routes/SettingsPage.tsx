import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { SettingsIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';

export function SettingsPage() {
  useDocumentTitle('Settings');
  return (
    <>
      <PageHeader title="Settings" description="Business details, opening hours and your booking page." />
      <Card>
        <EmptyState icon={<SettingsIcon size={24} />} title="Settings are coming soon" description="Opening hours, time zone and booking rules will be managed here." />
      </Card>
    </>
  );
}

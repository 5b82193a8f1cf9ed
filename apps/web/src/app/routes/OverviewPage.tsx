import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { Card } from '../../ui/Card';
import { BookingsIcon, CalendarIcon, CustomersIcon } from '../../ui/icons';
import { LinkRow } from '../../ui/LinkRow';
import { PageHeader } from '../../ui/PageHeader';
import { useSession } from '../../lib/session';
import { TodaysBookings } from '../../features/bookings/components/TodaysBookings';
import { FirstRunChecklist } from '../../features/onboarding/FirstRunChecklist';
import { ApiStatusCard } from '../../features/system/components/ApiStatusCard';
import './OverviewPage.css';

/**
 * The dashboard's home: how the workspace is doing and what to set up next. It puts together
 * cards of three features (today's bookings, the first-run checklist, the API status), so it
 * lives with the app rather than in one of them.
 */
export function OverviewPage() {
  useDocumentTitle('Overview');
  const { role, tenant } = useSession();
  // Setting up services and hours is for admins and owners; staff get to their daily work.
  const canSetUp = role === 'OWNER' || role === 'ADMIN';
  return (
    <>
      <PageHeader title="Overview" description="Today's appointments, how your Slotwise workspace is doing, and what to set up next." />
      <div className="overview-grid">
        <TodaysBookings timeZone={tenant.timeZone} />
        <div className="overview-side">
          {canSetUp ? <FirstRunChecklist /> : <StaffShortcuts />}
          <ApiStatusCard />
        </div>
      </div>
    </>
  );
}

function StaffShortcuts() {
  return (
    <Card title="Your day">
      <ul className="next-steps">
        <NextStep to="/calendar" icon={<CalendarIcon />} title="Check your calendar" text="See the week's appointments at a glance." />
        <NextStep to="/bookings" icon={<BookingsIcon />} title="Find a booking" text="Search and filter every booking." />
        <NextStep to="/customers" icon={<CustomersIcon />} title="Look up a customer" text="Contact details and booking history." />
      </ul>
    </Card>
  );
}

function NextStep({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <li>
      <LinkRow to={to} icon={icon} title={title} description={text} />
    </li>
  );
}

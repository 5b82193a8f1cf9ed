import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Card } from '../../../ui/Card';
import { CalendarIcon, ClockIcon, CreditCardIcon, HistoryIcon, UsersIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { useSession } from '../../../lib/session';
import { BookingLinkCard } from '../components/BookingLinkCard';
import { BrandingCard } from '../components/BrandingCard';
import { BusinessCard } from '../components/BusinessCard';
import { PlanCard } from '../components/PlanCard';
import { PoliciesCard } from '../components/PoliciesCard';
import { ComingSoon, SettingsLink } from '../components/SettingsLinks';
import './SettingsPage.css';

/** Business details, branding, the booking link, policies, team and integrations. Owners change them. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  // The session carries the whole business; saving a card updates it (see useUpdateTenant).
  const { role, tenant } = useSession();
  const isOwner = role === 'OWNER';
  const canReadAudit = role === 'OWNER' || role === 'ADMIN';

  return (
    <>
      <PageHeader title="Settings" description="Your business details, booking page, policies and team." />
      <div className="settings-sections">
        {!isOwner && <Alert tone="info">Only owners can change these settings; you can see them here.</Alert>}
        <BusinessCard tenant={tenant} canEdit={isOwner} />
        <BookingLinkCard tenant={tenant} />
        <BrandingCard tenant={tenant} canEdit={isOwner} />
        <PoliciesCard tenant={tenant} canEdit={isOwner} />
        <div className="settings-columns">
          <Card title="Team and activity">
            <div className="settings-links">
              <SettingsLink
                to="/settings/members"
                icon={<UsersIcon />}
                title="Members"
                description="Who can sign in, their roles, and invitations for new people."
              />
              <SettingsLink to="/services/resources" icon={<ClockIcon />} title="Resources and hours" description="Weekly hours, days off and closures." />
              {canReadAudit && <SettingsLink to="/settings/audit" icon={<HistoryIcon />} title="Audit log" description="Who changed what, and when." />}
            </div>
          </Card>
          <Card title="Integrations">
            <div className="settings-links">
              <SettingsLink
                to="/settings/payments"
                icon={<CreditCardIcon />}
                title="Payments"
                description="Connect Stripe to take payment when customers book a paid service."
              />
              <ComingSoon icon={<CalendarIcon />} title="Calendar connections" description="Sync bookings with Google Calendar and block busy times." />
            </div>
          </Card>
        </div>
        <PlanCard tenant={tenant} />
      </div>
    </>
  );
}

import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { ArrowRightIcon, ClockIcon, UsersIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import './SettingsPage.css';

export function SettingsPage() {
  useDocumentTitle('Settings');
  return (
    <>
      <PageHeader title="Settings" description="Business details, opening hours and your booking page." />
      <div className="settings-sections">
        <Card title="Team">
          <Link to="/settings/members" className="settings-link">
            <span className="settings-link__icon" aria-hidden="true">
              <UsersIcon />
            </span>
            <span className="settings-link__text">
              <span className="settings-link__title">Members</span>
              <span className="settings-link__description">
                Who can sign in, their roles, and invitations for new people.
              </span>
            </span>
            <span className="settings-link__arrow" aria-hidden="true">
              <ArrowRightIcon size={18} />
            </span>
          </Link>
        </Card>
        <Card title="Business">
          <EmptyState
            icon={<ClockIcon size={24} />}
            title="More settings are coming soon"
            description="Opening hours, time zone and booking rules will be managed here."
            headingLevel={3}
          />
        </Card>
      </div>
    </>
  );
}

import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Card } from '../../../ui/Card';
import { ArrowRightIcon, CalendarIcon, ServicesIcon, SettingsIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { ApiStatusCard } from '../components/ApiStatusCard';
import './StatusPage.css';

/** The dashboard's home: how the workspace is doing and what to set up next. */
export function StatusPage() {
  useDocumentTitle('Overview');
  return (
    <>
      <PageHeader title="Overview" description="How your Slotwise workspace is doing, and what to set up next." />
      <div className="overview-grid">
        <ApiStatusCard />
        <Card title="Get started">
          <ul className="next-steps">
            <NextStep
              to="/services"
              icon={<ServicesIcon />}
              title="Add your services"
              text="What customers can book, how long it takes and what it costs."
            />
            <NextStep
              to="/settings"
              icon={<SettingsIcon />}
              title="Set your opening hours"
              text="When you are available, in your own time zone."
            />
            <NextStep
              to="/calendar"
              icon={<CalendarIcon />}
              title="Check your calendar"
              text="See the week's appointments at a glance."
            />
          </ul>
        </Card>
      </div>
    </>
  );
}

function NextStep({ to, icon, title, text }: { to: string; icon: ReactNode; title: string; text: string }) {
  return (
    <li>
      <Link to={to} className="next-step">
        <span className="next-step__icon" aria-hidden="true">
          {icon}
        </span>
        <span className="next-step__text">
          <span className="next-step__title">{title}</span>
          <span className="next-step__description">{text}</span>
        </span>
        <span className="next-step__arrow" aria-hidden="true">
          <ArrowRightIcon size={18} />
        </span>
      </Link>
    </li>
  );
}

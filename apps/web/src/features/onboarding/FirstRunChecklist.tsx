import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, buttonClassName } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CircleCheckIcon, CircleIcon, CopyIcon } from '../../ui/icons';
import { Skeleton } from '../../ui/Spinner';
import { useSession } from '../../lib/session';
import { useHoursOfResources, useResources, useServices } from '../../lib/catalog';
import { bookingUrl, markBookingLinkShared, useBookingLinkShared } from '../../lib/booking-link';
import './checklist.css';

/** The checklist looks at this many resources for hours; one with hours is enough. */
const RESOURCES_CHECKED = 10;

/**
 * What a new business needs before its first online booking, each step ticked from real data:
 * a service exists, some resource has weekly hours, the booking link was copied (remembered in
 * this browser, as sharing leaves no trace on the server).
 */
export function FirstRunChecklist() {
  const { tenant } = useSession();
  const services = useServices();
  const resources = useResources();
  const resourceIds = (resources.data?.body.items ?? []).slice(0, RESOURCES_CHECKED).map((resource) => resource.id);
  const hours = useHoursOfResources(resourceIds);
  const linkShared = useBookingLinkShared(tenant.id);

  const loading = services.isPending || resources.isPending || hours.some((query) => query.isPending);
  const hasService = (services.data?.body.items.length ?? 0) > 0;
  const hasResource = resourceIds.length > 0;
  const hasHours = hours.some((query) => (query.data?.body.length ?? 0) > 0);
  const steps = [hasService, hasHours, linkShared];
  const done = steps.filter(Boolean).length;
  const url = bookingUrl(tenant.slug);

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Without clipboard access, opening the page is the next best way to share it.
      window.open(url, '_blank', 'noopener');
    }
    markBookingLinkShared(tenant.id);
  }

  if (loading) {
    return (
      <Card title="Get ready for your first booking">
        <div className="checklist-skeleton" aria-busy="true">
          <span className="visually-hidden" role="status">
            Checking your setup…
          </span>
          {[70, 60, 66].map((width) => (
            <Skeleton key={width} width={`${width}%`} height="20px" />
          ))}
        </div>
      </Card>
    );
  }

  return (
    <Card
      title={done === steps.length ? 'You are ready for bookings' : 'Get ready for your first booking'}
      className="checklist-card"
      actions={
        <span className="checklist__count">
          {done} of {steps.length} done
        </span>
      }
    >
      <div className="checklist__progress" role="progressbar" aria-label="Setup progress" aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
        <span style={{ width: `${(done / steps.length) * 100}%` }} />
      </div>
      <ol className="checklist" aria-label="Setup steps">
        <Step
          done={hasHours}
          title="Set your hours"
          text={
            hasResource
              ? 'Give a resource its weekly hours, so there are times to book.'
              : 'Add who or what is booked — a person, room or chair — and its weekly hours.'
          }
          action={<StepLink to="/services/resources" label={hasResource ? 'Set hours' : 'Add a resource'} />}
        />
        <Step
          done={hasService}
          title="Add a service"
          text="What customers book, how long it takes and what it costs."
          action={<StepLink to={hasService ? '/services' : '/services/new'} label={hasService ? 'View services' : 'Add a service'} />}
        />
        <Step
          done={linkShared}
          title="Share your booking link"
          text={
            <>
              Put <span className="checklist__url">{url.replace(/^https?:\/\//, '')}</span> on your website or social profiles.
            </>
          }
          action={
            <Button className="btn--small" onClick={() => void copyLink()} aria-label="Copy your booking link">
              <CopyIcon size={14} />
              {linkShared ? 'Copy again' : 'Copy link'}
            </Button>
          }
        />
      </ol>
    </Card>
  );
}

function Step({ done, title, text, action }: { done: boolean; title: string; text: ReactNode; action: ReactNode }) {
  return (
    <li className={done ? 'checklist__step checklist__step--done' : 'checklist__step'}>
      <span className="checklist__mark" aria-hidden="true">
        {done ? <CircleCheckIcon size={22} /> : <CircleIcon size={22} />}
      </span>
      <span className="checklist__text">
        <span className="checklist__title">
          {title}
          <span className="visually-hidden">{done ? ' (done)' : ' (to do)'}</span>
        </span>
        <span className="checklist__description">{text}</span>
      </span>
      <span className="checklist__action">{action}</span>
    </li>
  );
}

function StepLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className={buttonClassName('secondary', 'btn--small')}>
      {label}
    </Link>
  );
}

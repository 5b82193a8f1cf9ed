import { useMemo } from 'react';
import { CheckIcon, ClockIcon, DownloadIcon, ExternalIcon, MailIcon } from '../ui/icons';
import type { TPublicBooking, TPublicTenant } from './api';
import { buildIcs, googleCalendarUrl, icsDataUrl, type CalendarEvent } from './calendar-export';
import { formatPrice } from '../lib/format';
import { displayName, StepHeading } from './PublicShell';
import { AppointmentTimes } from './Summary';
import './steps.css';
import { formatCustomerDateTime } from '../lib/time';

type ConfirmationProps = {
  booking: Omit<TPublicBooking, 'payment'>;
  /** Back from Stripe Checkout with the payment received. */
  paid?: boolean;
  tenant: TPublicTenant;
  onBookAnother: () => void;
  focusHeading: boolean;
};

export function ConfirmationStep({ booking, paid = false, tenant, onBookAnother, focusHeading }: ConfirmationProps) {
  const business = displayName(tenant);
  const held = booking.status === 'PENDING_PAYMENT';
  const event: CalendarEvent = useMemo(
    () => ({
      uid: booking.id,
      title: `${booking.service.name} at ${business}`,
      description: `With ${booking.resource.name}. Booked online; use the link in your confirmation email to change or cancel.`,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
    }),
    [booking, business],
  );
  const ics = useMemo(() => icsDataUrl(buildIcs(event)), [event]);

  return (
    <section className="step confirmation" aria-labelledby="done-title">
      <span className={held ? 'confirmation__badge confirmation__badge--held' : 'confirmation__badge'} aria-hidden="true">
        {held ? <ClockIcon size={28} /> : <CheckIcon size={28} />}
      </span>
      <StepHeading id="done-title" focus={focusHeading}>
        {held ? 'Your time is held' : paid ? 'Payment received' : 'You’re booked!'}
      </StepHeading>
      <p className="confirmation__lead">
        {held
          ? `${booking.service.name} with ${booking.resource.name} is reserved for you. Payment comes next.`
          : paid
            ? `Thank you — ${booking.service.name} with ${booking.resource.name} at ${business} is paid and confirmed.`
            : `${booking.service.name} with ${booking.resource.name} at ${business} is confirmed.`}
      </p>

      <dl className="summary">
        <div className="summary__row">
          <dt>Service</dt>
          <dd>
            {booking.service.name} <span className="summary__muted">with {booking.resource.name}</span>
          </dd>
        </div>
        <div className="summary__row">
          <dt>When</dt>
          <dd>
            <AppointmentTimes startsAt={booking.startsAt} endsAt={booking.endsAt} timeZone={booking.timeZone} tenantZone={tenant.timeZone} />
          </dd>
        </div>
        <div className="summary__row">
          <dt>{paid ? 'Paid' : 'Price'}</dt>
          <dd>{formatPrice(booking.priceMinor, booking.currency)}</dd>
        </div>
        <div className="summary__row">
          <dt>Name</dt>
          <dd>
            {booking.customer.name} <span className="summary__muted">· {booking.customer.email}</span>
          </dd>
        </div>
      </dl>

      {held && booking.holdExpiresAt && (
        <p className="notice notice--warning">
          <ClockIcon size={18} />
          <span>
            Your slot is held until <strong>{formatCustomerDateTime(booking.holdExpiresAt, booking.timeZone)}</strong>.
          </span>
        </p>
      )}

      <p className="notice notice--info">
        <MailIcon size={18} />
        <span>
          We’ve emailed <strong>{booking.customer.email}</strong> a confirmation with a link to manage your booking — you can reschedule or cancel from there.
        </span>
      </p>

      <div className="confirmation__actions">
        <a className="btn btn--secondary" href={ics} download={`booking-${booking.id.slice(0, 8)}.ics`}>
          <DownloadIcon size={16} />
          Download .ics
        </a>
        <a className="btn btn--secondary" href={googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer">
          <ExternalIcon size={16} />
          Add to Google Calendar
        </a>
        <button type="button" className="btn btn--ghost" onClick={onBookAnother}>
          Book another appointment
        </button>
      </div>
    </section>
  );
}

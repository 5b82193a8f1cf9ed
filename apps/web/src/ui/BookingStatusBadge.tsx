import type { TBookingStatus } from '@slotwise/contracts';
import { BOOKING_STATUS } from '../lib/booking-status';
import './booking-status.css';

/** A booking's status as a coloured label. */
export function BookingStatusBadge({ status }: { status: TBookingStatus }) {
  const { label, tone } = BOOKING_STATUS[status];
  return (
    <span className={`booking-status booking-status--${tone}`}>
      <span className="booking-status__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

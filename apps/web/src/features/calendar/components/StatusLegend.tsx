import type { TBookingStatus } from '@slotwise/contracts';
import { BOOKING_STATUS } from '../../../lib/booking-status';
import '../../../ui/booking-status.css';

const SHOWN: TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW'];

/** What the colours of the calendar mean. */
export function StatusLegend() {
  return (
    <ul className="status-legend" aria-label="Colours">
      {SHOWN.map((status) => (
        <li key={status} className={`status-legend__item status-legend__item--${BOOKING_STATUS[status].tone}`}>
          <span className="status-legend__swatch" aria-hidden="true" />
          {BOOKING_STATUS[status].label}
        </li>
      ))}
      <li className="status-legend__item status-legend__item--closed">
        <span className="status-legend__swatch" aria-hidden="true" />
        Closed
      </li>
    </ul>
  );
}

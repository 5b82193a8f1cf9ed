import type { TBooking } from '@slotwise/contracts';
import { BookingStatusBadge } from '../../../ui/BookingStatusBadge';
import { PaymentStatusBadge } from '../../../ui/PaymentStatusBadge';
import { formatPrice } from '../../../lib/format';
import { openDispute } from '../../../lib/payment-status';
import { formatInstantDate, timeInZone } from '../../../lib/time';

type BookingsTableProps = {
  bookings: TBooking[];
  timeZone: string;
  /** The rows come latest first (the list asked for `order=desc`). */
  latestFirst?: boolean;
  openId: string | null;
  onOpen: (id: string) => void;
};

/** Bookings by start time, in the order given; a row opens the booking's details. */
export function BookingsTable({ bookings, timeZone, latestFirst = false, openId, onOpen }: BookingsTableProps) {
  return (
    <table className="data-table bookings-table">
      <thead>
        <tr>
          <th scope="col" aria-sort={latestFirst ? 'descending' : 'ascending'}>
            When
          </th>
          <th scope="col">Customer</th>
          <th scope="col">Service</th>
          <th scope="col">With</th>
          <th scope="col">Status</th>
          <th scope="col">Payment</th>
          <th scope="col" className="bookings-table__price">
            Price
          </th>
        </tr>
      </thead>
      <tbody>
        {bookings.map((booking) => (
          <tr
            key={booking.id}
            className={booking.id === openId ? 'bookings-table__row bookings-table__row--open' : 'bookings-table__row'}
            // The button in the first cell is the keyboard way in; the whole row is a bigger target for a mouse.
            onClick={() => onOpen(booking.id)}
          >
            <td className="data-table__primary bookings-table__when">
              <button
                type="button"
                className="bookings-table__open"
                aria-label={`${formatInstantDate(booking.startsAt, timeZone)}, ${timeInZone(booking.startsAt, timeZone)}: ${booking.service.name} with ${booking.customer.name}. Open details`}
                onClick={(event) => {
                  event.stopPropagation();
                  onOpen(booking.id);
                }}
              >
                {formatInstantDate(booking.startsAt, timeZone)}
              </button>
              <span className="data-table__sub">
                {timeInZone(booking.startsAt, timeZone)}–{timeInZone(booking.endsAt, timeZone)}
              </span>
            </td>
            <td>
              <span className="bookings-table__customer">{booking.customer.name}</span>
              <span className="data-table__sub">{booking.customer.email}</span>
            </td>
            <td>{booking.service.name}</td>
            <td className="data-table__muted">
              <span className="data-table__label">With </span>
              {booking.resource.name}
            </td>
            <td>
              <BookingStatusBadge status={booking.status} />
            </td>
            <td>
              <span className="data-table__label">Payment </span>
              {booking.payment ? <PaymentStatusBadge status={booking.payment.status} /> : <span className="data-table__muted">—</span>}
              {openDispute(booking.payment) && <span className="bookings-table__flag">Disputed</span>}
            </td>
            <td className="data-table__muted bookings-table__price">{formatPrice(booking.priceMinor, booking.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { TBooking, TBookingStatus } from '@slotwise/contracts';
import { Link } from 'react-router';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { TableSkeleton } from '../../../ui/Spinner';
import { useBookingRange } from '../../../lib/bookings/hooks';
import { BookingStatusBadge } from '../../../ui/BookingStatusBadge';
import './todays-bookings.css';
import { addDays, formatLongDate, startOfDayInZone, timeInZone, todayIn } from '../../../lib/time';

/** What a day's schedule shows: everything that took or takes place, not cancellations or lapsed holds. */
const ON_THE_DAY: TBookingStatus[] = ['PENDING_PAYMENT', 'CONFIRMED', 'COMPLETED', 'NO_SHOW'];
const POLL_MS = 60_000;

/**
 * Today's bookings in the business's zone, earliest first: the first thing staff look at in the
 * morning. Read and polled like the calendar's ranges, so a change made elsewhere shows here too.
 */
export function TodaysBookings({ timeZone, now = new Date() }: { timeZone: string; now?: Date }) {
  const today = todayIn(timeZone, now);
  const query = useBookingRange(
    { from: today, to: today, status: ON_THE_DAY },
    { pollMs: POLL_MS, rangeEndsAt: Date.parse(startOfDayInZone(addDays(today, 1), timeZone)) },
  );
  const actions = (
    <Link className="todays-bookings__all" to={`/calendar?view=day&date=${today}`}>
      Open in calendar
    </Link>
  );
  return (
    <Card title="Today" actions={actions} className="todays-bookings">
      <p className="todays-bookings__date">{formatLongDate(today)}</p>
      {query.isPending ? (
        <TableSkeleton label="Loading today's bookings" widths={[80, 65, 72]} />
      ) : query.isError ? (
        <ApiErrorState
          error={query.error}
          title="Today's bookings could not be loaded"
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          headingLevel={3}
        />
      ) : query.data.body.items.length === 0 ? (
        <EmptyState title="Nothing booked today" description="New bookings appear here as they come in." headingLevel={3} />
      ) : (
        <DayList bookings={query.data.body.items} timeZone={timeZone} now={now} />
      )}
    </Card>
  );
}

function DayList({ bookings, timeZone, now }: { bookings: TBooking[]; timeZone: string; now: Date }) {
  const remaining = bookings.filter((b) => Date.parse(b.endsAt) > now.getTime()).length;
  return (
    <>
      <p className="todays-bookings__summary">
        {bookings.length} {bookings.length === 1 ? 'booking' : 'bookings'}, {remaining} still to come
      </p>
      <ol className="todays-bookings__list" aria-label="Today's bookings">
        {bookings.map((booking) => {
          const over = Date.parse(booking.endsAt) <= now.getTime();
          return (
            <li key={booking.id} className={over ? 'todays-bookings__item todays-bookings__item--over' : 'todays-bookings__item'}>
              <Link to={`/bookings?range=today&booking=${booking.id}`} className="todays-bookings__link">
                <span className="todays-bookings__time">
                  {timeInZone(booking.startsAt, timeZone)}–{timeInZone(booking.endsAt, timeZone)}
                </span>
                <span className="todays-bookings__who">
                  <span className="todays-bookings__customer">{booking.customer.name}</span>
                  <span className="todays-bookings__what">
                    {booking.service.name} with {booking.resource.name}
                  </span>
                </span>
                {booking.status !== 'CONFIRMED' && <BookingStatusBadge status={booking.status} />}
              </Link>
            </li>
          );
        })}
      </ol>
    </>
  );
}

import type { TBooking } from '@slotwise/contracts';
import { useMemo, type ComponentType } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { apiErrorStatus } from '../../../lib/api';
import { useAllBookings } from '../../../lib/bookings/hooks';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton, TableSkeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { BookingStatusBadge } from '../../../ui/BookingStatusBadge';
import { formatPrice } from '../../../lib/format';
import { useCustomer } from '../api';
import { CustomerForm } from '../components/CustomerForm';
import '../../../ui/DataTable.css';
import '../customers.css';
import { addDays, formatInstantDate, timeInZone, todayIn } from '../../../lib/time';

/** One booking in a side panel; closed while `bookingId` is undefined. */
type BookingDetailsComponent = ComponentType<{ bookingId: string | undefined; onClose: () => void }>;

/**
 * One customer: contact details, notes and every booking they made. `BookingDetails` opens a
 * booking: the bookings feature's panel, passed in by the app (app/routes/CustomerRoute), as
 * features do not import each other.
 */
export function CustomerPage({ BookingDetails }: { BookingDetails: BookingDetailsComponent }) {
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  useDocumentTitle(customer.data?.body.name ?? 'Customer');

  return (
    <>
      <Link to="/customers" className="back-link">
        <ChevronLeftIcon size={16} />
        Customers
      </Link>
      {customer.isPending ? (
        <div className="page-stack" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading the customer…
          </span>
          <Skeleton width="240px" height="32px" />
          <Skeleton width="100%" height="240px" />
        </div>
      ) : customer.isError ? (
        <>
          <PageHeader title="Customer" />
          <Card>
            <ApiErrorState
              error={customer.error}
              title={[400, 404].includes(apiErrorStatus(customer.error) ?? 0) ? 'This customer does not exist' : 'The customer could not be loaded'}
              onRetry={() => void customer.refetch()}
              retrying={customer.isFetching}
            />
          </Card>
        </>
      ) : (
        <>
          <PageHeader
            title={customer.data.body.name}
            description={
              <span className="customer-meta">
                <a href={`mailto:${customer.data.body.email}`}>{customer.data.body.email}</a>
                {customer.data.body.phone && <a href={`tel:${customer.data.body.phone}`}>{customer.data.body.phone}</a>}
              </span>
            }
          />
          <div className="page-columns">
            <BookingHistory customerId={id} BookingDetails={BookingDetails} />
            <Card title="Details">
              <CustomerForm key={customer.data.body.updatedAt} customer={customer.data.body} onSaved={(saved) => toast.success(`${saved.name} saved.`)} />
            </Card>
          </div>
        </>
      )}
    </>
  );
}

function BookingHistory({ customerId, BookingDetails }: { customerId: string; BookingDetails: BookingDetailsComponent }) {
  const { tenant } = useSession();
  const bookings = useCustomerBookings(customerId, tenant.timeZone);
  // The open booking lives in the address, as on the calendar and the bookings list.
  const [params, setParams] = useSearchParams();
  const openId = params.get('booking') ?? undefined;
  const setOpen = (id: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('booking', id);
      else next.delete('booking');
      return next;
    });

  return (
    <Card title="Bookings" className="data-card">
      {bookings.isPending ? (
        <TableSkeleton label="Loading bookings…" widths={[64, 52, 58]} />
      ) : bookings.error ? (
        <ApiErrorState
          error={bookings.error}
          title="Bookings could not be loaded"
          onRetry={() => void bookings.refetch()}
          retrying={bookings.isFetching}
          headingLevel={3}
        />
      ) : (
        <>
          <HistorySection title="Upcoming" bookings={bookings.upcoming} zone={tenant.timeZone} empty="Nothing booked ahead." onOpen={setOpen} />
          <HistorySection title="Past" bookings={bookings.past} zone={tenant.timeZone} empty="No past bookings." onOpen={setOpen} />
        </>
      )}
      <BookingDetails bookingId={openId} onClose={() => setOpen(null)} />
    </Card>
  );
}

/** A customer's history is short; this caps a pathological one (its oldest bookings are left out). */
const HISTORY_CAP = 1000;

/**
 * A customer's bookings in two lists read through the shared bookings hooks: what has not ended
 * yet, soonest first, and what has, latest first (`order=desc`, so the cap drops the oldest).
 * Both lists overlap around today by local date and split exactly by end time; a booking lasts at
 * most a day, so one still running started no earlier than two local days ago.
 */
function useCustomerBookings(customerId: string, zone: string) {
  const today = todayIn(zone);
  const ahead = useAllBookings({ customerId, from: addDays(today, -2) });
  const behind = useAllBookings({ customerId, to: today, order: 'desc', max: HISTORY_CAP });
  // Split as of the latest answer (not the render), so a re-render alone never moves a row.
  const now = Math.max(ahead.dataUpdatedAt, behind.dataUpdatedAt);
  const split = useMemo(
    () => ({
      upcoming: (ahead.data?.body.items ?? []).filter((booking) => Date.parse(booking.endsAt) >= now),
      past: (behind.data?.body.items ?? []).filter((booking) => Date.parse(booking.endsAt) < now),
    }),
    [ahead.data, behind.data, now],
  );
  const failed = ahead.isError ? ahead : behind.isError ? behind : undefined;
  return {
    ...split,
    isPending: ahead.isPending || behind.isPending,
    error: failed?.error ?? null,
    isFetching: ahead.isFetching || behind.isFetching,
    refetch: () => Promise.all([ahead.refetch(), behind.refetch()]),
  };
}

type HistorySectionProps = { title: string; bookings: TBooking[]; zone: string; empty: string; onOpen: (id: string) => void };

function HistorySection({ title, bookings, zone, empty, onOpen }: HistorySectionProps) {
  return (
    <section className="history-section" aria-label={`${title} bookings`}>
      <h3 className="history-section__title">
        {title} ({bookings.length})
      </h3>
      {bookings.length === 0 ? (
        <p className="history-empty">{empty}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Service</th>
              <th scope="col">With</th>
              <th scope="col">Status</th>
              <th scope="col">Price</th>
            </tr>
          </thead>
          <tbody>
            {bookings.map((booking) => (
              <tr key={booking.id}>
                <td className="data-table__primary">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`${formatInstantDate(booking.startsAt, zone)}, ${timeInZone(booking.startsAt, zone)}: ${booking.service.name}. Open details`}
                    onClick={() => onOpen(booking.id)}
                  >
                    {formatInstantDate(booking.startsAt, zone)}
                  </button>
                  <span className="data-table__sub">
                    {timeInZone(booking.startsAt, zone)}–{timeInZone(booking.endsAt, zone)}
                  </span>
                </td>
                <td>{booking.service.name}</td>
                <td className="data-table__muted">{booking.resource.name}</td>
                <td>
                  <BookingStatusBadge status={booking.status} />
                </td>
                <td className="data-table__muted">{formatPrice(booking.priceMinor, booking.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

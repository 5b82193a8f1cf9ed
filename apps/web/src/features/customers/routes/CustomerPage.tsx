import type { TBooking } from '@slotwise/contracts';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { apiErrorStatus } from '../../../lib/api';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { ChevronLeftIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { Skeleton, TableSkeleton } from '../../../ui/Spinner';
import { useSession } from '../../../lib/session';
import { BookingDetailsPanel } from '../../bookings/components/BookingDetailsPanel';
import { BookingStatusBadge } from '../../bookings/components/BookingStatusBadge';
import { formatPrice } from '../../../lib/format';
import { formatDate, formatTime } from '../../bookings/components/format';
import { useCustomer, useCustomerBookings } from '../api';
import { CustomerForm } from '../components/CustomerForm';
import '../../../ui/DataTable.css';
import '../customers.css';

/** One customer: contact details, notes and every booking they made. */
export function CustomerPage() {
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
            <BookingHistory customerId={id} />
            <Card title="Details">
              <CustomerForm
                key={customer.data.body.updatedAt}
                customer={customer.data.body}
                onSaved={(saved) => toast.success(`${saved.name} saved.`)}
              />
            </Card>
          </div>
        </>
      )}
    </>
  );
}

function BookingHistory({ customerId }: { customerId: string }) {
  const { tenant } = useSession();
  const bookings = useCustomerBookings(customerId);
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
  const { upcoming, past } = useMemo(() => {
    const now = Date.now();
    const items = bookings.data?.body.items ?? [];
    return {
      upcoming: items.filter((booking) => Date.parse(booking.endsAt) >= now),
      // The API sorts oldest first; the past reads best newest first.
      past: items.filter((booking) => Date.parse(booking.endsAt) < now).reverse(),
    };
  }, [bookings.data]);

  return (
    <Card title="Bookings" className="data-card">
      {bookings.isPending ? (
        <TableSkeleton label="Loading bookings…" widths={[64, 52, 58]} />
      ) : bookings.isError ? (
        <ApiErrorState
          error={bookings.error}
          title="Bookings could not be loaded"
          onRetry={() => void bookings.refetch()}
          retrying={bookings.isFetching}
          headingLevel={3}
        />
      ) : (
        <>
          <HistorySection title="Upcoming" bookings={upcoming} zone={tenant.timeZone} empty="Nothing booked ahead." onOpen={setOpen} />
          <HistorySection title="Past" bookings={past} zone={tenant.timeZone} empty="No past bookings." onOpen={setOpen} />
        </>
      )}
      <BookingDetailsPanel bookingId={openId} onClose={() => setOpen(null)} />
    </Card>
  );
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
                    aria-label={`${formatDate(booking.startsAt, zone)}, ${formatTime(booking.startsAt, zone)}: ${booking.service.name}. Open details`}
                    onClick={() => onOpen(booking.id)}
                  >
                    {formatDate(booking.startsAt, zone)}
                  </button>
                  <span className="data-table__sub">
                    {formatTime(booking.startsAt, zone)}–{formatTime(booking.endsAt, zone)}
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

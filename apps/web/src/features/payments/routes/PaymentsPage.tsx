import { PAYMENT_STATUSES, type TPaymentListItem, type TPaymentStatus } from '@slotwise/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isReschedulable } from '../../../lib/booking-status';
import { useBooking } from '../../../lib/bookings/hooks';
import type { PaymentFilters } from '../../../lib/payments';
import { useFilterParams } from '../../../lib/useFilterParams';
import { formatMoney } from '../../../lib/format';
import { describeCard, isRefundable, openDispute, PAYMENT_STATUS, PAYMENT_STATUS_ORDER } from '../../../lib/payment-status';
import { useSession } from '../../../lib/session';
import { formatInstantDate, isIsoDate, timeInZone } from '../../../lib/time';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { SelectField, TextField } from '../../../ui/Field';
import { CreditCardIcon, LockIcon } from '../../../ui/icons';
import { PageHeader } from '../../../ui/PageHeader';
import { PaymentStatusBadge } from '../../../ui/PaymentStatusBadge';
import { TableSkeleton } from '../../../ui/Spinner';
import { RefundDialog } from '../../../ui/RefundDialog';
import { usePayments } from '../api';
import { DisputesList } from '../components/DisputesList';
import '../../../ui/CatalogTabs.css';
import '../../../ui/DataTable.css';
import '../components/payments.css';

const isPaymentStatus = (value: string | null): value is TPaymentStatus => value !== null && (PAYMENT_STATUSES as readonly string[]).includes(value);

/** Payments: every card payment taken through Stripe, newest first. Owners and admins. */
export function PaymentsPage() {
  useDocumentTitle('Payments');
  const { role } = useSession();
  const allowed = role === 'OWNER' || role === 'ADMIN';
  return (
    <>
      <PageHeader
        title="Payments"
        description="Card payments customers made when booking, newest first. Amounts are what the customer paid; the fee is Slotwise’s."
      />
      {allowed ? (
        <PaymentsTabs />
      ) : (
        <Card>
          <EmptyState icon={<LockIcon size={24} />} title="You don't have access to this" description="Admins and owners can see payments." />
        </Card>
      )}
    </>
  );
}

/** Two tabs in the address (`?tab=disputes`), so a link can open the disputes. */
function PaymentsTabs() {
  const [params] = useSearchParams();
  const disputes = params.get('tab') === 'disputes';
  return (
    <>
      <nav className="catalog-tabs" aria-label="Payments and disputes">
        <Link to="/payments" className="catalog-tabs__link" aria-current={disputes ? undefined : 'page'}>
          Payments
        </Link>
        <Link to="/payments?tab=disputes" className="catalog-tabs__link" aria-current={disputes ? 'page' : undefined}>
          Disputes
        </Link>
      </nav>
      {disputes ? <DisputesList /> : <PaymentsList />}
    </>
  );
}

function PaymentsList() {
  const { tenant } = useSession();
  const { params, setFilter, clearFilters } = useFilterParams();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const status = params.get('status');
  const filters: PaymentFilters = {
    ...(isIsoDate(from) ? { from } : {}),
    ...(isIsoDate(to) ? { to } : {}),
    ...(isPaymentStatus(status) ? { status: [status] } : {}),
  };
  const list = usePayments(filters);
  const payments = list.data?.pages.flatMap((page) => page.body.items) ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <Card className="data-card">
      <form className="payments-filters" aria-label="Filter payments" onSubmit={(event) => event.preventDefault()}>
        <TextField label="From" type="date" value={from} max={to || undefined} onChange={(event) => setFilter('from', event.target.value)} />
        <TextField label="Until" type="date" value={to} min={from || undefined} onChange={(event) => setFilter('to', event.target.value)} />
        <SelectField label="Status" value={isPaymentStatus(status) ? status : ''} onChange={(event) => setFilter('status', event.target.value)}>
          <option value="">All payments</option>
          {PAYMENT_STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {PAYMENT_STATUS[s].label}
            </option>
          ))}
        </SelectField>
        {filtered && (
          <Button variant="ghost" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </form>
      {list.isPending ? (
        <TableSkeleton label="Loading payments…" widths={[70, 80, 50, 40, 60]} />
      ) : !list.data ? (
        <ApiErrorState
          error={list.error}
          title="Payments could not be loaded"
          onRetry={() => void list.refetch()}
          retrying={list.isFetching}
          headingLevel={3}
        />
      ) : payments.length === 0 ? (
        <EmptyState
          icon={<CreditCardIcon size={24} />}
          title={filtered ? 'No payments match these filters' : 'No payments yet'}
          description={
            filtered
              ? 'Try a wider date range or another status.'
              : 'When customers pay for a booking through Stripe, the payment shows here. Connect Stripe in Settings → Payments.'
          }
          headingLevel={3}
        />
      ) : (
        <>
          <PaymentsTable payments={payments} timeZone={tenant.timeZone} />
          <div className="table-footer">
            <span>
              {payments.length} {payments.length === 1 ? 'payment' : 'payments'}
              {list.hasNextPage ? ' so far' : ''}
            </span>
            {list.isFetchNextPageError && <span role="alert">The next payments could not be loaded.</span>}
            {list.hasNextPage && (
              <Button busy={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {list.isFetchingNextPage ? 'Loading…' : list.isFetchNextPageError ? 'Try again' : 'Load more'}
              </Button>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

function PaymentsTable({ payments, timeZone }: { payments: TPaymentListItem[]; timeZone: string }) {
  const [refunding, setRefunding] = useState<TPaymentListItem | null>(null);
  return (
    <>
      <table className="data-table payments-table">
        <caption className="visually-hidden">Payments, newest first</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort="descending">
              Date
            </th>
            <th scope="col">Booking</th>
            <th scope="col">Status</th>
            <th scope="col">Card</th>
            <th scope="col" className="payments-table__amount">
              Amount
            </th>
            <th scope="col" className="payments-table__amount">
              Refunded
            </th>
            <th scope="col" className="payments-table__amount">
              Fee
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id}>
              <td>
                {formatInstantDate(payment.paidAt ?? payment.createdAt, timeZone)}
                <span className="data-table__sub">{timeInZone(payment.paidAt ?? payment.createdAt, timeZone)}</span>
              </td>
              <td className="data-table__primary">
                <Link to={`/bookings?range=all&booking=${encodeURIComponent(payment.bookingId)}`}>
                  {payment.booking.customerName} · {payment.booking.serviceName}
                </Link>
                <span className="data-table__sub">
                  For {formatInstantDate(payment.booking.startsAt, timeZone)}, {timeInZone(payment.booking.startsAt, timeZone)}
                </span>
              </td>
              <td>
                <PaymentStatusBadge status={payment.status} />
                {openDispute(payment) && <span className="payments-table__flag">Disputed</span>}
                {payment.refundReason && <span className="data-table__sub">{payment.refundReason}</span>}
              </td>
              <td className="data-table__muted">{describeCard(payment.cardBrand, payment.cardLast4) ?? '—'}</td>
              <td className="payments-table__amount">
                <span className="data-table__label">Amount </span>
                {formatMoney(payment.amountMinor, payment.currency)}
                {payment.kind === 'DEPOSIT' && <span className="data-table__sub">deposit</span>}
              </td>
              <td className="payments-table__amount">
                <span className="data-table__label">Refunded </span>
                {payment.refundedMinor + payment.refundPendingMinor > 0 ? formatMoney(payment.refundedMinor, payment.currency) : '—'}
                {payment.refundPendingMinor > 0 && (
                  <span className="data-table__sub">+ {formatMoney(payment.refundPendingMinor, payment.currency)} pending</span>
                )}
              </td>
              <td className="payments-table__amount data-table__muted">
                <span className="data-table__label">Fee </span>
                {formatMoney(payment.applicationFeeMinor, payment.currency)}
              </td>
              <td className="payments-table__actions">
                {isRefundable(payment) && (
                  <Button
                    className="btn--small"
                    onClick={() => setRefunding(payment)}
                    aria-label={`Refund ${payment.booking.customerName} · ${payment.booking.serviceName}`}
                  >
                    Refund
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {refunding && <RefundFromList payment={refunding} onClose={() => setRefunding(null)} />}
    </>
  );
}

/** The refund dialog for a row: the booking is read for its version, so the refund can cancel it too. */
function RefundFromList({ payment, onClose }: { payment: TPaymentListItem; onClose: () => void }) {
  const booking = useBooking(payment.bookingId).data?.body;
  return (
    <RefundDialog
      open
      onClose={onClose}
      target={{
        bookingId: payment.bookingId,
        version: booking?.version ?? 1,
        cancellable: booking ? isReschedulable(booking) : false,
        payment: booking?.payment ?? payment,
      }}
    />
  );
}

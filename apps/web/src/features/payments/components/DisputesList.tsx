import { Link } from 'react-router';
import { useFilterParams } from '../../../lib/useFilterParams';
import { formatMoney } from '../../../lib/format';
import { DISPUTE_STATUS } from '../../../lib/payment-status';
import { useSession } from '../../../lib/session';
import { formatInstantDate, formatInstantDateTime, timeInZone } from '../../../lib/time';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Card } from '../../../ui/Card';
import { EmptyState } from '../../../ui/EmptyState';
import { SelectField } from '../../../ui/Field';
import { CreditCardIcon } from '../../../ui/icons';
import { ToneLabel } from '../../../ui/PaymentStatusBadge';
import { TableSkeleton } from '../../../ui/Spinner';
import { useDisputes } from '../api';

/**
 * The Payments page's Disputes tab: customers' banks taking a payment back, newest first; open
 * ones by default, with the evidence deadline (the response itself is made in Stripe's dashboard).
 */
export function DisputesList() {
  const { tenant } = useSession();
  const { params, setFilter } = useFilterParams();
  const all = params.get('show') === 'all';
  const disputes = useDisputes({ open: !all });
  const zone = tenant.timeZone;

  return (
    <Card className="data-card">
      <form className="payments-filters" aria-label="Filter disputes" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Show" value={all ? 'all' : 'open'} onChange={(event) => setFilter('show', event.target.value === 'all' ? 'all' : '')}>
          <option value="open">Open disputes</option>
          <option value="all">All disputes</option>
        </SelectField>
      </form>
      {disputes.isPending ? (
        <TableSkeleton label="Loading disputes…" widths={[70, 80, 50, 40, 60]} />
      ) : disputes.isError ? (
        <ApiErrorState
          error={disputes.error}
          title="Disputes could not be loaded"
          onRetry={() => void disputes.refetch()}
          retrying={disputes.isFetching}
          headingLevel={3}
        />
      ) : disputes.data.length === 0 ? (
        <EmptyState
          icon={<CreditCardIcon size={24} />}
          title={all ? 'No disputes' : 'No open disputes'}
          description="When a customer asks their bank to take back a payment, the dispute shows here and on the booking."
          headingLevel={3}
        />
      ) : (
        <table className="data-table payments-table">
          <caption className="visually-hidden">Disputes, newest first</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort="descending">
                Opened
              </th>
              <th scope="col">Booking</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Evidence due</th>
              <th scope="col" className="payments-table__amount">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {disputes.data.map((dispute) => (
              <tr key={dispute.id}>
                <td>
                  {formatInstantDate(dispute.createdAt, zone)}
                  <span className="data-table__sub">{timeInZone(dispute.createdAt, zone)}</span>
                </td>
                <td className="data-table__primary">
                  <Link to={`/bookings?range=all&booking=${encodeURIComponent(dispute.bookingId)}`}>
                    {dispute.booking.customerName} · {dispute.booking.serviceName}
                  </Link>
                  <span className="data-table__sub">
                    For {formatInstantDate(dispute.booking.startsAt, zone)}, {timeInZone(dispute.booking.startsAt, zone)}
                  </span>
                </td>
                <td>
                  <ToneLabel {...DISPUTE_STATUS[dispute.status]} />
                  {dispute.outcome && dispute.status !== 'won' && dispute.status !== 'lost' && (
                    <span className="data-table__sub">{dispute.outcome === 'WON' ? 'Won' : 'Lost'}</span>
                  )}
                </td>
                <td>{dispute.reasonText}</td>
                <td className="data-table__muted">
                  <span className="data-table__label">Evidence due </span>
                  {dispute.open && dispute.evidenceDueBy ? formatInstantDateTime(dispute.evidenceDueBy, zone) : '—'}
                </td>
                <td className="payments-table__amount">{formatMoney(dispute.amountMinor, dispute.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

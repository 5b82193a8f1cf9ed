import type { THistoryEntry } from '@slotwise/contracts';
import { useMemo } from 'react';
import { useSession } from '../../../lib/session';
import { useMembers } from '../../../lib/members';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Skeleton } from '../../../ui/Spinner';
import { useBookingHistory } from '../../../lib/bookings/hooks';
import { formatMoney } from '../../../lib/format';
import { formatInstantDateTime, formatInstantRange } from '../../../lib/time';

const ACTIONS: Record<string, string> = {
  'booking.created': 'Booked',
  'booking.rescheduled': 'Rescheduled',
  'booking.updated': 'Notes changed',
  'booking.cancelled': 'Cancelled',
  'booking.completed': 'Marked completed',
  'booking.no_show': 'Marked no-show',
  'booking.confirmed': 'Confirmed',
  'booking.reopened': 'Set back to confirmed',
  'booking.expired': 'Hold expired',
  'booking.email_failed': 'Email could not be sent',
  'booking.notifications_failed': 'Emails could not be queued',
  'payment.succeeded': 'Paid online',
  'payment.refund_pending': 'Paid too late, refund started',
  'payment.refunded': 'Refunded',
  'payment.refund_requested': 'Refund asked for',
  'payment.refund_succeeded': 'Refund went through',
  'payment.refund_failed': 'Refund failed',
  'payment.balance_recorded': 'Balance paid at the venue recorded',
  'payment.dispute_opened': 'Dispute opened',
  'payment.dispute_updated': 'Dispute updated',
  'payment.dispute_closed': 'Dispute closed',
};

/** Failures Slotwise reports rather than something someone did: no "by …". */
const REPORTS = new Set([
  'booking.email_failed',
  'booking.notifications_failed',
  'payment.dispute_opened',
  'payment.dispute_updated',
  'payment.dispute_closed',
]);

const EMAILS: Record<string, string> = {
  'booking.confirmation': 'The confirmation to the customer',
  'booking.reminder': 'The reminder to the customer',
  'booking.cancellation': 'The cancellation notice to the customer',
  'booking.rescheduled': 'The change notice to the customer',
  'tenant.new_booking': 'The new-booking notice to a team member',
  'tenant.cancellation': 'The cancellation notice to a team member',
};

const BALANCE_METHODS: Record<string, string> = { CASH: 'cash', CARD_TERMINAL: 'card terminal', OTHER: 'other' };

const EVENTS: Record<string, string> = { confirmed: 'this booking', cancelled: 'the cancellation', rescheduled: 'the change' };

const ACTORS: Record<THistoryEntry['actorType'], string> = {
  user: 'a team member',
  customer: 'the customer',
  system: 'Slotwise',
  stripe: 'Stripe',
  google: 'Google Calendar',
};

/** What happened to a booking, oldest first, from its history (the audit trail without IPs). */
export function BookingHistory({ bookingId, timeZone }: { bookingId: string; timeZone: string }) {
  const history = useBookingHistory(bookingId);
  const { user } = useSession();
  // Team members by name; someone who has left the business stays "a team member".
  const members = useMembers();
  const memberNames = useMemo(() => new Map((members.data?.body.items ?? []).map((m) => [m.user.id, m.user.name])), [members.data]);
  const who = (entry: THistoryEntry) => {
    if (entry.actorType !== 'user' || !entry.actorId) return ACTORS[entry.actorType];
    return entry.actorId === user.id ? 'you' : (memberNames.get(entry.actorId) ?? ACTORS.user);
  };

  return (
    <section className="booking-panel__section" aria-labelledby={`history-${bookingId}`}>
      <h3 className="booking-panel__heading" id={`history-${bookingId}`}>
        History
      </h3>
      {history.isPending ? (
        <div className="booking-history" aria-busy="true">
          <span className="visually-hidden">Loading the history…</span>
          <Skeleton width="70%" />
          <Skeleton width="55%" />
        </div>
      ) : history.isError ? (
        <ApiErrorState
          error={history.error}
          title="The history could not be loaded"
          onRetry={() => void history.refetch()}
          retrying={history.isFetching}
          headingLevel={3}
        />
      ) : history.data.length === 0 ? (
        <p className="booking-panel__muted">Nothing recorded yet.</p>
      ) : (
        <ol className="booking-history">
          {history.data.map((entry) => (
            <li key={entry.id} className="booking-history__entry">
              <p className="booking-history__what">
                {ACTIONS[entry.action] ?? entry.action.replace(/^(booking|payment)\./, '').replace(/_/g, ' ')}
                {!REPORTS.has(entry.action) && <span className="booking-history__who"> by {who(entry)}</span>}
              </p>
              {detailOf(entry, timeZone) && <p className="booking-history__detail">{detailOf(entry, timeZone)}</p>}
              <p className="booking-history__when">
                <time dateTime={entry.createdAt}>{formatInstantDateTime(entry.createdAt, timeZone)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A line about what changed: the old and new time of a move, the reason of a cancellation, which email failed and why. */
function detailOf(entry: THistoryEntry, timeZone: string): string | undefined {
  const before = entry.changes?.before ?? {};
  const after = entry.changes?.after ?? {};
  if (entry.action === 'booking.rescheduled' && isText(before.startsAt) && isText(before.endsAt) && isText(after.startsAt) && isText(after.endsAt)) {
    return `From ${formatInstantRange(before.startsAt, before.endsAt, timeZone)} to ${formatInstantRange(after.startsAt, after.endsAt, timeZone)}`;
  }
  if (entry.action === 'booking.cancelled' && isText(after.cancellationReason)) return `“${after.cancellationReason}”`;
  const money = typeof after.amountMinor === 'number' && isText(after.currency) ? formatMoney(after.amountMinor, after.currency) : undefined;
  if (entry.action === 'payment.refund_requested' && money) return `${money}${isText(after.reason) ? `: “${after.reason}”` : ''}`;
  if (entry.action === 'payment.refund_failed' && money) return `${money}${isText(after.failureReason) ? `: ${after.failureReason}` : ''}`;
  if ((entry.action === 'payment.refund_succeeded' || entry.action === 'payment.succeeded') && money) return money;
  if (entry.action === 'payment.balance_recorded' && typeof after.balancePaidMinor === 'number' && isText(after.currency))
    return `${formatMoney(after.balancePaidMinor, after.currency)}${isText(after.balanceMethod) ? ` (${BALANCE_METHODS[after.balanceMethod] ?? after.balanceMethod})` : ''}`;
  if (entry.action === 'payment.dispute_opened' && isText(after.reasonText)) return after.reasonText;
  if (entry.action === 'payment.dispute_closed' && isText(after.outcome))
    return after.outcome === 'WON' ? 'Won' : after.outcome === 'LOST' ? 'Lost' : undefined;
  if (entry.action === 'booking.email_failed' && isText(after.kind))
    return `${EMAILS[after.kind] ?? 'An email'} failed after every retry${isText(after.reason) ? `: ${after.reason}` : ''}`;
  if (entry.action === 'booking.notifications_failed' && isText(after.event))
    return `Emails about ${EVENTS[after.event] ?? 'this change'} were not queued after every retry${isText(after.reason) ? `: ${after.reason}` : ''}`;
  return undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

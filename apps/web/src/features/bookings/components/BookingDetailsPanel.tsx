import { effectiveBookingStatus, isUndo, statusChangeRefusal, statusUndoableUntil, type TBooking, type TBookingStatus } from '@slotwise/contracts';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { useSession } from '../../../lib/session';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { Skeleton, Spinner } from '../../../ui/Spinner';
import { useBooking, usePendingBookingIds, useSetBookingStatus, type SettableStatus } from '../../../lib/bookings/hooks';
import { BookedAs } from './BookedAs';
import { BookingHistory } from './BookingHistory';
import { BookingStatusBadge } from '../../../ui/BookingStatusBadge';
import { CancelBookingForm } from './CancelBookingForm';
import { formatPrice } from '../../../lib/format';
import { NotesEditor } from './NotesEditor';
import { ConfirmWithoutPayment, PaymentSection } from './PaymentSection';
import { RescheduleForm } from './RescheduleForm';
import { isReschedulable } from '../../../lib/booking-status';
import './bookings.css';
import { formatInstantDateTime, formatInstantRange, zoneCity } from '../../../lib/time';

type BookingDetailsPanelProps = {
  /** The booking to show; the panel is closed while this is undefined. */
  bookingId: string | undefined;
  onClose: () => void;
};

/**
 * Everything about one booking in a side panel: who, what, when, the history, and what staff
 * can do with it (reschedule, cancel, mark completed or no-show once it has started, undo that
 * mark for a week, edit notes), by the same status rules the API applies (contracts
 * booking-status.ts). Changes show at once and are undone with a toast if the server refuses them.
 */
export function BookingDetailsPanel({ bookingId, onClose }: BookingDetailsPanelProps) {
  const query = useBooking(bookingId);
  const booking = query.data?.body;
  const pending = usePendingBookingIds();
  const saving = booking ? pending.has(booking.id) : false;

  return (
    <Drawer
      open={Boolean(bookingId)}
      title={booking ? booking.customer.name : 'Booking'}
      subtitle={
        booking && (
          <div className="booking-panel__subtitle">
            <BookingStatusBadge status={effectiveBookingStatus(booking, new Date())} />
            <span className="booking-panel__saving" role="status">
              {saving && (
                <>
                  <Spinner size="sm" /> Saving…
                </>
              )}
            </span>
          </div>
        )
      }
      onClose={onClose}
    >
      {booking ? (
        // Keyed by booking, so forms opened for one booking never carry over to the next.
        <BookingDetails key={booking.id} booking={booking} saving={saving} />
      ) : query.error ? (
        <ApiErrorState
          error={query.error}
          title="This booking could not be loaded"
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
          headingLevel={3}
        />
      ) : (
        <PanelSkeleton />
      )}
    </Drawer>
  );
}

type Mode = 'view' | 'reschedule' | 'cancel';

const STATUS_CHANGED: Record<SettableStatus, string> = {
  CONFIRMED: 'Booking confirmed',
  COMPLETED: 'Marked as completed',
  NO_SHOW: 'Marked as no-show',
};

const spokenStatus = (status: TBookingStatus) => (status === 'NO_SHOW' ? 'a no-show' : status.toLowerCase().replace('_', ' '));

function BookingDetails({ booking, saving }: { booking: TBooking; saving: boolean }) {
  const { tenant, role } = useSession();
  const zone = tenant.timeZone;
  const canWaivePayment = role === 'OWNER' || role === 'ADMIN';
  const [mode, setMode] = useState<Mode>('view');
  // What to say once the server agrees; read when it answers, even if the panel has closed.
  const doneMessage = useRef('Status changed');
  const setStatus = useSetBookingStatus({ onSuccess: () => toast.success(doneMessage.current) });
  const changeStatus = (status: SettableStatus, message = STATUS_CHANGED[status]) => {
    doneMessage.current = message;
    setStatus.mutate({ id: booking.id, status });
  };

  // Judged at render; the API judges again by its own clock when the change arrives.
  const now = new Date();
  const status = effectiveBookingStatus(booking, now);
  const allowed = (to: SettableStatus) => statusChangeRefusal(booking, to, now) === null;
  const movable = isReschedulable(booking, now);
  const markable = allowed('COMPLETED') && allowed('NO_SHOW');
  const undoable = isUndo(status, 'CONFIRMED') && allowed('CONFIRMED');
  return (
    <div className="booking-panel">
      <section className="booking-panel__when" aria-label="When">
        <p className="booking-panel__time">{formatInstantRange(booking.startsAt, booking.endsAt, zone)}</p>
        <p className="booking-panel__zone">{zoneCity(zone)} time</p>
        {booking.timeZone !== zone && (
          <p className="booking-panel__zone">
            Customer's time: {formatInstantRange(booking.startsAt, booking.endsAt, booking.timeZone)} ({zoneCity(booking.timeZone)})
          </p>
        )}
        {status === 'PENDING_PAYMENT' && booking.holdExpiresAt && (
          <p className="booking-panel__hold">Held until {formatInstantDateTime(booking.holdExpiresAt, zone)} while the customer pays</p>
        )}
      </section>

      <dl className="booking-panel__facts">
        <div>
          <dt>Service</dt>
          <dd>{booking.service.name}</dd>
        </div>
        <div>
          <dt>With</dt>
          <dd>{booking.resource.name}</dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd>{formatPrice(booking.priceMinor, booking.currency)}</dd>
        </div>
        <div>
          <dt>Booked</dt>
          <dd>{booking.source === 'PUBLIC' ? 'Online' : 'By staff'}</dd>
        </div>
        {booking.status === 'CANCELLED' && booking.cancellationReason && (
          <div className="booking-panel__fact--wide">
            <dt>Cancellation reason</dt>
            <dd>{booking.cancellationReason}</dd>
          </div>
        )}
      </dl>

      {booking.payment && <PaymentSection booking={booking} payment={booking.payment} timeZone={zone} />}

      <section className="booking-panel__section" aria-labelledby={`customer-${booking.id}`}>
        <h3 className="booking-panel__heading" id={`customer-${booking.id}`}>
          Customer
        </h3>
        <p className="booking-panel__customer">{booking.customer.name}</p>
        <p>
          <a href={`mailto:${booking.customer.email}`}>{booking.customer.email}</a>
        </p>
        {booking.customer.phone && (
          <p>
            <a href={`tel:${booking.customer.phone.replace(/[^+\d]/g, '')}`}>{booking.customer.phone}</a>
          </p>
        )}
        <BookedAs booking={booking} />
      </section>

      <NotesEditor booking={booking} disabled={saving} />

      <section className="booking-panel__section" aria-labelledby={`actions-${booking.id}`}>
        <h3 className="booking-panel__heading" id={`actions-${booking.id}`}>
          Actions
        </h3>
        {mode === 'reschedule' ? (
          <RescheduleForm booking={booking} timeZone={zone} onDone={() => setMode('view')} />
        ) : mode === 'cancel' ? (
          <CancelBookingForm booking={booking} onDone={() => setMode('view')} />
        ) : (
          <div className="booking-panel__actions">
            {movable && (
              <Button variant="primary" onClick={() => setMode('reschedule')} disabled={saving}>
                Reschedule
              </Button>
            )}
            {status === 'PENDING_PAYMENT' && canWaivePayment && (
              <ConfirmWithoutPayment onConfirm={() => changeStatus('CONFIRMED', 'Confirmed without payment')} disabled={saving} />
            )}
            {markable && (
              <>
                <Button onClick={() => changeStatus('COMPLETED')} disabled={saving}>
                  Mark completed
                </Button>
                <Button onClick={() => changeStatus('NO_SHOW')} disabled={saving}>
                  Mark no-show
                </Button>
              </>
            )}
            {movable && (
              <Button variant="danger" onClick={() => setMode('cancel')} disabled={saving}>
                Cancel booking
              </Button>
            )}
            {status === 'CONFIRMED' && !markable && <p className="booking-panel__muted">It can be marked completed or a no-show once it has started.</p>}
            {undoable && (
              <>
                <p className="booking-panel__muted" id={`undo-${booking.id}`}>
                  Marked as {spokenStatus(status)} by mistake? Undo sets it back to confirmed, until{' '}
                  {formatInstantDateTime(statusUndoableUntil(booking).toISOString(), zone)}.
                </p>
                <Button onClick={() => changeStatus('CONFIRMED', 'Back to confirmed')} disabled={saving} aria-describedby={`undo-${booking.id}`}>
                  Undo
                </Button>
              </>
            )}
            {!movable && !undoable && <p className="booking-panel__muted">This booking is {spokenStatus(status)}; nothing more to do.</p>}
          </div>
        )}
      </section>

      <BookingHistory bookingId={booking.id} timeZone={zone} />
    </div>
  );
}

function PanelSkeleton() {
  return (
    <div className="booking-panel" aria-busy="true">
      <span className="visually-hidden">Loading the booking…</span>
      <Skeleton width="80%" height="24px" />
      <Skeleton width="40%" />
      <Skeleton width="100%" height="96px" />
      <Skeleton width="100%" height="64px" />
    </div>
  );
}

import type { TBooking, TBookingPayment } from '@slotwise/contracts';
import { useState } from 'react';
import { isReschedulable } from '../../../lib/booking-status';
import { formatMoney } from '../../../lib/format';
import { describeCard, isRefundable, PAYMENT_STATUS } from '../../../lib/payment-status';
import { useSession } from '../../../lib/session';
import { formatInstantDateTime } from '../../../lib/time';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { PaymentStatusBadge } from '../../../ui/PaymentStatusBadge';
import { RefundDialog } from '../../../ui/RefundDialog';
import { BalanceLine } from './BalanceSection';
import { DisputesList, RefundsList } from './PaymentHistory';

/**
 * A booking's card payment: status, what was paid (a deposit and the balance due at the venue),
 * the fee, card, when it was paid, refunds and disputes, failed attempts; owners and admins refund
 * from here.
 */
export function PaymentSection({ booking, payment, timeZone }: { booking: TBooking; payment: TBookingPayment; timeZone: string }) {
  const { role } = useSession();
  const [refunding, setRefunding] = useState(false);
  const card = describeCard(payment.cardBrand, payment.cardLast4);
  const headingId = `payment-${booking.id}`;
  const money = (minor: number) => formatMoney(minor, payment.currency);
  const canRefund = (role === 'OWNER' || role === 'ADMIN') && isRefundable(payment);
  const deposit = payment.kind === 'DEPOSIT';
  return (
    <section className="booking-panel__section" aria-labelledby={headingId}>
      <div className="booking-panel__section-header">
        <h3 className="booking-panel__heading" id={headingId}>
          Payment
        </h3>
        {canRefund && (
          <Button onClick={() => setRefunding(true)} className="btn--small">
            Refund
          </Button>
        )}
      </div>
      <p className="booking-panel__payment-status">
        <PaymentStatusBadge status={payment.status} />
        <span className="booking-panel__muted">{PAYMENT_STATUS[payment.status].description}</span>
      </p>
      {deposit && payment.status !== 'PENDING' && payment.status !== 'EXPIRED' && <BalanceLine bookingId={booking.id} payment={payment} timeZone={timeZone} />}
      <dl className="booking-panel__facts">
        <div>
          <dt>{deposit ? 'Deposit' : 'Amount'}</dt>
          <dd>{money(payment.amountMinor)}</dd>
        </div>
        <div>
          <dt>Slotwise fee</dt>
          <dd>{money(payment.applicationFeeMinor)}</dd>
        </div>
        {(payment.refundedMinor > 0 || payment.refundPendingMinor > 0) && (
          <>
            <div>
              <dt>Refunded</dt>
              <dd>
                {money(payment.refundedMinor)}
                {payment.refundPendingMinor > 0 && <span className="booking-panel__muted"> · {money(payment.refundPendingMinor)} on its way</span>}
              </dd>
            </div>
            <div>
              <dt>Refundable</dt>
              <dd>{money(payment.refundableMinor)}</dd>
            </div>
          </>
        )}
        {card && (
          <div>
            <dt>Card</dt>
            <dd>{card}</dd>
          </div>
        )}
        {payment.paidAt && (
          <div>
            <dt>Paid</dt>
            <dd>{formatInstantDateTime(payment.paidAt, timeZone)}</dd>
          </div>
        )}
        {payment.refundedAt && (
          <div>
            <dt>Refunded in full</dt>
            <dd>{formatInstantDateTime(payment.refundedAt, timeZone)}</dd>
          </div>
        )}
        {payment.refundReason && payment.refunds.length === 0 && (
          <div className="booking-panel__fact--wide">
            <dt>Refund reason</dt>
            <dd>{payment.refundReason}</dd>
          </div>
        )}
        {payment.failedAttempts > 0 && (
          <div className="booking-panel__fact--wide">
            <dt>Failed attempts</dt>
            <dd>
              {payment.failedAttempts}
              {payment.lastFailureMessage && <span className="booking-panel__muted"> · last: {payment.lastFailureMessage}</span>}
            </dd>
          </div>
        )}
      </dl>
      <DisputesList disputes={payment.disputes} timeZone={timeZone} />
      <RefundsList refunds={payment.refunds} timeZone={timeZone} />
      <RefundDialog
        open={refunding}
        onClose={() => setRefunding(false)}
        target={{ bookingId: booking.id, version: booking.version, cancellable: isReschedulable(booking), payment }}
      />
    </section>
  );
}

/**
 * "Confirm without payment (paid at the venue)" for a hold waiting for its card payment, for
 * owners and admins; asks first, since the customer then pays in person and the hold stops
 * waiting for Stripe.
 */
export function ConfirmWithoutPayment({ onConfirm, disabled }: { onConfirm: () => void; disabled: boolean }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button onClick={() => setAsking(true)} disabled={disabled}>
        Confirm without payment (paid at the venue)
      </Button>
      <ConfirmDialog
        open={asking}
        title="Confirm without payment?"
        confirmLabel="Confirm booking"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        <p>The booking is confirmed now and the customer pays at the venue. If they are still on the payment page, they should not pay there.</p>
      </ConfirmDialog>
    </>
  );
}

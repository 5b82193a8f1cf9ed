import type { TBookingPayment } from '@slotwise/contracts';
import { useState } from 'react';
import { formatMoney } from '../../../lib/format';
import { describeCard, PAYMENT_STATUS } from '../../../lib/payment-status';
import { formatInstantDateTime } from '../../../lib/time';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { PaymentStatusBadge } from '../../../ui/PaymentStatusBadge';

/** A booking's card payment: status, amount and fee, card, when it was paid or refunded and why, failed attempts. */
export function PaymentSection({ bookingId, payment, timeZone }: { bookingId: string; payment: TBookingPayment; timeZone: string }) {
  const card = describeCard(payment.cardBrand, payment.cardLast4);
  const headingId = `payment-${bookingId}`;
  return (
    <section className="booking-panel__section" aria-labelledby={headingId}>
      <h3 className="booking-panel__heading" id={headingId}>
        Payment
      </h3>
      <p className="booking-panel__payment-status">
        <PaymentStatusBadge status={payment.status} />
        <span className="booking-panel__muted">{PAYMENT_STATUS[payment.status].description}</span>
      </p>
      <dl className="booking-panel__facts">
        <div>
          <dt>Amount</dt>
          <dd>{formatMoney(payment.amountMinor, payment.currency)}</dd>
        </div>
        <div>
          <dt>Slotwise fee</dt>
          <dd>{formatMoney(payment.applicationFeeMinor, payment.currency)}</dd>
        </div>
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
            <dt>Refunded</dt>
            <dd>{formatInstantDateTime(payment.refundedAt, timeZone)}</dd>
          </div>
        )}
        {payment.refundReason && (
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

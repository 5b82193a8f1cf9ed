import type { TPaymentStatus } from '@slotwise/contracts';
import { PAYMENT_STATUS } from '../lib/payment-status';
import './booking-status.css';

/** A payment's status as a coloured label ("Paid", "Awaiting payment", …). */
export function PaymentStatusBadge({ status }: { status: TPaymentStatus }) {
  const { label, tone } = PAYMENT_STATUS[status];
  return <ToneLabel label={label} tone={tone} />;
}

/** A label in one of the booking status tones (ui/booking-status.css): a refund's or a dispute's status. */
export function ToneLabel({ label, tone }: { label: string; tone: string }) {
  return (
    <span className={`booking-status booking-status--${tone}`}>
      <span className="booking-status__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

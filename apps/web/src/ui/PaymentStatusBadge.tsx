import type { TPaymentStatus } from '@slotwise/contracts';
import { PAYMENT_STATUS } from '../lib/payment-status';
import './booking-status.css';

/** A payment's status as a coloured label ("Paid", "Awaiting payment", …). */
export function PaymentStatusBadge({ status }: { status: TPaymentStatus }) {
  const { label, tone } = PAYMENT_STATUS[status];
  return (
    <span className={`booking-status booking-status--${tone}`}>
      <span className="booking-status__dot" aria-hidden="true" />
      {label}
    </span>
  );
}

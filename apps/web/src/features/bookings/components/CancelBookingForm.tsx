import { bookingsContract, type TBooking, type TBookingPayment, type TCancellationPolicy } from '@slotwise/contracts';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { formatPolicyHours, policyRefundMinor, policyRefundPercent } from '../../../lib/cancellation-policy';
import { useServices } from '../../../lib/catalog';
import { formatMoney } from '../../../lib/format';
import { validateForm } from '../../../lib/forms';
import { isRefundable } from '../../../lib/payment-status';
import { useSession } from '../../../lib/session';
import { Button } from '../../../ui/Button';
import { useCancelBooking } from '../../../lib/bookings/hooks';

/**
 * Asks why, then cancels. The reason is kept on the booking and in its history. A paid booking
 * is refunded in full, or by the cancellation policy if staff choose so.
 */
export function CancelBookingForm({ booking, onDone }: { booking: TBooking; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [refund, setRefund] = useState<'FULL' | 'POLICY'>('FULL');
  const [error, setError] = useState<string>();
  const cancel = useCancelBooking({ onSuccess: () => toast.success('Booking cancelled') });
  const id = useId();
  const payment = booking.payment && isRefundable(booking.payment) ? booking.payment : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The version is checked again against the freshest cached copy when the change is sent.
    const checked = validateForm(bookingsContract.cancel.body, { reason, version: booking.version });
    if (checked.errors) return setError(checked.errors.reason ?? 'Give a reason');
    cancel.mutate({ id: booking.id, reason: checked.data.reason, ...(payment ? { refund } : {}) });
    onDone();
  };

  return (
    <form className="booking-form" onSubmit={submit} noValidate aria-label="Cancel booking">
      <div className={error ? 'field field--invalid' : 'field'}>
        <label className="field__label" htmlFor={`${id}-reason`}>
          Reason for cancelling
        </label>
        <textarea
          id={`${id}-reason`}
          className="field__control booking-form__textarea"
          name="reason"
          rows={3}
          maxLength={500}
          value={reason}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- shown when the user chose Cancel booking: focus follows them into the form they opened
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onChange={(event) => {
            setReason(event.target.value);
            setError(undefined);
          }}
        />
        {error ? (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        ) : (
          <p className="field__hint" id={`${id}-hint`}>
            Kept with the booking's history. The time becomes free again.
          </p>
        )}
      </div>
      {payment && <RefundChoice booking={booking} payment={payment} value={refund} onChange={setRefund} />}
      <div className="booking-form__actions">
        <Button onClick={onDone}>Keep booking</Button>
        <Button type="submit" variant="danger">
          Cancel booking
        </Button>
      </div>
    </form>
  );
}

/**
 * Refund in full (the default) or by the cancellation policy, with the policy's amount worked out
 * here from the service's policy (or the business's) the way the API does; when the service is
 * not at hand, both choices are shown without the policy's amount.
 */
function RefundChoice({
  booking,
  payment,
  value,
  onChange,
}: {
  booking: TBooking;
  payment: TBookingPayment;
  value: 'FULL' | 'POLICY';
  onChange: (value: 'FULL' | 'POLICY') => void;
}) {
  const { tenant } = useSession();
  const services = useServices({ includeArchived: true });
  const service = services.data?.body.items.find((s) => s.id === booking.serviceId);
  const policy: TCancellationPolicy | undefined = service ? (service.cancellationPolicy ?? tenant.cancellationPolicy) : undefined;
  const money = (minor: number) => formatMoney(minor, payment.currency);
  const preview = policy && policyPreview(policy, booking, payment);
  return (
    <fieldset className="refund-choice">
      <legend className="field__label">Refund</legend>
      <label className="choice">
        <input type="radio" name="refund" value="FULL" checked={value === 'FULL'} onChange={() => onChange('FULL')} />
        Refund in full ({money(payment.refundableMinor)})
      </label>
      <label className="choice">
        <input type="radio" name="refund" value="POLICY" checked={value === 'POLICY'} onChange={() => onChange('POLICY')} />
        {preview ? `Refund by the cancellation policy (${money(preview.refundMinor)})` : 'Refund by the cancellation policy'}
      </label>
      <p className="field__hint">
        {preview
          ? preview.explanation
          : services.isPending
            ? 'Working out what the policy gives…'
            : 'The service’s policy could not be read here, so its amount is not shown; the API applies it when you cancel.'}
      </p>
    </fieldset>
  );
}

function policyPreview(policy: TCancellationPolicy, booking: TBooking, payment: TBookingPayment) {
  const percent = policyRefundPercent(policy, booking.startsAt, new Date());
  const refundMinor = policyRefundMinor(payment.refundableMinor, percent, payment.currency);
  const explanation =
    percent === 100
      ? `At least ${formatPolicyHours(policy.freeCancellationHours)} before the start: the policy refunds everything.`
      : `Less than ${formatPolicyHours(policy.freeCancellationHours)} before the start: the policy refunds ${percent} %.`;
  return { refundMinor, explanation };
}

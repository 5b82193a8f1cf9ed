import { bookingsContract, type TBooking } from '@slotwise/contracts';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { validateForm } from '../../../lib/forms';
import { Button } from '../../../ui/Button';
import { useCancelBooking } from '../../../lib/bookings/hooks';

/** Asks why, then cancels. The reason is kept on the booking and in its history. */
export function CancelBookingForm({ booking, onDone }: { booking: TBooking; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const cancel = useCancelBooking({ onSuccess: () => toast.success('Booking cancelled') });
  const id = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The version is checked again against the freshest cached copy when the change is sent.
    const checked = validateForm(bookingsContract.cancel.body, { reason, version: booking.version });
    if (checked.errors) return setError(checked.errors.reason ?? 'Give a reason');
    cancel.mutate({ id: booking.id, reason: checked.data.reason });
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
      <div className="booking-form__actions">
        <Button onClick={onDone}>Keep booking</Button>
        <Button type="submit" variant="danger">
          Cancel booking
        </Button>
      </div>
    </form>
  );
}

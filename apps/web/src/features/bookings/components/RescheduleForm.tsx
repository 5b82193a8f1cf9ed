import type { TBooking } from '@slotwise/contracts';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../ui/Button';
import { TextField } from '../../../ui/Field';
import { Skeleton } from '../../../ui/Spinner';
import { useFreeSlots, useRescheduleBooking } from '../../../lib/bookings/hooks';
import { dateInZone, formatInstantDate, instantOfLocalTime, timeInZone, zoneCity } from '../../../lib/time';

type RescheduleFormProps = { booking: TBooking; timeZone: string; onDone: () => void };

/**
 * Pick a new date and time (in the business's zone). The free times of the booking's service
 * and resource on that date are offered; any other time may be typed, and the server decides.
 */
export function RescheduleForm({ booking, timeZone, onDone }: RescheduleFormProps) {
  const [date, setDate] = useState(() => dateInZone(booking.startsAt, timeZone));
  const [time, setTime] = useState(() => timeInZone(booking.startsAt, timeZone));
  const [error, setError] = useState<string>();
  const reschedule = useRescheduleBooking({
    onSuccess: (moved) => toast.success(`Moved to ${formatInstantDate(moved.startsAt, timeZone)}, ${timeInZone(moved.startsAt, timeZone)}`),
  });
  const slotsLabelId = useId();
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const slots = useFreeSlots(validDate ? { serviceId: booking.serviceId, resourceId: booking.resourceId, date, timeZone } : undefined);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const startsAt = instantOf(date, time, timeZone);
    if (!startsAt) return setError('Choose a date and a time');
    if (Date.parse(startsAt) === Date.parse(booking.startsAt)) return setError('That is when the booking already is');
    reschedule.mutate({ id: booking.id, startsAt });
    onDone();
  };

  return (
    <form className="booking-form" onSubmit={submit} noValidate aria-label="Reschedule">
      <div className="booking-form__row">
        <TextField label="New date" type="date" name="date" value={date} required onChange={(event) => setDate(event.target.value)} />
        <TextField
          label="New time"
          type="time"
          name="time"
          step={300}
          value={time}
          required
          error={error}
          hint={`${zoneCity(timeZone)} time`}
          onChange={(event) => {
            setTime(event.target.value);
            setError(undefined);
          }}
        />
      </div>
      <div className="booking-form__slots">
        <p className="booking-form__label" id={slotsLabelId}>
          Free times that day
        </p>
        {!validDate ? null : slots.isPending ? (
          <div className="slot-list" aria-busy="true">
            <Skeleton width="64px" height="32px" />
            <Skeleton width="64px" height="32px" />
            <Skeleton width="64px" height="32px" />
          </div>
        ) : slots.isError ? (
          <p className="booking-panel__muted">Free times could not be loaded; type a time instead.</p>
        ) : slots.data.length === 0 ? (
          <p className="booking-panel__muted">No free times that day. You can still type a time.</p>
        ) : (
          <div className="slot-list" role="group" aria-labelledby={slotsLabelId}>
            {slots.data.map((slot) => {
              const label = timeInZone(slot.startsAt, timeZone);
              return (
                <button
                  key={slot.startsAt}
                  type="button"
                  className="slot-list__slot"
                  aria-pressed={label === time}
                  onClick={() => {
                    setTime(label);
                    setError(undefined);
                  }}
                >
                  {label}
                </button>
              );
            })}
          </div>
        )}
      </div>
      <div className="booking-form__actions">
        <Button onClick={onDone}>Back</Button>
        <Button type="submit" variant="primary">
          Move booking
        </Button>
      </div>
    </form>
  );
}

/** "2026-06-09" + "10:30" in `zone` → an ISO instant; undefined if either is incomplete. */
function instantOf(date: string, time: string, zone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  return instantOfLocalTime(date, time, zone);
}

import type { TBooking } from '@slotwise/contracts';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { Button } from '../../../ui/Button';
import { TextField } from '../../../ui/Field';
import { Skeleton } from '../../../ui/Spinner';
import { useFreeSlots, useRescheduleBooking } from '../../../lib/bookings/hooks';
import { formatDate, formatTime, zoneName } from './format';

type RescheduleFormProps = { booking: TBooking; timeZone: string; onDone: () => void };

/**
 * Pick a new date and time (in the business's zone). The free times of the booking's service
 * and resource on that date are offered; any other time may be typed, and the server decides.
 */
export function RescheduleForm({ booking, timeZone, onDone }: RescheduleFormProps) {
  const [date, setDate] = useState(() => format(new TZDate(Date.parse(booking.startsAt), timeZone), 'yyyy-MM-dd'));
  const [time, setTime] = useState(() => format(new TZDate(Date.parse(booking.startsAt), timeZone), 'HH:mm'));
  const [error, setError] = useState<string>();
  const reschedule = useRescheduleBooking({
    onSuccess: (moved) => toast.success(`Moved to ${formatDate(moved.startsAt, timeZone)}, ${formatTime(moved.startsAt, timeZone)}`),
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
          hint={`${zoneName(timeZone)} time`}
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
              const label = formatTime(slot.startsAt, timeZone);
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
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  return new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), zone).toISOString();
}

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { ChevronLeftIcon } from '../ui/icons';
import { describeError, publicApi, PublicApiError, type TManageView, type TSlot } from './api';
import { StepHeading } from './PublicShell';
import { SlotPicker } from './SlotPicker';
import { AppointmentTimes } from './Summary';
import { dateInZone } from '../lib/time';

/* The two changes a customer can make through the manage link: cancel and reschedule. */

type CancelFormProps = {
  business: string;
  summary: ReactNode;
  /** A paid booking: what cancelling now refunds, shown before the confirm button. */
  refund?: ReactNode;
  onCancel: (reason: string) => Promise<string | undefined>;
  onKeep: () => void;
  focus: boolean;
};

export function CancelForm({ business, summary, refund, onCancel, onKeep, focus }: CancelFormProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(`Please tell ${business} briefly why you are cancelling.`);
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    const failure = await onCancel(reason.trim());
    if (failure === undefined) return;
    setBusy(false);
    setError(failure);
  }

  return (
    <section className="step" aria-labelledby="cancel-title">
      <div className="step__head">
        <StepHeading id="cancel-title" focus={focus}>
          Cancel this booking?
        </StepHeading>
      </div>
      {summary}
      <p className="manage__policy">The time will be released for other customers. This can’t be undone.</p>
      {refund}
      <form className="details" onSubmit={(event) => void submit(event)} noValidate>
        <div className={error ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={id}>
            Reason for cancelling
          </label>
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p className="field__error" id={`${id}-error`} role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="manage__actions">
          <Button type="submit" variant="danger" busy={busy}>
            Yes, cancel booking
          </Button>
          <button type="button" className="btn btn--secondary" onClick={onKeep} disabled={busy}>
            Keep my booking
          </button>
        </div>
      </form>
    </section>
  );
}

type RescheduleProps = {
  token: string;
  view: TManageView;
  detectedZone: string;
  onDone: (view: TManageView, message: string) => void;
  onStale: (message: string) => Promise<void>;
  /** Shown in the page's one alert region. */
  onProblem: (message: string | null) => void;
  onBack: () => void;
  focus: boolean;
};

export function Reschedule({ token, view, detectedZone, onDone, onStale, onProblem, onBack, focus }: RescheduleProps) {
  const { booking, tenant } = view;
  const [timeZone, setTimeZone] = useState(detectedZone);
  const [day, setDay] = useState<string | null>(() => dateInZone(booking.startsAt, detectedZone));
  const [picked, setPicked] = useState<TSlot | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);

  async function confirm() {
    if (!picked) return;
    setBusy(true);
    try {
      const next = await publicApi.reschedule(token, { startsAt: picked.startsAt, version: booking.version });
      onDone(next, 'Your booking has been moved. We’ve emailed you the new time.');
    } catch (err) {
      setBusy(false);
      if (err instanceof PublicApiError && err.code === 'SLOT_UNAVAILABLE') {
        setPicked(null);
        onProblem('That time was just taken. Please pick another — the times below are up to date.');
        setRefreshKey((n) => n + 1);
      } else if (err instanceof PublicApiError && err.code === 'VERSION_CONFLICT') {
        await onStale('Your booking was changed in the meantime, so we’ve loaded the latest version. Please check it and try again.');
      } else if (err instanceof PublicApiError && err.code === 'UNPROCESSABLE') {
        await onStale(`${err.message.replace(/\.$/, '')}.`);
      } else {
        onProblem(describeError(err));
      }
    }
  }

  return (
    <section className="step" aria-labelledby="reschedule-title">
      <div className="step__head">
        <button type="button" className="back" onClick={onBack}>
          <ChevronLeftIcon size={16} />
          Back to my booking
        </button>
        <StepHeading id="reschedule-title" focus={focus}>
          Choose a new time
        </StepHeading>
      </div>
      <SlotPicker
        slug={tenant.slug}
        serviceId={booking.serviceId}
        tenantZone={tenant.timeZone}
        detectedZone={detectedZone}
        timeZone={timeZone}
        onTimeZoneChange={setTimeZone}
        resources={[booking.resource]}
        // Rescheduling keeps the booking with the same person or room.
        resourceId={booking.resource.id}
        day={day}
        onDayChange={setDay}
        onPick={(slot) => {
          setPicked(slot);
          onProblem(null);
        }}
        picked={picked}
        refreshKey={refreshKey}
      />
      <div className="reschedule__confirm" aria-live="polite">
        {picked ? (
          <>
            <p>
              Move to <AppointmentTimes startsAt={picked.startsAt} endsAt={picked.endsAt} timeZone={timeZone} tenantZone={tenant.timeZone} />
            </p>
            <Button variant="primary" busy={busy} onClick={() => void confirm()}>
              Confirm new time
            </Button>
          </>
        ) : (
          <p className="summary__muted">Pick a day and a time to move your booking.</p>
        )}
      </div>
    </section>
  );
}

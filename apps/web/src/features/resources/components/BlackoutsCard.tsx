import { blackoutsContract } from '@slotwise/contracts';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { TextField } from '../../../ui/Field';
import { Skeleton } from '../../../ui/Spinner';
import { useBlackouts, useCreateBlackout, useDeleteBlackout } from '../api';
import { MonthGrid, MonthGridLegend, type DayMark } from './MonthGrid';
import { addDays, formatShortDate, todayIn } from '../../../lib/time';

const ZBlackoutBody = blackoutsContract.create.body;
const FIELDS = ['startDate', 'endDate', 'reason'] as const;
type Field = (typeof FIELDS)[number];

/** Days the whole business is closed (holidays, a move): no resource takes bookings then. */
export function BlackoutsCard({ timeZone, canEdit }: { timeZone: string; canEdit: boolean }) {
  const blackouts = useBlackouts();
  const today = todayIn(timeZone);
  const [month, setMonth] = useState(today);
  const [range, setRange] = useState<{ startDate: string; endDate: string }>({ startDate: '', endDate: '' });

  const upcoming = useMemo(
    () => (blackouts.data?.body.items ?? []).filter((blackout) => blackout.endDate >= today).sort((a, b) => a.startDate.localeCompare(b.startDate)),
    [blackouts.data, today],
  );
  const marks = useMemo(() => blackoutMarks(upcoming), [upcoming]);

  /** A first click picks one day; a later day right after extends it into a range. */
  function pickDate(date: string) {
    if (range.startDate && range.startDate === range.endDate && date > range.startDate) setRange({ ...range, endDate: date });
    else setRange({ startDate: date, endDate: date });
  }

  return (
    <Card title="Closures" className="blackouts-card">
      <p className="card-intro">
        Dates the whole business is closed, such as public holidays. They apply to every resource, in {timeZone.replaceAll('_', ' ')} time.
      </p>
      {blackouts.isPending ? (
        <div className="table-skeleton" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading closures…
          </span>
          <Skeleton width="60%" />
          <Skeleton width="40%" />
        </div>
      ) : blackouts.isError ? (
        <ApiErrorState
          error={blackouts.error}
          title="Closures could not be loaded"
          onRetry={() => void blackouts.refetch()}
          retrying={blackouts.isFetching}
          headingLevel={3}
        />
      ) : (
        <div className="calendar-split">
          <div>
            <MonthGrid
              label="Closures"
              month={month}
              onMonthChange={setMonth}
              selected={canEdit ? range.startDate || undefined : undefined}
              onSelect={canEdit ? pickDate : () => {}}
              marks={marks}
              today={today}
              minDate={canEdit ? today : undefined}
            />
            <MonthGridLegend tones={[{ tone: 'blackout', label: 'Closed' }]} />
          </div>
          <div className="calendar-split__side">
            {canEdit && <BlackoutForm range={range} today={today} onRangeChange={setRange} onAdded={() => setRange({ startDate: '', endDate: '' })} />}
            <BlackoutList blackouts={upcoming} canEdit={canEdit} currentYear={today.slice(0, 4)} />
          </div>
        </div>
      )}
    </Card>
  );
}

type Blackout = { id: string; startDate: string; endDate: string; reason: string };

function blackoutMarks(blackouts: Blackout[]): Record<string, DayMark> {
  const marks: Record<string, DayMark> = {};
  for (const blackout of blackouts) {
    // Closures are short; a cap keeps a mistyped year-long range from building a huge map.
    for (let date = blackout.startDate, n = 0; date <= blackout.endDate && n < 400; date = addDays(date, 1), n++) {
      marks[date] = { tone: 'blackout', label: `closed: ${blackout.reason}` };
    }
  }
  return marks;
}

type BlackoutFormProps = {
  range: { startDate: string; endDate: string };
  today: string;
  onRangeChange: (range: { startDate: string; endDate: string }) => void;
  onAdded: () => void;
};

function BlackoutForm({ range, today, onRangeChange, onAdded }: BlackoutFormProps) {
  const create = useCreateBlackout();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const reason = formText(new FormData(form), 'reason');
    const { data, errors: invalid } = validateForm(ZBlackoutBody, { ...range, reason });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    create.mutate(
      { body: data },
      {
        onSuccess: ({ body }) => {
          toast.success(`Closed ${describeDates(body.startDate, body.endDate)}.`);
          form.reset();
          onAdded();
        },
        onError: (error) => {
          showApiFailure(error, FIELDS, showErrors, setFormError);
        },
      },
    );
  }

  return (
    <form ref={formRef} className="form blackout-form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange} aria-label="Add a closure">
      <h3 className="subheading">Add a closure</h3>
      {formError && <Alert>{formError}</Alert>}
      <div className="form-row">
        <TextField
          label="First day"
          name="startDate"
          type="date"
          min={today}
          value={range.startDate}
          onChange={(event) => {
            const startDate = event.target.value;
            onRangeChange({ startDate, endDate: range.endDate && range.endDate >= startDate ? range.endDate : startDate });
          }}
          error={errors.startDate}
        />
        <TextField
          label="Last day"
          name="endDate"
          type="date"
          min={range.startDate || today}
          value={range.endDate}
          onChange={(event) => onRangeChange({ ...range, endDate: event.target.value })}
          error={errors.endDate}
        />
      </div>
      <TextField label="Reason" name="reason" placeholder="e.g. Public holiday" maxLength={200} error={errors.reason} />
      <div>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add closure'}
        </Button>
      </div>
    </form>
  );
}

function BlackoutList({ blackouts, canEdit, currentYear }: { blackouts: Blackout[]; canEdit: boolean; currentYear: string }) {
  const remove = useDeleteBlackout();
  function handleDelete(blackout: Blackout) {
    remove.mutate(
      { params: { id: blackout.id } },
      {
        onSuccess: () => toast.success(`Open again ${describeDates(blackout.startDate, blackout.endDate)}.`),
        onError: (error) => toast.error(`The closure was not removed: ${describeApiError(error)}`),
      },
    );
  }
  return (
    <div className="date-list">
      <h3 className="subheading">Upcoming closures</h3>
      {blackouts.length === 0 ? (
        <p className="date-list__empty">No closures planned. {canEdit ? 'Pick a date on the calendar to add one.' : ''}</p>
      ) : (
        <ul className="date-list__items" aria-label="Upcoming closures">
          {blackouts.map((blackout) => (
            <li key={blackout.id} className="date-list__item">
              <span className="date-list__text">
                <span className="date-list__date">{describeDates(blackout.startDate, blackout.endDate, currentYear)}</span>
                <span className="date-list__detail">{blackout.reason}</span>
              </span>
              {canEdit && (
                <Button
                  variant="ghost"
                  className="btn--small"
                  aria-label={`Remove the closure ${describeDates(blackout.startDate, blackout.endDate, currentYear)}`}
                  onClick={() => handleDelete(blackout)}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function describeDates(startDate: string, endDate: string, currentYear?: string): string {
  const start = formatShortDate(startDate, currentYear);
  return startDate === endDate ? start : `${start} – ${formatShortDate(endDate, currentYear)}`;
}

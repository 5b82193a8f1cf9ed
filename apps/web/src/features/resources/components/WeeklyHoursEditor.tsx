import type { TWeeklyRule } from '@slotwise/contracts';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { Alert } from '../../../ui/Alert';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { CopyIcon } from '../../../ui/icons';
import { Skeleton } from '../../../ui/Spinner';
import { useResourceHours, useSetResourceHours } from '../api';
import {
  addRange,
  changeRange,
  copyMondayToWeekdays,
  endForInput,
  endFromInput,
  formatRange,
  removeRange,
  rulesFromWeek,
  serverRangeErrors,
  validateWeek,
  WEEKDAY_NAMES,
  WEEKDAY_ORDER,
  weekFromRules,
  type HoursRange,
  type WeekDraft,
} from '../hours';

type WeeklyHoursEditorProps = {
  resourceId: string;
  timeZone: string;
  /** Admins and owners edit; staff see the hours read-only. */
  canEdit: boolean;
};

/** The hours a resource is open each weekday; saving replaces the whole week. */
export function WeeklyHoursEditor({ resourceId, timeZone, canEdit }: WeeklyHoursEditorProps) {
  const hours = useResourceHours(resourceId);
  return (
    <Card title="Weekly hours" className="hours-card">
      {hours.isPending ? (
        <HoursSkeleton />
      ) : hours.isError ? (
        <ApiErrorState
          error={hours.error}
          title="The hours could not be loaded"
          onRetry={() => void hours.refetch()}
          retrying={hours.isFetching}
          headingLevel={3}
        />
      ) : canEdit ? (
        // A fresh form when the saved week changes (a save, or someone else's change arriving);
        // a refetch that brings the same week keeps any unsaved edits.
        <HoursForm key={JSON.stringify(hours.data.body)} resourceId={resourceId} timeZone={timeZone} saved={hours.data.body} />
      ) : (
        <HoursReadOnly timeZone={timeZone} week={weekFromRules(hours.data.body)} />
      )}
    </Card>
  );
}

function HoursForm({ resourceId, timeZone, saved }: { resourceId: string; timeZone: string; saved: TWeeklyRule[] }) {
  const setHours = useSetResourceHours();
  const formRef = useRef<HTMLFormElement>(null);
  const [week, setWeek] = useState<WeekDraft>(() => weekFromRules(saved));
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [formError, setFormError] = useState<string | null>(null);
  const problems = useMemo(() => validateWeek(week), [week]);
  const savedRules = useMemo(() => JSON.stringify(rulesFromWeek(weekFromRules(saved)).rules), [saved]);
  const dirty = JSON.stringify(rulesFromWeek(week).rules) !== savedRules;

  function update(next: WeekDraft, touchedKey?: string) {
    setWeek(next);
    setFormError(null);
    if (touchedKey && serverErrors.has(touchedKey)) {
      const rest = new Map(serverErrors);
      rest.delete(touchedKey);
      setServerErrors(rest);
    }
  }

  function focusFirstProblem() {
    // After React has rendered the messages.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (problems.size > 0) {
      setFormError('Some hours need fixing before they can be saved.');
      focusFirstProblem();
      return;
    }
    const { rules, keys } = rulesFromWeek(week);
    setFormError(null);
    setServerErrors(new Map());
    setHours.mutate(
      { params: { id: resourceId }, body: rules },
      {
        onSuccess: () => toast.success('Weekly hours saved.'),
        onError: (error) => {
          const byRange = serverRangeErrors(error, keys);
          setServerErrors(byRange);
          setFormError(byRange.size > 0 ? 'Some hours need fixing before they can be saved.' : describeApiError(error));
          if (byRange.size > 0) focusFirstProblem();
        },
      },
    );
  }

  return (
    <form ref={formRef} className="hours-form" noValidate onSubmit={handleSubmit} aria-label="Weekly hours">
      <div className="hours-form__intro">
        <p className="hours-form__zone">
          Local times in <strong>{timeZone.replaceAll('_', ' ')}</strong>. A day without hours is closed.
        </p>
        <Button className="btn--small" onClick={() => update(copyMondayToWeekdays(week))}>
          <CopyIcon size={14} />
          Copy Monday to weekdays
        </Button>
      </div>
      {formError && <Alert>{formError}</Alert>}
      <ul className="hours-week">
        {WEEKDAY_ORDER.map((weekday) => (
          <DayRow
            key={weekday}
            weekday={weekday}
            ranges={week[weekday] ?? []}
            problemOf={(key) => serverErrors.get(key) ?? problems.get(key)}
            onAdd={() => update(addRange(week, weekday))}
            onRemove={(key) => update(removeRange(week, weekday, key), key)}
            onChange={(key, change) => update(changeRange(week, weekday, key, change), key)}
          />
        ))}
      </ul>
      <div className="hours-form__actions">
        <Button type="submit" variant="primary" busy={setHours.isPending}>
          {setHours.isPending ? 'Saving…' : 'Save hours'}
        </Button>
        <Button variant="ghost" disabled={!dirty || setHours.isPending} onClick={() => update(weekFromRules(saved))}>
          Discard changes
        </Button>
        <span className="hours-form__status" role="status">
          {dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
    </form>
  );
}

type DayRowProps = {
  weekday: number;
  ranges: HoursRange[];
  problemOf: (key: string) => string | undefined;
  onAdd: () => void;
  onRemove: (key: string) => void;
  onChange: (key: string, change: Partial<Pick<HoursRange, 'start' | 'end'>>) => void;
};

function DayRow({ weekday, ranges, problemOf, onAdd, onRemove, onChange }: DayRowProps) {
  const day = WEEKDAY_NAMES[weekday] ?? '';
  const nameId = useId();
  return (
    <li className="hours-day" aria-labelledby={nameId}>
      <span className="hours-day__name" id={nameId}>
        {day}
      </span>
      <div className="hours-day__ranges">
        {ranges.length === 0 ? (
          <span className="hours-day__closed">Closed</span>
        ) : (
          ranges.map((range, index) => (
            <RangeRow
              key={range.key}
              label={`${day} range ${index + 1}`}
              range={range}
              problem={problemOf(range.key)}
              onRemove={() => onRemove(range.key)}
              onChange={(change) => onChange(range.key, change)}
            />
          ))
        )}
      </div>
      <Button variant="ghost" className="btn--small hours-day__add" aria-label={`Add hours on ${day}`} onClick={onAdd}>
        + Add hours
      </Button>
    </li>
  );
}

type RangeRowProps = {
  label: string;
  range: HoursRange;
  problem: string | undefined;
  onRemove: () => void;
  onChange: (change: Partial<Pick<HoursRange, 'start' | 'end'>>) => void;
};

/** One "from – until" pair; also used by the date-override form. */
export function RangeRow({ label, range, problem, onRemove, onChange }: RangeRowProps) {
  const errorId = useId();
  const invalid = problem ? true : undefined;
  const describedBy = problem ? errorId : undefined;
  return (
    <div className={problem ? 'hours-range hours-range--invalid' : 'hours-range'} role="group" aria-label={label}>
      <div className="hours-range__inputs">
        <input
          type="time"
          className="field__control hours-range__time"
          aria-label={`${label} start`}
          value={range.start}
          step={300}
          required
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange({ start: event.target.value })}
        />
        <span className="hours-range__dash" aria-hidden="true">
          –
        </span>
        <input
          type="time"
          className="field__control hours-range__time"
          aria-label={`${label} end`}
          value={endForInput(range.end)}
          step={300}
          required
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange({ end: endFromInput(event.target.value) })}
        />
        <Button variant="ghost" className="btn--small hours-range__remove" aria-label={`Remove ${label}`} onClick={onRemove}>
          <span aria-hidden="true">✕</span>
        </Button>
      </div>
      {problem && (
        <p className="hours-range__error" id={errorId}>
          {problem}
        </p>
      )}
    </div>
  );
}

function HoursReadOnly({ timeZone, week }: { timeZone: string; week: WeekDraft }) {
  return (
    <div className="hours-form">
      <p className="hours-form__zone">
        Local times in <strong>{timeZone.replaceAll('_', ' ')}</strong>. Admins and owners can change them.
      </p>
      <dl className="hours-summary">
        {WEEKDAY_ORDER.map((weekday) => {
          const ranges = week[weekday] ?? [];
          return (
            <div key={weekday} className="hours-summary__row">
              <dt>{WEEKDAY_NAMES[weekday]}</dt>
              <dd>{ranges.length === 0 ? 'Closed' : ranges.map(formatRange).join(', ')}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

function HoursSkeleton() {
  return (
    <div className="hours-skeleton" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading the weekly hours…
      </span>
      {WEEKDAY_ORDER.map((weekday) => (
        <div key={weekday} className="hours-skeleton__row">
          <Skeleton width="90px" />
          <Skeleton width="220px" height="36px" />
        </div>
      ))}
    </div>
  );
}

import type { TWeeklyRule } from '@slotwise/contracts';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { describeApiError } from '../../../lib/api';
import { Alert } from '../../../ui/Alert';
import { ApiErrorState } from '../../../ui/ApiErrorState';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { Skeleton } from '../../../ui/Spinner';
import { useBlackouts, useDeleteOverride, useOverrides, useResourceHours, useSetOverride } from '../api';
import { addRange, changeRange, formatRange, removeRange, serverRangeErrors, validateWeek, weekFromRules, type WeekDraft } from '../hours';
import { MonthGrid, MonthGridLegend, type DayMark } from './MonthGrid';
import { RangeRow } from './WeeklyHoursEditor';
import { addDays, formatLongDate, formatShortDate, todayIn, weekdayOf } from '../../../lib/time';

type Override = { id: string; date: string; ranges: Array<{ start: string; end: string }> };
type Blackout = { startDate: string; endDate: string; reason: string };

/** Hours for single dates that differ from the week: a day off, a late opening. */
export function OverridesCard({ resourceId, timeZone, canEdit }: { resourceId: string; timeZone: string; canEdit: boolean }) {
  const today = todayIn(timeZone);
  const overrides = useOverrides(resourceId, today);
  const hours = useResourceHours(resourceId);
  const blackouts = useBlackouts();
  const [month, setMonth] = useState(today);
  const [selected, setSelected] = useState<string | undefined>();

  const items = useMemo(() => [...(overrides.data?.body.items ?? [])].sort((a, b) => a.date.localeCompare(b.date)), [overrides.data]);
  const blackoutList = useMemo(() => blackouts.data?.body.items ?? [], [blackouts.data]);
  const marks = useMemo(() => overrideMarks(items, blackoutList), [items, blackoutList]);

  return (
    <Card title="Date overrides" className="overrides-card">
      <p className="card-intro">Change the hours of single dates — a day off or a late opening. An override replaces the weekly hours for that date only.</p>
      {overrides.isPending ? (
        <div className="table-skeleton" aria-busy="true">
          <span className="visually-hidden" role="status">
            Loading date overrides…
          </span>
          <Skeleton width="100%" height="240px" />
        </div>
      ) : overrides.isError ? (
        <ApiErrorState
          error={overrides.error}
          title="Date overrides could not be loaded"
          onRetry={() => void overrides.refetch()}
          retrying={overrides.isFetching}
          headingLevel={3}
        />
      ) : (
        <div className="calendar-split">
          <div>
            <MonthGrid
              label="Date overrides"
              month={month}
              onMonthChange={setMonth}
              selected={selected}
              onSelect={setSelected}
              marks={marks}
              today={today}
              minDate={today}
            />
            <MonthGridLegend
              tones={[
                { tone: 'custom', label: 'Custom hours' },
                { tone: 'closed', label: 'Closed' },
                { tone: 'blackout', label: 'Business closed' },
              ]}
            />
          </div>
          <div className="calendar-split__side">
            {selected ? (
              <DatePanel
                // Starts afresh for another date or when that date's saved hours change, not on every refetch.
                key={`${selected}-${JSON.stringify(items.find((item) => item.date === selected) ?? null)}`}
                resourceId={resourceId}
                date={selected}
                override={items.find((item) => item.date === selected)}
                weekly={hours.data?.body}
                blackout={blackoutList.find((b) => b.startDate <= selected && selected <= b.endDate)}
                canEdit={canEdit}
                onDone={() => setSelected(undefined)}
              />
            ) : (
              <p className="date-panel__hint">{canEdit ? 'Pick a date to set its hours or close it.' : 'Pick a date to see its hours.'}</p>
            )}
            <OverrideList
              resourceId={resourceId}
              overrides={items}
              canEdit={canEdit}
              currentYear={today.slice(0, 4)}
              onEdit={(date) => {
                setSelected(date);
                setMonth(date);
              }}
            />
          </div>
        </div>
      )}
    </Card>
  );
}

function overrideMarks(overrides: Override[], blackouts: Blackout[]): Record<string, DayMark> {
  const marks: Record<string, DayMark> = {};
  for (const override of overrides) {
    marks[override.date] =
      override.ranges.length === 0
        ? { tone: 'closed', label: 'closed all day' }
        : { tone: 'custom', label: `custom hours ${override.ranges.map(formatRange).join(', ')}` };
  }
  for (const blackout of blackouts) {
    for (let date = blackout.startDate, n = 0; date <= blackout.endDate && n < 400; date = addDays(date, 1), n++) {
      marks[date] = { tone: 'blackout', label: `business closed: ${blackout.reason}` };
    }
  }
  return marks;
}

type DatePanelProps = {
  resourceId: string;
  date: string;
  override: Override | undefined;
  weekly: TWeeklyRule[] | undefined;
  blackout: Blackout | undefined;
  canEdit: boolean;
  onDone: () => void;
};

function DatePanel({ resourceId, date, override, weekly, blackout, canEdit, onDone }: DatePanelProps) {
  const setOverride = useSetOverride();
  const deleteOverride = useDeleteOverride();
  const weekday = weekdayOf(date);
  const usual = (weekly ?? []).filter((rule) => rule.weekday === weekday);
  const [mode, setMode] = useState<'closed' | 'custom'>(override && override.ranges.length === 0 ? 'closed' : 'custom');
  // The editor reuses the week model with the chosen date as its only day.
  const [day, setDay] = useState<WeekDraft>(() =>
    weekFromRules((override?.ranges.length ? override.ranges : usual.length ? usual : [{ start: '09:00', end: '17:00' }]).map((r) => ({ ...r, weekday: 0 }))),
  );
  const [serverErrors, setServerErrors] = useState<Map<string, string>>(new Map());
  const [formError, setFormError] = useState<string | null>(null);
  const problems = validateWeek(day);
  const ranges = day[0] ?? [];
  const label = formatLongDate(date);

  function save() {
    const body = { date, ranges: mode === 'closed' ? [] : ranges.map(({ start, end }) => ({ start, end })) };
    if (mode === 'custom' && (ranges.length === 0 || problems.size > 0)) {
      setFormError(ranges.length === 0 ? 'Add at least one range, or choose "Closed all day".' : 'Some hours need fixing first.');
      return;
    }
    setFormError(null);
    setOverride.mutate(
      { params: { id: resourceId }, body },
      {
        onSuccess: () => {
          toast.success(`${label}: ${mode === 'closed' ? 'closed all day' : 'custom hours saved'}.`);
          onDone();
        },
        onError: (error) => {
          const byRange = serverRangeErrors(
            error,
            ranges.map((range) => range.key),
            'body.ranges',
          );
          setServerErrors(byRange);
          setFormError(byRange.size > 0 ? 'Some hours need fixing first.' : describeApiError(error));
        },
      },
    );
  }

  function followWeeklyHours() {
    deleteOverride.mutate(
      { params: { id: resourceId, date } },
      {
        onSuccess: () => {
          toast.success(`${label} follows the weekly hours again.`);
          onDone();
        },
        onError: (error) => setFormError(describeApiError(error)),
      },
    );
  }

  return (
    <section className="date-panel" aria-label={label}>
      <h3 className="subheading">{label}</h3>
      <p className="date-panel__usual">
        Weekly hours: {usual.length === 0 ? 'closed' : usual.map(formatRange).join(', ')}
        {override && (
          <>
            <br />
            This date: {override.ranges.length === 0 ? 'closed all day' : override.ranges.map(formatRange).join(', ')}
          </>
        )}
      </p>
      {blackout && <Alert tone="info">The whole business is closed that day ({blackout.reason}), whatever the hours say.</Alert>}
      {canEdit && (
        <>
          {formError && <Alert>{formError}</Alert>}
          <fieldset className="date-panel__modes">
            <legend className="visually-hidden">Hours on {label}</legend>
            <label className="choice">
              <input type="radio" name="override-mode" checked={mode === 'closed'} onChange={() => setMode('closed')} />
              Closed all day
            </label>
            <label className="choice">
              <input type="radio" name="override-mode" checked={mode === 'custom'} onChange={() => setMode('custom')} />
              Custom hours
            </label>
          </fieldset>
          {mode === 'custom' && (
            <div className="date-panel__ranges">
              {ranges.map((range, index) => (
                <RangeRow
                  key={range.key}
                  label={`Range ${index + 1}`}
                  range={range}
                  problem={serverErrors.get(range.key) ?? problems.get(range.key)}
                  onRemove={() => setDay(removeRange(day, 0, range.key))}
                  onChange={(change) => setDay(changeRange(day, 0, range.key, change))}
                />
              ))}
              <div>
                <Button variant="ghost" className="btn--small" onClick={() => setDay(addRange(day, 0))}>
                  + Add hours
                </Button>
              </div>
            </div>
          )}
          <div className="date-panel__actions">
            <Button variant="primary" busy={setOverride.isPending} onClick={save}>
              Save for this date
            </Button>
            {override && (
              <Button busy={deleteOverride.isPending} onClick={followWeeklyHours}>
                Use weekly hours
              </Button>
            )}
            <Button variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

type OverrideListProps = {
  resourceId: string;
  overrides: Override[];
  canEdit: boolean;
  currentYear: string;
  onEdit: (date: string) => void;
};

function OverrideList({ resourceId, overrides, canEdit, currentYear, onEdit }: OverrideListProps) {
  const remove = useDeleteOverride();
  return (
    <div className="date-list">
      <h3 className="subheading">Upcoming overrides</h3>
      {overrides.length === 0 ? (
        <p className="date-list__empty">None: every date follows the weekly hours.</p>
      ) : (
        <ul className="date-list__items" aria-label="Upcoming overrides">
          {overrides.map((override) => {
            const when = formatShortDate(override.date, currentYear);
            return (
              <li key={override.id} className="date-list__item">
                <span className="date-list__text">
                  <span className="date-list__date">{when}</span>
                  <span className="date-list__detail">{override.ranges.length === 0 ? 'Closed all day' : override.ranges.map(formatRange).join(', ')}</span>
                </span>
                {canEdit && (
                  <span className="date-list__actions">
                    <Button variant="ghost" className="btn--small" aria-label={`Edit the override on ${when}`} onClick={() => onEdit(override.date)}>
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      className="btn--small"
                      aria-label={`Remove the override on ${when}`}
                      onClick={() =>
                        remove.mutate(
                          { params: { id: resourceId, date: override.date } },
                          {
                            onSuccess: () => toast.success(`${when} follows the weekly hours again.`),
                            onError: (error) => toast.error(`The override was not removed: ${describeApiError(error)}`),
                          },
                        )
                      }
                    >
                      Remove
                    </Button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

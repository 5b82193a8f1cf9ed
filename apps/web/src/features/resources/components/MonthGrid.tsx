import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../../ui/Button';
import { ChevronLeftIcon } from '../../../ui/icons';
import { addDays, addMonthsToIsoDate, firstDayOfMonth, formatLongDate, formatMonthOfDate, mondayOnOrBefore, monthOf } from '../../../lib/time';

export type DayMark = { tone: 'closed' | 'custom' | 'blackout'; label: string };

type MonthGridProps = {
  /** Names the grid for screen readers, e.g. "Date overrides for Ana". */
  label: string;
  /** Any date in the month shown. */
  month: string;
  onMonthChange: (month: string) => void;
  selected?: string;
  onSelect: (date: string) => void;
  marks?: Record<string, DayMark | undefined>;
  today: string;
  /** Days before this one can't be picked. */
  minDate?: string;
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A small month calendar to pick a date. One tab stop; the arrow keys move by day and week,
 * Page Up/Down by month, Home/End to the start and end of the week.
 */
export function MonthGrid({ label, month, onMonthChange, selected, onSelect, marks = {}, today, minDate }: MonthGridProps) {
  const headingId = useId();
  const first = firstDayOfMonth(monthOf(month));
  const gridStart = mondayOnOrBefore(first);
  const weeks = Array.from({ length: 6 }, (_, week) => Array.from({ length: 7 }, (_, day) => addDays(gridStart, week * 7 + day)));
  // The sixth row is left out when it holds only next month's days.
  const visibleWeeks = weeks.filter((week, index) => index < 5 || week[0]?.slice(0, 7) === first.slice(0, 7));

  const inMonth = (date: string | undefined) => date !== undefined && date.slice(0, 7) === first.slice(0, 7);
  const [focused, setFocused] = useState<string>(() => (inMonth(selected) ? selected! : inMonth(today) ? today : first));
  const focusTarget = inMonth(focused) ? focused : inMonth(selected) ? selected! : inMonth(today) ? today : first;
  const moveFocus = useRef(false);
  const gridRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-date="${focusTarget}"]`)?.focus();
  }, [focusTarget]);

  function go(date: string) {
    moveFocus.current = true;
    setFocused(date);
    if (!inMonth(date)) onMonthChange(firstDayOfMonth(monthOf(date)));
  }

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>, date: string) {
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(date, -1),
      ArrowRight: () => addDays(date, 1),
      ArrowUp: () => addDays(date, -7),
      ArrowDown: () => addDays(date, 7),
      Home: () => mondayOnOrBefore(date),
      End: () => addDays(mondayOnOrBefore(date), 6),
      PageUp: () => addMonthsToIsoDate(date, -1),
      PageDown: () => addMonthsToIsoDate(date, 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    go(move());
  }

  return (
    <div className="month-grid">
      <div className="month-grid__header">
        <Button variant="ghost" className="btn--small month-grid__nav" aria-label="Previous month" onClick={() => onMonthChange(addMonthsToIsoDate(first, -1))}>
          <ChevronLeftIcon size={16} />
        </Button>
        <h3 className="month-grid__title" id={headingId} aria-live="polite">
          {formatMonthOfDate(first)}
        </h3>
        <Button
          variant="ghost"
          className="btn--small month-grid__nav month-grid__nav--next"
          aria-label="Next month"
          onClick={() => onMonthChange(addMonthsToIsoDate(first, 1))}
        >
          <ChevronLeftIcon size={16} />
        </Button>
      </div>
      <table ref={gridRef} className="month-grid__table" role="grid" aria-label={label} aria-describedby={headingId}>
        <thead>
          <tr>
            {WEEKDAYS.map((day, index) => (
              <th key={day} scope="col" abbr={WEEKDAY_NAMES[index]}>
                {day}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visibleWeeks.map((week) => (
            <tr key={week[0]}>
              {week.map((date) => {
                const mark = marks[date];
                const disabled = minDate !== undefined && date < minDate;
                const classes = [
                  'month-grid__day',
                  inMonth(date) ? '' : 'month-grid__day--outside',
                  date === today ? 'month-grid__day--today' : '',
                  date === selected ? 'month-grid__day--selected' : '',
                  mark ? `month-grid__day--${mark.tone}` : '',
                ].filter(Boolean);
                return (
                  <td key={date} role="gridcell" aria-selected={date === selected}>
                    <button
                      type="button"
                      className={classes.join(' ')}
                      data-date={date}
                      tabIndex={date === focusTarget ? 0 : -1}
                      aria-label={[formatLongDate(date), date === today ? 'today' : '', mark?.label ?? ''].filter(Boolean).join(', ')}
                      aria-disabled={disabled || undefined}
                      onClick={() => {
                        setFocused(date);
                        if (!disabled) onSelect(date);
                      }}
                      onKeyDown={(event) => handleKeyDown(event, date)}
                    >
                      <span aria-hidden="true">{Number(date.slice(8))}</span>
                      {mark && <span className="month-grid__dot" aria-hidden="true" />}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The legend under a month grid. */
export function MonthGridLegend({ tones }: { tones: Array<{ tone: DayMark['tone']; label: string }> }) {
  return (
    <ul className="month-grid__legend" aria-label="Legend">
      {tones.map(({ tone, label }) => (
        <li key={tone}>
          <span className={`month-grid__swatch month-grid__swatch--${tone}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

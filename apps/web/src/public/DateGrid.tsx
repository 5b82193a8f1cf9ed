import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ChevronLeftIcon, ChevronRightIcon } from '../ui/icons';
import {
  addDays,
  addMonthsToIsoMonth,
  customerWeekStart,
  firstDayOfMonth,
  formatCustomerDate,
  formatCustomerMonth,
  lastDayOfMonth,
  monthOf,
  monthWeeks,
  weekdayNames,
  weekdayOf,
} from '../lib/time';

type DateGridProps = {
  month: string;
  onMonthChange: (month: string) => void;
  selected: string | null;
  onSelect: (date: string) => void;
  /** Whether a date has free times; undefined while the month loads. */
  availability: (date: string) => boolean | undefined;
  today: string;
  lastMonth: string;
};

/**
 * A month grid following the WAI-ARIA date picker pattern: one Tab stop, arrows move by day and
 * week, Home/End to the week's ends, Page Up/Down by month; Enter or Space picks the day.
 * Days without free times stay focusable (aria-disabled) so the arrows can cross them.
 */
export function DateGrid({ month, onMonthChange, selected, onSelect, availability, today, lastMonth }: DateGridProps) {
  const weekStart = useMemo(() => customerWeekStart(), []);
  const weekdays = useMemo(() => weekdayNames(weekStart), [weekStart]);
  const weeks = monthWeeks(month, weekStart);
  const firstMonth = monthOf(today);
  const [focusDate, setFocusDate] = useState<string | null>(null);
  const focusTarget = useRef<string | null>(null);
  const gridRef = useRef<HTMLTableElement>(null);

  const monthStart = firstDayOfMonth(month);
  const earliest = monthStart < today ? today : monthStart;
  const inMonth = (date: string | null): date is string => date !== null && monthOf(date) === month && date >= today;
  const firstAvailable = weeks.flat().find((d) => d !== null && d >= today && availability(d) === true) ?? null;
  const tabStop = inMonth(focusDate) ? focusDate : inMonth(selected) ? selected : (firstAvailable ?? earliest);

  // Keyboard moves focus to the new day once it is rendered (possibly in another month).
  useEffect(() => {
    if (focusTarget.current === null || focusTarget.current !== tabStop) return;
    focusTarget.current = null;
    gridRef.current?.querySelector<HTMLButtonElement>(`button[data-date="${tabStop}"]`)?.focus();
  });

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const from = tabStop;
    const weekday = (weekdayOf(from) - weekStart + 7) % 7;
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(from, -1),
      ArrowRight: () => addDays(from, 1),
      ArrowUp: () => addDays(from, -7),
      ArrowDown: () => addDays(from, 7),
      Home: () => addDays(from, -weekday),
      End: () => addDays(from, 6 - weekday),
      PageUp: () => shiftMonth(from, -1),
      PageDown: () => shiftMonth(from, 1),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    let next = move();
    if (next < today) next = today;
    if (monthOf(next) > lastMonth) next = lastDayOfMonth(lastMonth);
    focusTarget.current = next;
    setFocusDate(next);
    if (monthOf(next) !== month) onMonthChange(monthOf(next));
  }

  const canGoBack = month > firstMonth;
  const canGoForward = month < lastMonth;

  return (
    <div className="calendar">
      <div className="calendar__header">
        <button
          type="button"
          className="icon-button"
          onClick={() => onMonthChange(addMonthsToIsoMonth(month, -1))}
          disabled={!canGoBack}
          aria-label="Previous month"
        >
          <ChevronLeftIcon size={18} />
        </button>
        <h3 className="calendar__month" id={`month-${month}`} aria-live="polite">
          {formatCustomerMonth(month)}
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={() => onMonthChange(addMonthsToIsoMonth(month, 1))}
          disabled={!canGoForward}
          aria-label="Next month"
        >
          <ChevronRightIcon size={18} />
        </button>
      </div>
      <table className="calendar__grid" role="grid" aria-labelledby={`month-${month}`} aria-describedby="calendar-keys" ref={gridRef} onKeyDown={onKeyDown}>
        <thead>
          <tr>
            {weekdays.map((day) => (
              <th key={day.long} scope="col" abbr={day.long}>
                {day.short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((date, j) => {
                if (!date) return <td key={`empty-${j}`} role="gridcell" />;
                const past = date < today;
                const available = past ? false : availability(date);
                const isSelected = date === selected;
                const label = `${formatCustomerDate(date)}${available === false && !past ? ', no free times' : ''}`;
                return (
                  <td key={date} role="gridcell" aria-selected={isSelected}>
                    <button
                      type="button"
                      className={['day', available ? 'day--available' : '', isSelected ? 'day--selected' : '', date === today ? 'day--today' : ''].join(' ')}
                      data-date={date}
                      tabIndex={date === tabStop ? 0 : -1}
                      aria-label={label}
                      aria-disabled={!available || undefined}
                      aria-current={date === today ? 'date' : undefined}
                      onClick={() => {
                        setFocusDate(date);
                        if (available) onSelect(date);
                      }}
                    >
                      {Number(date.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="visually-hidden" id="calendar-keys">
        Use the arrow keys to move between days, Page Up and Page Down to change month.
      </p>
    </div>
  );
}

function shiftMonth(date: string, months: number): string {
  const target = addMonthsToIsoMonth(monthOf(date), months);
  const day = Math.min(Number(date.slice(8)), Number(lastDayOfMonth(target).slice(8)));
  return `${target}-${String(day).padStart(2, '0')}`;
}

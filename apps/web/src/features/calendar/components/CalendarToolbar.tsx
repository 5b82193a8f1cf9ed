import type { ToolbarProps, View } from 'react-big-calendar';
import { ChevronLeftIcon, ChevronRightIcon } from '../../../ui/icons';
import type { CalendarEvent, CalendarResource } from './calendar-types';

const VIEW_LABELS: Record<string, string> = { month: 'Month', week: 'Week', day: 'Day', agenda: 'Agenda' };
const PERIOD: Record<string, string> = { month: 'month', week: 'week', day: 'day', agenda: 'period' };

/** Today / previous / next, the period shown, and the view switch; plain buttons, so Tab reaches each. */
export function CalendarToolbar({ label, view, views, onNavigate, onView }: ToolbarProps<CalendarEvent, CalendarResource>) {
  const names = (Array.isArray(views) ? views : Object.keys(views)) as View[];
  const period = PERIOD[view] ?? 'period';
  return (
    <div className="cal-toolbar">
      <div className="cal-toolbar__nav">
        <button type="button" className="cal-toolbar__button" onClick={() => onNavigate('TODAY')}>
          Today
        </button>
        <div className="cal-toolbar__arrows">
          <button type="button" className="cal-toolbar__icon" onClick={() => onNavigate('PREV')} aria-label={`Previous ${period}`}>
            <ChevronLeftIcon size={18} />
          </button>
          <button type="button" className="cal-toolbar__icon" onClick={() => onNavigate('NEXT')} aria-label={`Next ${period}`}>
            <ChevronRightIcon size={18} />
          </button>
        </div>
        <h2 className="cal-toolbar__label" aria-live="polite">
          {label}
        </h2>
      </div>
      <div className="cal-toolbar__views" role="group" aria-label="View">
        {names.map((name) => (
          <button key={name} type="button" className="cal-toolbar__view" aria-pressed={view === name} onClick={() => onView(name)}>
            {VIEW_LABELS[name] ?? name}
          </button>
        ))}
      </div>
    </div>
  );
}

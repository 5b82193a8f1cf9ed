import { addDays } from 'date-fns/addDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfWeek } from 'date-fns/endOfWeek';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import { dateInZone, fromWall } from '../../lib/time';

/*
 * The days a calendar view shows and the business dates to fetch for them. Views work on
 * react-big-calendar's browser-local wall-clock dates (lib/time's toWall/fromWall), whose
 * week arithmetic date-fns does, as the calendar's localizer does.
 */

/** Weeks start on Monday, as people in most of our markets read them (and the hours editor shows). */
export const WEEK_STARTS_ON = 1;

export type CalendarView = 'month' | 'week' | 'day' | 'agenda';
export const AGENDA_LENGTH_DAYS = 30;

/** The wall-clock days a view shows around `date`, first and last inclusive. */
export function visibleDays(view: CalendarView, date: Date): { first: Date; last: Date } {
  switch (view) {
    case 'month':
      return { first: startOfWeek(startOfMonth(date), { weekStartsOn: WEEK_STARTS_ON }), last: endOfWeek(endOfMonth(date), { weekStartsOn: WEEK_STARTS_ON }) };
    case 'week':
      return { first: startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON }), last: endOfWeek(date, { weekStartsOn: WEEK_STARTS_ON }) };
    case 'day':
      return { first: date, last: date };
    case 'agenda':
      return { first: date, last: addDays(date, AGENDA_LENGTH_DAYS - 1) };
  }
}

/**
 * The tenant-zone dates to ask the API for so that every booking visible in `displayZone`
 * arrives, plus the instant the view ends (to know whether it lies entirely in the past).
 */
export function fetchRange(view: CalendarView, date: Date, displayZone: string, tenantZone: string) {
  const { first, last } = visibleDays(view, date);
  const startInstant = fromWall(new Date(first.getFullYear(), first.getMonth(), first.getDate()), displayZone);
  const endInstant = fromWall(new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1), displayZone);
  return {
    from: dateInZone(startInstant, tenantZone),
    // The end is exclusive: the last millisecond of the view decides the last tenant date.
    to: dateInZone(Date.parse(endInstant) - 1, tenantZone),
    endsAt: Date.parse(endInstant),
  };
}

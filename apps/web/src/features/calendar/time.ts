import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfWeek } from 'date-fns/endOfWeek';
import { format } from 'date-fns/format';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';

/**
 * react-big-calendar lays events out by the browser's clock. To show another zone we hand it
 * "wall-clock" dates: browser-local Dates whose year…minute equal the wall clock in that zone.
 * These two functions are the only crossing between instants and wall-clock dates.
 */
export function toWall(instant: string | number | Date, zone: string): Date {
  const local = new TZDate(instantMs(instant), zone);
  return new Date(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds());
}

function instantMs(instant: string | number | Date): number {
  return typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime();
}

/** The instant a wall-clock date stands for in `zone`, as an ISO string. */
export function fromWall(wall: Date, zone: string): string {
  return new TZDate(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds(), zone).toISOString();
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(instant: string | number | Date, zone: string): string {
  return format(new TZDate(instantMs(instant), zone), 'yyyy-MM-dd');
}

/** A YYYY-MM-DD string as a browser-local wall-clock date at midnight. */
export function parseDay(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDay(wall: Date): string {
  return format(wall, 'yyyy-MM-dd');
}

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
    from: localDate(startInstant, tenantZone),
    // The end is exclusive: the last millisecond of the view decides the last tenant date.
    to: localDate(Date.parse(endInstant) - 1, tenantZone),
    endsAt: Date.parse(endInstant),
  };
}

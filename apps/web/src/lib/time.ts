/*
 * Dates and times for the whole web app (the dashboard and the public booking page), with Intl
 * only, no date library. Three kinds of value, never mixed up:
 * - a calendar date `IsoDate` ("YYYY-MM-DD") and a month `IsoMonth` ("YYYY-MM"), the API's local
 *   dates; their arithmetic runs on UTC midnights, where no day is 23 or 25 hours long, so the
 *   browser's zone and its daylight-saving jumps never shift a date;
 * - an instant (`Instant`: an ISO string with offset, epoch milliseconds or a Date), shown in an
 *   IANA zone through Intl.DateTimeFormat;
 * - a "wall-clock" Date for react-big-calendar (toWall/fromWall).
 * Staff screens format in fixed English patterns ("Tue 9 Jun 2026, 10:00–11:00"); the public
 * page formats in the customer's language (`formatCustomer…`).
 */

/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;
/** A calendar month, "YYYY-MM". */
export type IsoMonth = string;
/** An instant: an ISO-8601 string with its offset, epoch milliseconds, or a Date. */
export type Instant = string | number | Date;

/** The customer's language; navigator.language keeps tests and browsers on the same footing. */
const customerLocale = typeof navigator === 'undefined' ? undefined : navigator.language;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One Intl.DateTimeFormat per language and options (they are costly to build). */
function formatter(options: Intl.DateTimeFormatOptions, language: string | undefined): Intl.DateTimeFormat {
  const key = `${language ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(language, options);
    formatters.set(key, cached);
  }
  return cached;
}

function instantMs(instant: Instant): number {
  return typeof instant === 'string' ? Date.parse(instant) : typeof instant === 'number' ? instant : instant.getTime();
}

type WallParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: string; monthName: string };

/** The wall clock of an instant in an IANA zone, with English weekday and month abbreviations. */
function wallParts(instant: Instant, timeZone: string): WallParts {
  const parts = formatter(
    {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    },
    'en-US',
  ).formatToParts(instantMs(instant));
  const text = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const monthName = text('month');
  return {
    year: Number(text('year')),
    month: MONTHS.indexOf(monthName) + 1,
    day: Number(text('day')),
    hour: Number(text('hour')),
    minute: Number(text('minute')),
    second: Number(text('second')),
    weekday: text('weekday'),
    monthName,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/* ---------- zones ---------- */

/** The zone this browser runs in, e.g. "Europe/Lisbon". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows, sorted, always including `include` (a business's or booking's own zone). */
export function timeZoneChoices(include: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...include, ...all])].filter((zone) => zone !== '').sort();
}

/** "America/Argentina/Buenos_Aires" → "America/Argentina/Buenos Aires". */
export function timeZoneLabel(zone: string): string {
  return zone.replaceAll('_', ' ');
}

/** `America/New_York` → "New York"; `UTC` → "UTC": keeps the name readable next to a time. */
export function zoneCity(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/** The zone's UTC offset at `at`, e.g. "GMT-5". */
export function zoneOffset(timeZone: string, at: Date = new Date()): string {
  const part = formatter({ timeZone, timeZoneName: 'shortOffset' }, 'en-US')
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/* ---------- calendar dates (IsoDate, IsoMonth) ---------- */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC midnight of a calendar date. */
function utcMidnight(date: IsoDate): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function isoDateOf(utc: Date): IsoDate {
  return utc.toISOString().slice(0, 10);
}

/** Whether a string is a calendar date that exists ("2026-02-30" is not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  return isoDateOf(utcMidnight(value)) === value;
}

/** The local date of an instant in an IANA zone. */
export function dateInZone(instant: Instant, timeZone: string): IsoDate {
  const parts = formatter({ timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-US').formatToParts(instantMs(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Today's date in an IANA zone, e.g. the business's. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  return dateInZone(now, timeZone);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const utc = utcMidnight(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return isoDateOf(utc);
}

/** The same day of another month, clamped to that month's length (31 Jan + 1 month → 28/29 Feb). */
export function addMonthsToIsoDate(date: IsoDate, months: number): IsoDate {
  const utc = utcMidnight(date);
  const day = utc.getUTCDate();
  const target = new Date(Date.UTC(utc.getUTCFullYear(), utc.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return isoDateOf(target);
}

/** 0 = Sunday … 6 = Saturday, as the API's weekly hours count. */
export function weekdayOf(date: IsoDate): number {
  return utcMidnight(date).getUTCDay();
}

/** The Monday on or before a date. */
export function mondayOnOrBefore(date: IsoDate): IsoDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** The month of a date: "2026-03-05" → "2026-03". */
export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

/** Another month: ("2026-11", 2) → "2027-01". */
export function addMonthsToIsoMonth(month: IsoMonth, months: number): IsoMonth {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return isoDateOf(new Date(Date.UTC(y, m - 1 + months, 1))).slice(0, 7);
}

export function firstDayOfMonth(month: IsoMonth): IsoDate {
  return `${month}-01`;
}

export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return isoDateOf(new Date(Date.UTC(y, m, 0)));
}

/** The weekday weeks start on in the customer's locale (0 = Sunday), Monday when the browser cannot say. */
export function customerWeekStart(): number {
  try {
    const info = new Intl.Locale(customerLocale ?? 'en-US') as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const week = info.getWeekInfo?.() ?? info.weekInfo;
    if (week) return week.firstDay % 7;
  } catch {
    // Older browsers: fall through to Monday.
  }
  return 1;
}

/** The month as weeks of seven cells; cells outside the month are null. */
export function monthWeeks(month: IsoMonth, weekStartsOn: number): (IsoDate | null)[][] {
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  const lead = (weekdayOf(first) - weekStartsOn + 7) % 7;
  const cells: (IsoDate | null)[] = Array.from({ length: lead }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) cells.push(day);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (IsoDate | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The weekday names in week order in the customer's language, e.g. [{ short: 'Mo', long: 'Monday' }, …]. */
export function weekdayNames(weekStartsOn: number): { short: string; long: string }[] {
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const day = utcMidnight(addDays('2023-01-01', (weekStartsOn + i) % 7));
    return {
      short: formatter({ timeZone: 'UTC', weekday: 'short' }, customerLocale).format(day),
      long: formatter({ timeZone: 'UTC', weekday: 'long' }, customerLocale).format(day),
    };
  });
}

/* ---------- instants in a zone ---------- */

/** How far an IANA zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time (given as UTC fields) stands for in an IANA zone. A time that
 * happens twice (clocks go back) is the earlier one; a time that does not exist (clocks go
 * forward) moves forward by the jump, 02:30 → 03:30.
 */
function instantOfWallTime(wallAsUtc: number, timeZone: string): number {
  // Offsets lie between −12 and +14 hours: the instant lies between these two.
  const offsetBefore = offsetMs(wallAsUtc - 14 * 3_600_000, timeZone);
  const offsetAfter = offsetMs(wallAsUtc + 12 * 3_600_000, timeZone);
  const before = wallAsUtc - offsetBefore;
  if (offsetBefore === offsetAfter || offsetMs(before, timeZone) === offsetBefore) return before;
  const after = wallAsUtc - offsetAfter;
  return offsetMs(after, timeZone) === offsetAfter ? after : before;
}

/** The instant a local date starts in an IANA zone, as ISO ("…Z"). */
export function startOfDayInZone(date: IsoDate, timeZone: string): string {
  return new Date(instantOfWallTime(utcMidnight(date).getTime(), timeZone)).toISOString();
}

/** The wall-clock time "HH:mm" of an instant in an IANA zone. */
export function timeInZone(instant: Instant, timeZone: string): string {
  const p = wallParts(instant, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * react-big-calendar lays events out by the browser's clock. To show another zone we hand it
 * "wall-clock" dates: browser-local Dates whose year…second equal the wall clock in that zone.
 * toWall and fromWall are the only crossing between instants and wall-clock dates.
 */
export function toWall(instant: Instant, zone: string): Date {
  const p = wallParts(instant, zone);
  return new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The instant a wall-clock date stands for in `zone`, as ISO with the zone's offset ("…+01:00"). */
export function fromWall(wall: Date, zone: string): string {
  const wallAsUtc = Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds());
  return isoWithOffset(instantOfWallTime(wallAsUtc, zone), zone);
}

/** The instant of a local date and time ("HH:mm") in `zone`, as ISO with the zone's offset ("…+01:00"). */
export function instantOfLocalTime(date: IsoDate, time: string, zone: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return isoWithOffset(instantOfWallTime(utcMidnight(date).getTime() + (hours * 60 + minutes) * 60_000, zone), zone);
}

/** "2026-06-09T10:30:00.000+01:00": the wall clock of an instant in `zone`, with that zone's offset. */
function isoWithOffset(instant: number, zone: string): string {
  const offsetMinutes = Math.round(offsetMs(instant, zone) / 60_000);
  const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** A calendar date as a browser-local wall-clock date at midnight; undefined when it is not a date. */
export function wallDateOf(date: IsoDate): Date | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const wall = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(wall.getTime()) ? undefined : wall;
}

/** The calendar date of a browser-local wall-clock date. */
export function isoDateOfWall(wall: Date): IsoDate {
  return `${String(wall.getFullYear()).padStart(4, '0')}-${pad2(wall.getMonth() + 1)}-${pad2(wall.getDate())}`;
}

/** The weekday (0 = Sunday) and the minute of the day (0…1439) of an instant in an IANA zone. */
export function weekdayAndMinuteInZone(instant: Instant, timeZone: string): { weekday: number; minute: number } {
  const p = wallParts(instant, timeZone);
  return { weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay(), minute: p.hour * 60 + p.minute };
}

/** "10:00" on a wall-clock date (see toWall). */
export function timeOfWall(wall: Date): string {
  return `${pad2(wall.getHours())}:${pad2(wall.getMinutes())}`;
}

/* ---------- formats on staff screens ---------- */

/** "Monday 14 December 2026" in the reader's language. */
export function formatLongDate(date: IsoDate): string {
  return formatter({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }, undefined).format(utcMidnight(date));
}

/** "Mon 14 Dec" (with the year when it is not `currentYear`). */
export function formatShortDate(date: IsoDate, currentYear?: string): string {
  const withYear = currentYear === undefined || date.slice(0, 4) !== currentYear;
  return formatter({ weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }, undefined).format(
    utcMidnight(date),
  );
}

/** "December 2026" for the month a date is in. */
export function formatMonthOfDate(date: IsoDate): string {
  return formatter({ month: 'long', year: 'numeric', timeZone: 'UTC' }, undefined).format(utcMidnight(date));
}

/** "Tue 9 Jun 2026" for an instant, in `zone`. */
export function formatInstantDate(instant: Instant, zone: string): string {
  const p = wallParts(instant, zone);
  return `${p.weekday} ${p.day} ${p.monthName} ${p.year}`;
}

/** "Tue 9 Jun 2026, 10:00–11:00" in `zone`. */
export function formatInstantRange(startsAt: Instant, endsAt: Instant, zone: string): string {
  return `${formatInstantDate(startsAt, zone)}, ${timeInZone(startsAt, zone)}–${timeInZone(endsAt, zone)}`;
}

/** "9 Jun 2026, 14:05" (history entries), in `zone`. */
export function formatInstantDateTime(instant: Instant, zone: string): string {
  const p = wallParts(instant, zone);
  return `${p.day} ${p.monthName} ${p.year}, ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** "2 Mar 2026" (dateStyle medium) in the reader's language, in `zone` or else the browser's own. */
export function formatMediumDate(instant: Instant, zone?: string): string {
  return formatter({ dateStyle: 'medium', ...(zone ? { timeZone: zone } : {}) }, undefined).format(instantMs(instant));
}

/** "2 Mar 2026, 10:00" (dateStyle medium, timeStyle short) in the reader's language, in `zone` or else the browser's own. */
export function formatMediumDateTime(instant: Instant, zone?: string): string {
  return formatter({ dateStyle: 'medium', timeStyle: 'short', ...(zone ? { timeZone: zone } : {}) }, undefined).format(instantMs(instant));
}

/** "10:15:00" on the browser's clock, in the reader's language. */
export function formatClockTime(instant: Instant): string {
  return formatter({ hour: '2-digit', minute: '2-digit', second: '2-digit' }, undefined).format(instantMs(instant));
}

/* ---------- formats on the public page, in the customer's language ---------- */

/** A calendar date for people: "Thursday, March 5, 2026" (or without the year: 'medium'). */
export function formatCustomerDate(date: IsoDate, style: 'long' | 'medium' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' };
  return formatter(options, customerLocale).format(utcMidnight(date));
}

/** "March 2026". */
export function formatCustomerMonth(month: IsoMonth): string {
  return formatter({ timeZone: 'UTC', month: 'long', year: 'numeric' }, customerLocale).format(utcMidnight(firstDayOfMonth(month)));
}

/** "March". */
export function formatCustomerMonthName(month: IsoMonth): string {
  return formatter({ timeZone: 'UTC', month: 'long' }, customerLocale).format(utcMidnight(firstDayOfMonth(month)));
}

/** The wall-clock time of an instant in a zone: "10:00 AM" / "10:00". */
export function formatCustomerTime(instant: string | Date, timeZone: string): string {
  return formatter({ timeZone, hour: 'numeric', minute: '2-digit' }, customerLocale).format(new Date(instant));
}

/** "10:00 – 11:00 AM" in a zone. */
export function formatCustomerTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return formatter({ timeZone, hour: 'numeric', minute: '2-digit' }, customerLocale).formatRange(new Date(startsAt), new Date(endsAt));
}

/** An instant with its date, for deadlines: "Thursday, March 5, 10:00 AM". */
export function formatCustomerDateTime(instant: string | Date, timeZone: string): string {
  return formatter({ timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }, customerLocale).format(new Date(instant));
}

/** An appointment in a zone: "Thursday, March 5, 2026 · 10:00 – 11:00 AM". */
export function formatCustomerAppointment(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatCustomerDate(dateInZone(startsAt, timeZone))} · ${formatCustomerTimeRange(startsAt, endsAt, timeZone)}`;
}

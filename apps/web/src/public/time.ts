/*
 * Dates for the public pages with Intl only (no date library in this entry). Calendar dates are
 * `YYYY-MM-DD` strings and their arithmetic runs on UTC midnights, where no day is 23 or 25
 * hours long; instants are shown in an IANA zone through Intl.DateTimeFormat.
 */

/** The customer's language; navigator.language keeps tests and browsers on the same footing. */
const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions, language = locale): Intl.DateTimeFormat {
  const key = `${language ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(language, options);
    formatters.set(key, cached);
  }
  return cached;
}

/* ---------- zones ---------- */

/** The zone this browser runs in. */
export function detectedTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the browser knows, for the zone switcher; always including `extra`. */
export function knownTimeZones(extra: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...extra, ...all])].filter((zone) => zone !== '').sort();
}

/** `America/New_York` → "New York"; `UTC` → "UTC". */
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

/* ---------- calendar dates ---------- */

function utcMidnight(date: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function isoDateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The local date of an instant in a zone. */
export function dateInZone(instant: string | Date, timeZone: string): string {
  const parts = formatter({ timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-US').formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return dateInZone(now, timeZone);
}

export function addDays(date: string, days: number): string {
  const d = utcMidnight(date);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDateOf(d);
}

/** `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return isoDateOf(new Date(Date.UTC(y, m - 1 + months, 1))).slice(0, 7);
}

export function firstDayOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastDayOfMonth(month: string): string {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return isoDateOf(new Date(Date.UTC(y, m, 0)));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  return utcMidnight(date).getUTCDay();
}

/** The day weeks start on in the customer's locale (0 = Sunday), Monday when the browser cannot say. */
export function firstDayOfWeek(): number {
  try {
    const info = new Intl.Locale(locale ?? 'en-US') as Intl.Locale & {
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
export function monthWeeks(month: string, weekStartsOn: number): (string | null)[][] {
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  const lead = (weekdayOf(first) - weekStartsOn + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) cells.push(day);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The weekday names in week order, e.g. [{ short: 'Mo', long: 'Monday' }, …]. */
export function weekdayNames(weekStartsOn: number): { short: string; long: string }[] {
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const day = utcMidnight(addDays('2023-01-01', (weekStartsOn + i) % 7));
    return {
      short: formatter({ timeZone: 'UTC', weekday: 'short' }).format(day),
      long: formatter({ timeZone: 'UTC', weekday: 'long' }).format(day),
    };
  });
}

/* ---------- formatting ---------- */

/** A calendar date for people: "Thursday, March 5, 2026". */
export function formatDate(date: string, style: 'long' | 'medium' = 'long'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' };
  return formatter(options).format(utcMidnight(date));
}

/** "March 2026". */
export function formatMonth(month: string): string {
  return formatter({ timeZone: 'UTC', month: 'long', year: 'numeric' }).format(utcMidnight(firstDayOfMonth(month)));
}

/** "March". */
export function formatMonthName(month: string): string {
  return formatter({ timeZone: 'UTC', month: 'long' }).format(utcMidnight(firstDayOfMonth(month)));
}

/** The wall-clock time of an instant in a zone: "10:00 AM" / "10:00". */
export function formatTime(instant: string | Date, timeZone: string): string {
  return formatter({ timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(instant));
}

/** "10:00 – 11:00 AM" in a zone. */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  return formatter({ timeZone, hour: 'numeric', minute: '2-digit' }).formatRange(new Date(startsAt), new Date(endsAt));
}

/** An instant with its date, for deadlines: "Thursday, March 5, 10:00 AM". */
export function formatDateTime(instant: string | Date, timeZone: string): string {
  return formatter({ timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }).format(
    new Date(instant),
  );
}

/** An appointment in a zone: "Thursday, March 5, 2026 · 10:00 – 11:00 AM". */
export function formatAppointment(startsAt: string, endsAt: string, timeZone: string): string {
  return `${formatDate(dateInZone(startsAt, timeZone))} · ${formatTimeRange(startsAt, endsAt, timeZone)}`;
}

/**
 * Wall-clock arithmetic in IANA zones with nothing but `Intl`: what recurring events (expanded in
 * their start zone, across DST changes), all-day events (a day in the calendar's zone) and the
 * rendering of `dateTime` values need.
 */

export type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: string): boolean {
  if (value === '') return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `ms`. */
export function wallOf(ms: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

const wallMs = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** How far `timeZone` is ahead of UTC at instant `ms`, in ms. */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(wallOf(whole, timeZone)) - whole;
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a time skipped by DST moves forward by the gap). */
export function wallToUtc(wall: Wall, timeZone: string): number {
  const naive = wallMs(wall);
  const first = naive - offsetAt(naive, timeZone);
  return naive - offsetAt(first, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a wall clock. */
export const dateString = (w: Pick<Wall, 'year' | 'month' | 'day'>) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;

/** RFC 3339 with the zone's offset (`Z` when it is zero), as Google renders `dateTime`. */
export function formatDateTime(ms: number, timeZone: string): string {
  const offset = offsetAt(ms, timeZone);
  const w = wallOf(ms, timeZone);
  const base = `${dateString(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (offset === 0) return `${base}Z`;
  const abs = Math.abs(offset) / 60_000;
  return `${base}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

export function parseDate(value: string): Pick<Wall, 'year' | 'month' | 'day'> | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * An RFC 3339 date-time to an instant. Without an offset the wall time is read in `timeZone`;
 * returns `'no_zone'` when there is neither, null when the text is not a date-time.
 */
export function parseDateTime(value: string, timeZone?: string): number | null | 'no_zone' {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const date = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (!date || hour > 23 || minute > 59 || second > 59) return null;
  if (m[7]) {
    const ms = Date.parse(value.toUpperCase());
    return Number.isNaN(ms) ? null : ms;
  }
  if (!timeZone) return 'no_zone';
  return wallToUtc({ ...date, hour, minute, second }, timeZone);
}

/** Midnight at the start of a date in a zone. */
export const startOfDate = (date: Pick<Wall, 'year' | 'month' | 'day'>, timeZone: string) => wallToUtc({ ...date, hour: 0, minute: 0, second: 0 }, timeZone);

/** A date `days` later (calendar days, no zone involved). */
export function addDays(date: Pick<Wall, 'year' | 'month' | 'day'>, days: number): Pick<Wall, 'year' | 'month' | 'day'> {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYYMMDDTHHMMSSZ` of an instant (instance ids, RRULE UNTIL). */
export function basicUtc(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

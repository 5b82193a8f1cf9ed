/**
 * The one time module: every conversion between wall-clock times in an IANA zone and UTC
 * instants goes through here. Everything is pure and independent of the process `TZ`:
 * offsets come from `tzOffset` of `@date-fns/tz` (which asks `Intl.DateTimeFormat` for the
 * zone explicitly), and all other arithmetic is done on UTC fields (`Date.UTC`, `getUTC*`).
 *
 * Local dates are 'YYYY-MM-DD' strings and local times 'HH:mm' strings; they carry no zone.
 *
 * Why not `new TZDate(y, m, d, h, min, tz)`? Verified with @date-fns/tz 1.5.0: inside a
 * spring-forward gap it shifts by the gap length (02:30 New York → 03:30 EDT, 02:15 Lord Howe
 * → 02:45), like `Date` does, and an ambiguous time always resolves to the earlier occurrence.
 * We need "first valid instant after the gap" (02:30 → 03:00 EDT) and a choice of occurrence,
 * so the conversion below is our own, built only on the offset lookup.
 */
import { tzOffset } from '@date-fns/tz';

export type LocalDate = string; // 'YYYY-MM-DD'
export type LocalTime = string; // 'HH:mm' ('24:00' allowed: midnight at the end of the date)
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday
export type Disambiguation = 'earlier' | 'later';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
// Intl also accepts fixed offsets ('+05:30'); we store IANA names only, so those are refused.
const OFFSET_RE = /^[+-]\d{2}(:?\d{2})?$/;

const zoneValidity = new Map<string, boolean>();

/** True for a time zone name the runtime's Intl knows (IANA names and their aliases). */
export function isValidTimeZone(tz: string): boolean {
  const known = zoneValidity.get(tz);
  if (known !== undefined) return known;
  let valid = tz.length > 0 && !OFFSET_RE.test(tz);
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      valid = false;
    }
  }
  zoneValidity.set(tz, valid);
  return valid;
}

function assertZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`Unknown time zone: ${JSON.stringify(tz)}`);
}

/** Midnight UTC of a local date, as epoch ms: the zone-free representation of a calendar day. */
function dayNumberMs(localDate: LocalDate): number {
  const m = DATE_RE.exec(localDate);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    // Round-trip check rejects 2026-02-30 and friends, which Date.UTC would silently roll over.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms;
  }
  throw new RangeError(`Invalid local date: ${JSON.stringify(localDate)}`);
}

function minutesOfDay(localTime: LocalTime): number {
  const m = TIME_RE.exec(localTime);
  if (m) {
    const [h, min] = [Number(m[1]), Number(m[2])];
    if ((h < 24 && min < 60) || (h === 24 && min === 0)) return h * 60 + min;
  }
  throw new RangeError(`Invalid local time: ${JSON.stringify(localTime)}`);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** UTC offset of the zone at that instant, in minutes east of UTC (New York winter: -300). */
export function offsetMinutes(instant: Date, tz: string): number {
  assertZone(tz);
  return offsetAt(instant.getTime(), tz);
}

function exactOffsetAt(ms: number, tz: string): number {
  // `+ 0` turns a possible -0 into 0 so that callers can compare with ===.
  return tzOffset(tz, new Date(ms)) + 0;
}

/**
 * Offsets per zone and 15-minute bucket. A bucket whose two ends have the same offset has no
 * transition inside (zones never change twice within 15 minutes), so every instant in it shares
 * that offset; a bucket with a transition is never cached. Slot lists format hundreds of
 * instants per request, and each Intl lookup is slow.
 */
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, number>();
function offsetAt(ms: number, tz: string): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${tz}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const start = exactOffsetAt(bucket * BUCKET_MS, tz);
  if (start !== exactOffsetAt((bucket + 1) * BUCKET_MS - 1, tz)) return exactOffsetAt(ms, tz);
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, start);
  return start;
}

/**
 * A wall-clock time in a zone to an instant.
 * - Normal times have exactly one instant.
 * - Ambiguous times (fall-back) have two; `disambiguation` picks the earlier or later one.
 * - Times in a spring-forward gap have none; they map to the first valid instant after the
 *   gap (the transition instant itself), whatever `disambiguation` says.
 * '24:00' is the end of `localDate`: the first instant of the next date, whatever the
 * disambiguation (a second midnight would already belong to the next date's hours).
 */
export function zonedToInstant(localDate: LocalDate, localTime: LocalTime, tz: string, disambiguation: Disambiguation = 'earlier'): Date {
  assertZone(tz);
  const minutes = minutesOfDay(localTime);
  if (minutes === 24 * 60) return startOfLocalDay(addDays(localDate, 1), tz);
  // The wall-clock reading encoded as if it were UTC; the real instant is wall - offset.
  const wall = dayNumberMs(localDate) + minutes * MINUTE_MS;
  // Offsets lie within ±14h, so every instant that could show this reading lies within a day
  // of `wall`; sampling a day either side catches the offsets in force around any transition.
  const offsets = [...new Set([wall - DAY_MS, wall, wall + DAY_MS].map((ms) => offsetAt(ms, tz)))];
  const matches = offsets
    .map((o) => wall - o * MINUTE_MS)
    .filter((ms) => offsetAt(ms, tz) * MINUTE_MS === wall - ms)
    .sort((a, b) => a - b);
  const chosen = disambiguation === 'earlier' ? matches[0] : matches[matches.length - 1];
  if (chosen !== undefined) return new Date(chosen);
  // In a gap: the transition lies between the instant read with the newer (larger) offset and
  // the one read with the older offset. Binary-search it to the second (tzdb transitions fall
  // on whole seconds).
  let lo = wall - Math.max(...offsets) * MINUTE_MS; // still before the transition
  let hi = wall - Math.min(...offsets) * MINUTE_MS; // already after it
  const before = offsetAt(lo, tz);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, tz) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

// Day starts are asked for again and again (query bounds, day lengths, per-day counts); they
// never change, so remember them. Bounded so a long-running process doesn't grow without end.
const dayStarts = new Map<string, number>();
const DAY_START_CACHE_LIMIT = 20_000;

/** The first instant of a local date; if midnight doesn't exist there, the end of that gap. */
export function startOfLocalDay(localDate: LocalDate, tz: string): Date {
  const key = `${tz} ${localDate}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    ms = zonedToInstant(localDate, '00:00', tz, 'earlier').getTime();
    if (dayStarts.size >= DAY_START_CACHE_LIMIT) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

export type LocalDay = {
  /** The first instant of the date. */
  start: Date;
  /** The first instant of the next date (so '24:00' of this one). */
  end: Date;
  /** zonedToInstant for a time on this date. */
  at(localTime: LocalTime, disambiguation?: Disambiguation): Date;
};

/**
 * One local date, for converting many of its wall-clock times. A day exactly 24 hours long has
 * no net offset change, and no zone makes two opposite transitions within one day, so a time
 * is simply the day's first instant plus its minutes, with no Intl lookup; other days go
 * through zonedToInstant. (A property test holds the two paths equal across zones and dates.)
 */
export function localDay(localDate: LocalDate, tz: string): LocalDay {
  const start = startOfLocalDay(localDate, tz).getTime();
  const end = startOfLocalDay(addDays(localDate, 1), tz).getTime();
  const uniform = end - start === DAY_MS;
  return {
    start: new Date(start),
    end: new Date(end),
    at(localTime, disambiguation = 'earlier') {
      return uniform ? new Date(start + minutesOfDay(localTime) * MINUTE_MS) : zonedToInstant(localDate, localTime, tz, disambiguation);
    },
  };
}

/** The instant's wall-clock reading in the zone, as a UTC-field Date (internal helper). */
function wallClock(instant: Date, tz: string): Date {
  return new Date(instant.getTime() + offsetMinutes(instant, tz) * MINUTE_MS);
}

export function localDateOf(instant: Date, tz: string): LocalDate {
  return wallClock(instant, tz).toISOString().slice(0, 10);
}

export function localTimeOf(instant: Date, tz: string): LocalTime {
  return wallClock(instant, tz).toISOString().slice(11, 16);
}

export function weekdayOf(localDate: LocalDate): Weekday {
  return new Date(dayNumberMs(localDate)).getUTCDay() as Weekday;
}

/**
 * The same wall-clock time `days` local dates later (earlier when negative) in the zone: across
 * a DST change that is 23 or 25 hours away, not 24. A time that does not exist on the target date
 * (a spring-forward gap) becomes the end of the gap; one that exists twice (fall-back) the
 * earlier of the two. Seconds and milliseconds are kept as they are.
 */
export function addLocalDays(instant: Date, days: number, tz: string): Date {
  const ms = instant.getTime();
  const withinMinute = ((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  const target = zonedToInstant(addDays(localDateOf(instant, tz), days), localTimeOf(instant, tz), tz, 'earlier');
  return new Date(target.getTime() + withinMinute);
}

/** Calendar arithmetic on a local date; no zone is involved, so days are never 23 or 25 hours. */
export function addDays(localDate: LocalDate, n: number): LocalDate {
  return new Date(dayNumberMs(localDate) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every local date from `from` to `to`, both included; empty when `from` is after `to`. */
export function eachLocalDate(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  const end = dayNumberMs(to);
  for (let ms = dayNumberMs(from); ms <= end; ms += DAY_MS) dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

/**
 * ISO 8601 with the zone's offset at that instant, to the second: '2026-03-08T03:00:00-04:00'.
 * UTC is written '+00:00' (never 'Z') so every zone's output has the same shape.
 */
export function formatWithOffset(instant: Date, tz: string): string {
  const offset = Math.round(offsetMinutes(instant, tz));
  const local = new Date(instant.getTime() + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

import { invalid } from './errors';
import { addDays, basicUtc, parseDate, parseDateTime, startOfDate, wallOf, wallToUtc, type Wall } from './time';

/**
 * RFC 5545 recurrence as Google Calendar accepts it in an event's `recurrence`: `RRULE` with FREQ
 * DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY (with ordinals for monthly and
 * yearly-by-month rules), BYMONTHDAY, BYMONTH, WKST; `EXDATE` and `RDATE` (date, UTC, floating or
 * `TZID=` values). Occurrences are generated on the wall clock of the event's zone, so a weekly
 * 09:00 stays at 09:00 across daylight-saving changes. BYSETPOS, BYWEEKNO, BYYEARDAY and sub-daily
 * frequencies are refused with 400.
 */

type Day = Pick<Wall, 'year' | 'month' | 'day'>;
type ByDay = { weekday: number; ordinal: number | null };

export type Rule = {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  count: number | null;
  /** UNTIL as an instant (inclusive), or as a date for all-day events. */
  until: number | null;
  untilDate: Day | null;
  byDay: ByDay[];
  byMonthDay: number[];
  byMonth: number[];
  weekStart: number;
};

export type Recurrence = { rules: Rule[]; exTimes: Set<number>; exDates: Set<string>; rTimes: number[]; rDates: Day[] };

/** Where a series starts: the first occurrence's wall clock and the zone it is read in. */
export type SeriesStart = { allDay: boolean; date: Day; hour: number; minute: number; second: number; timeZone: string };

export type Occurrence = { start: number; date: Day; key: string };

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const dayKey = (d: Day) => `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
const weekday = (d: Day) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const cmpDay = (a: Day, b: Day) => a.year - b.year || a.month - b.month || a.day - b.day;

function bad(line: string): never {
  throw invalid(`Invalid recurrence rule: ${line}`);
}

function intList(value: string, line: string, min: number, max: number): number[] {
  return value.split(',').map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n === 0 || Math.abs(n) < min || Math.abs(n) > max) bad(line);
    return n;
  });
}

/** A `YYYYMMDD[THHMMSS[Z]]` value: an instant, or a date when it has no time part. */
function parseValue(value: string, tzid: string | undefined, series: SeriesStart, line: string): { time: number } | { date: Day } {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) bad(line);
  const date = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (!date) bad(line);
  if (m[4] === undefined) return { date };
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ? 'Z' : ''}`;
  const time = parseDateTime(iso, tzid ?? series.timeZone);
  if (typeof time !== 'number') bad(line);
  return { time };
}

function parseRule(body: string, line: string, series: SeriesStart): Rule {
  const rule: Rule = { freq: 'DAILY', interval: 1, count: null, until: null, untilDate: null, byDay: [], byMonthDay: [], byMonth: [], weekStart: 1 };
  let freq: string | null = null;
  for (const part of body.split(';')) {
    const [key, value] = part.split('=') as [string, string | undefined];
    if (!value) bad(line);
    switch (key.toUpperCase()) {
      case 'FREQ':
        freq = value.toUpperCase();
        break;
      case 'INTERVAL':
        rule.interval = intList(value, line, 1, 1000)[0]!;
        if (rule.interval < 1) bad(line);
        break;
      case 'COUNT':
        rule.count = intList(value, line, 1, 100_000)[0]!;
        if (rule.count < 1) bad(line);
        break;
      case 'UNTIL': {
        const v = parseValue(value, undefined, series, line);
        if ('date' in v) {
          rule.untilDate = v.date;
          rule.until = startOfDate(addDays(v.date, 1), series.timeZone) - 1;
        } else rule.until = v.time;
        break;
      }
      case 'BYDAY':
        rule.byDay = value.split(',').map((v) => {
          const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/i.exec(v);
          if (!m) bad(line);
          const ordinal = m[1] ? Number(m[1]) : null;
          if (ordinal !== null && (ordinal === 0 || Math.abs(ordinal) > 5)) bad(line);
          return { weekday: WEEKDAYS.indexOf(m[2]!.toUpperCase()), ordinal };
        });
        break;
      case 'BYMONTHDAY':
        rule.byMonthDay = intList(value, line, 1, 31);
        break;
      case 'BYMONTH':
        rule.byMonth = intList(value, line, 1, 12);
        if (rule.byMonth.some((n) => n < 0)) bad(line);
        break;
      case 'WKST': {
        const i = WEEKDAYS.indexOf(value.toUpperCase());
        if (i < 0) bad(line);
        rule.weekStart = i;
        break;
      }
      default:
        bad(line);
    }
  }
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') bad(line);
  rule.freq = freq;
  if (rule.count !== null && rule.until !== null) bad(line);
  if (rule.byDay.some((d) => d.ordinal !== null) && (freq === 'DAILY' || freq === 'WEEKLY' || (freq === 'YEARLY' && rule.byMonth.length === 0))) bad(line);
  return rule;
}

/** Parses an event's `recurrence` lines; throws 400 for what Google (or this emulator) refuses. */
export function parseRecurrence(lines: unknown, series: SeriesStart): Recurrence {
  if (!Array.isArray(lines)) throw invalid('Invalid recurrence rule.');
  const rec: Recurrence = { rules: [], exTimes: new Set(), exDates: new Set(), rTimes: [], rDates: [] };
  for (const raw of lines) {
    if (typeof raw !== 'string') throw invalid('Invalid recurrence rule.');
    const line = raw.trim();
    const colon = line.indexOf(':');
    if (colon < 0) bad(line);
    const [name, ...params] = line.slice(0, colon).split(';') as [string, ...string[]];
    const body = line.slice(colon + 1);
    const tzid = params.find((p) => p.toUpperCase().startsWith('TZID='))?.slice(5);
    switch (name.toUpperCase()) {
      case 'RRULE':
        rec.rules.push(parseRule(body, line, series));
        break;
      case 'EXDATE':
      case 'RDATE':
        for (const value of body.split(',')) {
          const v = parseValue(value.trim(), tzid, series, line);
          const isEx = name.toUpperCase() === 'EXDATE';
          if ('date' in v) {
            if (isEx) rec.exDates.add(dayKey(v.date));
            else rec.rDates.push(v.date);
          } else if (isEx) rec.exTimes.add(v.time);
          else rec.rTimes.push(v.time);
        }
        break;
      default:
        bad(line);
    }
  }
  if (rec.rules.length === 0 && rec.rTimes.length === 0 && rec.rDates.length === 0) throw invalid('Invalid recurrence rule.');
  return rec;
}

/** The candidate days of one period (a day, week, month or year) of a rule, sorted. */
function periodDays(rule: Rule, period: number, first: Day): Day[] {
  const matchesFilters = (d: Day) =>
    (rule.byMonth.length === 0 || rule.byMonth.includes(d.month)) &&
    (rule.byMonthDay.length === 0 || rule.byMonthDay.some((n) => (n > 0 ? n : daysIn(d.year, d.month) + n + 1) === d.day)) &&
    (rule.byDay.length === 0 || rule.byDay.some((b) => b.weekday === weekday(d)));

  if (rule.freq === 'DAILY') {
    const d = addDays(first, period * rule.interval);
    return matchesFilters(d) ? [d] : [];
  }
  if (rule.freq === 'WEEKLY') {
    const back = (weekday(first) - rule.weekStart + 7) % 7;
    const weekStart = addDays(first, -back + period * 7 * rule.interval);
    const wanted = rule.byDay.length ? rule.byDay.map((b) => b.weekday) : [weekday(first)];
    const days: Day[] = [];
    for (let i = 0; i < 7; i++) {
      const d = addDays(weekStart, i);
      if (wanted.includes(weekday(d)) && (rule.byMonth.length === 0 || rule.byMonth.includes(d.month))) days.push(d);
    }
    return days;
  }
  const months: { year: number; month: number }[] = [];
  if (rule.freq === 'MONTHLY') {
    const index = first.year * 12 + (first.month - 1) + period * rule.interval;
    const m = { year: Math.floor(index / 12), month: (index % 12) + 1 };
    if (rule.byMonth.length === 0 || rule.byMonth.includes(m.month)) months.push(m);
  } else {
    const year = first.year + period * rule.interval;
    for (const month of rule.byMonth.length ? [...rule.byMonth].sort((a, b) => a - b) : [first.month]) months.push({ year, month });
  }
  const days: Day[] = [];
  for (const { year, month } of months) {
    const length = daysIn(year, month);
    const all = Array.from({ length }, (_, i) => ({ year, month, day: i + 1 }));
    let chosen: Day[];
    if (rule.byDay.length === 0 && rule.byMonthDay.length === 0) chosen = first.day <= length ? [{ year, month, day: first.day }] : [];
    else {
      chosen = all.filter((d) => {
        const byMonthDay = rule.byMonthDay.length === 0 || rule.byMonthDay.some((n) => (n > 0 ? n : length + n + 1) === d.day);
        const byDay =
          rule.byDay.length === 0 ||
          rule.byDay.some((b) => {
            if (b.weekday !== weekday(d)) return false;
            if (b.ordinal === null) return true;
            const nth = b.ordinal > 0 ? Math.ceil(d.day / 7) : -Math.ceil((length - d.day + 1) / 7);
            return nth === b.ordinal;
          });
        return byMonthDay && byDay;
      });
    }
    days.push(...chosen);
  }
  return days;
}

const MAX_PERIODS = 200_000;

/**
 * Occurrences of a series that start no later than `horizon` (and at most `limit` of them),
 * before EXDATEs are removed: COUNT counts excluded ones too, as RFC 5545 says.
 */
export function occurrences(rec: Recurrence, series: SeriesStart, horizon: number, limit = 5000): Occurrence[] {
  const startOf = (date: Day) =>
    series.allDay
      ? startOfDate(date, series.timeZone)
      : wallToUtc({ ...date, hour: series.hour, minute: series.minute, second: series.second }, series.timeZone);
  const keyOf = (date: Day, start: number) => (series.allDay ? dayKey(date) : basicUtc(start));
  const found = new Map<string, Occurrence>();
  const add = (date: Day, start: number) => {
    const key = keyOf(date, start);
    if (!found.has(key)) found.set(key, { start, date, key });
  };

  const first = series.date;
  add(first, startOf(first));
  for (const rule of rec.rules) {
    let counted = 1;
    outer: for (let period = 0; period < MAX_PERIODS; period++) {
      const days = periodDays(rule, period, first);
      for (const date of days) {
        if (cmpDay(date, first) <= 0) continue;
        const start = startOf(date);
        if (rule.count !== null && counted >= rule.count) break outer;
        if (rule.untilDate ? cmpDay(date, rule.untilDate) > 0 : rule.until !== null && start > rule.until) break outer;
        if (start > horizon || found.size >= limit) break outer;
        counted++;
        add(date, start);
      }
      // Later periods all start after this one's nominal start: past the horizon, nothing more can come.
      if (nominalStart(rule, first, period, startOf) > horizon) break;
    }
  }
  for (const date of rec.rDates) add(date, startOf(date));
  for (const time of rec.rTimes) add(wallOf(time, series.timeZone), time);

  return [...found.values()]
    .filter((o) => o.start <= horizon && !rec.exTimes.has(o.start) && !rec.exDates.has(dayKey(o.date)))
    .sort((a, b) => a.start - b.start)
    .slice(0, limit);
}

/**
 * A lower bound for the first day of the period after `period`: one step short of `period` steps
 * from the first day, with months counted as 28 days and years as 365, so it never overshoots.
 */
function nominalStart(rule: Rule, first: Day, period: number, startOf: (d: Day) => number): number {
  const step = { DAILY: 1, WEEKLY: 7, MONTHLY: 28, YEARLY: 365 }[rule.freq];
  return startOf(addDays(first, (period * rule.interval - 1) * step));
}

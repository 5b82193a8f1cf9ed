import type { TWeeklyRule } from '@slotwise/contracts';
import { z } from 'zod';
import { apiErrorOf, type ApiFailure } from '../../lib/api';

/**
 * The weekly-hours editor's model: for each weekday (0 = Sunday … 6 = Saturday, as the API
 * counts) the ranges it is open. Times are "HH:mm"; an end of "24:00" means midnight.
 */
export type HoursRange = { key: string; start: string; end: string };
export type WeekDraft = HoursRange[][];

/** Monday first, as people in most of our markets read a week. */
export const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

let lastKey = 0;
const nextKey = () => `range-${++lastKey}`;

export function emptyWeek(): WeekDraft {
  return Array.from({ length: 7 }, () => []);
}

/** The API's rules as a week of ranges, each day sorted by start. */
export function weekFromRules(rules: TWeeklyRule[]): WeekDraft {
  const week = emptyWeek();
  for (const rule of rules) week[rule.weekday]?.push({ key: nextKey(), start: rule.start, end: rule.end });
  for (const day of week) day.sort((a, b) => a.start.localeCompare(b.start));
  return week;
}

/**
 * The body of PUT /hours, and where each of its items came from, so the API's complaints
 * about `body.<index>` land on the right row.
 */
export function rulesFromWeek(week: WeekDraft): { rules: TWeeklyRule[]; keys: string[] } {
  const rules: TWeeklyRule[] = [];
  const keys: string[] = [];
  for (const weekday of WEEKDAY_ORDER) {
    for (const range of week[weekday] ?? []) {
      rules.push({ weekday, start: range.start, end: range.end });
      keys.push(range.key);
    }
  }
  return { rules, keys };
}

/** A new range after the day's last one (or 09:00–17:00 on a closed day). */
export function addRange(week: WeekDraft, weekday: number): WeekDraft {
  const day = week[weekday] ?? [];
  const last = day[day.length - 1];
  const range = last && last.end < '23:00' ? { start: last.end, end: addHour(last.end) } : { start: '09:00', end: '17:00' };
  return replaceDay(week, weekday, [...day, { key: nextKey(), ...range }]);
}

export function removeRange(week: WeekDraft, weekday: number, key: string): WeekDraft {
  return replaceDay(
    week,
    weekday,
    (week[weekday] ?? []).filter((range) => range.key !== key),
  );
}

export function changeRange(week: WeekDraft, weekday: number, key: string, change: Partial<Pick<HoursRange, 'start' | 'end'>>): WeekDraft {
  return replaceDay(
    week,
    weekday,
    (week[weekday] ?? []).map((range) => (range.key === key ? { ...range, ...change } : range)),
  );
}

/** Tuesday to Friday get Monday's ranges. */
export function copyMondayToWeekdays(week: WeekDraft): WeekDraft {
  const monday = week[1] ?? [];
  return week.map((day, weekday) => (weekday >= 2 && weekday <= 5 ? monday.map((range) => ({ ...range, key: nextKey() })) : day));
}

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const ZEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/);

/**
 * What is wrong with each range, by key: a missing time, an end not after the start, or an
 * overlap with an earlier range of the same day (ranges that only touch are fine, as in the API).
 */
export function validateWeek(week: WeekDraft): Map<string, string> {
  const problems = new Map<string, string>();
  for (const day of week) {
    day.forEach((range, index) => {
      if (!ZTime.safeParse(range.start).success || !ZEnd.safeParse(range.end).success) {
        problems.set(range.key, 'Enter a start and an end time');
        return;
      }
      if (range.end <= range.start) {
        problems.set(range.key, 'The end must be after the start');
        return;
      }
      const clash = day.slice(0, index).find((other) => !problems.has(other.key) && other.start < range.end && range.start < other.end);
      if (clash) problems.set(range.key, `Overlaps ${formatRange(clash)}`);
    });
  }
  return problems;
}

/**
 * The API's 400 answer as messages by range key. Details name items as `<prefix>.<index>[.field]`:
 * `body.3` for the weekly hours, `body.ranges.1` for a date override.
 */
export function serverRangeErrors(error: ApiFailure, keys: string[], prefix = 'body'): Map<string, string> {
  const problems = new Map<string, string>();
  const details = apiErrorOf(error)?.details;
  if (!Array.isArray(details)) return problems;
  for (const detail of details as unknown[]) {
    if (typeof detail !== 'object' || detail === null || !('path' in detail) || !('message' in detail)) continue;
    const path = String(detail.path);
    const match = path.startsWith(`${prefix}.`) ? /^(\d+)/.exec(path.slice(prefix.length + 1)) : null;
    const key = match ? keys[Number(match[1])] : undefined;
    if (key && !problems.has(key)) problems.set(key, String(detail.message));
  }
  return problems;
}

export function formatRange(range: { start: string; end: string }): string {
  return `${range.start}–${range.end}`;
}

/** A time input shows midnight as 00:00; as an end it means the end of the day. */
export const endForInput = (end: string) => (end === '24:00' ? '00:00' : end);
export const endFromInput = (value: string) => (value === '00:00' ? '24:00' : value);

function replaceDay(week: WeekDraft, weekday: number, day: HoursRange[]): WeekDraft {
  return week.map((current, index) => (index === weekday ? day : current));
}

function addHour(time: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const total = Math.min(hours * 60 + minutes + 60, 24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

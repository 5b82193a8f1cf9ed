import type { TWeeklyRule } from '@slotwise/contracts';
import { fromWall, weekdayAndMinuteInZone } from '../../lib/time';

export type ResourceWeek = { resourceId: string; timeZone: string; rules: readonly TWeeklyRule[] };

/**
 * Whether a wall-clock slot of the calendar (in `displayZone`) lies inside a resource's weekly
 * hours, which are local times in the resource's own zone. Without a resource, any of them
 * being open counts. Date overrides and closures are not taken into account (yet).
 */
export function openingHoursChecker(weeks: readonly ResourceWeek[], displayZone: string) {
  const minutesByWeekday = weeks.map((week) => ({
    ...week,
    ranges: week.rules.map((rule) => ({ weekday: rule.weekday, start: minutesOf(rule.start), end: minutesOf(rule.end) })),
  }));
  const cache = new Map<string, boolean>();

  // react-big-calendar passes no resource (the time gutter) or null (a view without resource columns).
  return (wall: Date, resourceId?: string | number | null): boolean => {
    const key = `${wall.getTime()}|${resourceId ?? ''}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const instant = Date.parse(fromWall(wall, displayZone));
    const relevant = resourceId == null ? minutesByWeekday : minutesByWeekday.filter((week) => week.resourceId === String(resourceId));
    const open = relevant.some((week) => {
      const { weekday, minute } = weekdayAndMinuteInZone(instant, week.timeZone);
      return week.ranges.some((range) => range.weekday === weekday && minute >= range.start && minute < range.end);
    });
    cache.set(key, open);
    return open;
  };
}

function minutesOf(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

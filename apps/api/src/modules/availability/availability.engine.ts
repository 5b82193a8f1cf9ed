/**
 * Availability engine: pure functions, no I/O, the clock passed in as `now`.
 *
 * Semantics (the database's exclusion constraint is the final word; these rules agree with it):
 * - Weekly rules and date overrides are wall-clock ranges in the resource's own zone: "09:00–17:00"
 *   means 9 to 5 on the local clock on both sides of a DST change. Each range is converted
 *   endpoint by endpoint: start with 'earlier', end with 'later' disambiguation (so a window on
 *   the fall-back night contains the repeated hour); a time in a spring-forward gap becomes the
 *   first instant after the gap; '24:00' is the first instant of the next local date.
 * - An override replaces the weekly rules for its local date; `ranges: []` closes the day.
 * - Ranges of one local date are merged into day segments; working windows are those segments
 *   merged across days where they touch (a slot may run past local midnight into the next
 *   day's hours).
 * - Candidate starts step `slotIntervalMin` minutes of real elapsed time from the start of each
 *   day segment (not of the whole merged window: a window that is open around the clock would
 *   otherwise have no start, and the grid would depend on how far back we looked). A candidate
 *   must lie in its day segment and `[start, start + duration)` must fit in a working window;
 *   buffers may reach outside hours.
 * - A candidate is free when: its blocked range `[start − bufferBefore, end + bufferAfter)` overlaps
 *   no busy interval (busy intervals are themselves blocked ranges, so touching is fine);
 *   `[start, end)` overlaps no blackout; `start >= now + minNotice`; `start <= now + maxAdvanceDays
 *   × 24h`; and, when `maxPerDay` is set, the resource has fewer bookings on the start's local date
 *   (resource zone).
 * - A query names local dates in the requested zone; a slot belongs to it when its start lies in
 *   `[startOfLocalDay(from), startOfLocalDay(to + 1))` of that zone. Slots are plain instants, so
 *   the same instant range gives the same slots whatever zone it was asked in.
 * - The resource's own appointments in their calendar (`calendarBusy`, from calendar sync) block
 *   like bookings do: a candidate whose blocked range overlaps one is not free (CALENDAR_BUSY).
 * - `checkBookable` applies the same rules to one start, in this order: TOO_SOON, TOO_FAR,
 *   OUTSIDE_HOURS, MISALIGNED, BLACKOUT, DAY_FULL, CONFLICT, CALENDAR_BUSY.
 */
import { addDays, eachLocalDate, localDateOf, localDay, startOfLocalDay, weekdayOf, type LocalDate, type LocalTime, type Weekday } from '../../platform/time';

export type HoursRange = { start: LocalTime; end: LocalTime }; // end may be '24:00'; end > start
export type WeeklyRule = { weekday: Weekday } & HoursRange; // several per weekday allowed
export type DateOverride = { date: LocalDate; ranges: HoursRange[] };
export type Interval = { start: Date; end: Date }; // half-open [start, end)
export type ResourceInput = {
  id: string;
  timeZone: string;
  rules: WeeklyRule[];
  overrides: DateOverride[];
  /** Blocked ranges of active bookings (buffers applied). */
  busy: Interval[];
  /** Busy times from the resource's own calendar (calendar sync's busy blocks). */
  calendarBusy?: Interval[];
  /** Active bookings per local date in the resource's zone, for maxPerDay. */
  bookingsPerLocalDay?: Record<string, number>;
};
export type ServiceRules = {
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  minNoticeMin: number;
  maxAdvanceDays: number;
  slotIntervalMin: number;
  maxPerDay?: number | null;
};
export type SlotQuery = { from: LocalDate; to: LocalDate; timeZone: string; now: Date };
export type Slot = { startsAt: Date; endsAt: Date; resourceIds: string[] };
export type Rejection = 'OUTSIDE_HOURS' | 'BLACKOUT' | 'TOO_SOON' | 'TOO_FAR' | 'CONFLICT' | 'DAY_FULL' | 'MISALIGNED' | 'CALENDAR_BUSY';
export type BookableResult = { ok: true } | { ok: false; reason: Rejection; conflict?: Interval };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Epoch-ms interval; the engine works on numbers and only builds Dates for its output. */
type Span = { start: number; end: number };

export function blockedRange(startsAt: Date, endsAt: Date, bufferBeforeMin: number, bufferAfterMin: number): Interval {
  return {
    start: new Date(startsAt.getTime() - bufferBeforeMin * MINUTE_MS),
    end: new Date(endsAt.getTime() + bufferAfterMin * MINUTE_MS),
  };
}

// ---------------------------------------------------------------------------------------------
// Working hours

function mergeSpans(sorted: Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * Day segments (one local date's ranges, merged) for every local date of the resource's zone
 * from `fromMs`'s date to `toMs`'s date, with a day of margin either side. Segments of different
 * dates never overlap: each lies within [startOfLocalDay(d), startOfLocalDay(d + 1)].
 */
function daySegments(resource: ResourceInput, fromMs: number, toMs: number): Span[] {
  const tz = resource.timeZone;
  const overrides = new Map<LocalDate, HoursRange[]>();
  for (const o of resource.overrides) overrides.set(o.date, [...(overrides.get(o.date) ?? []), ...o.ranges]);

  const first = addDays(localDateOf(new Date(fromMs), tz), -1);
  const last = addDays(localDateOf(new Date(toMs), tz), 1);
  const segments: Span[] = [];
  for (const date of eachLocalDate(first, last)) {
    const weekday = weekdayOf(date);
    const ranges = overrides.get(date) ?? resource.rules.filter((r) => r.weekday === weekday);
    if (ranges.length === 0) continue;
    const day = localDay(date, tz);
    const spans: Span[] = [];
    for (const r of ranges) {
      if (r.end <= r.start) continue; // contracts forbid these; an empty range opens nothing
      // '24:00' comes back as the first instant of the next date even when next midnight is
      // ambiguous; 'later' there would reach into the next date's hours.
      const start = day.at(r.start, 'earlier').getTime();
      const end = day.at(r.end, 'later').getTime();
      if (end > start) spans.push({ start, end }); // a range wholly inside a gap is empty
    }
    segments.push(...mergeSpans(spans.sort((a, b) => a.start - b.start)));
  }
  return segments;
}

/**
 * The resource's open intervals (its zone, its rules and overrides) as instants, merged and
 * sorted, clipped to [fromInstant, toInstant).
 */
export function workingWindows(resource: ResourceInput, fromInstant: Date, toInstant: Date): Interval[] {
  const from = fromInstant.getTime();
  const to = toInstant.getTime();
  if (!(to > from)) return [];
  return mergeSpans(daySegments(resource, from, to))
    .filter((w) => w.end > from && w.start < to)
    .map((w) => ({ start: new Date(Math.max(w.start, from)), end: new Date(Math.min(w.end, to)) }));
}

// ---------------------------------------------------------------------------------------------
// Busy intervals and blackouts

/**
 * Intervals sorted by start with a running maximum of their ends, so "the first interval that
 * overlaps [a, b)" is two binary searches instead of a scan: intervals starting before b are a
 * prefix; the first of those whose end passes a is where the running maximum first exceeds a.
 */
class IntervalIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly maxEnd: Float64Array;

  constructor(intervals: Interval[]) {
    const rawStarts = intervals.map((i) => i.start.getTime());
    const rawEnds = intervals.map((i) => i.end.getTime());
    const order = rawStarts
      .map((_, k) => k)
      .filter((k) => rawEnds[k]! > rawStarts[k]!) // an empty range overlaps nothing, as in PostgreSQL
      .sort((x, y) => rawStarts[x]! - rawStarts[y]!);
    this.starts = Float64Array.from(order, (k) => rawStarts[k]!);
    this.ends = Float64Array.from(order, (k) => rawEnds[k]!);
    this.maxEnd = new Float64Array(order.length);
    let max = -Infinity;
    for (let k = 0; k < order.length; k++) this.maxEnd[k] = max = Math.max(max, this.ends[k]!);
  }

  /** Index of the overlapping interval with the earliest start, or -1. Hot path: no closures. */
  firstOverlap(a: number, b: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < b) lo = mid + 1;
      else hi = mid;
    }
    const startingBefore = lo;
    lo = 0;
    hi = startingBefore;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.maxEnd[mid]! > a) hi = mid;
      else lo = mid + 1;
    }
    return lo < startingBefore ? lo : -1;
  }

  interval(k: number): Interval {
    return { start: new Date(this.starts[k]!), end: new Date(this.ends[k]!) };
  }
}

// ---------------------------------------------------------------------------------------------
// The rules for one start, shared by computeSlots and checkBookable

function assertService(service: ServiceRules): void {
  if (!(service.durationMin > 0) || !(service.slotIntervalMin > 0)) {
    throw new RangeError('durationMin and slotIntervalMin must be positive');
  }
}

/** Per-resource state for checking many increasing starts cheaply. */
class ResourceChecker {
  private readonly busy: IntervalIndex;
  /** Null when the resource has no calendar busy times: no second search per candidate. */
  private readonly calendarBusy: IntervalIndex | null;
  private readonly duration: number;
  private readonly before: number;
  private readonly after: number;
  private dayStart = Infinity;
  private dayEnd = -Infinity;
  private dayCount = 0;

  constructor(
    private readonly service: ServiceRules,
    private readonly resource: ResourceInput,
    private readonly blackouts: IntervalIndex,
  ) {
    this.busy = new IntervalIndex(resource.busy);
    this.calendarBusy = resource.calendarBusy?.length ? new IntervalIndex(resource.calendarBusy) : null;
    this.duration = service.durationMin * MINUTE_MS;
    this.before = service.bufferBeforeMin * MINUTE_MS;
    this.after = service.bufferAfterMin * MINUTE_MS;
  }

  /**
   * BLACKOUT, DAY_FULL, CONFLICT or CALENDAR_BUSY for a start already known to be inside hours,
   * or null when free. Allocation-free: it runs for every candidate.
   */
  problemAt(s: number): Rejection | null {
    const end = s + this.duration;
    if (this.blackouts.firstOverlap(s, end) >= 0) return 'BLACKOUT';
    const { maxPerDay } = this.service;
    if (maxPerDay != null && this.bookingsOnDayOf(s) >= maxPerDay) return 'DAY_FULL';
    if (this.busy.firstOverlap(s - this.before, end + this.after) >= 0) return 'CONFLICT';
    if (this.calendarBusy && this.calendarBusy.firstOverlap(s - this.before, end + this.after) >= 0) return 'CALENDAR_BUSY';
    return null;
  }

  /** The interval behind a CONFLICT (a booking) or CALENDAR_BUSY (a calendar event): the overlapping one that starts first. */
  conflictAt(s: number, reason: 'CONFLICT' | 'CALENDAR_BUSY'): Interval | undefined {
    const index = reason === 'CONFLICT' ? this.busy : this.calendarBusy;
    const hit = index ? index.firstOverlap(s - this.before, s + this.duration + this.after) : -1;
    return hit >= 0 ? index!.interval(hit) : undefined;
  }

  /** Looks the local date up once per day rather than once per candidate (Intl is the cost). */
  private bookingsOnDayOf(s: number): number {
    if (s < this.dayStart || s >= this.dayEnd) {
      const tz = this.resource.timeZone;
      const date = localDateOf(new Date(s), tz);
      this.dayStart = startOfLocalDay(date, tz).getTime();
      this.dayEnd = startOfLocalDay(addDays(date, 1), tz).getTime();
      this.dayCount = this.resource.bookingsPerLocalDay?.[date] ?? 0;
    }
    return this.dayCount;
  }
}

export function checkBookable(
  service: ServiceRules,
  resource: ResourceInput,
  blackouts: Interval[],
  startsAt: Date,
  now: Date,
  opts: { ignoreNoticeAndHorizon?: boolean; requireAlignment?: boolean } = {},
): BookableResult {
  assertService(service);
  const s = startsAt.getTime();
  const end = s + service.durationMin * MINUTE_MS;
  if (!opts.ignoreNoticeAndHorizon) {
    if (s < now.getTime() + service.minNoticeMin * MINUTE_MS) return { ok: false, reason: 'TOO_SOON' };
    if (s > now.getTime() + service.maxAdvanceDays * DAY_MS) return { ok: false, reason: 'TOO_FAR' };
  }
  const segments = daySegments(resource, s, end);
  const window = mergeSpans(segments).find((w) => w.start <= s && s < w.end);
  if (!window || end > window.end) return { ok: false, reason: 'OUTSIDE_HOURS' };
  if (opts.requireAlignment) {
    const step = service.slotIntervalMin * MINUTE_MS;
    const segment = segments.find((g) => g.start <= s && s < g.end);
    if (!segment || (s - segment.start) % step !== 0) return { ok: false, reason: 'MISALIGNED' };
  }
  const checker = new ResourceChecker(service, resource, new IntervalIndex(blackouts));
  const reason = checker.problemAt(s);
  if (reason === null) return { ok: true };
  return reason === 'CONFLICT' || reason === 'CALENDAR_BUSY' ? { ok: false, reason, conflict: checker.conflictAt(s, reason) } : { ok: false, reason };
}

export function computeSlots(service: ServiceRules, resources: ResourceInput[], blackouts: Interval[], q: SlotQuery): Slot[] {
  assertService(service);
  const duration = service.durationMin * MINUTE_MS;
  const step = service.slotIntervalMin * MINUTE_MS;
  const now = q.now.getTime();
  // Starts must lie in the query's instant range, after the notice and within the horizon.
  const lower = Math.max(startOfLocalDay(q.from, q.timeZone).getTime(), now + service.minNoticeMin * MINUTE_MS);
  const upper = Math.min(
    startOfLocalDay(addDays(q.to, 1), q.timeZone).getTime(),
    now + service.maxAdvanceDays * DAY_MS + 1, // the horizon itself is still bookable
  );
  if (!(upper > lower)) return [];

  const blackoutIndex = new IntervalIndex(blackouts);
  const free = new Map<number, string[]>();
  // Visiting resources in id order leaves every slot's id list sorted, with no per-slot sort.
  const byId = [...new Map(resources.map((r) => [r.id, r])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const resource of byId) {
    const checker = new ResourceChecker(service, resource, blackoutIndex);
    const segments = daySegments(resource, lower, upper + duration);
    const windows = mergeSpans(segments);
    let w = 0;
    for (const seg of segments) {
      if (seg.end <= lower || seg.start >= upper) continue;
      while (windows[w]!.end <= seg.start) w++; // every segment lies inside one window
      const windowEnd = windows[w]!.end;
      const skip = Math.max(0, Math.ceil((lower - seg.start) / step));
      for (let s = seg.start + skip * step; s < seg.end && s < upper; s += step) {
        if (s + duration > windowEnd) break; // later starts only end later
        if (checker.problemAt(s) !== null) continue;
        const ids = free.get(s);
        if (ids) ids.push(resource.id);
        else free.set(s, [resource.id]);
      }
    }
  }
  return [...free.entries()].sort(([a], [b]) => a - b).map(([s, ids]) => ({ startsAt: new Date(s), endsAt: new Date(s + duration), resourceIds: ids }));
}

import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { SqlRunner } from '../../platform/sql';
import { addDays, formatWithOffset, localDateOf, startOfLocalDay, type Weekday } from '../../platform/time';
import { checkBookable, computeSlots, type BookableResult, type Interval, type ResourceInput, type ServiceRules } from './availability.engine';
import { createAvailabilityRepo, type AvailabilityRows, type ServiceRow } from './availability.repo';

/** The engine's rule shape, for modules that hand a service's rules to `check` (they use the engine only through this service). */
export type { ServiceRules } from './availability.engine';

export const MAX_SLOT_RANGE_DAYS = 62;
const DAY_MS = 86_400_000;

/** What one load gives the engine: the service (null when unknown), its resources' inputs, blackouts. */
export type LoadedAvailability = {
  service: ServiceRow | null;
  resources: (ResourceInput & { name: string })[];
  blackouts: Interval[];
  /** Holds past their expiry that still meet the range (the sweep has not run yet); they no longer block. */
  staleHolds: { id: string; resourceId: string; start: Date; end: Date }[];
};

/** The tenant's active, not archived service; 404 otherwise. */
export function requireSchedulable(service: ServiceRow | null): ServiceRow {
  if (!service || !service.active) throw new AppError('NOT_FOUND', 'Service not found');
  return service;
}

/**
 * Loads a service's hours, overrides, blackouts and busy times around [from, to) and hands
 * them to the pure engine. Used for the slot lists and, inside the booking transaction
 * after the resource rows are locked, for the authoritative re-check.
 */
export function createAvailabilityService(deps: AppDeps) {
  const repo = createAvailabilityRepo(deps);

  /** Rows → engine inputs. `starts`: the bookings to count per local day (default: the live busy ones). */
  function toInputs(rows: AvailabilityRows, starts?: { resourceId: string; startsAtMs: number }[]): LoadedAvailability {
    const live = rows.busy.filter((b) => !b.stale);
    const counted = starts ?? live;
    const resources = rows.resources.map((r) => {
      const perDay: Record<string, number> = {};
      for (const b of counted) {
        if (b.resourceId !== r.id) continue;
        const day = localDateOf(new Date(b.startsAtMs), r.timeZone);
        perDay[day] = (perDay[day] ?? 0) + 1;
      }
      return {
        id: r.id,
        name: r.name,
        timeZone: r.timeZone,
        rules: rows.rules.filter((x) => x.resourceId === r.id).map((x) => ({ weekday: x.weekday as Weekday, start: x.startTime, end: x.endTime })),
        overrides: rows.overrides.filter((o) => o.resourceId === r.id).map((o) => ({ date: o.date, ranges: o.ranges })),
        busy: live.filter((b) => b.resourceId === r.id).map((b) => ({ start: new Date(b.startMs), end: new Date(b.endMs) })),
        // The staff member's own appointments (calendar sync's busy blocks).
        calendarBusy: rows.calendarBusy.filter((b) => b.resourceId === r.id).map((b) => ({ start: new Date(b.startMs), end: new Date(b.endMs) })),
        bookingsPerLocalDay: perDay,
      };
    });
    // Blackouts are local dates of the tenant: the whole day(s) in the tenant's zone.
    const blackouts: Interval[] = rows.blackouts.map((b) => ({
      start: startOfLocalDay(b.startDate, rows.tenantZone),
      end: startOfLocalDay(addDays(b.endDate, 1), rows.tenantZone),
    }));
    const staleHolds = rows.busy
      .filter((b) => b.stale)
      .map((b) => ({ id: b.id, resourceId: b.resourceId, start: new Date(b.startMs), end: new Date(b.endMs) }));
    return { service: rows.service, resources, blackouts, staleHolds };
  }

  /** Local dates in any zone that can touch [from, to) (±14 h offsets), plus a day for maxPerDay counts. */
  const around = (from: Date, to: Date) => ({
    fromDate: addDays(localDateOf(from, 'UTC'), -2),
    toDate: addDays(localDateOf(to, 'UTC'), 2),
    now: deps.clock.now(),
  });

  /** For checking one start (see availability.repo checkLoad); `length`: a moved booking's own duration and buffers. */
  async function loadForCheck(
    runner: SqlRunner,
    q: {
      serviceId: string;
      resourceId?: string;
      startsAt: Date;
      length?: { durationMin: number; bufferBeforeMin: number; bufferAfterMin: number };
      excludeBookingId?: string;
    },
  ): Promise<LoadedAvailability> {
    const rows = await repo.loadCheck(runner, { ...q, ...around(q.startsAt, new Date(q.startsAt.getTime() + DAY_MS)) });
    return toInputs(rows, rows.dayStarts);
  }

  return {
    loadForCheck,

    /** Free slots of an active service over local dates in `timeZone` (inclusive, at most 62 days): one statement. */
    async slots(q: { serviceId: string; from: string; to: string; timeZone: string; resourceId?: string }) {
      const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS + 1;
      if (days > MAX_SLOT_RANGE_DAYS) {
        throw new AppError('VALIDATION_FAILED', `Ask for at most ${MAX_SLOT_RANGE_DAYS} days at a time`, [
          { path: 'query.to', message: `At most ${MAX_SLOT_RANGE_DAYS} days after from` },
        ]);
      }
      const from = startOfLocalDay(q.from, q.timeZone);
      const to = startOfLocalDay(addDays(q.to, 1), q.timeZone);
      const rows = await repo.loadRange({
        serviceId: q.serviceId,
        ...(q.resourceId ? { resourceId: q.resourceId } : {}),
        ...around(from, to),
        // Bookings up to two days around, for the local-day counts of maxPerDay.
        from: new Date(from.getTime() - 2 * DAY_MS),
        to: new Date(to.getTime() + 2 * DAY_MS),
      });
      const loaded = toInputs(rows);
      const service = requireSchedulable(loaded.service);
      if (q.resourceId && !service.resourceIds.includes(q.resourceId)) throw new AppError('NOT_FOUND', 'This resource does not offer this service');
      const slots = computeSlots(service, loaded.resources, loaded.blackouts, { from: q.from, to: q.to, timeZone: q.timeZone, now: deps.clock.now() });
      return {
        timeZone: q.timeZone,
        slots: slots.map((s) => ({
          startsAt: formatWithOffset(s.startsAt, q.timeZone),
          endsAt: formatWithOffset(s.endsAt, q.timeZone),
          resourceIds: s.resourceIds,
        })),
      };
    },

    /**
     * The authoritative check of one start on each candidate resource, in order, against what
     * `loadForCheck` read (call it with the rows locked). Candidates not loaded (inactive, gone)
     * are left out.
     */
    check(
      loaded: LoadedAvailability,
      service: ServiceRules,
      resourceIds: string[],
      startsAt: Date,
      opts: { ignoreNoticeAndHorizon?: boolean; requireAlignment?: boolean },
    ): { resourceId: string; result: BookableResult }[] {
      const byId = new Map(loaded.resources.map((r) => [r.id, r]));
      return resourceIds.flatMap((resourceId) => {
        const resource = byId.get(resourceId);
        return resource ? [{ resourceId, result: checkBookable(service, resource, loaded.blackouts, startsAt, deps.clock.now(), opts) }] : [];
      });
    },
  };
}
export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

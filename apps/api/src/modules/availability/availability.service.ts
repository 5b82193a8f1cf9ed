import type { AppDeps } from '../../app';
import { AppError } from '../../platform/errors';
import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { addDays, formatWithOffset, localDateOf, startOfLocalDay, type Weekday } from '../../platform/time';
import {
  checkBookable,
  computeSlots,
  type BookableResult,
  type Interval,
  type ResourceInput,
  type ServiceRules,
} from './availability.engine';
import { createAvailabilityRepo } from './availability.repo';

export const MAX_SLOT_RANGE_DAYS = 62;
const DAY_MS = 86_400_000;

type Client = TenantDb | TenantTx;
export type SchedulableService = ServiceRules & { id: string; resourceIds: string[] };

/**
 * Loads hours, overrides, blackouts and busy times for `resourceIds` around [from, to) and
 * hands them to the pure engine. Used for the slot lists and, inside the booking transaction
 * after the resource row is locked, for the authoritative re-check.
 */
export function createAvailabilityService(deps: AppDeps) {
  const repo = createAvailabilityRepo();

  async function loadInputs(client: Client, resourceIds: string[], from: Date, to: Date, opts: { excludeBookingId?: string } = {}) {
    // Local dates in any zone that can touch [from, to): ±14 h offsets, plus a day for maxPerDay counts.
    const rows = await repo.load(client, {
      resourceIds,
      fromDate: addDays(localDateOf(from, 'UTC'), -2),
      toDate: addDays(localDateOf(to, 'UTC'), 2),
      from: new Date(from.getTime() - 2 * DAY_MS),
      to: new Date(to.getTime() + 2 * DAY_MS),
      now: deps.clock.now(),
      ...(opts.excludeBookingId ? { excludeBookingId: opts.excludeBookingId } : {}),
    });
    const inputs: ResourceInput[] = rows.resources.map((r) => {
      const mine = rows.busy.filter((b) => b.resourceId === r.id);
      const perDay: Record<string, number> = {};
      for (const b of mine) {
        const day = localDateOf(new Date(b.startsAtMs), r.timeZone);
        perDay[day] = (perDay[day] ?? 0) + 1;
      }
      return {
        id: r.id,
        timeZone: r.timeZone,
        rules: rows.rules.filter((x) => x.resourceId === r.id).map((x) => ({ weekday: x.weekday as Weekday, start: x.startTime, end: x.endTime })),
        overrides: rows.overrides.filter((o) => o.resourceId === r.id).map((o) => ({ date: o.date, ranges: o.ranges })),
        // External busy times (calendar sync) join here when that integration lands.
        busy: mine.map((b) => ({ start: new Date(b.startMs), end: new Date(b.endMs) })),
        bookingsPerLocalDay: perDay,
      };
    });
    // Blackouts are local dates of the tenant: the whole day(s) in the tenant's zone.
    const blackouts: Interval[] = rows.blackouts.map((b) => ({
      start: startOfLocalDay(b.startDate, rows.tenantZone),
      end: startOfLocalDay(addDays(b.endDate, 1), rows.tenantZone),
    }));
    return { resources: inputs, blackouts };
  }

  return {
    loadInputs,

    /** Staff view: free slots of one of the tenant's services (archived or inactive ones: 404). */
    async slots(q: { serviceId: string; from: string; to: string; timeZone: string; resourceId?: string }) {
      const service = await loadSchedulableService(deps.db, q.serviceId);
      return this.slotsOf(deps.db, service, q);
    },

    /** Free slots of a service over local dates in `timeZone` (inclusive, at most 62 days). */
    async slotsOf(client: Client, service: SchedulableService, q: { from: string; to: string; timeZone: string; resourceId?: string }) {
      const days = (Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`)) / DAY_MS + 1;
      if (days > MAX_SLOT_RANGE_DAYS) {
        throw new AppError('VALIDATION_FAILED', `Ask for at most ${MAX_SLOT_RANGE_DAYS} days at a time`, [
          { path: 'query.to', message: `At most ${MAX_SLOT_RANGE_DAYS} days after from` },
        ]);
      }
      let resourceIds = service.resourceIds;
      if (q.resourceId) {
        if (!resourceIds.includes(q.resourceId)) throw new AppError('NOT_FOUND', 'This resource does not offer this service');
        resourceIds = [q.resourceId];
      }
      const from = startOfLocalDay(q.from, q.timeZone);
      const to = startOfLocalDay(addDays(q.to, 1), q.timeZone);
      const { resources, blackouts } = await loadInputs(client, resourceIds, from, to);
      const slots = computeSlots(service, resources, blackouts, { from: q.from, to: q.to, timeZone: q.timeZone, now: deps.clock.now() });
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
     * The authoritative check of one start on each candidate resource, in order (call with the
     * rows locked): one load for all of them. Candidates that are inactive or gone are left out.
     */
    async check(
      client: Client,
      service: SchedulableService,
      resourceIds: string[],
      startsAt: Date,
      opts: { ignoreNoticeAndHorizon?: boolean; requireAlignment?: boolean; excludeBookingId?: string },
    ): Promise<{ resourceId: string; result: BookableResult }[]> {
      const end = new Date(startsAt.getTime() + service.durationMin * 60_000);
      const { resources, blackouts } = await loadInputs(client, resourceIds, startsAt, end, opts);
      const byId = new Map(resources.map((r) => [r.id, r]));
      return resourceIds.flatMap((resourceId) => {
        const resource = byId.get(resourceId);
        return resource ? [{ resourceId, result: checkBookable(service, resource, blackouts, startsAt, deps.clock.now(), opts) }] : [];
      });
    },
  };
}
export type AvailabilityService = ReturnType<typeof createAvailabilityService>;

/** A bookable service with its rules and resources; 404 when unknown, archived or inactive. */
export async function loadSchedulableService(client: Client, serviceId: string) {
  const service = await client.service.findUnique({
    where: { id: serviceId },
    include: { resources: { select: { resourceId: true } } },
  });
  if (!service || !service.active) throw new AppError('NOT_FOUND', 'Service not found');
  return { ...service, resourceIds: service.resources.map((r) => r.resourceId).sort() };
}

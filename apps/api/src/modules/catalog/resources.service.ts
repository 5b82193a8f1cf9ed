import type { TResource, TWeeklyRule, ZResourceInput } from '@slotwise/contracts';
import type { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import type { TenantTx } from '../../platform/tenancy';
import { transaction } from '../../platform/transaction';
import { createTenantService } from '../tenant/tenant.service';
import { fromIsoDate, toIsoDate } from './date-column';
import { cursorKey, toPage } from './pagination';
import { createResourcesRepo, type OverrideRow, type ResourceRow, type RuleRow } from './resources.repo';

type ResourceInput = z.infer<typeof ZResourceInput>;
type Range = { start: string; end: string };

const toResource = (r: ResourceRow): TResource => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });
const snapshot = (r: ResourceRow) => ({ name: r.name, timeZone: r.timeZone, userId: r.userId, active: r.active });
const toRule = (r: RuleRow): TWeeklyRule => ({ weekday: r.weekday, start: r.startTime, end: r.endTime });
const sortRanges = (ranges: Range[]) => [...ranges].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
const toOverride = (o: OverrideRow) => ({ id: o.id, date: toIsoDate(o.date), ranges: o.ranges as Range[] });

/**
 * Indexes of ranges that overlap an earlier range of the same group (weekday). Ranges that
 * only touch (09:00–12:00, 12:00–17:00) don't overlap.
 */
export function overlappingIndexes(ranges: (Range & { group?: number })[]): number[] {
  const bad: number[] = [];
  ranges.forEach((r, i) => {
    const clash = ranges.slice(0, i).some((o) => o.group === r.group && o.start < r.end && r.start < o.end);
    if (clash) bad.push(i);
  });
  return bad;
}

function rejectOverlaps(indexes: number[], pathPrefix: string): void {
  if (!indexes.length) return;
  throw new AppError(
    'VALIDATION_FAILED',
    'Some time ranges overlap',
    indexes.map((i) => ({ path: `${pathPrefix}.${i}`, message: 'Overlaps another range on the same day' })),
  );
}

export function createResourcesService(deps: AppDeps) {
  const { audit } = deps;
  const repo = createResourcesRepo(deps);
  const tenants = createTenantService(deps);

  async function existing(id: string, tx?: TenantTx): Promise<ResourceRow> {
    const found = await repo.find(id, tx);
    if (!found) throw notFound('Resource');
    return found;
  }

  async function assertMember(tx: TenantTx, userId: string | null | undefined): Promise<void> {
    if (!userId || (await repo.isMember(tx, userId))) return;
    throw new AppError('VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.userId', message: 'Not a member of this business' }]);
  }

  return {
    async list(q: { cursor?: string; limit: number; includeInactive?: 'true' | 'false' }) {
      const after = await cursorKey(q.cursor, (id) => repo.find(id));
      const rows = await repo.list({ includeInactive: q.includeInactive === 'true', after, limit: q.limit });
      return toPage(rows, q.limit, toResource);
    },

    get: async (id: string) => toResource(await existing(id)),

    async create(input: ResourceInput) {
      const timeZone = input.timeZone ?? (await tenants.get()).timeZone;
      const created = await transaction(deps, async (tx) => {
        await assertMember(tx, input.userId);
        const row = await repo.create(tx, { name: input.name, timeZone, userId: input.userId ?? null, active: input.active ?? true });
        await audit.record(tx, { action: 'resource.created', resourceType: 'resource', resourceId: row.id, after: snapshot(row) });
        return row;
      });
      return toResource(created);
    },

    async update(id: string, patch: Partial<ResourceInput>) {
      const updated = await transaction(deps, async (tx) => {
        const before = await existing(id, tx);
        await assertMember(tx, patch.userId);
        const after = await repo.update(tx, id, patch);
        await audit.record(tx, { action: 'resource.updated', resourceType: 'resource', resourceId: id, before: snapshot(before), after: snapshot(after) });
        return after;
      });
      return toResource(updated);
    },

    async getHours(id: string) {
      await existing(id);
      return (await repo.rules(id)).map(toRule);
    },

    /** Replaces the whole week at once: readers see the old week or the new one, never a mix. */
    async setHours(id: string, rules: TWeeklyRule[]) {
      rejectOverlaps(overlappingIndexes(rules.map((r) => ({ ...r, group: r.weekday }))), 'body');
      const after = await transaction(deps, async (tx) => {
        await existing(id, tx);
        const before = (await repo.rules(id, tx)).map(toRule);
        await repo.replaceRules(
          tx,
          id,
          rules.map((r) => ({ weekday: r.weekday, startTime: r.start, endTime: r.end })),
        );
        const saved = (await repo.rules(id, tx)).map(toRule);
        await audit.record(tx, {
          action: 'resource.hours_updated',
          resourceType: 'resource',
          resourceId: id,
          before: { hours: before },
          after: { hours: saved },
        });
        return saved;
      });
      return after;
    },

    async listOverrides(id: string, q: { from?: string; to?: string }) {
      await existing(id);
      const rows = await repo.overrides(id, { from: q.from ? fromIsoDate(q.from) : undefined, to: q.to ? fromIsoDate(q.to) : undefined });
      return { items: rows.map(toOverride) };
    },

    async setOverride(id: string, input: { date: string; ranges: Range[] }) {
      rejectOverlaps(overlappingIndexes(input.ranges), 'body.ranges');
      const date = fromIsoDate(input.date);
      const ranges = sortRanges(input.ranges);
      const saved = await transaction(deps, async (tx) => {
        await existing(id, tx);
        const before = await repo.findOverride(tx, id, date);
        const row = await repo.upsertOverride(tx, id, date, ranges);
        await audit.record(tx, {
          action: 'resource.override_set',
          resourceType: 'resource',
          resourceId: id,
          before: before ? { ranges: before.ranges } : null,
          after: { ranges },
          metadata: { date: input.date },
        });
        return row;
      });
      return toOverride(saved);
    },

    async deleteOverride(id: string, isoDate: string) {
      await transaction(deps, async (tx) => {
        await existing(id, tx);
        const found = await repo.findOverride(tx, id, fromIsoDate(isoDate));
        if (!found) throw notFound('Date override');
        await repo.deleteOverride(tx, found.id);
        await audit.record(tx, {
          action: 'resource.override_deleted',
          resourceType: 'resource',
          resourceId: id,
          before: { ranges: found.ranges },
          metadata: { date: isoDate },
        });
      });
    },
  };
}

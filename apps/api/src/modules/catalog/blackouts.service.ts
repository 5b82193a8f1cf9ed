import type { AppDeps } from '../../platform/deps';
import { notFound } from '../../platform/errors';
import { transaction } from '../../platform/transaction';
import { createBlackoutsRepo, type BlackoutRow } from './blackouts.repo';
import { fromIsoDate, toIsoDate } from './date-column';

const toBlackout = (b: BlackoutRow) => ({
  id: b.id,
  startDate: toIsoDate(b.startDate),
  endDate: toIsoDate(b.endDate),
  reason: b.reason,
  createdAt: b.createdAt.toISOString(),
});
const snapshot = (b: BlackoutRow) => ({ startDate: toIsoDate(b.startDate), endDate: toIsoDate(b.endDate), reason: b.reason });

export function createBlackoutsService(deps: AppDeps) {
  const { audit } = deps;
  const repo = createBlackoutsRepo(deps);
  return {
    list: async () => ({ items: (await repo.list()).map(toBlackout) }),

    async create(input: { startDate: string; endDate: string; reason: string }) {
      const created = await transaction(deps, async (tx) => {
        const row = await repo.create(tx, { startDate: fromIsoDate(input.startDate), endDate: fromIsoDate(input.endDate), reason: input.reason });
        await audit.record(tx, { action: 'blackout.created', resourceType: 'blackout', resourceId: row.id, after: snapshot(row) });
        return row;
      });
      return toBlackout(created);
    },

    async remove(id: string) {
      await transaction(deps, async (tx) => {
        const found = await repo.find(tx, id);
        if (!found) throw notFound('Blackout');
        await repo.delete(tx, id);
        await audit.record(tx, { action: 'blackout.deleted', resourceType: 'blackout', resourceId: id, before: snapshot(found) });
      });
    },
  };
}

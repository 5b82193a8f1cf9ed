import type { TAuditEntry, THistoryEntry } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import { withTenant } from '../../platform/tenancy';
import { createAuditRepo, type AuditFilter } from './audit.repo';

type Row = Awaited<ReturnType<ReturnType<typeof createAuditRepo>['trail']>>[number];

const toEntry = (r: Row): TAuditEntry => ({
  ...r,
  actorType: r.actorType as TAuditEntry['actorType'],
  changes: r.changes as TAuditEntry['changes'],
  metadata: r.metadata as TAuditEntry['metadata'],
  createdAt: r.createdAt.toISOString(),
});

export function createAuditService(deps: AppDeps) {
  const repo = createAuditRepo(deps);
  return {
    async list(filter: AuditFilter, cursor: string | undefined, limit: number) {
      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && !after) throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
      const rows = await repo.list(filter, after, limit);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toEntry), nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },
    /** 404 when this tenant has no history for the resource: another tenant's id looks unknown. */
    async trail(resourceType: string, resourceId: string) {
      const items = await repo.trail(resourceType, resourceId);
      if (!items.length) throw new AppError('NOT_FOUND', 'No history for this resource');
      return { items: items.map(toEntry) };
    },
    /**
     * The history of one record for members who may see the record (its module checks that
     * first): what, who and what changed, without the IP and user agent. Empty when nothing was
     * recorded.
     */
    async history(resourceType: string, resourceId: string): Promise<THistoryEntry[]> {
      const items = await repo.trail(resourceType, resourceId);
      return items.map(toEntry).map(({ id, actorType, actorId, action, changes, createdAt }) => ({ id, actorType, actorId, action, changes, createdAt }));
    },
    /**
     * Deletes each tenant's entries older than its retention period. Cross-tenant by design: it
     * reads every tenant, then deletes inside each one's scope.
     */
    async unsafeApplyRetention(): Promise<{ tenants: number; deleted: number }> {
      const tenants = await repo.unsafeRetentionOfEveryTenant();
      const now = deps.clock.now().getTime();
      let deleted = 0;
      for (const t of tenants) {
        const before = new Date(now - t.auditRetentionDays * 86_400_000);
        const result = await withTenant(t.id, () => repo.deleteOlderThan(before));
        deleted += result.count;
      }
      return { tenants: tenants.length, deleted };
    },
    async summary(from: Date, to: Date) {
      if (from >= to) throw new AppError('VALIDATION_FAILED', '`from` must be before `to`', [{ path: 'query.from', message: 'Must be before to' }]);
      const groups = await repo.summary(from, to);
      return { items: groups.map((g) => ({ action: g.action, count: g._count._all })) };
    },
  };
}

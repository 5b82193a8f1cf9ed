import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { withTenant } from '../../platform/tenancy';
import { createAuditRepo } from './audit.repo';

/** Daily: each tenant's audit entries older than its retention period are deleted. */
export function auditRetentionJob(deps: AppDeps) {
  const repo = createAuditRepo(deps.db);
  return defineJob({
    name: 'audit.retention',
    schema: z.object({}),
    cron: '17 3 * * *',
    policy: 'singleton',
    async handler() {
      // Cross-tenant by design: the job walks every tenant, then works inside each one's scope.
      const tenants = await deps.prisma.tenant.findMany({ select: { id: true, auditRetentionDays: true } });
      const now = deps.clock.now().getTime();
      let deleted = 0;
      for (const t of tenants) {
        const before = new Date(now - t.auditRetentionDays * 86_400_000);
        const result = await withTenant(t.id, () => repo.deleteOlderThan(before));
        deleted += result.count;
      }
      deps.logger.info({ tenants: tenants.length, deleted }, 'audit retention applied');
    },
  });
}

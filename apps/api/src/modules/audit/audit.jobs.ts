import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { createAuditService } from './audit.service';

/** Daily: each tenant's audit entries older than its retention period are deleted. */
export function auditRetentionJob(deps: AppDeps) {
  const audit = createAuditService(deps);
  return defineJob({
    name: 'audit.retention',
    schema: z.object({}),
    cron: '17 3 * * *',
    policy: 'singleton',
    async handler() {
      const { tenants, deleted } = await audit.unsafeApplyRetention();
      deps.logger.info({ tenants, deleted }, 'audit retention applied');
    },
  });
}

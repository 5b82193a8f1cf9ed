import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { createSystemService } from './system.service';

/**
 * Hourly: deletes what can never be used again and would otherwise pile up for ever —
 * Idempotency-Keys past their 24 hours, and sessions that are revoked, past their absolute
 * lifetime or idle for longer than the idle timeout (none of them can be resumed).
 */
export function housekeepingJob(deps: AppDeps) {
  return defineJob({
    name: 'platform.housekeeping',
    schema: z.object({}),
    cron: '41 * * * *',
    policy: 'singleton',
    async handler() {
      const purged = await unsafePurgeExpired(deps);
      deps.logger.info(purged, 'housekeeping: expired keys and sessions purged');
    },
  });
}

/** Cross-tenant by design (it walks every tenant's expired rows): only for the housekeeping job. */
export const unsafePurgeExpired = (deps: AppDeps, batch?: number) => createSystemService(deps).unsafePurgeExpired(batch);

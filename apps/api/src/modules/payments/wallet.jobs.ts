import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { walletLinkEmailQueue } from './wallet.queues';
import { createWalletService } from './wallet.service';

/** The emailed link to a customer's saved cards: sent once, not at all once used or expired (idempotent). */
export function walletLinkEmailJob(deps: AppDeps) {
  return defineJob({
    ...walletLinkEmailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    handler: ({ linkId }) => createWalletService(deps).sendLinkEmail(linkId),
  });
}

/** Hourly: wallet links and sessions past their end are deleted (they can never be used again). */
export function walletHousekeepingJob(deps: AppDeps) {
  return defineJob({
    name: 'wallet.housekeeping',
    schema: z.object({}),
    cron: '47 * * * *',
    policy: 'singleton',
    async handler() {
      const purged = await createWalletService(deps).unsafePurgeExpired();
      deps.logger.info(purged, 'wallet housekeeping: expired links and sessions deleted');
    },
  });
}

/** The wallet's jobs (jobs.ts registers them). */
export const walletJobs = (deps: AppDeps) => [walletLinkEmailJob(deps), walletHousekeepingJob(deps)];

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

import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The saved-cards wallet's email, as its sender (wallet.service) sees it. The payload names the
 * link's row, never the link: the job derives the token again when it sends (wallet-links.ts).
 */
export const walletLinkEmailQueue = defineQueue({ name: 'wallet.link-email', schema: z.object({ linkId: z.string().uuid() }) });

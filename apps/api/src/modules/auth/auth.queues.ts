import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The auth module's queue as its sender (auth.service) sees it: name and payload. The job
 * definition (account-email.jobs.ts) adds the handler. The payload names the AccountToken row (or
 * the user), never the link: the job derives the token again when it sends.
 */
export const ZAccountEmail = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), tokenId: z.string().uuid(), correlationId: z.string().max(200).optional() }),
  z.object({ kind: z.literal('account-exists'), userId: z.string().uuid(), correlationId: z.string().max(200).optional() }),
]);
export type AccountEmailJob = z.infer<typeof ZAccountEmail>;

export const accountEmailQueue = defineQueue({ name: 'account.email', schema: ZAccountEmail });

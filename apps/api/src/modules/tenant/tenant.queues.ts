import { z } from 'zod';
import { defineQueue } from '../../platform/jobs';

/**
 * The tenant module's queue as its sender (tenant.service) sees it: name and payload. The job
 * definition (invitation-email.jobs.ts) adds the handler, which uses the notifications service, so
 * the service never imports the job.
 */
export const ZInvitationEmail = z.object({
  tenantId: z.string().uuid(),
  invitationId: z.string().uuid(),
  /** Which link: a re-send bumps the version, and an email for an older one is no longer sent. */
  linkVersion: z.number().int().min(1),
  correlationId: z.string().max(200).optional(),
});
export type InvitationEmail = z.infer<typeof ZInvitationEmail>;

export const invitationEmailQueue = defineQueue({ name: 'invitation.email', schema: ZInvitationEmail });

/** One email per link: a resend (new version) sends again, a retried job does not. */
export const invitationEmailKey = (data: Pick<InvitationEmail, 'invitationId' | 'linkVersion'>) => `invite:${data.invitationId}:v${data.linkVersion}`;

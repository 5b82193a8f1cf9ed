import { z } from 'zod';
import type { AppDeps } from '../../app';
import { defineJob, jobId } from '../../platform/jobs';
import { sha256 } from '../../platform/session';
import { withTenant, type TenantTx } from '../../platform/tenancy';
import { renderInvitationEmail } from '../notifications/email-templates';
import { sendOnce } from '../notifications/notifications.service';
import { createTenantService } from './tenant.service';

const KIND = 'member.invitation';

const ZInvitationEmail = z.object({
  tenantId: z.string().uuid(),
  invitationId: z.string().uuid(),
  /** Carries the token: only the hash is stored with the invitation. */
  acceptUrl: z.string().url(),
  correlationId: z.string().max(200).optional(),
});
type InvitationEmail = z.infer<typeof ZInvitationEmail>;

const tokenOf = (acceptUrl: string) => new URL(acceptUrl).pathname.split('/').pop() ?? '';
/** One email per token: a resend (new token) sends again, a retried job does not. */
const dedupeKey = (data: Pick<InvitationEmail, 'invitationId' | 'acceptUrl'>) => `invite:${data.invitationId}:${sha256(tokenOf(data.acceptUrl)).slice(0, 16)}`;

/**
 * Emails an invitation's accept link. Idempotent through the EmailLog's dedupe key and retried
 * with backoff like every email; sends nothing once the invitation was accepted, revoked,
 * expired or re-sent with a newer link.
 */
export function invitationEmailJob(deps: AppDeps) {
  return defineJob({
    name: 'invitation.email',
    schema: ZInvitationEmail,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    async handler(data) {
      await withTenant(data.tenantId, () => deliver(deps, data));
    },
  });
}

/** Enqueues the email inside the transaction that creates or renews the invitation. */
export async function queueInvitationEmail(deps: AppDeps, tx: TenantTx, data: InvitationEmail): Promise<void> {
  const job = await deps.jobs.insertStatement(invitationEmailJob(deps), data, { id: jobId(dedupeKey(data)) });
  await tx.$executeRawUnsafe(job.text, ...job.values);
}

function deliver(deps: AppDeps, data: InvitationEmail) {
  return sendOnce(deps, { kind: KIND, dedupeKey: dedupeKey(data), bookingId: null, invitationId: data.invitationId }, async (now) => {
    const invitation = await deps.db.invitation.findUnique({ where: { id: data.invitationId } });
    const reason = !invitation
      ? 'invitation not found'
      : invitation.acceptedAt
        ? 'already accepted'
        : invitation.revokedAt
          ? 'revoked'
          : invitation.expiresAt <= now
            ? 'expired'
            : invitation.tokenHash !== sha256(tokenOf(data.acceptUrl))
              ? 'a newer link was sent'
              : null;
    if (!invitation || reason) return { skip: reason ?? 'invitation not found' };
    const inviter = await deps.db.membership.findFirst({ where: { userId: invitation.invitedById }, select: { user: { select: { name: true } } } });
    const tenant = await createTenantService(deps).get();
    const email = renderInvitationEmail({ tenant, inviterName: inviter?.user.name ?? null, role: invitation.role, acceptUrl: data.acceptUrl, expiresAt: invitation.expiresAt });
    return { to: [invitation.email], email };
  });
}

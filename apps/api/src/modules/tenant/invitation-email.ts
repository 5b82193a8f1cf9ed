import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import type { Config } from '../../config';
import { defineJob, jobId } from '../../platform/jobs';
import { linkToken } from '../../platform/link-tokens';
import { sha256 } from '../../platform/session';
import { withTenant, type TenantTx } from '../../platform/tenancy';
import { renderInvitationEmail } from '../notifications/email-templates';
import { sendOnce } from '../notifications/notifications.service';
import { createTenantService } from './tenant.service';

const KIND = 'member.invitation';

/**
 * An invitation's token is derived from it (platform/link-tokens): HMAC(SECRET_KEY, id, link
 * version). The invitation stores its SHA-256; the job carries the id and version and derives
 * the token again to send it. Only the invitee's mailbox ever holds the link, so following it
 * shows the address is theirs.
 */
export const invitationToken = (config: Pick<Config, 'SECRET_KEY'>, invitation: { id: string; linkVersion: number }) =>
  linkToken(config.SECRET_KEY, 'invitation', invitation.id, invitation.linkVersion);

const acceptUrlFor = (config: Pick<Config, 'SECRET_KEY' | 'PUBLIC_URL'>, invitation: { id: string; linkVersion: number }) =>
  new URL(`/accept-invitation/${invitationToken(config, invitation)}`, config.PUBLIC_URL).toString();

const ZInvitationEmail = z.object({
  tenantId: z.string().uuid(),
  invitationId: z.string().uuid(),
  /** Which link: a re-send bumps the version, and an email for an older one is no longer sent. */
  linkVersion: z.number().int().min(1),
  correlationId: z.string().max(200).optional(),
});
type InvitationEmail = z.infer<typeof ZInvitationEmail>;

/** One email per link: a resend (new version) sends again, a retried job does not. */
const dedupeKey = (data: Pick<InvitationEmail, 'invitationId' | 'linkVersion'>) => `invite:${data.invitationId}:v${data.linkVersion}`;

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
            : invitation.linkVersion !== data.linkVersion
              ? 'a newer link was sent'
              : invitation.tokenHash !== sha256(invitationToken(deps.config, invitation))
                ? 'SECRET_KEY changed since the link was made'
                : null;
    if (!invitation || reason) return { skip: reason ?? 'invitation not found' };
    const inviter = await deps.db.membership.findFirst({ where: { userId: invitation.invitedById }, select: { user: { select: { name: true } } } });
    const tenant = await createTenantService(deps).get();
    const acceptUrl = acceptUrlFor(deps.config, invitation);
    const email = renderInvitationEmail({ tenant, inviterName: inviter?.user.name ?? null, role: invitation.role, acceptUrl, expiresAt: invitation.expiresAt });
    return { to: [invitation.email], email };
  });
}

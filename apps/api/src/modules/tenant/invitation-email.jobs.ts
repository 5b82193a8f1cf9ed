import type { AppDeps } from '../../platform/deps';
import { defineJob } from '../../platform/jobs';
import { sha256 } from '../../platform/session';
import { withTenant } from '../../platform/tenancy';
import { renderInvitationEmail } from '../notifications';
import { sendOnce } from '../notifications/notifications.service';
import { acceptUrlFor, invitationToken } from './invitation-links';
import { createTenantRepo } from './tenant.repo';
import { invitationEmailKey, invitationEmailQueue, type InvitationEmail } from './tenant.queues';

const KIND = 'member.invitation';

/**
 * Emails an invitation's accept link. Idempotent through the EmailLog's dedupe key and retried
 * with backoff like every email; sends nothing once the invitation was accepted, revoked,
 * expired or re-sent with a newer link.
 */
export function invitationEmailJob(deps: AppDeps) {
  return defineJob({
    ...invitationEmailQueue,
    retryLimit: 8,
    retryDelaySeconds: 30,
    expireInSeconds: 120,
    async handler(data) {
      await withTenant(data.tenantId, () => deliver(deps, data));
    },
  });
}

function deliver(deps: AppDeps, data: InvitationEmail) {
  const repo = createTenantRepo(deps);
  return sendOnce(deps, { kind: KIND, dedupeKey: invitationEmailKey(data), bookingId: null, invitationId: data.invitationId }, async (now) => {
    const invitation = await repo.findInvitationForEmail(data.invitationId);
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
    const inviterName = await repo.memberName(invitation.invitedById);
    const tenant = await repo.findTenant(data.tenantId);
    if (!tenant) return { skip: 'business deleted' };
    const acceptUrl = acceptUrlFor(deps.config, invitation);
    const email = renderInvitationEmail({ tenant, inviterName, role: invitation.role, acceptUrl, expiresAt: invitation.expiresAt });
    return { to: [invitation.email], email };
  });
}

import { randomUUID } from 'node:crypto';
import type { TRole, TTenantUpdate } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { assertAcceptablePassword } from '../../platform/password-policy';
import { hashPassword } from '../../platform/passwords';
import { sha256 } from '../../platform/session';
import { requireTenantId, withTenant, type TenantTx } from '../../platform/tenancy';
import { jobId } from '../../platform/jobs';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { createAuthService, toTenant } from '../auth/auth.service';
import { invitationToken } from './invitation-links';
import { createTenantRepo, type InvitationRow, type MemberRow, type TenantSettingsPatch } from './tenant.repo';
import { invitationEmailKey, invitationEmailQueue, type InvitationEmail } from './tenant.queues';

const INVITATION_DAYS = 7;

/** Never with its link: only the invitee's mailbox gets that, so an inviter cannot claim the address. */
const toInvitation = (i: InvitationRow) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() });
const toMember = (m: MemberRow) => ({ ...m, createdAt: m.createdAt.toISOString() });

export function createTenantService(deps: AppDeps) {
  const { audit, clock } = deps;
  const repo = createTenantRepo(deps);
  const auth = createAuthService(deps);
  const invitationExpiry = () => new Date(clock.now().getTime() + INVITATION_DAYS * 86_400_000);

  return {
    async get() {
      const tenant = await repo.findTenant(requireTenantId());
      if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
      return toTenant(tenant);
    },

    async update(settings: TTenantUpdate) {
      const tenantId = requireTenantId();
      const { cancellationPolicy, ...rest } = settings;
      const patch: TenantSettingsPatch = { ...rest, ...cancellationPolicy };
      const updated = await transaction(deps, async (tx) => {
        const before = await repo.currentTenantOrThrow(tx);
        const after = await repo.updateCurrentTenant(tx, patch);
        await audit.record(tx, { action: 'tenant.updated', resourceType: 'tenant', resourceId: tenantId, before, after });
        return after;
      });
      deps.tenants.forget(tenantId);
      return toTenant(updated);
    },

    listMembers: async () => (await repo.listMembers()).map(toMember),

    async changeRole(membershipId: string, role: TRole) {
      const member = await transaction(deps, async (tx) => {
        await repo.lockMemberships(tx);
        const current = await repo.findMember(membershipId, tx);
        if (!current) throw new AppError('NOT_FOUND', 'Member not found');
        if (current.role === 'OWNER' && role !== 'OWNER' && (await repo.countOwners(tx)) <= 1) {
          throw new AppError('CONFLICT', 'A business needs at least one owner', { reason: 'LAST_OWNER' });
        }
        const updated = await repo.setRole(tx, membershipId, role);
        await audit.record(tx, {
          action: 'member.role_changed',
          resourceType: 'member',
          resourceId: membershipId,
          before: { role: current.role },
          after: { role },
        });
        return updated;
      });
      return toMember(member);
    },

    async removeMember(membershipId: string) {
      await transaction(deps, async (tx) => {
        await repo.lockMemberships(tx);
        const current = await repo.findMember(membershipId, tx);
        if (!current) throw new AppError('NOT_FOUND', 'Member not found');
        if (current.role === 'OWNER' && (await repo.countOwners(tx)) <= 1) {
          throw new AppError('CONFLICT', 'A business needs at least one owner', { reason: 'LAST_OWNER' });
        }
        await repo.deleteMember(tx, membershipId);
        await audit.record(tx, {
          action: 'member.removed',
          resourceType: 'member',
          resourceId: membershipId,
          before: { role: current.role, userId: current.user.id, email: current.user.email },
        });
      });
    },

    pendingInvitations: async () => (await repo.pendingInvitations(clock.now())).map(toInvitation),

    /** Creates the invitation and emails its link (a job written in the same transaction). */
    async invite(email: string, role: TRole, invitedById: string) {
      const link = { id: randomUUID(), linkVersion: 1 };
      const invitation = await transaction(deps, async (tx) => {
        if (await repo.isMemberByEmail(tx, email)) throw new AppError('CONFLICT', 'This person is already a member', { field: 'email' });
        const created = await repo.createInvitation(tx, {
          ...link,
          email,
          role,
          tokenHash: sha256(invitationToken(deps.config, link)),
          invitedById,
          expiresAt: invitationExpiry(),
        });
        await audit.record(tx, { action: 'invitation.created', resourceType: 'invitation', resourceId: created.id, after: { email, role } });
        await queueInvitationEmail(tx, { tenantId: requireTenantId(), invitationId: created.id, linkVersion: link.linkVersion });
        return created;
      });
      return toInvitation(invitation);
    },

    /**
     * A new link for a pending invitation (the email went astray, or it is about to expire):
     * the old link stops working, the expiry starts again, and the new link is emailed.
     */
    async resendInvitation(id: string) {
      const invitation = await transaction(deps, async (tx) => {
        const current = await repo.findPendingInvitation(tx, id);
        if (!current) throw new AppError('NOT_FOUND', 'Invitation not found');
        const link = { id, linkVersion: current.linkVersion + 1 };
        // Conditional on the version read: of two re-sends at once, one renews and the other finds nothing.
        const renewed = await repo.renewInvitation(tx, id, current.linkVersion, {
          linkVersion: link.linkVersion,
          tokenHash: sha256(invitationToken(deps.config, link)),
          expiresAt: invitationExpiry(),
        });
        if (!renewed) throw new AppError('NOT_FOUND', 'Invitation not found');
        await audit.record(tx, { action: 'invitation.resent', resourceType: 'invitation', resourceId: id });
        await queueInvitationEmail(tx, { tenantId: requireTenantId(), invitationId: id, linkVersion: link.linkVersion });
        return repo.findInvitation(tx, id);
      });
      return toInvitation(invitation);
    },

    async revokeInvitation(id: string) {
      await transaction(deps, async (tx) => {
        const found = await repo.findInvitationState(tx, id);
        if (!found || found.revokedAt || found.acceptedAt) throw new AppError('NOT_FOUND', 'Invitation not found');
        await repo.revokeInvitation(tx, id, clock.now());
        await audit.record(tx, { action: 'invitation.revoked', resourceType: 'invitation', resourceId: id });
      });
    },

    /** Cross-tenant: whether any business exists yet (the demo seed fills only an empty database). */
    async unsafeAnyTenantExists() {
      return (await repo.unsafeCountTenants()) > 0;
    },

    /** Public: what a token invites to. Cross-tenant by nature: the token is the credential. */
    async unsafeDescribeInvitation(token: string, signedInAs: string | null) {
      const inv = await unsafeLiveInvitation(token);
      const tenant = await repo.findTenant(inv.tenantId);
      const user = await auth.accountByEmail(inv.email);
      const caller = signedInAs ? await auth.accountEmail(signedInAs) : null;
      return { tenantName: tenant?.name ?? '', email: inv.email, role: inv.role, userExists: Boolean(user), signedInAs: caller };
    },

    /**
     * Public: the token is the credential, and only the invitee's mailbox has it. An address
     * with no account gets one (name and password chosen here; verified by the link). An address
     * that has an account is accepted by that account, signed in: being invited never gives
     * anyone a session as an existing user, nor a way to set their password.
     */
    async unsafeAcceptInvitation(token: string, input: { name?: string; password?: string }, signedInAs: string | null) {
      const inv = await unsafeLiveInvitation(token);
      const existing = await auth.accountByEmail(inv.email);
      let passwordHash: string | null = null;
      if (existing) {
        if (!signedInAs) throw new AppError('UNAUTHENTICATED', `Sign in as ${inv.email} to accept this invitation`);
        if (signedInAs !== existing.id) {
          throw new AppError('FORBIDDEN', `This invitation is for ${inv.email}: sign in as that account to accept it`, { reason: 'OTHER_ACCOUNT' });
        }
      } else {
        const missing = [
          ...(input.name ? [] : [{ path: 'body.name', message: 'Required' }]),
          ...(input.password ? [] : [{ path: 'body.password', message: 'Required' }]),
        ];
        if (missing.length) throw new AppError('VALIDATION_FAILED', 'Tell us your name and choose a password', missing);
        const tenant = await repo.findTenant(inv.tenantId);
        assertAcceptablePassword(input.password!, { email: inv.email, name: input.name, businessNames: tenant ? [tenant.name] : [] });
        passwordHash = await hashPassword(input.password!);
      }
      const now = clock.now();
      // The token named the tenant: from here on everything runs in its scope.
      const accepted = await withTenant(inv.tenantId, () =>
        transaction(deps, async (tx) => {
          // Claim the invitation first: a second accept of the same token finds nothing to update.
          if (!(await repo.claimInvitation(tx, inv.id, now))) throw new AppError('NOT_FOUND', 'This invitation is no longer valid');
          // The link reached the address, so the address is theirs.
          if (existing && !existing.emailVerifiedAt) await auth.markVerifiedIn(tx, existing.id, now);
          const user = existing ?? (await auth.createAccountIn(tx, { email: inv.email, name: input.name!, passwordHash: passwordHash!, verifiedAt: now }));
          const membership = await repo.addMember(tx, user.id, inv.role);
          await audit.record(tx, {
            action: 'invitation.accepted',
            resourceType: 'member',
            resourceId: membership.id,
            actor: { type: 'user', id: user.id },
            after: { role: inv.role, email: inv.email },
          });
          return { userId: user.id, tenantId: inv.tenantId };
        }),
      );
      return { ...accepted, newAccount: !existing, me: await auth.me(accepted.userId, accepted.tenantId) };
    },
  };

  /** Enqueues the email inside the transaction that creates or renews the invitation. */
  function queueInvitationEmail(tx: TenantTx, data: InvitationEmail) {
    return sendInTransaction(deps, tx, invitationEmailQueue, data, { id: jobId(invitationEmailKey(data)) });
  }

  async function unsafeLiveInvitation(token: string) {
    const inv = await repo.unsafeFindInvitationByTokenHash(sha256(token));
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= clock.now()) {
      throw new AppError('NOT_FOUND', 'This invitation is no longer valid');
    }
    return inv;
  }
}

import { randomUUID } from 'node:crypto';
import type { TRole } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { assertAcceptablePassword } from '../../platform/password-policy';
import { hashPassword } from '../../platform/passwords';
import { sha256 } from '../../platform/session';
import { requireTenantId, withTenant } from '../../platform/tenancy';
import { createAuthRepo } from '../auth/auth.repo';
import { toTenant } from '../auth/auth.service';
import { invitationToken, queueInvitationEmail } from './invitation-email';
import { createTenantRepo } from './tenant.repo';

const INVITATION_DAYS = 7;

type MemberRow = { id: string; role: TRole; createdAt: Date; user: { id: string; email: string; name: string } };
type InvitationRow = { id: string; email: string; role: TRole; expiresAt: Date; createdAt: Date };
/** Never with its link: only the invitee's mailbox gets that, so an inviter cannot claim the address. */
const toInvitation = (i: InvitationRow) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() });
const toMember = (m: MemberRow) => ({ ...m, createdAt: m.createdAt.toISOString() });

export function createTenantService(deps: AppDeps) {
  const { db, prisma, audit, clock } = deps;
  const repo = createTenantRepo(db);
  const authRepo = createAuthRepo(prisma);
  const invitationExpiry = () => new Date(clock.now().getTime() + INVITATION_DAYS * 86_400_000);

  return {
    async get() {
      const tenant = await authRepo.tenantById(requireTenantId());
      if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
      return toTenant(tenant);
    },

    async update(patch: Record<string, unknown>) {
      const tenantId = requireTenantId();
      const updated = await prisma.$transaction(async (tx) => {
        const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: authRepo.tenantSelect });
        const after = await tx.tenant.update({ where: { id: tenantId }, data: patch, select: authRepo.tenantSelect });
        await audit.record(tx, { action: 'tenant.updated', resourceType: 'tenant', resourceId: tenantId, before, after });
        return after;
      });
      deps.tenants.forget(tenantId);
      return toTenant(updated);
    },

    listMembers: async () => (await repo.listMembers()).map(toMember),

    async changeRole(membershipId: string, role: TRole) {
      const member = await db.$transaction(async (tx) => {
        await repo.lockMemberships(tx);
        const current = await repo.findMember(tx, membershipId);
        if (!current) throw new AppError('NOT_FOUND', 'Member not found');
        if (current.role === 'OWNER' && role !== 'OWNER' && (await repo.countOwners(tx)) <= 1) {
          throw new AppError('CONFLICT', 'A business needs at least one owner', { reason: 'LAST_OWNER' });
        }
        const updated = await tx.membership.update({ where: { id: membershipId }, data: { role }, select: repo.memberSelect });
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
      await db.$transaction(async (tx) => {
        await repo.lockMemberships(tx);
        const current = await repo.findMember(tx, membershipId);
        if (!current) throw new AppError('NOT_FOUND', 'Member not found');
        if (current.role === 'OWNER' && (await repo.countOwners(tx)) <= 1) {
          throw new AppError('CONFLICT', 'A business needs at least one owner', { reason: 'LAST_OWNER' });
        }
        await tx.membership.delete({ where: { id: membershipId } });
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
      const invitation = await db.$transaction(async (tx) => {
        const existing = await tx.membership.findFirst({ where: { user: { email } }, select: { id: true } });
        if (existing) throw new AppError('CONFLICT', 'This person is already a member', { field: 'email' });
        const created = await tx.invitation.create({
          data: { ...link, tenantId: requireTenantId(), email, role, tokenHash: sha256(invitationToken(deps.config, link)), invitedById, expiresAt: invitationExpiry() },
          select: repo.invitationSelect,
        });
        await audit.record(tx, { action: 'invitation.created', resourceType: 'invitation', resourceId: created.id, after: { email, role } });
        await queueInvitationEmail(deps, tx, { tenantId: requireTenantId(), invitationId: created.id, linkVersion: link.linkVersion });
        return created;
      });
      return toInvitation(invitation);
    },

    /**
     * A new link for a pending invitation (the email went astray, or it is about to expire):
     * the old link stops working, the expiry starts again, and the new link is emailed.
     */
    async resendInvitation(id: string) {
      const invitation = await db.$transaction(async (tx) => {
        const current = await tx.invitation.findFirst({ where: { id, acceptedAt: null, revokedAt: null }, select: { linkVersion: true } });
        if (!current) throw new AppError('NOT_FOUND', 'Invitation not found');
        const link = { id, linkVersion: current.linkVersion + 1 };
        // Conditional on the version read: of two re-sends at once, one renews and the other finds nothing.
        const renewed = await tx.invitation.updateMany({
          where: { id, linkVersion: current.linkVersion, acceptedAt: null, revokedAt: null },
          data: { linkVersion: link.linkVersion, tokenHash: sha256(invitationToken(deps.config, link)), expiresAt: invitationExpiry() },
        });
        if (renewed.count !== 1) throw new AppError('NOT_FOUND', 'Invitation not found');
        await audit.record(tx, { action: 'invitation.resent', resourceType: 'invitation', resourceId: id });
        await queueInvitationEmail(deps, tx, { tenantId: requireTenantId(), invitationId: id, linkVersion: link.linkVersion });
        return tx.invitation.findUniqueOrThrow({ where: { id }, select: repo.invitationSelect });
      });
      return toInvitation(invitation);
    },

    async revokeInvitation(id: string) {
      await db.$transaction(async (tx) => {
        const found = await tx.invitation.findUnique({ where: { id }, select: { id: true, revokedAt: true, acceptedAt: true } });
        if (!found || found.revokedAt || found.acceptedAt) throw new AppError('NOT_FOUND', 'Invitation not found');
        await tx.invitation.update({ where: { id }, data: { revokedAt: clock.now() } });
        await audit.record(tx, { action: 'invitation.revoked', resourceType: 'invitation', resourceId: id });
      });
    },

    /** Public: what a token invites to. Cross-tenant by nature: the token is the credential. */
    async unsafeDescribeInvitation(token: string, signedInAs: string | null) {
      const inv = await unsafeLiveInvitation(token);
      const tenant = await authRepo.tenantById(inv.tenantId);
      const user = await authRepo.findUserByEmail(inv.email);
      const caller = signedInAs ? await authRepo.findUserById(signedInAs) : null;
      return { tenantName: tenant?.name ?? '', email: inv.email, role: inv.role, userExists: Boolean(user), signedInAs: caller?.email ?? null };
    },

    /**
     * Public: the token is the credential, and only the invitee's mailbox has it. An address
     * with no account gets one (name and password chosen here; verified by the link). An address
     * that has an account is accepted by that account, signed in: being invited never gives
     * anyone a session as an existing user, nor a way to set their password.
     */
    async unsafeAcceptInvitation(token: string, input: { name?: string; password?: string }, signedInAs: string | null) {
      const inv = await unsafeLiveInvitation(token);
      const existing = await authRepo.findUserByEmail(inv.email);
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
        const tenant = await authRepo.tenantById(inv.tenantId);
        assertAcceptablePassword(input.password!, { email: inv.email, name: input.name, businessNames: tenant ? [tenant.name] : [] });
        passwordHash = await hashPassword(input.password!);
      }
      const now = clock.now();
      const accepted = await prisma.$transaction(async (tx) => {
        // Claim the invitation first: a second accept of the same token finds nothing to update.
        const claimed = await tx.invitation.updateMany({
          where: { id: inv.id, acceptedAt: null, revokedAt: null },
          data: { acceptedAt: now },
        });
        if (claimed.count !== 1) throw new AppError('NOT_FOUND', 'This invitation is no longer valid');
        // The link reached the address, so the address is theirs.
        if (existing && !existing.emailVerifiedAt) await tx.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: now } });
        const user = existing ?? (await tx.user.create({ data: { email: inv.email, name: input.name!, passwordHash: passwordHash!, emailVerifiedAt: now } }));
        const membership = await tx.membership.upsert({
          where: { tenantId_userId: { tenantId: inv.tenantId, userId: user.id } },
          create: { tenantId: inv.tenantId, userId: user.id, role: inv.role },
          update: {},
        });
        await withTenant(inv.tenantId, () =>
          audit.record(tx, {
            action: 'invitation.accepted',
            resourceType: 'member',
            resourceId: membership.id,
            actor: { type: 'user', id: user.id },
            after: { role: inv.role, email: inv.email },
          }),
        );
        return { userId: user.id, tenantId: inv.tenantId };
      });
      return { ...accepted, newAccount: !existing };
    },
  };

  async function unsafeLiveInvitation(token: string) {
    const inv = await prisma.invitation.findUnique({ where: { tokenHash: sha256(token) } });
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= clock.now()) {
      throw new AppError('NOT_FOUND', 'This invitation is no longer valid');
    }
    return inv;
  }
}

import type { TRole } from '@slotwise/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { tenantSelect } from '../../platform/tenant-select';

const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const satisfies Prisma.MembershipSelect;
const invitationSelect = { id: true, email: true, role: true, expiresAt: true, createdAt: true } as const satisfies Prisma.InvitationSelect;
/** What the invitation email job checks before it sends (never shown to anyone). */
const invitationEmailSelect = {
  id: true,
  email: true,
  role: true,
  linkVersion: true,
  tokenHash: true,
  invitedById: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} as const satisfies Prisma.InvitationSelect;
const liveInvitationSelect = {
  id: true,
  tenantId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} as const satisfies Prisma.InvitationSelect;

export type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;
export type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

/** The settings an owner may change (the contract's ZTenantUpdate); nothing else reaches the update. */
export type TenantSettingsPatch = Pick<
  Prisma.TenantUpdateInput,
  | 'name'
  | 'timeZone'
  | 'currency'
  | 'cancellationCutoffHours'
  | 'freeCancellationHours'
  | 'lateRefundPercent'
  | 'holdMinutes'
  | 'auditRetentionDays'
  | 'brandDisplayName'
  | 'brandAccentColor'
  | 'brandLogoUrl'
  | 'calendarInviteCustomers'
>;

/** Tenant settings, members and invitations of the tenant in the request context. */
export function createTenantRepo(deps: Pick<AppDeps, 'db' | 'prisma'>) {
  const { db, prisma } = deps;
  return {
    findTenant: (id: string, tx?: TenantTx) => (tx ?? db).tenant.findUnique({ where: { id }, select: tenantSelect }),
    /** The tenant of the request context; it exists (the session or slug resolved it), or this throws. */
    currentTenantOrThrow: (tx: TenantTx) => tx.tenant.findUniqueOrThrow({ where: { id: requireTenantId() }, select: tenantSelect }),
    updateCurrentTenant: (tx: TenantTx, patch: TenantSettingsPatch) =>
      tx.tenant.update({ where: { id: requireTenantId() }, data: patch, select: tenantSelect }),

    listMembers: () => db.membership.findMany({ select: memberSelect, orderBy: { createdAt: 'asc' } }),
    findMember: (id: string, tx?: TenantTx) => (tx ?? db).membership.findUnique({ where: { id }, select: memberSelect }),
    /** The name of a member of this tenant (null when they have left it). */
    memberName: async (userId: string) =>
      (await db.membership.findFirst({ where: { userId }, select: { user: { select: { name: true } } } }))?.user.name ?? null,
    isMemberByEmail: async (tx: TenantTx, email: string) => (await tx.membership.findFirst({ where: { user: { email } }, select: { id: true } })) !== null,
    countOwners: (tx: TenantTx) => tx.membership.count({ where: { role: 'OWNER' } }),
    /** Locks the tenant's membership rows so two owners can't demote each other at once. */
    lockMemberships: (tx: TenantTx) => tx.$queryRaw`SELECT id FROM "Membership" WHERE "tenantId" = ${requireTenantId()}::uuid FOR UPDATE`,
    setRole: (tx: TenantTx, id: string, role: TRole) => tx.membership.update({ where: { id }, data: { role }, select: memberSelect }),
    deleteMember: (tx: TenantTx, id: string) => tx.membership.delete({ where: { id }, select: { id: true } }),
    /** Makes the user a member with `role`, unless they are one already (then nothing changes). */
    addMember: (tx: TenantTx, userId: string, role: TRole) =>
      tx.membership.upsert({
        where: { tenantId_userId: { tenantId: requireTenantId(), userId } },
        create: { tenantId: requireTenantId(), userId, role },
        update: {},
        select: { id: true },
      }),

    pendingInvitations: (now: Date) =>
      db.invitation.findMany({
        where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        select: invitationSelect,
        orderBy: { createdAt: 'desc' },
      }),
    findInvitation: (tx: TenantTx, id: string) => tx.invitation.findUniqueOrThrow({ where: { id }, select: invitationSelect }),
    /** The link version of a pending (neither accepted nor revoked) invitation. */
    findPendingInvitation: (tx: TenantTx, id: string) =>
      tx.invitation.findFirst({ where: { id, acceptedAt: null, revokedAt: null }, select: { linkVersion: true } }),
    findInvitationState: (tx: TenantTx, id: string) => tx.invitation.findUnique({ where: { id }, select: { id: true, revokedAt: true, acceptedAt: true } }),
    findInvitationForEmail: (id: string) => db.invitation.findUnique({ where: { id }, select: invitationEmailSelect }),
    createInvitation: (
      tx: TenantTx,
      data: { id: string; linkVersion: number; email: string; role: TRole; tokenHash: string; invitedById: string; expiresAt: Date },
    ) => tx.invitation.create({ data: { ...data, tenantId: requireTenantId() }, select: invitationSelect }),
    /** A new link, conditional on the version read: of two renewals at once, one wins and the other gets false. */
    renewInvitation: async (tx: TenantTx, id: string, fromVersion: number, link: { linkVersion: number; tokenHash: string; expiresAt: Date }) =>
      (await tx.invitation.updateMany({ where: { id, linkVersion: fromVersion, acceptedAt: null, revokedAt: null }, data: link })).count === 1,
    revokeInvitation: (tx: TenantTx, id: string, at: Date) => tx.invitation.update({ where: { id }, data: { revokedAt: at }, select: { id: true } }),
    /** Marks a pending invitation accepted; false when it was accepted or revoked meanwhile (a second accept). */
    claimInvitation: async (tx: TenantTx, id: string, at: Date) =>
      (await tx.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: at } })).count === 1,

    /** Cross-tenant by nature: the token (its hash) is the credential and names the tenant. */
    unsafeFindInvitationByTokenHash: (tokenHash: string) => prisma.invitation.findUnique({ where: { tokenHash }, select: liveInvitationSelect }),
    /** Cross-tenant: how many businesses the database holds (the demo seed fills only an empty one). */
    unsafeCountTenants: () => prisma.tenant.count(),
  };
}
export type TenantRepo = ReturnType<typeof createTenantRepo>;

import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';

const memberSelect = { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } as const;
const invitationSelect = { id: true, email: true, role: true, expiresAt: true, createdAt: true } as const;

/** Tenant settings, members and invitations of the tenant in the request context. */
export function createTenantRepo(db: TenantDb) {
  return {
    memberSelect,
    invitationSelect,
    listMembers: () => db.membership.findMany({ select: memberSelect, orderBy: { createdAt: 'asc' } }),
    findMember: (client: TenantDb | TenantTx, id: string) => client.membership.findUnique({ where: { id }, select: memberSelect }),
    countOwners: (client: TenantDb | TenantTx) => client.membership.count({ where: { role: 'OWNER' } }),
    /** Locks the tenant's membership rows so two owners can't demote each other at once. */
    lockMemberships: (tx: TenantTx) =>
      tx.$queryRaw`SELECT id FROM "Membership" WHERE "tenantId" = ${requireTenantId()}::uuid FOR UPDATE`,
    pendingInvitations: (now: Date) =>
      db.invitation.findMany({
        where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        select: invitationSelect,
        orderBy: { createdAt: 'desc' },
      }),
  };
}

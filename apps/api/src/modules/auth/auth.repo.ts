import type { TRole } from '@slotwise/contracts';
import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { tenantSelect } from '../../platform/tenant-select';
import type { AccountTokenPurpose } from './account-links';

const userSelect = { id: true, email: true, name: true, passwordHash: true, emailVerifiedAt: true } as const satisfies Prisma.UserSelect;
const membershipSelect = { tenantId: true, role: true, tenant: { select: { name: true, slug: true } } } as const satisfies Prisma.MembershipSelect;
const tokenSelect = {
  id: true,
  purpose: true,
  email: true,
  userId: true,
  signup: true,
  tokenHash: true,
  expiresAt: true,
  usedAt: true,
  emailSentAt: true,
} as const satisfies Prisma.AccountTokenSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/**
 * Accounts: users, their single-use links (AccountToken) and sessions, and the businesses they
 * create. Users, links and tenants are not tenant data, so the scoped client reads them as they
 * are; a user's memberships span tenants, which is why that read is `unsafe…` (it takes the
 * user explicitly and never lists another user's data).
 */
export function createAuthRepo(deps: Pick<AppDeps, 'db' | 'prisma'>) {
  const { db, prisma } = deps;
  return {
    findUserByEmail: (email: string) => db.user.findUnique({ where: { email }, select: userSelect }),
    findUserById: (id: string) => db.user.findUnique({ where: { id }, select: userSelect }),
    /** Every business the user belongs to, oldest membership first. */
    unsafeMembershipsOf: (userId: string) => prisma.membership.findMany({ where: { userId }, select: membershipSelect, orderBy: { createdAt: 'asc' } }),
    tenantById: (id: string) => db.tenant.findUnique({ where: { id }, select: tenantSelect }),
    slugTaken: async (slug: string) => (await db.tenant.count({ where: { slug } })) > 0,
    setPassword: (userId: string, passwordHash: string, at: Date) =>
      db.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: at }, select: { id: true } }),

    createTenant: (tx: TenantTx, data: { name: string; slug: string; timeZone: string; currency: string; brandDisplayName: string }) =>
      tx.tenant.create({ data, select: tenantSelect }),
    createUser: (tx: TenantTx, data: { email: string; name: string; passwordHash: string; emailVerifiedAt: Date | null }) =>
      tx.user.create({ data, select: userSelect }),
    /** Makes the user a member of the tenant in the request context. */
    createMembership: (tx: TenantTx, userId: string, role: TRole) =>
      tx.membership.create({ data: { tenantId: requireTenantId(), userId, role }, select: { id: true } }),
    /** Sets the password, counts the address verified (the link reached it), all in the caller's transaction. */
    resetPassword: (tx: TenantTx, userId: string, passwordHash: string, at: Date, verify: boolean) =>
      tx.user.update({
        where: { id: userId },
        data: { passwordHash, passwordChangedAt: at, ...(verify ? { emailVerifiedAt: at } : {}) },
        select: { id: true },
      }),
    /** Counts the address verified, unless it already is or the account has another address by now. */
    markEmailVerified: (tx: TenantTx, userId: string, email: string | null, at: Date) =>
      tx.user.updateMany({ where: { id: userId, ...(email === null ? {} : { email }), emailVerifiedAt: null }, data: { emailVerifiedAt: at } }),
    revokeSessionsOf: (tx: TenantTx, userId: string, at: Date) => tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } }),

    /** The unused, unexpired link of `purpose` whose token hashes to `tokenHash`. */
    liveToken: (purpose: AccountTokenPurpose, tokenHash: string, now: Date) =>
      db.accountToken.findFirst({ where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } }, select: tokenSelect }),
    findToken: (id: string) => db.accountToken.findUnique({ where: { id }, select: tokenSelect }),
    createToken: (
      tx: TenantTx,
      data: {
        id: string;
        purpose: AccountTokenPurpose;
        email: string;
        userId?: string;
        signup?: Prisma.InputJsonObject;
        tokenHash: string;
        expiresAt: Date;
        createdAt: Date;
      },
    ) => tx.accountToken.create({ data, select: { id: true } }),
    /** Marks a link used; false when it was used already or has expired (a second use, or a race with one). */
    useToken: async (tx: TenantTx, id: string, now: Date) =>
      (await tx.accountToken.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })).count === 1,
    useTokensOf: (tx: TenantTx, userId: string, purpose: AccountTokenPurpose, now: Date) =>
      tx.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } }),
    markTokenEmailSent: (id: string, at: Date) => db.accountToken.updateMany({ where: { id, emailSentAt: null }, data: { emailSentAt: at } }),
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;

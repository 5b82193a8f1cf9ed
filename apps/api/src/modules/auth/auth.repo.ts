import type { Db } from '../../platform/db';
import type { AccountTokenPurpose } from './account-links';

/**
 * Users and memberships are looked up across tenants by nature (a user signs in before a
 * tenant is chosen); these reads take the user explicitly and never list another user's data.
 */
export function createAuthRepo(prisma: Db) {
  const tenantSelect = {
    id: true, name: true, slug: true, timeZone: true, currency: true, plan: true, platformFeeBps: true,
    cancellationCutoffHours: true, holdMinutes: true, auditRetentionDays: true, brandDisplayName: true,
    brandAccentColor: true, brandLogoUrl: true, createdAt: true, updatedAt: true,
  } as const;
  return {
    tenantSelect,
    findUserByEmail: (email: string) => prisma.user.findUnique({ where: { email } }),
    findUserById: (id: string) =>
      prisma.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, passwordHash: true, emailVerifiedAt: true } }),
    membershipsOf: (userId: string) =>
      prisma.membership.findMany({
        where: { userId },
        select: { tenantId: true, role: true, tenant: { select: { name: true, slug: true } } },
        orderBy: { createdAt: 'asc' },
      }),
    tenantById: (id: string) => prisma.tenant.findUnique({ where: { id }, select: tenantSelect }),
    slugTaken: async (slug: string) => (await prisma.tenant.count({ where: { slug } })) > 0,
    setPassword: (userId: string, passwordHash: string, at: Date) =>
      prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: at } }),
    /** The unused, unexpired link of `purpose` whose token hashes to `tokenHash`. */
    liveToken: (purpose: AccountTokenPurpose, tokenHash: string, now: Date) =>
      prisma.accountToken.findFirst({ where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } } }),
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;

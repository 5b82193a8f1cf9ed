import type { TMe, TTenant } from '@slotwise/contracts';
import type { AppDeps } from '../../app';
import { enrichContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import { withTenant } from '../../platform/tenancy';
import { createAuthRepo } from './auth.repo';

type TenantRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createAuthRepo>['tenantById']>>>;

export function toTenant(t: TenantRow): TTenant {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

export function createAuthService(deps: AppDeps) {
  const repo = createAuthRepo(deps.prisma);

  async function me(userId: string, tenantId: string | null): Promise<TMe> {
    const user = await repo.findUserById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const memberships = await repo.membershipsOf(userId);
    const current = memberships.find((m) => m.tenantId === tenantId);
    const tenant = current ? await repo.tenantById(current.tenantId) : null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      memberships: memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, slug: m.tenant.slug, role: m.role })),
      currentTenant: tenant ? toTenant(tenant) : null,
      role: current?.role ?? null,
    };
  }

  return {
    me,

    async signup(input: { tenantName: string; slug: string; timeZone: string; currency?: string; name: string; email: string; password: string }) {
      if (await repo.slugTaken(input.slug)) {
        throw new AppError('CONFLICT', 'This address is already taken', { field: 'slug' });
      }
      if (await repo.findUserByEmail(input.email)) {
        // Signing up again with a known email would reveal the account; ask to sign in instead.
        throw new AppError('CONFLICT', 'Sign in to add another business to your account', { field: 'email' });
      }
      const passwordHash = await hashPassword(input.password);
      const { user, tenant } = await deps.prisma.$transaction(async (tx) => {
        const tenant = await tx.tenant.create({
          data: {
            name: input.tenantName,
            slug: input.slug,
            timeZone: input.timeZone,
            currency: input.currency ?? 'EUR',
            brandDisplayName: input.tenantName,
          },
          select: repo.tenantSelect,
        });
        const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
        await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'OWNER' } });
        await withTenant(tenant.id, () =>
          deps.audit.record(tx, {
            action: 'tenant.created',
            resourceType: 'tenant',
            resourceId: tenant.id,
            actor: { type: 'user', id: user.id },
            after: { name: tenant.name, slug: tenant.slug, timeZone: tenant.timeZone, ownerEmail: input.email },
          }),
        );
        return { user, tenant };
      });
      return { user: { id: user.id, email: user.email, name: user.name }, tenant: toTenant(tenant) };
    },

    /** The same answer for an unknown email and a wrong password. */
    async verifyLogin(email: string, password: string): Promise<{ userId: string; tenantId: string | null }> {
      const user = await repo.findUserByEmail(email);
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect');
      const memberships = await repo.membershipsOf(user.id);
      return { userId: user.id, tenantId: memberships[0]?.tenantId ?? null };
    },

    async switchTenant(userId: string, tenantId: string) {
      const memberships = await repo.membershipsOf(userId);
      if (!memberships.some((m) => m.tenantId === tenantId)) throw new AppError('NOT_FOUND', 'Tenant not found');
      enrichContext({ tenantId });
    },

    async changePassword(userId: string, currentPassword: string, newPassword: string) {
      const user = await repo.findUserById(userId);
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError('VALIDATION_FAILED', 'The current password is incorrect', [
          { path: 'body.currentPassword', message: 'Incorrect password' },
        ]);
      }
      await repo.setPassword(userId, await hashPassword(newPassword), deps.clock.now());
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

import { randomUUID } from 'node:crypto';
import type { TMe, TTenant } from '@slotwise/contracts';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { enrichContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { assertAcceptablePassword } from '../../platform/password-policy';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import { sha256 } from '../../platform/session';
import { withTenant, type TenantTx } from '../../platform/tenancy';
import { jobId } from '../../platform/jobs';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { ACCOUNT_LINKS, accountToken, type AccountTokenPurpose } from './account-links';
import type { TenantRow } from '../../platform/tenant-select';
import { createAuthRepo } from './auth.repo';
import { accountEmailQueue } from './auth.queues';

export function toTenant(t: TenantRow): TTenant {
  const { freeCancellationHours, lateRefundPercent, ...rest } = t;
  return {
    ...rest,
    cancellationPolicy: { freeCancellationHours, lateRefundPercent },
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** What a sign-up link will create, kept on its AccountToken row until the link is followed. */
const ZSignupDetails = z.object({
  tenantName: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  currency: z.string().optional(),
  name: z.string(),
});
type SignupDetails = z.infer<typeof ZSignupDetails>;

const linkGone = () => new AppError('NOT_FOUND', 'This link is no longer valid: it was used already or it expired');

export function createAuthService(deps: AppDeps) {
  const repo = createAuthRepo(deps);
  const { clock } = deps;

  async function me(userId: string, tenantId: string | null): Promise<TMe> {
    const user = await repo.findUserById(userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const memberships = await repo.unsafeMembershipsOf(userId);
    const current = memberships.find((m) => m.tenantId === tenantId);
    const tenant = current ? await repo.tenantById(current.tenantId) : null;
    return {
      user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null },
      memberships: memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, slug: m.tenant.slug, role: m.role })),
      currentTenant: tenant ? toTenant(tenant) : null,
      role: current?.role ?? null,
    };
  }

  /** Writes a link's row and queues its email in one transaction; the token itself is derived, never stored. */
  async function issueLink(purpose: AccountTokenPurpose, email: string, owner: { userId: string } | { signup: SignupDetails }) {
    const id = randomUUID();
    const now = clock.now();
    await transaction(deps, async (tx) => {
      await repo.createToken(tx, {
        id,
        purpose,
        email,
        ...('userId' in owner ? { userId: owner.userId } : { signup: owner.signup }),
        tokenHash: sha256(accountToken(deps.config, { id, purpose })),
        expiresAt: new Date(now.getTime() + ACCOUNT_LINKS[purpose].lifetimeMs),
        createdAt: now,
      });
      await sendInTransaction(deps, tx, accountEmailQueue, { kind: 'link', tokenId: id }, { id: jobId('account.email', id) });
    });
  }

  /** The row behind a link that can still be followed, or 404. Using it happens in the caller's transaction. */
  async function liveLink(purpose: AccountTokenPurpose, token: string) {
    const row = await repo.liveToken(purpose, sha256(token), clock.now());
    if (!row) throw linkGone();
    return row;
  }

  /** Marks a link used; a second use (or a race with one) finds nothing to update and gets 404. */
  async function useLink(tx: TenantTx, id: string, now: Date) {
    if (!(await repo.useToken(tx, id, now))) throw linkGone();
  }

  async function businessNamesOf(userId: string): Promise<string[]> {
    return (await repo.unsafeMembershipsOf(userId)).map((m) => m.tenant.name);
  }

  /**
   * A business and its owner, in one transaction with its audit row. The sign-up link calls it
   * with the link to use up; the demo seed calls it directly (its owner counts as verified).
   */
  async function createOwnerAccount(input: SignupDetails & { email: string; password: string }, opts: { verified: boolean; linkId?: string }) {
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    const { user, tenant } = await transaction(deps, async (tx) => {
      if (opts.linkId) await useLink(tx, opts.linkId, now);
      const tenant = await repo.createTenant(tx, {
        name: input.tenantName,
        slug: input.slug,
        timeZone: input.timeZone,
        currency: input.currency ?? 'EUR',
        brandDisplayName: input.tenantName,
      });
      const user = await repo.createUser(tx, { email: input.email, name: input.name, passwordHash, emailVerifiedAt: opts.verified ? now : null });
      await withTenant(tenant.id, async () => {
        await repo.createMembership(tx, user.id, 'OWNER');
        await deps.audit.record(tx, {
          action: 'tenant.created',
          resourceType: 'tenant',
          resourceId: tenant.id,
          actor: { type: 'user', id: user.id },
          after: { name: tenant.name, slug: tenant.slug, timeZone: tenant.timeZone, ownerEmail: input.email },
        });
      });
      return { user, tenant };
    });
    return { user: { id: user.id, email: user.email, name: user.name }, tenant: toTenant(tenant) };
  }

  return {
    me,
    createOwnerAccount,

    /** The account with this address, if any: for invitations, which are answered by an account or create one. */
    async accountByEmail(email: string): Promise<{ id: string; email: string; emailVerifiedAt: Date | null } | null> {
      const user = await repo.findUserByEmail(email);
      return user && { id: user.id, email: user.email, emailVerifiedAt: user.emailVerifiedAt };
    },
    accountEmail: async (userId: string) => (await repo.findUserById(userId))?.email ?? null,
    /** A new account, inside the caller's transaction (an accepted invitation), verified by the link that led here. */
    createAccountIn: (tx: TenantTx, input: { email: string; name: string; passwordHash: string; verifiedAt: Date }) =>
      repo.createUser(tx, { email: input.email, name: input.name, passwordHash: input.passwordHash, emailVerifiedAt: input.verifiedAt }),
    /** Counts the account's address verified (a link sent to it was followed), inside the caller's transaction. */
    markVerifiedIn: async (tx: TenantTx, userId: string, at: Date) => {
      await repo.markEmailVerified(tx, userId, null, at);
    },

    /**
     * Sign-up, step one. Nothing is created yet: a new address gets a link to finish (choose a
     * password), an address that has an account gets a note to sign in instead. The caller sees
     * the same answer either way, so sign-up cannot tell anyone whether an address has an
     * account; and whoever finishes has shown the address is theirs.
     */
    async requestSignup(input: SignupDetails & { email: string }) {
      // The booking address is public (it is in the booking page's URL), so saying it is taken tells nothing.
      if (await repo.slugTaken(input.slug)) {
        throw new AppError('CONFLICT', 'This address is already taken', { field: 'slug' });
      }
      const existing = await repo.findUserByEmail(input.email);
      if (existing) {
        // At most one such note per account and hour, however often someone tries: a way to flood an inbox is not offered.
        const hour = Math.floor(clock.now().getTime() / 3_600_000);
        await deps.jobs.send(accountEmailQueue, { kind: 'account-exists', userId: existing.id }, { id: jobId('account.exists', existing.id, String(hour)) });
        return;
      }
      const { email, ...details } = input;
      await issueLink('SIGNUP', email, { signup: ZSignupDetails.parse(details) });
    },

    /** Sign-up, step two, from the emailed link: the business and its owner, verified by the link. */
    async confirmSignup(token: string, password: string) {
      const link = await liveLink('SIGNUP', token);
      const details = ZSignupDetails.parse(link.signup);
      assertAcceptablePassword(password, { email: link.email, name: details.name, businessNames: [details.tenantName] });
      // Checked again: either may have been taken since the link was sent (the database guarantees it too).
      if (await repo.findUserByEmail(link.email)) {
        throw new AppError('CONFLICT', 'This address has an account now: sign in to add another business to it', { field: 'email' });
      }
      if (await repo.slugTaken(details.slug)) {
        throw new AppError('CONFLICT', `The booking address "${details.slug}" was taken since; sign up again with another`, { field: 'slug' });
      }
      const created = await createOwnerAccount({ ...details, email: link.email, password }, { verified: true, linkId: link.id });
      return { userId: created.user.id, tenantId: created.tenant.id };
    },

    /** Emails a reset link when the address has an account; says nothing either way. */
    async requestPasswordReset(email: string) {
      const user = await repo.findUserByEmail(email);
      if (user) await issueLink('RESET_PASSWORD', user.email, { userId: user.id });
    },

    /**
     * Sets the password from a reset link, uses the link up (and any other reset link of the
     * account), and revokes every session of the account, all in one transaction. The link
     * arrived at the address, so the address counts as verified from here on.
     */
    async resetPassword(token: string, password: string) {
      const link = await liveLink('RESET_PASSWORD', token);
      const user = link.userId ? await repo.findUserById(link.userId) : null;
      if (!user || user.email !== link.email) throw linkGone();
      assertAcceptablePassword(password, { email: user.email, name: user.name, businessNames: await businessNamesOf(user.id) });
      const passwordHash = await hashPassword(password);
      const now = clock.now();
      await transaction(deps, async (tx) => {
        await useLink(tx, link.id, now);
        await repo.useTokensOf(tx, user.id, 'RESET_PASSWORD', now);
        await repo.resetPassword(tx, user.id, passwordHash, now, !user.emailVerifiedAt);
        await repo.revokeSessionsOf(tx, user.id, now);
      });
    },

    async verifyEmail(token: string) {
      const link = await liveLink('VERIFY_EMAIL', token);
      const now = clock.now();
      await transaction(deps, async (tx) => {
        await useLink(tx, link.id, now);
        // Only while the account still has the address the link was sent to.
        await repo.markEmailVerified(tx, link.userId!, link.email, now);
      });
    },

    async resendVerification(userId: string) {
      const user = await repo.findUserById(userId);
      if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      if (user.emailVerifiedAt) throw new AppError('CONFLICT', 'Your email address is already verified', { reason: 'ALREADY_VERIFIED' });
      await issueLink('VERIFY_EMAIL', user.email, { userId: user.id });
    },

    /**
     * For what only a verified owner may do: the payments onboarding (a business that takes
     * money must be owned by someone who has shown their address is theirs) calls this first.
     */
    async requireVerifiedOwner(userId: string, tenantId: string) {
      const membership = (await repo.unsafeMembershipsOf(userId)).find((m) => m.tenantId === tenantId);
      if (membership?.role !== 'OWNER') {
        throw new AppError('FORBIDDEN', 'Only an owner of the business can do this', { reason: 'NOT_OWNER' });
      }
      const user = await repo.findUserById(userId);
      if (!user?.emailVerifiedAt) {
        throw new AppError('FORBIDDEN', 'Verify your email address first: we can send you a new link', { reason: 'EMAIL_NOT_VERIFIED' });
      }
    },

    /** The same answer for an unknown email and a wrong password. */
    async verifyLogin(email: string, password: string): Promise<{ userId: string; tenantId: string | null }> {
      const user = await repo.findUserByEmail(email);
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect');
      const memberships = await repo.unsafeMembershipsOf(user.id);
      return { userId: user.id, tenantId: memberships[0]?.tenantId ?? null };
    },

    async switchTenant(userId: string, tenantId: string) {
      const memberships = await repo.unsafeMembershipsOf(userId);
      if (!memberships.some((m) => m.tenantId === tenantId)) throw new AppError('NOT_FOUND', 'Tenant not found');
      enrichContext({ tenantId });
    },

    async changePassword(userId: string, currentPassword: string, newPassword: string) {
      const user = await repo.findUserById(userId);
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError('VALIDATION_FAILED', 'The current password is incorrect', [{ path: 'body.currentPassword', message: 'Incorrect password' }]);
      }
      assertAcceptablePassword(newPassword, { email: user.email, name: user.name, businessNames: await businessNamesOf(userId) }, 'body.newPassword');
      await repo.setPassword(userId, await hashPassword(newPassword), clock.now());
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;

import { createHash } from 'node:crypto';
import type { TPaymentAccount } from '@slotwise/contracts';
import { StripeGatewayError, type StripeAccount } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError, pgCodeOf } from '../../platform/errors';
import { requireTenantId, withTenant } from '../../platform/tenancy';
import { createAuthService } from '../auth/auth.service';
import { sendOnce } from '../notifications/notifications.service';
import { createTenantService } from '../tenant/tenant.service';
import { renderAccountEmail } from './payment-account.email';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { createPaymentAccountRepo, type PaymentAccountRow, type PaymentAccountState } from './payment-account.repo';
import { disabledReasonInWords, requirementsInWords } from './payment-account.words';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-events.types';
import { paymentAccountEmailQueue } from './stripe-events.queues';

/**
 * The business's Stripe connected account: connecting (Stripe-hosted onboarding through single-use
 * account links) and its state, kept current from `account.updated` and
 * `account.application.deauthorized` (docs/adr/009).
 *
 * States: ONBOARDING until the business has submitted its details, ACTIVE while Stripe lets it
 * take charges, RESTRICTED when charges are disabled after that, DISCONNECTED once it removed our
 * platform (final for that account: connecting again creates a new one).
 */

export function stateOf(a: StripeAccount): PaymentAccountState {
  return {
    status: a.chargesEnabled ? 'ACTIVE' : a.detailsSubmitted ? 'RESTRICTED' : 'ONBOARDING',
    chargesEnabled: a.chargesEnabled,
    payoutsEnabled: a.payoutsEnabled,
    detailsSubmitted: a.detailsSubmitted,
    requirements: [...a.currentlyDue],
    disabledReason: a.chargesEnabled ? null : a.disabledReason,
  };
}

const DISCONNECTED_STATE = (row: PaymentAccountRow): PaymentAccountState => ({
  status: 'DISCONNECTED',
  chargesEnabled: false,
  payoutsEnabled: false,
  detailsSubmitted: row.detailsSubmitted,
  requirements: [],
  disabledReason: null,
});

const isUniqueViolation = (err: unknown) => pgCodeOf(err) === '23505' || (err as { code?: unknown } | null)?.code === 'P2002';

const NOT_CONNECTED: TPaymentAccount = { status: 'NOT_CONNECTED', chargesEnabled: false, payoutsEnabled: false, requirements: [], disabledReason: null };

function toAccount(row: PaymentAccountRow | null): TPaymentAccount {
  if (!row) return NOT_CONNECTED;
  return {
    status: row.status,
    accountId: row.stripeAccountId,
    chargesEnabled: row.chargesEnabled,
    payoutsEnabled: row.payoutsEnabled,
    requirements: requirementsInWords(row.requirements),
    disabledReason: disabledReasonInWords(row.disabledReason),
  };
}

const auditable = (s: PaymentAccountState) => ({
  status: s.status,
  chargesEnabled: s.chargesEnabled,
  payoutsEnabled: s.payoutsEnabled,
  requirements: s.requirements,
  disabledReason: s.disabledReason,
});

const sameState = (a: PaymentAccountState, b: PaymentAccountState) => JSON.stringify(auditable(a)) === JSON.stringify(auditable(b));

/**
 * Whether this change asks the owners for something: Stripe wants information it did not want
 * before (once the first onboarding is behind them — during it they are on Stripe's page), or
 * the business can no longer take charges.
 */
function asksForSomething(before: PaymentAccountState, after: PaymentAccountState): boolean {
  if (after.status !== before.status && (after.status === 'RESTRICTED' || after.status === 'DISCONNECTED')) return true;
  if (before.status === 'ONBOARDING' && after.status === 'ONBOARDING') return false;
  return after.requirements.some((r) => !before.requirements.includes(r));
}

const changeKeyOf = (stripeAccountId: string, s: PaymentAccountState) =>
  createHash('sha256')
    .update(JSON.stringify([stripeAccountId, s.status, [...s.requirements].sort(), s.disabledReason]))
    .digest('hex')
    .slice(0, 32);

export function createPaymentAccountService(deps: AppDeps) {
  const repo = createPaymentAccountRepo(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  const gateway = () => {
    if (!deps.stripe) throw new AppError('PAYMENT_UNAVAILABLE', 'Payments are not configured on this server (STRIPE_SECRET_KEY)');
    return deps.stripe;
  };

  /** A Stripe failure during onboarding, for the owner: try again in a moment. */
  const unavailable = (err: unknown): never => {
    if (err instanceof StripeGatewayError) {
      log().warn({ err, kind: err.kind }, 'Stripe call failed during onboarding');
      throw new AppError('PAYMENT_UNAVAILABLE', 'Stripe could not be reached; try again in a moment');
    }
    throw err;
  };

  /**
   * Applies a state to the tenant's account row under its lock, unless a newer one was applied
   * since `observedAt` (events arrive in any order; each handler re-reads the account from Stripe,
   * and the newest reading wins). Audited, and the owners are emailed when Stripe asks for something.
   */
  async function apply(
    stripeAccountId: string,
    next: (row: PaymentAccountRow) => PaymentAccountState,
    observedAt: Date,
    action: string,
  ): Promise<StripeEventOutcome> {
    const tenantId = requireTenantId();
    return transaction(deps, async (tx) => {
      const row = await repo.lock(tx);
      if (!row || row.stripeAccountId !== stripeAccountId) return 'IGNORED';
      if (row.status === 'DISCONNECTED') return 'IGNORED';
      if (row.syncedAt && row.syncedAt > observedAt) return 'PROCESSED';
      const after = next(row);
      await repo.update(tx, { ...after, syncedAt: observedAt });
      if (sameState(row, after)) return 'PROCESSED';
      await deps.audit.record(tx, {
        action,
        resourceType: 'payment_account',
        resourceId: row.id,
        before: auditable(row),
        after: auditable(after),
        metadata: { stripeAccountId },
        actor: { type: 'stripe', id: stripeAccountId },
      });
      if (asksForSomething(row, after)) {
        const changeKey = changeKeyOf(stripeAccountId, after);
        await sendInTransaction(deps, tx, paymentAccountEmailQueue, { tenantId, changeKey });
      }
      log().info({ stripeAccountId, from: row.status, to: after.status }, 'payment account changed');
      return 'PROCESSED';
    });
  }

  /** Reads the account from Stripe and applies it; an account Stripe no longer lets us see is disconnected. */
  async function refresh(stripeAccountId: string): Promise<StripeEventOutcome> {
    const observedAt = deps.clock.now();
    let account: StripeAccount | null;
    try {
      account = await gateway().accounts.retrieve(stripeAccountId);
    } catch (err) {
      // The account no longer lets us in (its own deauthorization event may still be on its way), or is gone.
      if (err instanceof StripeGatewayError && (err.kind === 'account_invalid' || err.kind === 'not_found')) account = null;
      else throw err;
    }
    return apply(
      stripeAccountId,
      (r) => (account ? stateOf(account) : DISCONNECTED_STATE(r)),
      observedAt,
      account ? 'payments.account_updated' : 'payments.account_disconnected',
    );
  }

  return {
    async get(): Promise<TPaymentAccount> {
      return toAccount(await repo.find());
    },

    /** Whether paid services can be booked online now: payments configured and the account ACTIVE with charges enabled. */
    async canTakePayments(): Promise<boolean> {
      if (!deps.stripe) return false;
      const row = await repo.find();
      return row?.status === 'ACTIVE' && row.chargesEnabled;
    },

    /**
     * Connect Stripe: creates the connected account once (again after a disconnect), then a
     * fresh single-use onboarding link. The account's creation carries an idempotency key from
     * the tenant, so two clicks at once, or a retry after a timeout, make one account.
     */
    async startOnboarding(by: { userId: string } | 'demo-seed'): Promise<{ url: string }> {
      const stripe = gateway();
      const tenantId = requireTenantId();
      // A business that takes money is owned by someone who has shown the address is theirs
      // (the development seed connects its demo business, whose owner it made verified).
      if (by !== 'demo-seed') await createAuthService(deps).requireVerifiedOwner(by.userId, tenantId);
      let row = await repo.find();
      if (!row || row.status === 'DISCONNECTED') {
        const observedAt = deps.clock.now();
        const tenant = await createTenantService(deps).get();
        const account = await stripe.accounts
          .create({ tenantId, businessName: tenant.name, idempotencyKey: `connect-account:${tenantId}:${row?.stripeAccountId ?? 'first'}` })
          .catch(unavailable);
        const state = stateOf(account);
        row = await transaction(deps, async (tx) => {
          const current = await repo.lock(tx);
          if (current && current.status !== 'DISCONNECTED') return current; // someone else connected meanwhile
          const saved = current
            ? await repo.replace(tx, { ...state, stripeAccountId: account.id, syncedAt: observedAt })
            : await repo.create(tx, { ...state, stripeAccountId: account.id, syncedAt: observedAt });
          await deps.audit.record(tx, {
            action: 'payments.account_connected',
            resourceType: 'payment_account',
            resourceId: saved.id,
            before: current ? auditable(current) : null,
            after: auditable(saved),
            metadata: { stripeAccountId: account.id, ...(current ? { previousStripeAccountId: current.stripeAccountId } : {}) },
          });
          return saved;
        }).catch(async (err: unknown) => {
          // Two first connections at once: the other one's row stands (same account, same idempotency key).
          if (isUniqueViolation(err)) return repo.find();
          throw err;
        });
        if (!row) throw new AppError('CONFLICT', 'The Stripe account changed while connecting; try again');
      }
      const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
      const link = await stripe.accounts
        .createOnboardingLink({
          accountId: row.stripeAccountId,
          refreshUrl: `${base}/settings/payments?onboarding=refresh`,
          returnUrl: `${base}/settings/payments?onboarding=return`,
        })
        .catch(unavailable);
      return { url: link.url };
    },

    /** `account.updated`: re-read the account from Stripe and keep the newest reading. */
    async syncFromEvent(event: StoredStripeEvent): Promise<StripeEventOutcome> {
      const stripeAccountId = event.account ?? (typeof event.object.id === 'string' ? event.object.id : null);
      if (!stripeAccountId || !currentContext()?.tenantId) return 'IGNORED';
      const row = await repo.find();
      if (!row || row.stripeAccountId !== stripeAccountId || row.status === 'DISCONNECTED') return 'IGNORED';
      return refresh(stripeAccountId);
    },

    /**
     * Re-reads the tenant's account from Stripe now (e.g. at start-up against a fresh local
     * emulator, which does not know accounts from before its restart: they read as disconnected).
     */
    async refresh(): Promise<TPaymentAccount> {
      const row = await repo.find();
      if (row && row.status !== 'DISCONNECTED') await refresh(row.stripeAccountId);
      return toAccount(await repo.find());
    },

    /** Every connected tenant's account re-read from Stripe (the development entry, against a freshly started emulator). */
    async unsafeRefreshAll(): Promise<void> {
      for (const tenantId of await repo.unsafeTenantsWithAccounts()) {
        await withTenant(tenantId, async () => {
          const row = await repo.find();
          if (row && row.status !== 'DISCONNECTED') await refresh(row.stripeAccountId);
        });
      }
    },

    /** `account.application.deauthorized`: the business removed our platform; final for this account. */
    async disconnectFromEvent(event: StoredStripeEvent): Promise<StripeEventOutcome> {
      const stripeAccountId = event.account;
      if (!stripeAccountId || !currentContext()?.tenantId) return 'IGNORED';
      return apply(stripeAccountId, DISCONNECTED_STATE, deps.clock.now(), 'payments.account_disconnected');
    },

    /**
     * Emails the owners what Stripe asks for, unless the account has moved on since the change
     * (`changeKey`) was queued — the newer change has an email of its own. Once per change.
     */
    async emailOwners(changeKey: string): Promise<void> {
      await sendOnce(deps, { kind: 'payments.account', dedupeKey: `payments-account:${changeKey}`, bookingId: null }, async () => {
        const row = await repo.find();
        if (!row || changeKeyOf(row.stripeAccountId, row) !== changeKey) return { skip: 'the account changed again since' };
        const tenants = createTenantService(deps);
        const [tenant, members] = await Promise.all([tenants.get(), tenants.listMembers()]);
        const to = members.filter((m) => m.role === 'OWNER').map((m) => m.user.email);
        const url = `${deps.config.PUBLIC_URL.replace(/\/$/, '')}/settings/payments`;
        return { to, email: renderAccountEmail(tenant.name, toAccount(row), url) };
      });
    },
  };
}
export type PaymentAccountService = ReturnType<typeof createPaymentAccountService>;

import type Stripe from 'stripe';
import { call } from './errors';
import type { ConnectController, StripeAccount, StripeAccountLink } from './types';

/**
 * Connected accounts are created with `controller` properties (Stripe deprecated `type`):
 * - `account`: the business pays Stripe's fees and Stripe bears payment losses, with the full
 *   Stripe Dashboard — what Stripe recommends for direct charges (docs/adr/009);
 * - `platform`: we pay the fees and bear the losses, Express Dashboard; Stripe still collects
 *   the requirements, and the capabilities must be requested.
 */
function controllerParams(controller: ConnectController): Stripe.AccountCreateParams {
  if (controller === 'account') {
    return { controller: { fees: { payer: 'account' }, losses: { payments: 'stripe' }, stripe_dashboard: { type: 'full' } } };
  }
  return {
    controller: {
      fees: { payer: 'application' },
      losses: { payments: 'application' },
      requirement_collection: 'stripe',
      stripe_dashboard: { type: 'express' },
    },
    capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  };
}

export function toStripeAccount(a: Stripe.Account): StripeAccount {
  return {
    id: a.id,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    detailsSubmitted: a.details_submitted ?? false,
    currentlyDue: [...(a.requirements?.currently_due ?? [])],
    pastDue: [...(a.requirements?.past_due ?? [])],
    disabledReason: a.requirements?.disabled_reason ?? null,
  };
}

export function createAccountsGateway(stripe: Stripe, opts: { controller: ConnectController }) {
  return {
    /**
     * Creates the connected account of a tenant. The idempotency key (from the tenant) makes a
     * retry, or two owners clicking at once, one account.
     */
    create: (p: { tenantId: string; email?: string; businessName?: string; country?: string; idempotencyKey: string }): Promise<StripeAccount> =>
      call(async () =>
        toStripeAccount(
          await stripe.accounts.create(
            {
              ...controllerParams(opts.controller),
              ...(p.email ? { email: p.email } : {}),
              ...(p.country ? { country: p.country } : {}),
              ...(p.businessName ? { business_profile: { name: p.businessName } } : {}),
              metadata: { tenantId: p.tenantId },
            },
            { idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),

    retrieve: (accountId: string): Promise<StripeAccount> => call(async () => toStripeAccount(await stripe.accounts.retrieve(accountId))),

    /** A single-use onboarding link; Stripe sends a used or expired one to `refreshUrl`. */
    createOnboardingLink: (p: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<StripeAccountLink> =>
      call(async () => {
        const link = await stripe.accountLinks.create({ account: p.accountId, type: 'account_onboarding', refresh_url: p.refreshUrl, return_url: p.returnUrl });
        return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
      }),
  };
}
export type AccountsGateway = ReturnType<typeof createAccountsGateway>;

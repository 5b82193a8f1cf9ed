import type Stripe from 'stripe';
import { call } from './errors';
import { toPaymentMethod } from './payment-methods';
import type { CheckoutSessionStatus, StripeSetupSession } from './types';

/**
 * Checkout Sessions in setup mode on the PLATFORM account (no `Stripe-Account`): the customer
 * enters a card on Stripe's page, which saves it to the platform customer without charging it.
 */

function toSetupSession(s: Stripe.Checkout.Session): StripeSetupSession {
  const si = s.setup_intent;
  const customer = s.customer;
  const setupIntent =
    si && typeof si === 'object'
      ? {
          id: si.id,
          status: si.status,
          paymentMethod: si.payment_method && typeof si.payment_method === 'object' ? toPaymentMethod(si.payment_method) : null,
        }
      : typeof si === 'string'
        ? { id: si, status: 'unknown', paymentMethod: null }
        : null;
  return {
    id: s.id,
    url: s.url ?? null,
    status: (s.status ?? 'open') as CheckoutSessionStatus,
    customerId: typeof customer === 'string' ? customer : (customer?.id ?? null),
    expiresAt: new Date(s.expires_at * 1000),
    metadata: { ...(s.metadata ?? {}) },
    setupIntent,
  };
}

export function createSetupGateway(stripe: Stripe) {
  return {
    /** Cards only; the metadata travels on the session and its SetupIntent. */
    create: (p: { customerId: string; successUrl: string; cancelUrl: string; metadata: Record<string, string>; idempotencyKey: string }) =>
      call(async () =>
        toSetupSession(
          await stripe.checkout.sessions.create(
            {
              mode: 'setup',
              customer: p.customerId,
              allowed_payment_method_types: ['card'],
              success_url: p.successUrl,
              cancel_url: p.cancelUrl,
              metadata: p.metadata,
              setup_intent_data: { metadata: p.metadata },
            },
            { idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),

    /** The session as it is now, with its SetupIntent and the saved payment method. */
    retrieve: (sessionId: string): Promise<StripeSetupSession> =>
      call(async () => toSetupSession(await stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent', 'setup_intent.payment_method'] }))),
  };
}
export type SetupGateway = ReturnType<typeof createSetupGateway>;

import type Stripe from 'stripe';
import { call } from './errors';
import type { StripePaymentMethod } from './types';

/**
 * Card payment methods: the platform's saved cards, and their clones on connected accounts.
 * Only brand, last four and expiry come out of here; Stripe keeps the number.
 */

export function toPaymentMethod(pm: Stripe.PaymentMethod): StripePaymentMethod {
  const customer = pm.customer;
  return {
    id: pm.id,
    customerId: typeof customer === 'string' ? customer : (customer?.id ?? null),
    card: pm.card ? { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year } : null,
  };
}

export function createPaymentMethodsGateway(stripe: Stripe) {
  return {
    /** A payment method on the platform, or on a connected account with `stripeAccount`. */
    retrieve: (p: { paymentMethodId: string; stripeAccount?: string }): Promise<StripePaymentMethod> =>
      call(async () => toPaymentMethod(await stripe.paymentMethods.retrieve(p.paymentMethodId, {}, p.stripeAccount ? { stripeAccount: p.stripeAccount } : {}))),

    /** Takes a saved card off the platform customer: it can no longer be used or cloned. */
    detach: (p: { paymentMethodId: string; idempotencyKey?: string }): Promise<StripePaymentMethod> =>
      call(async () =>
        toPaymentMethod(await stripe.paymentMethods.detach(p.paymentMethodId, {}, p.idempotencyKey ? { idempotencyKey: p.idempotencyKey } : {})),
      ),

    /**
     * Clones the platform customer's card onto a connected account (`Stripe-Account`): a new payment
     * method there, with its own id, that a direct charge on that account can use. Independent of
     * the original: detaching the platform's card later leaves the clone as it is.
     */
    clone: (p: { customerId: string; paymentMethodId: string; stripeAccount: string; idempotencyKey: string }): Promise<StripePaymentMethod> =>
      call(async () =>
        toPaymentMethod(
          await stripe.paymentMethods.create(
            { customer: p.customerId, payment_method: p.paymentMethodId },
            { stripeAccount: p.stripeAccount, idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),
  };
}
export type PaymentMethodsGateway = ReturnType<typeof createPaymentMethodsGateway>;

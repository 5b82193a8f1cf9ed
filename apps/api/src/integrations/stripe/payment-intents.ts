import type Stripe from 'stripe';
import { call } from './errors';
import type { StripePaymentIntent, StripePaymentIntentStatus } from './types';

/**
 * PaymentIntents made by us on a connected account (direct charges without Checkout: a saved
 * card's one-click payment). A card that is declined or needs its holder (3-D Secure) makes the
 * create call fail with a StripeGatewayError of kind `card` (`details.code`: `card_declined`,
 * `authentication_required`, …; `details.paymentIntentId`).
 */

export function toPaymentIntent(pi: Stripe.PaymentIntent): StripePaymentIntent {
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const card = charge?.status === 'succeeded' ? (charge.payment_method_details?.card ?? null) : null;
  const error = pi.last_payment_error;
  return {
    id: pi.id,
    status: pi.status as StripePaymentIntentStatus,
    amount: pi.amount,
    currency: pi.currency,
    applicationFeeMinor: pi.application_fee_amount ?? null,
    latestChargeId: charge?.id ?? (typeof pi.latest_charge === 'string' ? pi.latest_charge : null),
    card: card ? { brand: card.brand ?? 'card', last4: card.last4 ?? '' } : null,
    metadata: { ...(pi.metadata ?? {}) },
    lastPaymentError: error ? { code: error.code ?? null, declineCode: error.decline_code ?? null, message: error.message ?? null } : null,
  };
}

export function createPaymentIntentsGateway(stripe: Stripe) {
  return {
    /**
     * Charges a card the customer is not present for (`off_session`), confirmed at once, on the
     * business's account with our fee. The idempotency key (from the booking) makes any retry the
     * same charge.
     */
    createOffSession: (p: {
      stripeAccount: string;
      amountMinor: number;
      currency: string;
      applicationFeeMinor: number;
      paymentMethodId: string;
      description?: string;
      metadata: Record<string, string>;
      idempotencyKey: string;
    }): Promise<StripePaymentIntent> =>
      call(async () =>
        toPaymentIntent(
          await stripe.paymentIntents.create(
            {
              amount: p.amountMinor,
              currency: p.currency.toLowerCase(),
              application_fee_amount: p.applicationFeeMinor,
              payment_method: p.paymentMethodId,
              allowed_payment_method_types: ['card'],
              confirm: true,
              off_session: true,
              ...(p.description ? { description: p.description } : {}),
              metadata: p.metadata,
              expand: ['latest_charge'],
            },
            { stripeAccount: p.stripeAccount, idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),

    /** The intent as it is now, with its latest charge (for the card's brand and last four). */
    retrieve: (p: { stripeAccount: string; paymentIntentId: string }): Promise<StripePaymentIntent> =>
      call(async () =>
        toPaymentIntent(await stripe.paymentIntents.retrieve(p.paymentIntentId, { expand: ['latest_charge'] }, { stripeAccount: p.stripeAccount })),
      ),
  };
}
export type PaymentIntentsGateway = ReturnType<typeof createPaymentIntentsGateway>;

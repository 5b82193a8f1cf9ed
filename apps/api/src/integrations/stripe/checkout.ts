import type Stripe from 'stripe';
import { call } from './errors';
import type { StripeCheckoutSession } from './types';

/**
 * Checkout Sessions on a connected account (direct charges: every call carries the account as
 * `Stripe-Account`). The paid-booking flow (modules/payments) builds on these.
 */

export function toCheckoutSession(s: Stripe.Checkout.Session): StripeCheckoutSession {
  const pi = s.payment_intent;
  return {
    id: s.id,
    url: s.url ?? null,
    status: (s.status ?? 'open') as StripeCheckoutSession['status'],
    paymentStatus: s.payment_status as StripeCheckoutSession['paymentStatus'],
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    amountTotal: s.amount_total ?? null,
    currency: s.currency ?? null,
    expiresAt: new Date(s.expires_at * 1000),
    clientReferenceId: s.client_reference_id ?? null,
    customerEmail: s.customer_email ?? s.customer_details?.email ?? null,
    metadata: { ...(s.metadata ?? {}) },
  };
}

/**
 * A session with what its payment looks like now (one request: the payment intent and its latest
 * charge expanded, then the intent's charges for the failed attempts). Card data stops at brand
 * and last four.
 */
export type StripeCheckoutPayment = StripeCheckoutSession & {
  paymentIntent: {
    id: string;
    status: string;
    applicationFeeMinor: number | null;
    latestChargeId: string | null;
    cardBrand: string | null;
    cardLast4: string | null;
    /** Declined or failed charges so far, and the newest one's message. */
    failedAttempts: number;
    lastFailureMessage: string | null;
  } | null;
};

export type CreateCheckoutSession = {
  /** The connected account the charge is made on. */
  stripeAccount: string;
  idempotencyKey: string;
  lineItem: { name: string; description?: string; amountMinor: number; currency: string };
  applicationFeeMinor: number;
  expiresAt: Date;
  successUrl: string;
  cancelUrl: string;
  customerEmail?: string;
  clientReferenceId: string;
  metadata: Record<string, string>;
};

export function createCheckoutGateway(stripe: Stripe) {
  return {
    create: (p: CreateCheckoutSession): Promise<StripeCheckoutSession> =>
      call(async () =>
        toCheckoutSession(
          await stripe.checkout.sessions.create(
            {
              mode: 'payment',
              line_items: [
                {
                  quantity: 1,
                  price_data: {
                    currency: p.lineItem.currency.toLowerCase(),
                    unit_amount: p.lineItem.amountMinor,
                    product_data: { name: p.lineItem.name, ...(p.lineItem.description ? { description: p.lineItem.description } : {}) },
                  },
                },
              ],
              payment_intent_data: { application_fee_amount: p.applicationFeeMinor, metadata: p.metadata },
              expires_at: Math.floor(p.expiresAt.getTime() / 1000),
              success_url: p.successUrl,
              cancel_url: p.cancelUrl,
              ...(p.customerEmail ? { customer_email: p.customerEmail } : {}),
              client_reference_id: p.clientReferenceId,
              metadata: p.metadata,
            },
            { stripeAccount: p.stripeAccount, idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),

    retrieve: (p: { stripeAccount: string; sessionId: string }): Promise<StripeCheckoutSession> =>
      call(async () => toCheckoutSession(await stripe.checkout.sessions.retrieve(p.sessionId, {}, { stripeAccount: p.stripeAccount }))),

    /** The session's current state with its payment (see StripeCheckoutPayment): what event handlers act on. */
    retrievePayment: (p: { stripeAccount: string; sessionId: string }): Promise<StripeCheckoutPayment> =>
      call(async () => {
        const s = await stripe.checkout.sessions.retrieve(
          p.sessionId,
          { expand: ['payment_intent', 'payment_intent.latest_charge'] },
          { stripeAccount: p.stripeAccount },
        );
        const pi = typeof s.payment_intent === 'object' ? s.payment_intent : null;
        if (!pi) return { ...toCheckoutSession(s), paymentIntent: null };
        const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
        const charges = await stripe.charges.list({ payment_intent: pi.id, limit: 100 }, { stripeAccount: p.stripeAccount });
        const failed = charges.data.filter((c) => c.status === 'failed');
        const card = charge?.payment_method_details?.card ?? null;
        return {
          ...toCheckoutSession(s),
          paymentIntent: {
            id: pi.id,
            status: pi.status,
            applicationFeeMinor: pi.application_fee_amount ?? null,
            latestChargeId: charge?.id ?? (typeof pi.latest_charge === 'string' ? pi.latest_charge : null),
            cardBrand: charge?.status === 'succeeded' ? (card?.brand ?? null) : null,
            cardLast4: charge?.status === 'succeeded' ? (card?.last4 ?? null) : null,
            failedAttempts: failed.length,
            lastFailureMessage: pi.last_payment_error?.message ?? failed[0]?.failure_message ?? null,
          },
        };
      }),

    /** Ends an open session so nobody can pay it any more (Stripe refuses to expire a complete one). */
    expire: (p: { stripeAccount: string; sessionId: string; idempotencyKey?: string }): Promise<StripeCheckoutSession> =>
      call(async () =>
        toCheckoutSession(
          await stripe.checkout.sessions.expire(
            p.sessionId,
            {},
            { stripeAccount: p.stripeAccount, ...(p.idempotencyKey ? { idempotencyKey: p.idempotencyKey } : {}) },
          ),
        ),
      ),

    /** Sessions of a payment intent, or the newest ones (first page, newest first). */
    list: (p: {
      stripeAccount: string;
      paymentIntentId?: string;
      status?: StripeCheckoutSession['status'];
      limit?: number;
    }): Promise<StripeCheckoutSession[]> =>
      call(async () => {
        const page = await stripe.checkout.sessions.list(
          { limit: p.limit ?? 10, ...(p.paymentIntentId ? { payment_intent: p.paymentIntentId } : {}), ...(p.status ? { status: p.status } : {}) },
          { stripeAccount: p.stripeAccount },
        );
        return page.data.map(toCheckoutSession);
      }),
  };
}
export type CheckoutGateway = ReturnType<typeof createCheckoutGateway>;

import type Stripe from 'stripe';
import { call } from './errors';
import type { StripeRefund } from './types';

export function toRefund(r: Stripe.Refund): StripeRefund {
  const pi = r.payment_intent;
  const charge = r.charge;
  return {
    id: r.id,
    status: (r.status ?? 'pending') as StripeRefund['status'],
    amount: r.amount,
    currency: r.currency,
    paymentIntentId: typeof pi === 'string' ? pi : (pi?.id ?? null),
    chargeId: typeof charge === 'string' ? charge : (charge?.id ?? null),
    failureReason: r.failure_reason ?? null,
    metadata: r.metadata ?? {},
    created: typeof r.created === 'number' ? new Date(r.created * 1000) : null,
  };
}

export function createRefundsGateway(stripe: Stripe) {
  return {
    /**
     * Refunds a direct charge on the connected account; `refundApplicationFee` gives our fee back
     * too (for direct charges; `reverse_transfer` is for destination charges only).
     */
    create: (p: {
      stripeAccount: string;
      paymentIntentId: string;
      amountMinor?: number;
      refundApplicationFee: boolean;
      reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
      metadata?: Record<string, string>;
      idempotencyKey: string;
    }): Promise<StripeRefund> =>
      call(async () =>
        toRefund(
          await stripe.refunds.create(
            {
              payment_intent: p.paymentIntentId,
              ...(p.amountMinor !== undefined ? { amount: p.amountMinor } : {}),
              refund_application_fee: p.refundApplicationFee,
              ...(p.reason ? { reason: p.reason } : {}),
              ...(p.metadata ? { metadata: p.metadata } : {}),
            },
            { stripeAccount: p.stripeAccount, idempotencyKey: p.idempotencyKey },
          ),
        ),
      ),

    /**
     * How much of our application fee Stripe has returned on the charge behind a payment intent
     * (the platform's ApplicationFee `amount_refunded`), or null when the charge carries no fee.
     * Stripe's fee refunds name no refund, so this total is what our fee bookkeeping follows.
     */
    feeRefunded: (p: { stripeAccount: string; paymentIntentId: string }): Promise<{ feeMinor: number; refundedMinor: number } | null> =>
      call(async () => {
        const pi = await stripe.paymentIntents.retrieve(p.paymentIntentId, { expand: ['latest_charge'] }, { stripeAccount: p.stripeAccount });
        const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
        const feeRef = charge?.application_fee;
        if (!feeRef) return null;
        const fee = typeof feeRef === 'string' ? await stripe.applicationFees.retrieve(feeRef) : feeRef;
        return { feeMinor: fee.amount, refundedMinor: fee.amount_refunded };
      }),

    retrieve: (p: { stripeAccount: string; refundId: string }): Promise<StripeRefund> =>
      call(async () => toRefund(await stripe.refunds.retrieve(p.refundId, {}, { stripeAccount: p.stripeAccount }))),

    /** Every refund of a payment intent's charge (ours and any made in Stripe's dashboard), oldest first. */
    list: (p: { stripeAccount: string; paymentIntentId: string }): Promise<StripeRefund[]> =>
      call(async () => {
        const all: StripeRefund[] = [];
        for await (const r of stripe.refunds.list({ payment_intent: p.paymentIntentId, limit: 100 }, { stripeAccount: p.stripeAccount })) all.push(toRefund(r));
        return all.reverse();
      }),
  };
}
export type RefundsGateway = ReturnType<typeof createRefundsGateway>;

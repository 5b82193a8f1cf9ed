import type Stripe from 'stripe';
import { call } from './errors';
import type { StripeDispute } from './types';

/**
 * What Stripe has taken from the business for a dispute and not given back: its balance
 * transactions' net amounts (the withdrawal with the dispute fee, and the reversal if it was won),
 * negated. Only those in the dispute's currency count (a conversion to the account's settlement
 * currency would mix two currencies).
 */
function fundsWithdrawn(d: Stripe.Dispute): number {
  const net = d.balance_transactions.filter((t) => t.currency === d.currency).reduce((sum, t) => sum + t.net, 0);
  return Math.max(0, -net);
}

const idOf = (v: string | { id: string } | null) => (typeof v === 'string' ? v : (v?.id ?? null));

export function toDispute(d: Stripe.Dispute): StripeDispute {
  return {
    id: d.id,
    status: d.status,
    reason: d.reason,
    amount: d.amount,
    currency: d.currency,
    chargeId: idOf(d.charge),
    paymentIntentId: idOf(d.payment_intent),
    evidenceDueBy: d.evidence_details.due_by ? new Date(d.evidence_details.due_by * 1000) : null,
    fundsWithdrawnMinor: fundsWithdrawn(d),
    created: new Date(d.created * 1000),
  };
}

export function createDisputesGateway(stripe: Stripe) {
  return {
    /** A dispute on a connected account's charge, as Stripe has it now. */
    retrieve: (p: { stripeAccount: string; disputeId: string }): Promise<StripeDispute> =>
      call(async () => toDispute(await stripe.disputes.retrieve(p.disputeId, {}, { stripeAccount: p.stripeAccount }))),
  };
}
export type DisputesGateway = ReturnType<typeof createDisputesGateway>;

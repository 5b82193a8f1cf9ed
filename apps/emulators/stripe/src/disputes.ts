import { changedFields } from './accounts';
import { formatAmount, minorUnitDigits } from './currencies';
import { invalidRequest, resourceMissing } from './errors';
import type { ApiRequest, Core, Route } from './router';
import { randomId, type EventCtx } from './store';
import type { BalanceTransaction, Charge, Dispute, Scope } from './types';

/**
 * Disputes (chargebacks) on a connected account's charges, as a card network opens and decides
 * them: opened `needs_response` with the amount and Stripe's dispute fee withdrawn from the
 * account's balance, evidence submitted (`under_review`), then won (the money and the fee come
 * back) or lost (they stay withdrawn). Each step sends the events Stripe sends.
 */

/** Stripe's dispute fee: 15.00 in the charge's currency. */
export const disputeFeeMinor = (currency: string) => 15 * 10 ** minorUnitDigits(currency);

/** How long the business has to answer: evidence is due 7 days after the dispute opens (emulator clock). */
const EVIDENCE_DAYS = 7;

const REASONS = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'noncompliant',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const;

function balanceTransaction(ctx: EventCtx, dispute: Pick<Dispute, 'id' | 'charge' | 'currency'>, amount: number, fee: number): BalanceTransaction {
  const withdrawal = amount < 0;
  return {
    id: randomId('txn_'),
    object: 'balance_transaction',
    amount,
    available_on: ctx.now,
    created: ctx.now,
    currency: dispute.currency,
    description: `${withdrawal ? 'Chargeback withdrawal' : 'Chargeback reversal'} for ${dispute.charge}`,
    exchange_rate: null,
    fee,
    fee_details:
      fee === 0
        ? []
        : [{ amount: fee, application: null, currency: dispute.currency, description: withdrawal ? 'Dispute fee' : 'Dispute fee refund', type: 'stripe_fee' }],
    livemode: false,
    net: amount - fee,
    reporting_category: withdrawal ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
}

/**
 * Opens a dispute on a successful charge (one per charge, as at Stripe): `needs_response`,
 * evidence due in 7 days, the amount plus the dispute fee withdrawn; events
 * `charge.dispute.created` then `charge.dispute.funds_withdrawn`.
 */
export function createDispute(core: Core, ctx: EventCtx, scope: Scope, charge: Charge, opts: { amount?: number; reason?: string }): Dispute {
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed, so it cannot be disputed.`, 'charge');
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, 'charge', 'charge_disputed');
  const reason = opts.reason ?? 'fraudulent';
  if (!(REASONS as readonly string[]).includes(reason)) throw invalidRequest(`Invalid reason: must be one of ${REASONS.join(', ')}`, 'reason');
  // By default what the customer has not had back yet (all of it when a refund already covered it).
  const amount = opts.amount ?? (charge.amount - charge.amount_refunded || charge.amount);
  if (!Number.isInteger(amount) || amount < 1 || amount > charge.amount) {
    throw invalidRequest(`A dispute's amount must be between 1 and the charge's amount (${formatAmount(charge.amount, charge.currency)}).`, 'amount');
  }
  const id = randomId('dp_');
  const dispute: Dispute = {
    id,
    object: 'dispute',
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    evidence_details: { due_by: ctx.now + EVIDENCE_DAYS * 24 * 3600, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason,
    status: 'needs_response',
  };
  dispute.balance_transactions.push(balanceTransaction(ctx, dispute, -amount, disputeFeeMinor(charge.currency)));
  core.store.put(scope, dispute);
  charge.disputed = true;
  core.store.emit(ctx, 'charge.dispute.created', scope, dispute);
  core.store.emit(ctx, 'charge.dispute.funds_withdrawn', scope, dispute);
  return dispute;
}

/**
 * A charge whose dispute takes the money back (`is_charge_refundable: false`) cannot be refunded as
 * well while the dispute is open or once it is lost, as at Stripe; a won dispute gave the money back.
 */
export function chargedBack(core: Core, scope: Scope, charge: Charge): boolean {
  return charge.disputed && core.store.all('dispute', scope).some((d) => d.charge === charge.id && !d.is_charge_refundable && d.status !== 'won');
}

function locateDispute(core: Core, id: string): { scope: Scope; dispute: Dispute } {
  const located = core.store.locate(id);
  if (!located || located.obj.object !== 'dispute') throw resourceMissing('dispute', id);
  return { scope: located.scope, dispute: located.obj };
}

const CLOSED = new Set(['won', 'lost', 'warning_closed']);

/** Evidence submitted: `needs_response` → `under_review` (an inquiry: `warning_…`), event `charge.dispute.updated`. */
export function updateDispute(core: Core, ctx: EventCtx, id: string, opts: { status?: string }): Dispute {
  const { scope, dispute } = locateDispute(core, id);
  const target = opts.status ?? (dispute.status.startsWith('warning_') ? 'warning_under_review' : 'under_review');
  const allowed: Record<string, string> = { needs_response: 'under_review', warning_needs_response: 'warning_under_review' };
  if (allowed[dispute.status] !== target) throw invalidRequest(`Dispute ${id} has status ${dispute.status}; it cannot become ${target}.`, 'status');
  const before = structuredClone(dispute);
  dispute.status = target;
  dispute.evidence_details.has_evidence = true;
  dispute.evidence_details.submission_count += 1;
  core.store.emit(ctx, 'charge.dispute.updated', scope, dispute, changedFields(before, dispute));
  return dispute;
}

/**
 * The card network's decision. Won: the amount and the fee come back (a reversal balance
 * transaction, `charge.dispute.funds_reinstated`), then `charge.dispute.closed`. Lost: the money
 * stays withdrawn, `charge.dispute.closed`.
 */
export function closeDispute(core: Core, ctx: EventCtx, id: string, outcome: 'won' | 'lost'): Dispute {
  const { scope, dispute } = locateDispute(core, id);
  if (CLOSED.has(dispute.status)) throw invalidRequest(`Dispute ${id} is already closed (${dispute.status}).`, 'status');
  const before = structuredClone(dispute);
  if (outcome === 'won') {
    const withdrawn = dispute.balance_transactions.reduce((sum, t) => sum + t.amount, 0);
    const fees = dispute.balance_transactions.reduce((sum, t) => sum + t.fee, 0);
    if (withdrawn < 0) {
      dispute.balance_transactions.push(balanceTransaction(ctx, dispute, -withdrawn, -fees));
      core.store.emit(ctx, 'charge.dispute.funds_reinstated', scope, dispute);
    }
  }
  dispute.status = outcome;
  core.store.emit(ctx, 'charge.dispute.closed', scope, dispute, changedFields(before, dispute));
  return dispute;
}

export const disputeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/disputes',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'charge', 'payment_intent', 'created']);
      const charge = input.str('charge');
      const pi = input.str('payment_intent');
      return core.store.page(
        core.store.all('dispute', ctx.scope).filter((d) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi)),
        input,
        '/v1/disputes',
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/disputes/:id',
    handler: ({ core, ctx, params }: ApiRequest) => {
      const found = core.store.get('dispute', params.id as string, ctx.scope);
      if (!found) throw resourceMissing('dispute', params.id as string);
      return found;
    },
  },
];

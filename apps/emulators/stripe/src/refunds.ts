import { changedFields } from './accounts';
import { formatAmount } from './currencies';
import { chargedBack } from './disputes';
import { invalidRequest, resourceMissing } from './errors';
import type { ApiRequest, Core, Route } from './router';
import { randomId, type EventCtx } from './store';
import type { ApplicationFee, Charge, FeeRefund, Refund, Scope } from './types';

/**
 * Refunds (through the API or "in the dashboard"), the proportional refund of a direct charge's
 * application fee (`refund_application_fee`). Disputes are in disputes.ts.
 */

export type RefundRequest = {
  charge?: string;
  paymentIntent?: string;
  amount?: number;
  reason?: string;
  metadata?: Record<string, string>;
  refundApplicationFee?: boolean;
  reverseTransfer?: boolean;
};

/** The charge a refund or dispute is about: given directly, or a PaymentIntent's successful charge. */
export function chargeFor(core: Core, scope: Scope, charge: string | undefined, paymentIntent: string | undefined): Charge {
  if (charge && paymentIntent) throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.');
  if (charge) {
    const found = core.store.get('charge', charge, scope);
    if (!found) throw resourceMissing('charge', charge, 'charge');
    return found;
  }
  if (!paymentIntent)
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
  const pi = core.store.get('payment_intent', paymentIntent, scope);
  if (!pi) throw resourceMissing('payment_intent', paymentIntent, 'payment_intent');
  const latest = pi.status === 'succeeded' && pi.latest_charge ? core.store.get('charge', pi.latest_charge, scope) : undefined;
  if (!latest) throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent');
  return latest;
}

/** The fee refund each refund made (`refund_application_fee`), so a refund that fails gives it back to the platform. */
const feeRefundOf = new WeakMap<Refund, { fee: ApplicationFee; feeRefund: FeeRefund }>();

/**
 * The platform's fee returned with a refund of a direct charge: in proportion to the amount,
 * rounded down, except that the refund bringing the charge's refunds to its whole amount takes
 * whatever fee is left, so a full refund returns the whole fee.
 */
function refundFee(core: Core, ctx: EventCtx, charge: Charge, refund: Refund): void {
  const fee = charge.application_fee ? core.store.get('application_fee', charge.application_fee, null) : undefined;
  if (!fee) return;
  const remaining = fee.amount - fee.amount_refunded;
  const share = charge.refunded ? remaining : Math.min(remaining, Math.floor((fee.amount * refund.amount) / charge.amount));
  if (share <= 0) return;
  const feeRefund: FeeRefund = {
    id: randomId('fr_'),
    object: 'fee_refund',
    amount: share,
    balance_transaction: randomId('txn_'),
    created: ctx.now,
    currency: fee.currency,
    fee: fee.id,
    livemode: false,
    metadata: {},
  };
  fee.refunds.data.unshift(feeRefund);
  fee.amount_refunded += share;
  fee.refunded = fee.amount_refunded === fee.amount;
  feeRefundOf.set(refund, { fee, feeRefund });
  core.store.emit(ctx, 'application_fee.refunded', null, fee);
}

export function createRefund(core: Core, ctx: EventCtx, scope: Scope, req: RefundRequest): Refund {
  const charge = chargeFor(core, scope, req.charge, req.paymentIntent);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed, so it cannot be refunded.`, 'charge');
  if (chargedBack(core, scope, charge)) throw invalidRequest("The charge you're attempting to refund has been charged back.", 'charge', 'charge_disputed');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  const amount = req.amount ?? remaining;
  if (amount < 1) throw invalidRequest('Refund amount must be at least 1.', 'amount');
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      'amount',
    );
  }
  if (req.reverseTransfer && !charge.transfer_data)
    throw invalidRequest(
      '`reverse_transfer` can only be used when refunding a destination charge (one with `transfer_data[destination]`).',
      'reverse_transfer',
    );
  const before = structuredClone(charge);
  const refund: Refund = {
    id: randomId('re_'),
    object: 'refund',
    amount,
    balance_transaction: randomId('txn_'),
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    failure_reason: null,
    livemode: false,
    metadata: req.metadata ?? {},
    payment_intent: charge.payment_intent,
    reason: req.reason ?? null,
    status: 'succeeded',
  };
  core.store.put(scope, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  core.store.emit(ctx, 'refund.created', scope, refund);
  core.store.emit(ctx, 'charge.refunded', scope, charge, changedFields(before, charge));
  if (req.refundApplicationFee) refundFee(core, ctx, charge, refund);
  return refund;
}

/** A refund that the card network later rejects: `refund.updated` and `refund.failed`. */
export function failRefund(core: Core, ctx: EventCtx, id: string): Refund {
  const located = core.store.locate(id);
  if (!located || located.obj.object !== 'refund') throw resourceMissing('refund', id);
  const refund = located.obj;
  if (refund.status !== 'succeeded' && refund.status !== 'pending') throw invalidRequest(`Refund ${id} has status ${refund.status}.`);
  const before = structuredClone(refund);
  refund.status = 'failed';
  refund.failure_reason = 'expired_or_canceled_card';
  const charge = core.store.get('charge', refund.charge, located.scope);
  if (charge) {
    charge.amount_refunded -= refund.amount;
    charge.refunded = false;
  }
  // The money stays with the business, so the platform's fee returned with it comes back too.
  const returned = feeRefundOf.get(refund);
  if (returned) {
    const { fee, feeRefund } = returned;
    fee.refunds.data = fee.refunds.data.filter((r) => r.id !== feeRefund.id);
    fee.amount_refunded -= feeRefund.amount;
    fee.refunded = false;
    feeRefundOf.delete(refund);
  }
  core.store.emit(ctx, 'refund.updated', located.scope, refund, changedFields(before, refund));
  core.store.emit(ctx, 'refund.failed', located.scope, refund);
  return refund;
}

function getOne<K extends 'refund' | 'application_fee'>(kind: K, { core, ctx, params }: ApiRequest) {
  const found = core.store.get(kind, params.id as string, ctx.scope);
  if (!found) throw resourceMissing(kind, params.id as string);
  return found;
}

export const refundRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/refunds',
    handler: ({ core, ctx, input }) => {
      input.allowOnly([
        'charge',
        'payment_intent',
        'amount',
        'reason',
        'metadata',
        'refund_application_fee',
        'reverse_transfer',
        'instructions_email',
        'origin',
      ]);
      return createRefund(core, ctx, ctx.scope, {
        charge: input.str('charge'),
        paymentIntent: input.str('payment_intent'),
        amount: input.int('amount'),
        reason: input.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const),
        metadata: input.metadata(),
        refundApplicationFee: input.bool('refund_application_fee'),
        reverseTransfer: input.bool('reverse_transfer'),
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'charge', 'payment_intent', 'created']);
      const charge = input.str('charge');
      const pi = input.str('payment_intent');
      return core.store.page(
        core.store.all('refund', ctx.scope).filter((r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi)),
        input,
        '/v1/refunds',
      );
    },
  },
  { method: 'GET', path: '/v1/refunds/:id', handler: (req) => getOne('refund', req) },
  {
    method: 'GET',
    path: '/v1/application_fees',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'charge', 'created']);
      const charge = input.str('charge');
      return core.store.page(
        core.store.all('application_fee', ctx.scope).filter((f) => !charge || f.charge === charge),
        input,
        '/v1/application_fees',
      );
    },
  },
  { method: 'GET', path: '/v1/application_fees/:id', handler: (req) => getOne('application_fee', req) },
];

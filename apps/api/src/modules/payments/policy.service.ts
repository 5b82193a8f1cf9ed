import type { TBooking, TCancellationPolicy, TManageView } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { prismaRunner, type SqlRunner } from '../../platform/sql';
import type { TenantTx } from '../../platform/tenancy';
import { cancellationRefund, effectivePolicy, type CancellationRefund } from './cancellation-policy';
import type { PaymentTerms } from './deposit-amount';
import { createPolicyRepo } from './policy.repo';

/** What the manage page shows before the customer confirms a cancellation (contracts ZManagePolicy.refundOnCancel). */
export type RefundOnCancel = TManageView['policy']['refundOnCancel'];

/**
 * What cancelling `booking` at `now` gives back under `policy`, from its payment as read (the
 * caller holds the booking's lock when it acts on the answer): null when nothing was paid online.
 * "Still refundable" is what the payment says: paid, minus refunds made and on their way.
 */
export function policyRefund(booking: TBooking, policy: TCancellationPolicy, now: Date): (CancellationRefund & { paidMinor: number; currency: string }) | null {
  const p = booking.payment;
  if (!p?.paidAt) return null;
  const r = cancellationRefund({
    paidMinor: p.amountMinor,
    refundedMinor: p.amountMinor - p.refundableMinor,
    startsAt: new Date(booking.startsAt),
    now,
    policy,
    currency: p.currency,
  });
  return { ...r, paidMinor: p.amountMinor, currency: p.currency };
}

/** The refund the manage page shows, in the contract's shape. */
export function refundOnCancel(booking: TBooking, policy: TCancellationPolicy, now: Date): RefundOnCancel {
  const r = policyRefund(booking, policy, now);
  return r && { paidMinor: r.paidMinor, refundMinor: r.refundMinor, percent: r.percent, currency: r.currency, freeUntil: r.freeUntil.toISOString() };
}

/** Cancellation policies of services (their own or their business's) and what they charge online. */
export function createPolicyService(deps: AppDeps) {
  const repo = createPolicyRepo(deps);

  /** `on`: the caller's transaction (Prisma's or the hot path's platform/sql one), when it reads under a lock. */
  async function termsOf(serviceId: string, on?: TenantTx | SqlRunner) {
    const runner = on === undefined ? undefined : '$queryRawUnsafe' in on ? prismaRunner(on) : on;
    const row = await repo.serviceTerms(serviceId, runner);
    if (!row) return null;
    const payment: PaymentTerms = {
      priceMinor: row.priceMinor,
      currency: row.currency,
      paymentMode: row.paymentMode,
      depositMinor: row.depositMinor,
      depositPercent: row.depositPercent,
    };
    const policy = effectivePolicy(
      { freeCancellationHours: row.serviceFreeCancellationHours, lateRefundPercent: row.serviceLateRefundPercent },
      { freeCancellationHours: row.freeCancellationHours, lateRefundPercent: row.lateRefundPercent },
    );
    return { payment, policy };
  }

  return {
    termsOf,

    /** The cancellation policy of a service's bookings (archived services included: their bookings stay). */
    async policyOf(serviceId: string, on?: TenantTx | SqlRunner): Promise<TCancellationPolicy> {
      const terms = await termsOf(serviceId, on);
      if (!terms) throw new AppError('NOT_FOUND', 'Service not found');
      return terms.policy;
    },
  };
}
export type PolicyService = ReturnType<typeof createPolicyService>;

import type { TCancellationPolicy, TManageView } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { prismaRunner, type SqlRunner } from '../../platform/sql';
import type { TenantTx } from '../../platform/tenancy';
import { cancellationRefund, effectivePolicy, type CancellationRefund } from './cancellation-policy';
import type { PaymentTerms } from './deposit-amount';
import { createPolicyRepo } from './policy.repo';
import { refundTotals } from './refund-amounts';
import { createRefundsService, type RefundOrigin } from './refunds.service';

/** What the manage page shows before the customer confirms a cancellation (contracts ZManagePolicy.refundOnCancel). */
export type RefundOnCancel = TManageView['policy']['refundOnCancel'];

/** What cancelling gives back now: the policy's share of what is still refundable, and of which payment. */
export type PolicyRefund = CancellationRefund & { paidMinor: number; currency: string; paymentId: string };

/** The booking as the policy reads it: which service's policy, and when it starts. */
type PolicyBooking = { id: string; serviceId: string; startsAt: Date | string };

/** Payment states with money at Stripe. */
const PAID = new Set(['SUCCEEDED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/**
 * Cancellation policies of services (their own or their business's), what they give back when a
 * paid booking is cancelled, and what a service charges online. Imports no bookings service: the
 * bookings module calls it from its cancel, under the booking's lock.
 */
export function createPolicyService(deps: AppDeps) {
  const repo = createPolicyRepo(deps);
  const refunds = createRefundsService(deps);

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

  async function policyOf(serviceId: string, on?: TenantTx | SqlRunner): Promise<TCancellationPolicy> {
    const terms = await termsOf(serviceId, on);
    if (!terms) throw new AppError('NOT_FOUND', 'Service not found');
    return terms.policy;
  }

  /**
   * The policy of the booking's service and what cancelling it at `now` refunds (null: nothing
   * was paid online). "Still refundable" is the payment minus its refunds, made and on their way.
   */
  async function refundNow(booking: PolicyBooking, now: Date, tx?: TenantTx): Promise<{ policy: TCancellationPolicy; refund: PolicyRefund | null }> {
    const [policy, payment] = await Promise.all([policyOf(booking.serviceId, tx), repo.refundablePayment(booking.id, tx)]);
    if (!payment?.paidAt || !PAID.has(payment.status)) return { policy, refund: null };
    const { refundableMinor } = refundTotals(payment, payment.refunds);
    const r = cancellationRefund({
      paidMinor: payment.amountMinor,
      refundedMinor: payment.amountMinor - refundableMinor,
      startsAt: new Date(booking.startsAt),
      now,
      policy,
      currency: payment.currency,
    });
    return { policy, refund: { ...r, paidMinor: payment.amountMinor, currency: payment.currency, paymentId: payment.id } };
  }

  return {
    termsOf,

    /** The cancellation policy of a service's bookings (archived services included: their bookings stay). */
    policyOf,

    refundNow,

    /** The manage page's policy block: the policy, and the refund cancelling now would give. */
    async manageView(booking: PolicyBooking, now: Date): Promise<{ cancellationPolicy: TCancellationPolicy; refundOnCancel: RefundOnCancel }> {
      const { policy, refund } = await refundNow(booking, now);
      return {
        cancellationPolicy: policy,
        refundOnCancel: refund && {
          paidMinor: refund.paidMinor,
          refundMinor: refund.refundMinor,
          percent: refund.percent,
          currency: refund.currency,
          freeUntil: refund.freeUntil.toISOString(),
        },
      };
    },

    /**
     * A paid booking cancelled under its policy, in the cancel's transaction under the booking's
     * lock: the policy's refund is asked for (refunds.requestInTransaction; none at 0 %). When the
     * caller was shown an amount (`expectedRefundMinor`) and the refund now differs (the free
     * window closed meanwhile), 409 CONFLICT with both: the caller's transaction rolls back.
     */
    async requestPolicyRefund(
      tx: TenantTx,
      booking: PolicyBooking,
      opts: {
        origin: Extract<RefundOrigin, 'CANCELLATION_POLICY' | 'STAFF'>;
        reason: (percent: number) => string;
        idempotencyKey: string;
        requestedByUserId?: string | null;
        expectedRefundMinor?: number | undefined;
      },
    ): Promise<PolicyRefund | null> {
      const { refund } = await refundNow(booking, deps.clock.now(), tx);
      const refundMinor = refund?.refundMinor ?? 0;
      if (opts.expectedRefundMinor !== undefined && opts.expectedRefundMinor !== refundMinor) {
        throw new AppError('CONFLICT', 'The refund for cancelling has changed since it was shown', {
          expectedRefundMinor: opts.expectedRefundMinor,
          refundMinor,
        });
      }
      if (!refund || refund.refundMinor <= 0) return refund;
      await refunds.requestInTransaction(tx, {
        bookingId: booking.id,
        amountMinor: refund.refundMinor,
        reason: opts.reason(refund.percent),
        origin: opts.origin,
        requestedByUserId: opts.requestedByUserId ?? null,
        idempotencyKey: opts.idempotencyKey,
      });
      return refund;
    },
  };
}
export type PolicyService = ReturnType<typeof createPolicyService>;

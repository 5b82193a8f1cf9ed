import type { TRefund } from '@slotwise/contracts';
import type { StripeRefund } from '../../integrations/stripe';
import type { Actor } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { jobId } from '../../platform/jobs';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { sendInTransaction } from '../../platform/transaction';
import { emailQueue } from '../notifications/notifications.queues';
import { createRefundsRepo, type RefundedPaymentRow, type RefundRow } from './refunds.repo';
import { feeSyncQueue, refundQueue } from './refunds.queues';
import { feeRefundFor, paymentStatusAfterRefunds, PAID, refundTotals } from './refund-amounts';

/**
 * Refunds as rows (issue #15): each has its own status, made at Stripe by a job with the row's
 * idempotency key, so one request is one refund whatever retries. Everything here runs inside a
 * transaction whose caller holds the booking's row lock (bookings.lockForPayment, or the bookings
 * service's own change): the payment's refunded totals and status are kept in step with its
 * refunds there (`syncPayment`), and what is refundable is decided there.
 *
 * This service imports neither the bookings nor the payments service (bookings.service calls it
 * when a paid booking is cancelled); payments.service takes the locks and calls Stripe.
 */

export type RefundOrigin = TRefund['origin'];

export type RefundRequest = {
  bookingId: string;
  /** A number of minor units, or everything still refundable ('ALL_REFUNDABLE': null when that is nothing). */
  amountMinor: number | 'ALL_REFUNDABLE';
  reason: string;
  origin: Exclude<RefundOrigin, 'STRIPE_DASHBOARD'>;
  requestedByUserId?: string | null;
  /**
   * Unique per refund across all tenants (the Refund row's unique key, and Stripe's
   * Idempotency-Key): asking again with the same key answers the refund already made.
   */
  idempotencyKey: string;
};

const DASHBOARD_REASON = "Refunded in Stripe's dashboard";

/** Stripe's `failure_reason` in the words a business owner reads. */
const FAILURE_REASONS: Record<string, string> = {
  charge_for_pending_refund_disputed: 'The customer disputed the payment while the refund was pending',
  declined: "The customer's bank declined the refund",
  expired_or_canceled_card: "The customer's card has expired or was cancelled",
  insufficient_funds: 'There was not enough money in the Stripe balance to refund',
  lost_or_stolen_card: "The customer's card was reported lost or stolen",
  merchant_request: 'The refund was cancelled in Stripe',
  unknown: 'Stripe could not return the money (no reason given)',
};
export const failureText = (reason: string | null) =>
  reason ? (FAILURE_REASONS[reason] ?? `Stripe could not return the money (${reason.replace(/_/g, ' ')})`) : null;

/** Stripe's refund status as ours. */
export function refundStatusOf(s: StripeRefund['status']): RefundRow['status'] {
  if (s === 'succeeded') return 'SUCCEEDED';
  if (s === 'failed') return 'FAILED';
  if (s === 'canceled') return 'CANCELLED';
  return 'PENDING';
}

function actorOf(origin: RefundOrigin, userId: string | null | undefined): Actor {
  if (userId) return { type: 'user', id: userId };
  if (origin === 'CANCELLATION_POLICY') return { type: 'customer' };
  if (origin === 'STRIPE_DASHBOARD') return { type: 'stripe' };
  return { type: 'system' };
}

export function createRefundsService(deps: AppDeps) {
  const repo = createRefundsRepo(deps);

  /**
   * The payment's `refundedMinor`, `feeRefundedMinor`, status, `refundedAt` and `refundReason`
   * from its refunds as they are now. Under the booking's lock, after every Refund change.
   */
  async function syncPayment(tx: TenantTx, paymentId: string): Promise<RefundedPaymentRow> {
    const p = await repo.payment(paymentId, tx);
    if (!p) throw new Error(`payment ${paymentId} not found`);
    const t = refundTotals(p, p.refunds);
    const status = paymentStatusAfterRefunds(p, p.refunds);
    const first = p.refunds.find((r) => r.status === 'SUCCEEDED' || r.status === 'PENDING');
    const next = {
      status,
      refundedMinor: t.refundedMinor,
      feeRefundedMinor: t.feeRefundedMinor,
      refundedAt: status === 'REFUNDED' ? (p.refundedAt ?? deps.clock.now()) : null,
      refundReason: first?.reason ?? null,
    };
    const same =
      p.status === next.status &&
      p.refundedMinor === next.refundedMinor &&
      p.feeRefundedMinor === next.feeRefundedMinor &&
      (p.refundedAt?.getTime() ?? null) === (next.refundedAt?.getTime() ?? null) &&
      p.refundReason === next.refundReason;
    if (!same) await repo.updatePayment(tx, paymentId, next);
    return { ...p, ...next };
  }

  /** What follows a refund reaching SUCCEEDED or FAILED/CANCELLED: the booking's history, our fee bookkeeping checked with Stripe, and the customer or the owners told. */
  async function settled(tx: TenantTx, refund: RefundRow, previous: RefundRow['status'] | null) {
    const tenantId = requireTenantId();
    await sendInTransaction(deps, tx, feeSyncQueue, { tenantId, paymentId: refund.paymentId }, { singletonKey: refund.paymentId });
    const succeeded = refund.status === 'SUCCEEDED';
    await deps.audit.record(tx, {
      action: succeeded ? 'payment.refund_succeeded' : 'payment.refund_failed',
      resourceType: 'booking',
      resourceId: refund.bookingId,
      actor: { type: 'stripe' },
      before: previous ? { refundStatus: previous } : null,
      after: {
        refundStatus: refund.status,
        amountMinor: refund.amountMinor,
        applicationFeeRefundMinor: refund.applicationFeeRefundMinor,
        currency: refund.currency,
        ...(refund.failureReason ? { failureReason: refund.failureReason } : {}),
      },
      metadata: { refundId: refund.id, stripeRefundId: refund.stripeRefundId, origin: refund.origin },
    });
    if (succeeded) {
      const dedupeKey = `refunded:${refund.id}`;
      await sendInTransaction(
        deps,
        tx,
        emailQueue,
        { tenantId, kind: 'booking.payment_refunded', bookingId: refund.bookingId, refundId: refund.id, dedupeKey },
        { id: jobId(dedupeKey) },
      );
    } else if (refund.status === 'FAILED') {
      const dedupeKey = `refund-failed:${refund.id}`;
      await sendInTransaction(
        deps,
        tx,
        emailQueue,
        { tenantId, kind: 'payment.refund_failed', bookingId: refund.bookingId, refundId: refund.id, dedupeKey },
        { id: jobId(dedupeKey) },
      );
    }
  }

  return {
    /**
     * Asks for a refund of the booking's payment: a PENDING Refund row (checked against what is
     * still refundable: paid − refunded − pending), the payment's status in step, an audit row,
     * and the job that makes it at Stripe — all in `tx`. The caller holds the booking's row lock.
     * The same `idempotencyKey` again answers the refund it made (one click, one refund).
     * Null when `amountMinor` is 'ALL_REFUNDABLE' and nothing is (no paid payment, or all of it
     * refunded or on its way); a number beyond what is refundable is 409 REFUND_EXCEEDS_PAYMENT,
     * and on a booking without a paid payment 409 CONFLICT.
     */
    async requestInTransaction(tx: TenantTx, r: RefundRequest): Promise<RefundRow | null> {
      const earlier = await repo.findByKey(r.idempotencyKey, tx);
      if (earlier) {
        if (earlier.bookingId !== r.bookingId) throw new AppError('IDEMPOTENCY_MISMATCH', 'This key was already used for a refund of another booking');
        return earlier;
      }
      const payment = await repo.paymentOfBooking(r.bookingId, tx);
      const all = r.amountMinor === 'ALL_REFUNDABLE';
      if (!payment || !PAID.has(payment.status)) {
        if (all) return null;
        throw new AppError('CONFLICT', 'This booking has no paid payment to refund');
      }
      const totals = refundTotals(payment, payment.refunds);
      const amountMinor = r.amountMinor === 'ALL_REFUNDABLE' ? totals.refundableMinor : r.amountMinor;
      if (all && amountMinor <= 0) return null;
      if (amountMinor > totals.refundableMinor) {
        throw new AppError('REFUND_EXCEEDS_PAYMENT', 'That is more than is left to refund on this payment', { refundableMinor: totals.refundableMinor });
      }
      const fee = feeRefundFor(
        payment,
        { amountMinor: totals.refundedMinor + totals.refundPendingMinor, feeMinor: totals.feeRefundedMinor + totals.feePendingMinor },
        amountMinor,
      );
      const refund = await repo.create(tx, {
        paymentId: payment.id,
        bookingId: r.bookingId,
        idempotencyKey: r.idempotencyKey,
        status: 'PENDING',
        origin: r.origin,
        amountMinor,
        applicationFeeRefundMinor: fee,
        currency: payment.currency,
        reason: r.reason,
        requestedByUserId: r.requestedByUserId ?? null,
        createdAt: deps.clock.now(),
      });
      const after = await syncPayment(tx, payment.id);
      await deps.audit.record(tx, {
        action: 'payment.refund_requested',
        resourceType: 'booking',
        resourceId: r.bookingId,
        actor: actorOf(r.origin, r.requestedByUserId),
        before: { paymentStatus: payment.status, refundableMinor: totals.refundableMinor },
        after: { paymentStatus: after.status, amountMinor, applicationFeeRefundMinor: fee, currency: payment.currency, reason: r.reason, origin: r.origin },
        metadata: { refundId: refund.id },
      });
      await sendInTransaction(deps, tx, refundQueue, { tenantId: requireTenantId(), refundId: refund.id }, { id: jobId('payment-refund', refund.id) });
      return refund;
    },

    /**
     * Stripe's refund `s` of `payment`, as Stripe has it now, made ours: found by its Stripe id
     * (or `known`, our row it was made for), or recorded as a refund made in Stripe's dashboard;
     * its status moved on (PENDING → SUCCEEDED / FAILED / CANCELLED, SUCCEEDED → FAILED when the
     * card network returns it later; never back), then the payment in step, audited, and the
     * customer (succeeded) or the owners (failed) emailed. Under the booking's lock; idempotent.
     */
    async applyInTransaction(tx: TenantTx, payment: RefundedPaymentRow, s: StripeRefund, known?: RefundRow | null): Promise<RefundRow> {
      const now = deps.clock.now();
      const next = refundStatusOf(s.status);
      const failureReason = next === 'FAILED' || next === 'CANCELLED' ? (failureText(s.failureReason) ?? 'Stripe could not return the money') : null;
      let row = (await repo.findByStripeId(s.id, tx)) ?? known ?? null;
      if (!row && s.metadata.refundId) {
        const mine = await repo.find(s.metadata.refundId, tx);
        if (mine?.paymentId === payment.id && !mine.stripeRefundId) row = mine;
      }
      if (!row) {
        // Made outside our product (Stripe's dashboard): recorded as Stripe has it. A business
        // refunding in its own dashboard cannot return the platform's fee (only we can, with
        // `refund_application_fee`), so it returns none; a later refund of ours that completes the
        // payment returns all that is left, as Stripe does.
        const fee = 0;
        const created = await repo.create(tx, {
          paymentId: payment.id,
          bookingId: payment.bookingId,
          stripeRefundId: s.id,
          status: next,
          origin: 'STRIPE_DASHBOARD',
          amountMinor: s.amount,
          applicationFeeRefundMinor: fee,
          currency: payment.currency,
          reason: DASHBOARD_REASON,
          failureReason,
          createdAt: s.created ?? now,
          settledAt: next === 'PENDING' ? null : now,
        });
        await deps.audit.record(tx, {
          action: 'payment.refund_requested',
          resourceType: 'booking',
          resourceId: payment.bookingId,
          actor: { type: 'stripe' },
          before: { paymentStatus: payment.status },
          after: { amountMinor: s.amount, applicationFeeRefundMinor: fee, currency: payment.currency, reason: DASHBOARD_REASON, origin: 'STRIPE_DASHBOARD' },
          metadata: { refundId: created.id, stripeRefundId: s.id },
        });
        if (next !== 'PENDING') await settled(tx, created, null);
        await syncPayment(tx, payment.id);
        return created;
      }
      const terminal = row.status === 'FAILED' || row.status === 'CANCELLED';
      const goesBack = next === 'PENDING' && row.status !== 'PENDING';
      if (row.status === next || terminal || goesBack || (row.status === 'SUCCEEDED' && next === 'CANCELLED')) {
        return row.stripeRefundId ? row : repo.update(tx, row.id, { stripeRefundId: s.id });
      }
      const updated = await repo.update(tx, row.id, { status: next, stripeRefundId: s.id, failureReason, settledAt: next === 'PENDING' ? null : now });
      await settled(tx, updated, row.status);
      await syncPayment(tx, payment.id);
      return updated;
    },

    /** A refund whose Stripe call was refused for good (not a failure Stripe reports on the refund): FAILED, the payment in step. */
    async refusedInTransaction(tx: TenantTx, refund: RefundRow, reason: string): Promise<RefundRow> {
      const current = await repo.find(refund.id, tx);
      if (current?.status !== 'PENDING') return current ?? refund;
      const updated = await repo.update(tx, refund.id, { status: 'FAILED', failureReason: reason, settledAt: deps.clock.now() });
      await settled(tx, updated, 'PENDING');
      await syncPayment(tx, refund.paymentId);
      return updated;
    },

    syncPayment,

    /**
     * Our fee bookkeeping made Stripe's: the fee a refund returns is worked out by Stripe when it
     * makes the refund, from the charge as it then is (a refund failing meanwhile changes it), and
     * Stripe's fee refunds name no refund. So the payment's returned fee follows the
     * ApplicationFee's `amount_refunded` (`stripeRefundedMinor`, read just before, outside the
     * transaction); the difference is put on the newest succeeded refunds (the per-refund shares
     * are our best reading). Under the booking's lock.
     */
    async followStripeFeeInTransaction(tx: TenantTx, paymentId: string, stripeRefundedMinor: number): Promise<void> {
      const p = await repo.payment(paymentId, tx);
      if (!p) return;
      const succeeded = p.refunds.filter((r) => r.status === 'SUCCEEDED');
      let delta = Math.min(stripeRefundedMinor, p.applicationFeeMinor) - succeeded.reduce((n, r) => n + r.applicationFeeRefundMinor, 0);
      if (delta === 0) return;
      for (const r of [...succeeded].reverse()) {
        const share = Math.max(0, r.applicationFeeRefundMinor + delta);
        delta -= share - r.applicationFeeRefundMinor;
        if (share !== r.applicationFeeRefundMinor) await repo.update(tx, r.id, { applicationFeeRefundMinor: share });
        if (delta === 0) break;
      }
      await syncPayment(tx, paymentId);
    },

    find: (id: string, tx?: TenantTx) => repo.find(id, tx),
    /** The refund as staff see it (with who asked for it): payment-view's toRefund maps it. */
    view: (id: string, tx?: TenantTx) => repo.view(id, tx),
    paymentOfBooking: (bookingId: string, tx: TenantTx) => repo.paymentOfBooking(bookingId, tx),
    /** A payment status with money at Stripe (a refund can be asked for). */
    isPaid: (status: RefundedPaymentRow['status']) => PAID.has(status),
    pendingOfPayment: (paymentId: string) => repo.pendingOfPayment(paymentId),
    payment: (id: string, tx?: TenantTx) => repo.payment(id, tx),
    paymentByIntent: (paymentIntentId: string, tx?: TenantTx) => repo.paymentByIntent(paymentIntentId, tx),
  };
}
export type RefundsService = ReturnType<typeof createRefundsService>;

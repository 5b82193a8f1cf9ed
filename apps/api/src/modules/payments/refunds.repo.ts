import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import type { TenantTx } from '../../platform/tenancy';

/** A Refund row as the module works with it. */
export const refundSelect = {
  id: true,
  paymentId: true,
  bookingId: true,
  stripeRefundId: true,
  idempotencyKey: true,
  status: true,
  origin: true,
  amountMinor: true,
  applicationFeeRefundMinor: true,
  currency: true,
  reason: true,
  failureReason: true,
  requestedByUserId: true,
  createdAt: true,
  settledAt: true,
} as const satisfies Prisma.RefundSelect;
export type RefundRow = Prisma.RefundGetPayload<{ select: typeof refundSelect }>;

/** A refund as staff see it (contracts ZRefund): who asked for it, by name. */
export const refundViewSelect = {
  ...refundSelect,
  requestedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.RefundSelect;
export type RefundViewRow = Prisma.RefundGetPayload<{ select: typeof refundViewSelect }>;

/** A payment with what its refunds add up to: read under the booking's lock before a refund is asked for or settled. */
const refundedPaymentSelect = {
  id: true,
  bookingId: true,
  stripeAccountId: true,
  paymentIntentId: true,
  status: true,
  amountMinor: true,
  applicationFeeMinor: true,
  refundedMinor: true,
  feeRefundedMinor: true,
  currency: true,
  refundedAt: true,
  refundReason: true,
  refunds: {
    select: { id: true, status: true, amountMinor: true, applicationFeeRefundMinor: true, reason: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.PaymentSelect;
export type RefundedPaymentRow = Prisma.PaymentGetPayload<{ select: typeof refundedPaymentSelect }>;

/** Refunds of the tenant in the request context; changes run under the booking's row lock (bookings service). */
export function createRefundsRepo({ db }: Pick<AppDeps, 'db'>) {
  return {
    find: (id: string, tx?: TenantTx) => (tx ?? db).refund.findUnique({ where: { id }, select: refundSelect }),
    view: (id: string, tx?: TenantTx) => (tx ?? db).refund.findUnique({ where: { id }, select: refundViewSelect }),
    findByKey: (idempotencyKey: string, tx?: TenantTx) => (tx ?? db).refund.findUnique({ where: { idempotencyKey }, select: refundSelect }),
    findByStripeId: (stripeRefundId: string, tx?: TenantTx) => (tx ?? db).refund.findUnique({ where: { stripeRefundId }, select: refundSelect }),
    /** A payment's refunds still waiting for Stripe (a job queued before refunds were rows names the payment). */
    pendingOfPayment: (paymentId: string) =>
      db.refund.findMany({ where: { paymentId, status: 'PENDING' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: refundSelect }),

    create: (tx: TenantTx, data: Omit<Prisma.RefundUncheckedCreateInput, 'tenantId'>) =>
      tx.refund.create({ data: data as Prisma.RefundUncheckedCreateInput, select: refundSelect }),
    update: (tx: TenantTx, id: string, data: Prisma.RefundUncheckedUpdateInput) => tx.refund.update({ where: { id }, data, select: refundSelect }),

    paymentOfBooking: (bookingId: string, tx: TenantTx) => tx.payment.findUnique({ where: { bookingId }, select: refundedPaymentSelect }),
    payment: (id: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { id }, select: refundedPaymentSelect }),
    paymentByIntent: (paymentIntentId: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { paymentIntentId }, select: refundedPaymentSelect }),
    /** The payment's totals and status, as its refunds make them (refunds.service syncPayment). */
    updatePayment: (tx: TenantTx, id: string, data: Prisma.PaymentUncheckedUpdateInput) => tx.payment.update({ where: { id }, data, select: { id: true } }),
  };
}
export type RefundsRepo = ReturnType<typeof createRefundsRepo>;

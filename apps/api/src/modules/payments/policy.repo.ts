import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { prismaRunner, statement, type SqlRunner } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

/** A service's money terms and both policies (its own, possibly none, and its business's); archived services included: their bookings stay. */
const serviceTerms = statement(`
  SELECT s."priceMinor", s.currency, s."paymentMode"::text AS "paymentMode", s."depositMinor", s."depositPercent",
         s."freeCancellationHours" AS "serviceFreeCancellationHours", s."lateRefundPercent" AS "serviceLateRefundPercent",
         t."freeCancellationHours", t."lateRefundPercent"
  FROM "Service" s JOIN "Tenant" t ON t.id = s."tenantId"
  WHERE s."tenantId" = $1::uuid AND s.id = $2::uuid`);

export type ServiceTermsRow = {
  priceMinor: number;
  currency: string;
  paymentMode: 'FULL' | 'DEPOSIT_FIXED' | 'DEPOSIT_PERCENT';
  depositMinor: number | null;
  depositPercent: number | null;
  serviceFreeCancellationHours: number | null;
  serviceLateRefundPercent: number | null;
  freeCancellationHours: number;
  lateRefundPercent: number;
};

/** What recording a deposit's balance reads and writes of the payment. */
const balanceSelect = {
  id: true,
  bookingId: true,
  kind: true,
  status: true,
  amountMinor: true,
  currency: true,
  balancePaidMinor: true,
  balanceMethod: true,
  balancePaidAt: true,
  balanceRecordedBy: true,
} as const satisfies Prisma.PaymentSelect;
export type BalanceRow = Prisma.PaymentGetPayload<{ select: typeof balanceSelect }>;

/** A payment and its refunds, for what the policy would refund now (read under the booking's lock when acted on). */
const refundablePaymentSelect = {
  id: true,
  status: true,
  amountMinor: true,
  currency: true,
  paidAt: true,
  refunds: { select: { status: true, amountMinor: true, applicationFeeRefundMinor: true } },
} as const satisfies Prisma.PaymentSelect;

/** Cancellation policies and deposits, for the tenant in the request context. */
export function createPolicyRepo({ db }: Pick<AppDeps, 'db'>) {
  return {
    /** On the caller's connection when given one: the booking hot path's own transaction (platform/sql), or a Prisma one through prismaRunner. */
    serviceTerms: async (serviceId: string, runner: SqlRunner = prismaRunner(db)) =>
      (await runner.query<ServiceTermsRow>(serviceTerms(requireTenantId(), serviceId)))[0] ?? null,

    refundablePayment: (bookingId: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { bookingId }, select: refundablePaymentSelect }),
    paymentOfBooking: (bookingId: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { bookingId }, select: balanceSelect }),
    recordBalance: (
      tx: TenantTx,
      id: string,
      data: { balancePaidMinor: number; balanceMethod: 'CASH' | 'CARD_TERMINAL' | 'OTHER'; balancePaidAt: Date; balanceRecordedBy: string | null },
    ) => tx.payment.update({ where: { id }, data, select: balanceSelect }),
  };
}
export type PolicyRepo = ReturnType<typeof createPolicyRepo>;

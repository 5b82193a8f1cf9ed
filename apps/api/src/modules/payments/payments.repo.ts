import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { statement, type SqlRunner } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { disputeFields } from './disputes.mapping';
import { refundViewSelect } from './refunds.repo';

/** A booking's payment as the module works with it (Stripe ids included; never card data beyond brand and last four). */
export const paymentSelect = {
  id: true,
  bookingId: true,
  stripeAccountId: true,
  checkoutSessionId: true,
  checkoutUrl: true,
  paymentIntentId: true,
  chargeId: true,
  status: true,
  amountMinor: true,
  applicationFeeMinor: true,
  currency: true,
  cardBrand: true,
  cardLast4: true,
  failedAttempts: true,
  lastFailureMessage: true,
  expiresAt: true,
  paidAt: true,
  refundId: true,
  refundedAt: true,
  refundReason: true,
  createdAt: true,
} as const satisfies Prisma.PaymentSelect;
export type PaymentRow = Prisma.PaymentGetPayload<{ select: typeof paymentSelect }>;

/**
 * What staff see of a payment (contracts ZBookingPayment, mapped by payment-view.ts): its refunds
 * with who asked for them, its disputes, and who recorded a deposit's balance. The bookings module
 * reads a booking's payment with it too (through index.ts).
 */
export const staffPaymentSelect = {
  id: true,
  status: true,
  kind: true,
  method: true,
  amountMinor: true,
  applicationFeeMinor: true,
  currency: true,
  refundedMinor: true,
  balancePaidMinor: true,
  balanceMethod: true,
  balancePaidAt: true,
  balanceRecordedByUser: { select: { name: true } },
  checkoutSessionId: true,
  paymentIntentId: true,
  cardBrand: true,
  cardLast4: true,
  failedAttempts: true,
  lastFailureMessage: true,
  paidAt: true,
  refundedAt: true,
  refundReason: true,
  createdAt: true,
  refunds: { select: refundViewSelect, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  disputes: { select: disputeFields, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} as const satisfies Prisma.PaymentSelect;
export type StaffPaymentRow = Prisma.PaymentGetPayload<{ select: typeof staffPaymentSelect }>;

/** A row of the Payments page: the payment and what staff recognise its booking by. */
const listedPaymentSelect = {
  ...staffPaymentSelect,
  bookingId: true,
  booking: {
    select: {
      startsAt: true,
      timeZone: true,
      status: true,
      priceMinor: true,
      customerName: true,
      customer: { select: { name: true } },
      service: { select: { name: true } },
    },
  },
} as const satisfies Prisma.PaymentSelect;
export type ListedPaymentRow = Prisma.PaymentGetPayload<{ select: typeof listedPaymentSelect }>;

/** A second paid session of a booking, on its way back (payments.service settlePaid). */
export const duplicatePaymentSelect = {
  id: true,
  bookingId: true,
  stripeAccountId: true,
  checkoutSessionId: true,
  paymentIntentId: true,
  status: true,
  amountMinor: true,
  applicationFeeMinor: true,
  currency: true,
  refundId: true,
  refundedAt: true,
  createdAt: true,
} as const satisfies Prisma.DuplicatePaymentSelect;
export type DuplicatePaymentRow = Prisma.DuplicatePaymentGetPayload<{ select: typeof duplicatePaymentSelect }>;

export type NewPayment = {
  id: string;
  bookingId: string;
  stripeAccountId: string;
  checkoutSessionId: string;
  checkoutUrl: string;
  /** DEPOSIT: part of the price; the balance is paid at the venue. */
  kind: 'FULL' | 'DEPOSIT';
  amountMinor: number;
  applicationFeeMinor: number;
  currency: string;
  expiresAt: Date;
  createdAt: Date;
};

/*
 * Written in the same platform/sql transaction as the public booking's Idempotency-Key answer
 * (which carries the Checkout Session): both exist, or neither. A second row for the booking or
 * the session fails on its unique key.
 */
const insertPending = statement(`
  INSERT INTO "Payment" (id, "tenantId", "bookingId", "stripeAccountId", "checkoutSessionId", "checkoutUrl", status, "amountMinor",
                         "applicationFeeMinor", currency, "expiresAt", "createdAt", "updatedAt", kind)
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, 'PENDING', $7, $8, $9, $10::timestamptz, $11::timestamptz, $11::timestamptz, $12::"PaymentKind")`);

const chargeAccount = statement(`
  SELECT "stripeAccountId", status::text AS status, "chargesEnabled" FROM "PaymentAccount" WHERE "tenantId" = $1::uuid`);

/** Payments of the tenant in the request context; the booking's row lock (bookings service) serialises changes to one. */
export function createPaymentsRepo({ db }: Pick<AppDeps, 'db'>) {
  return {
    insertPending: (tx: SqlRunner, p: NewPayment) =>
      tx.query(
        insertPending(
          p.id,
          requireTenantId(),
          p.bookingId,
          p.stripeAccountId,
          p.checkoutSessionId,
          p.checkoutUrl,
          p.amountMinor,
          p.applicationFeeMinor,
          p.currency,
          p.expiresAt.toISOString(),
          p.createdAt.toISOString(),
          p.kind,
        ),
      ),

    /** Created in a Prisma transaction (a payment found only through Stripe's events: its row was never written). */
    create: (tx: TenantTx, data: Omit<Prisma.PaymentUncheckedCreateInput, 'tenantId'>) =>
      tx.payment.create({ data: data as Prisma.PaymentUncheckedCreateInput, select: paymentSelect }),

    findByBooking: (bookingId: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { bookingId }, select: paymentSelect }),
    findBySession: (checkoutSessionId: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { checkoutSessionId }, select: paymentSelect }),
    findByPaymentIntent: (paymentIntentId: string) => db.payment.findUnique({ where: { paymentIntentId }, select: paymentSelect }),
    findById: (id: string, tx?: TenantTx) => (tx ?? db).payment.findUnique({ where: { id }, select: paymentSelect }),

    update: (tx: TenantTx | undefined, id: string, data: Prisma.PaymentUncheckedUpdateInput) =>
      (tx ?? db).payment.update({ where: { id }, data, select: paymentSelect }),

    /** Second paid sessions of a booking (see DuplicatePayment); written under the booking's row lock. */
    duplicates: {
      create: (tx: TenantTx, data: Omit<Prisma.DuplicatePaymentUncheckedCreateInput, 'tenantId'>) =>
        tx.duplicatePayment.create({ data: data as Prisma.DuplicatePaymentUncheckedCreateInput, select: duplicatePaymentSelect }),
      findBySession: (checkoutSessionId: string, tx?: TenantTx) =>
        (tx ?? db).duplicatePayment.findUnique({ where: { checkoutSessionId }, select: duplicatePaymentSelect }),
      findByPaymentIntent: (paymentIntentId: string) => db.duplicatePayment.findUnique({ where: { paymentIntentId }, select: duplicatePaymentSelect }),
      findById: (id: string, tx?: TenantTx) => (tx ?? db).duplicatePayment.findUnique({ where: { id }, select: duplicatePaymentSelect }),
      update: (tx: TenantTx | undefined, id: string, data: Prisma.DuplicatePaymentUncheckedUpdateInput) =>
        (tx ?? db).duplicatePayment.update({ where: { id }, data, select: duplicatePaymentSelect }),
    },

    /** Newest first by (createdAt, id); `after` is the last row of the previous page. */
    list: (where: Prisma.PaymentWhereInput, after: { at: Date; id: string } | null, limit: number) =>
      db.payment.findMany({
        where: { ...where, ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        select: listedPaymentSelect,
      }),

    /**
     * The tenant's connected account, as far as taking charges goes (kept current from Stripe's
     * events), read on the booking transaction's own connection.
     */
    account: async (tx: SqlRunner) =>
      (await tx.query<{ stripeAccountId: string; status: string; chargesEnabled: boolean }>(chargeAccount(requireTenantId())))[0] ?? null,
  };
}
export type PaymentsRepo = ReturnType<typeof createPaymentsRepo>;

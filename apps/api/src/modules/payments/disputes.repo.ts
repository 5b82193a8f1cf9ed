import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { disputeFields } from './disputes.mapping';

/** A dispute as the module works with it: what the API shows, and the Stripe event time of the newest state applied. */
export const disputeSelect = { ...disputeFields, syncedAt: true } as const satisfies Prisma.DisputeSelect;
export type DisputeRow = Prisma.DisputeGetPayload<{ select: typeof disputeSelect }>;

/** A row of the disputes list: the dispute and what staff recognise its booking by (as on the Payments page). */
const listedDisputeSelect = {
  ...disputeFields,
  payment: {
    select: {
      booking: {
        select: { startsAt: true, timeZone: true, status: true, customerName: true, customer: { select: { name: true } }, service: { select: { name: true } } },
      },
    },
  },
} as const satisfies Prisma.DisputeSelect;
export type ListedDisputeRow = Prisma.DisputeGetPayload<{ select: typeof listedDisputeSelect }>;

/** The payment a dispute is about, found by its payment intent or charge. */
const disputedPaymentSelect = { id: true, bookingId: true, currency: true } as const satisfies Prisma.PaymentSelect;

/** Open (closedAt is set exactly when Stripe's status is won, lost or warning_closed). */
const OPEN = { closedAt: null } as const satisfies Prisma.DisputeWhereInput;

/** Disputes of the tenant in the request context; changes to one happen under its booking's row lock (disputes.service). */
export function createDisputesRepo({ db }: Pick<AppDeps, 'db'>) {
  return {
    findByStripeId: (stripeDisputeId: string, tx?: TenantTx) => (tx ?? db).dispute.findUnique({ where: { stripeDisputeId }, select: disputeSelect }),

    /** The payment with this payment intent, else the one with this charge (null ids are skipped). */
    findPayment: async (ref: { paymentIntentId: string | null; chargeId: string | null }) =>
      (ref.paymentIntentId ? await db.payment.findUnique({ where: { paymentIntentId: ref.paymentIntentId }, select: disputedPaymentSelect }) : null) ??
      (ref.chargeId ? await db.payment.findFirst({ where: { chargeId: ref.chargeId }, select: disputedPaymentSelect }) : null),

    create: (tx: TenantTx, data: Omit<Prisma.DisputeUncheckedCreateInput, 'tenantId'>) =>
      tx.dispute.create({ data: { ...data, tenantId: requireTenantId() }, select: disputeSelect }),

    update: (tx: TenantTx, id: string, data: Prisma.DisputeUncheckedUpdateInput) => tx.dispute.update({ where: { id }, data, select: disputeSelect }),

    /** Newest first; `open` keeps those not closed. */
    list: (q: { open?: boolean }, limit: number) =>
      db.dispute.findMany({
        where: q.open === undefined ? {} : q.open ? OPEN : { closedAt: { not: null } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: listedDisputeSelect,
      }),

    countOpen: (statuses?: readonly string[]) => db.dispute.count({ where: { ...OPEN, ...(statuses ? { status: { in: [...statuses] } } : {}) } }),

    /** FAILED refunds created since `since` whose payment has no SUCCEEDED refund made after them (a retry that worked clears the badge). */
    countFailedRefunds: async (since: Date) => {
      const [row] = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "Refund" r
        WHERE r."tenantId" = ${requireTenantId()}::uuid AND r.status = 'FAILED' AND r."createdAt" >= ${since}
          AND NOT EXISTS (
            SELECT 1 FROM "Refund" s
            WHERE s."tenantId" = r."tenantId" AND s."paymentId" = r."paymentId" AND s.status = 'SUCCEEDED' AND s."createdAt" > r."createdAt")`;
      return row?.n ?? 0;
    },
  };
}
export type DisputesRepo = ReturnType<typeof createDisputesRepo>;

import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

/** The tenant's Stripe connected account as we keep it (one per tenant; no row: not connected). */
export const paymentAccountSelect = {
  id: true,
  stripeAccountId: true,
  status: true,
  chargesEnabled: true,
  payoutsEnabled: true,
  detailsSubmitted: true,
  requirements: true,
  disabledReason: true,
  syncedAt: true,
  createdAt: true,
} as const satisfies Prisma.PaymentAccountSelect;
export type PaymentAccountRow = Prisma.PaymentAccountGetPayload<{ select: typeof paymentAccountSelect }>;

export type PaymentAccountState = Pick<
  PaymentAccountRow,
  'status' | 'chargesEnabled' | 'payoutsEnabled' | 'detailsSubmitted' | 'requirements' | 'disabledReason'
>;

export function createPaymentAccountRepo({ db, prisma }: Pick<AppDeps, 'db' | 'prisma'>) {
  return {
    /** The account of the tenant in the request context. */
    find: (tx?: TenantTx) => (tx ?? db).paymentAccount.findUnique({ where: { tenantId: requireTenantId() }, select: paymentAccountSelect }),

    /** The same, locked until the transaction ends: account changes apply one at a time. */
    async lock(tx: TenantTx) {
      await tx.$queryRaw`SELECT id FROM "PaymentAccount" WHERE "tenantId" = ${requireTenantId()}::uuid FOR UPDATE`;
      return tx.paymentAccount.findUnique({ where: { tenantId: requireTenantId() }, select: paymentAccountSelect });
    },

    /** The first connection; a concurrent second one fails on the unique tenant key. */
    create: (tx: TenantTx, data: PaymentAccountState & { stripeAccountId: string; syncedAt: Date }) =>
      tx.paymentAccount.create({ data: data as Prisma.PaymentAccountUncheckedCreateInput, select: paymentAccountSelect }),

    /** A new account replaces a disconnected one (the business connects again). */
    replace: (tx: TenantTx, data: PaymentAccountState & { stripeAccountId: string; syncedAt: Date }) =>
      tx.paymentAccount.update({ where: { tenantId: requireTenantId() }, data, select: paymentAccountSelect }),

    update: (tx: TenantTx, data: PaymentAccountState & { syncedAt: Date }) =>
      tx.paymentAccount.update({ where: { tenantId: requireTenantId() }, data, select: paymentAccountSelect }),

    /** Cross-tenant: the tenants with a connected account (start-up checks against a local emulator). */
    unsafeTenantsWithAccounts: async () =>
      (await prisma.paymentAccount.findMany({ where: { status: { not: 'DISCONNECTED' } }, select: { tenantId: true } })).map((r) => r.tenantId),

    /** Cross-tenant, for events: whose account this is. */
    unsafeTenantOfAccount: async (stripeAccountId: string) =>
      (await prisma.paymentAccount.findUnique({ where: { stripeAccountId }, select: { tenantId: true } }))?.tenantId ?? null,
  };
}
export type PaymentAccountRepo = ReturnType<typeof createPaymentAccountRepo>;

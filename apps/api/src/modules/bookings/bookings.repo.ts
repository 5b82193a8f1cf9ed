import type { Prisma } from '../../generated/prisma/client';
import type { TenantDb, TenantTx } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';

type Client = TenantDb | TenantTx;

export const bookingSelect = {
  id: true, serviceId: true, resourceId: true, customerId: true, startsAt: true, endsAt: true, timeZone: true, status: true,
  priceMinor: true, currency: true, notes: true, version: true, holdExpiresAt: true, source: true, cancellationReason: true,
  cancelledBy: true, createdAt: true, updatedAt: true, bufferBeforeMin: true, bufferAfterMin: true,
  customer: { select: { id: true, name: true, email: true, phone: true } },
  service: { select: { id: true, name: true } },
  resource: { select: { id: true, name: true } },
} as const satisfies Prisma.BookingSelect;
export type BookingRow = Prisma.BookingGetPayload<{ select: typeof bookingSelect }>;
const { customer: _c, service: _s, resource: _r, ...bookingScalars } = bookingSelect;

export function createBookingsRepo() {
  return {
    find: (client: Client, id: string) => client.booking.findUnique({ where: { id }, select: bookingSelect }),

    /**
     * Serialises bookings per resource: whoever holds this row lock is the only writer of that
     * resource's calendar until commit. Locks are taken in id order so two transactions that
     * need the same resources can't deadlock.
     */
    lockResources: (tx: TenantTx, ids: string[]) =>
      tx.$queryRaw<{ id: string; name: string }[]>`
        SELECT id, name FROM "Resource" WHERE "tenantId" = ${requireTenantId()}::uuid AND id = ANY(${[...ids].sort()}::uuid[]) AND active
        ORDER BY id FOR UPDATE`,

    /** Locks one booking row for a read-check-write (version, status). */
    lockBooking: (tx: TenantTx, id: string) =>
      tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Booking" WHERE "tenantId" = ${requireTenantId()}::uuid AND id = ${id}::uuid AND "deletedAt" IS NULL FOR UPDATE`,

    /** Holds past their expiry stop blocking now, even if the sweep has not run yet. (Dates go in as ISO text: see availability.repo.) */
    expireStaleHolds: (tx: TenantTx, resourceIds: string[], now: Date) =>
      tx.$queryRaw<{ id: string }[]>`
        UPDATE "Booking" SET status = 'EXPIRED', version = version + 1, "updatedAt" = ${now.toISOString()}::timestamptz
        WHERE "tenantId" = ${requireTenantId()}::uuid AND "resourceId" = ANY(${resourceIds}::uuid[])
          AND status = 'PENDING_PAYMENT' AND "holdExpiresAt" <= ${now.toISOString()}::timestamptz
        RETURNING id`,

    /** Inserts and returns the row's own columns; the caller already holds the related names. */
    create: (tx: TenantTx, data: Omit<Prisma.BookingUncheckedCreateInput, 'tenantId'>) =>
      tx.booking.create({ data: { ...data, tenantId: requireTenantId() }, select: bookingScalars }),

    update: (tx: TenantTx, id: string, data: Prisma.BookingUncheckedUpdateInput) =>
      tx.booking.update({ where: { id }, data: { ...data, version: { increment: 1 } }, select: bookingSelect }),

    list: (where: Prisma.BookingWhereInput, after: { at: Date; id: string } | null, limit: number, db: TenantDb) =>
      db.booking.findMany({
        where: {
          ...where,
          ...(after ? { OR: [{ startsAt: { gt: after.at } }, { startsAt: after.at, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
        select: bookingSelect,
      }),
  };
}

import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { statement, type SqlRunner } from '../../platform/sql';
import type { TenantTx } from '../../platform/tenancy';
import { requireTenantId } from '../../platform/tenancy';
import { staffPaymentSelect } from '../payments';

export const bookingSelect = {
  id: true,
  serviceId: true,
  resourceId: true,
  customerId: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  status: true,
  priceMinor: true,
  currency: true,
  notes: true,
  version: true,
  holdExpiresAt: true,
  source: true,
  cancellationReason: true,
  cancelledBy: true,
  createdAt: true,
  updatedAt: true,
  bufferBeforeMin: true,
  bufferAfterMin: true,
  customerName: true,
  customerPhone: true,
  customer: { select: { id: true, name: true, email: true, phone: true } },
  service: { select: { id: true, name: true } },
  resource: { select: { id: true, name: true } },
  /** What staff see of its payment (contracts ZBookingPayment); the payments module writes and maps it. */
  payment: { select: staffPaymentSelect },
  /** Its event in Google Calendar (contracts ZCalendarSync); the calendar module writes and maps it. */
  calendarEvent: { select: { state: true, error: true, htmlLink: true, attention: true } },
} as const satisfies Prisma.BookingSelect;
export type BookingRow = Prisma.BookingGetPayload<{ select: typeof bookingSelect }>;

/** A hold's state and its payment's (a hold whose payment succeeded is never expired). */
const holdSelect = {
  status: true,
  holdExpiresAt: true,
  payment: { select: { id: true, status: true } },
} as const satisfies Prisma.BookingSelect;

export type NewBooking = Omit<
  BookingRow,
  'customer' | 'service' | 'resource' | 'payment' | 'calendarEvent' | 'cancellationReason' | 'cancelledBy' | 'updatedAt'
>;

/*
 * The hand-written statements (platform/sql): creation runs them pipelined on one connection,
 * without Prisma's query building in between (ADR 006).
 */
const lockCandidates = statement(`
  SELECT r.id, r.name FROM "Resource" r
  WHERE r."tenantId" = $1::uuid AND r.active
    AND r.id IN (SELECT sr."resourceId" FROM "ServiceResource" sr WHERE sr."tenantId" = $1::uuid AND sr."serviceId" = $2::uuid)
    AND ($3::uuid IS NULL OR r.id = $3::uuid)
  ORDER BY r.id FOR UPDATE OF r`);
const expireHolds = statement(`
  UPDATE "Booking" SET status = 'EXPIRED', version = version + 1, "updatedAt" = $3::timestamptz
  WHERE "tenantId" = $1::uuid AND id = ANY($2::uuid[]) AND status = 'PENDING_PAYMENT' AND "holdExpiresAt" <= $3::timestamptz
  RETURNING id`);
/** $2: the booking; $3: now. Active bookings on its resource whose blocked range meets its own. */
const overlapping = statement(`
  SELECT o.id,
    (extract(epoch FROM lower(o."blockedRange")) * 1000)::float8 AS "startMs",
    (extract(epoch FROM upper(o."blockedRange")) * 1000)::float8 AS "endMs",
    (o.status = 'PENDING_PAYMENT' AND o."holdExpiresAt" <= $3::timestamptz) AS stale
  FROM "Booking" b
  JOIN "Booking" o ON o."resourceId" = b."resourceId" AND o."blockedRange" && b."blockedRange" AND o.id <> b.id
  WHERE b."tenantId" = $1::uuid AND b.id = $2::uuid
    AND o."tenantId" = $1::uuid AND o.status IN ('PENDING_PAYMENT', 'CONFIRMED') AND o."deletedAt" IS NULL
  ORDER BY lower(o."blockedRange")`);
const insertBooking = statement(`
  INSERT INTO "Booking" (id, "tenantId", "serviceId", "resourceId", "customerId", "startsAt", "endsAt", "bufferBeforeMin",
                         "bufferAfterMin", "timeZone", status, "holdExpiresAt", "priceMinor", currency, notes, source, version,
                         "createdAt", "updatedAt", "customerName", "customerPhone")
  VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::timestamptz, $7::timestamptz, $8, $9, $10, $11::"BookingStatus",
          $12::timestamptz, $13, $14, $15, $16::"BookingSource", $17, $18::timestamptz, $18::timestamptz, $19, $20)`);

/**
 * Bookings of the tenant in the request context, on two engines (ADR 006). Creation runs in a
 * platform/sql transaction: its functions take that transaction as an `SqlRunner` and send
 * hand-written statements, pipelined. Changes run in Prisma transactions (platform/transaction):
 * their functions take the `TenantTx`. The statements both need (`expireHolds`, `overlapping`)
 * take an `SqlRunner`; a change hands them its Prisma transaction through `prismaRunner`, the one
 * bridge between the engines. Prisma never writes inside a platform/sql transaction.
 */
export function createBookingsRepo({ db, prisma }: Pick<AppDeps, 'db' | 'prisma'>) {
  return {
    find: (id: string, tx?: TenantTx) => (tx ?? db).booking.findUnique({ where: { id }, select: bookingSelect }),

    /** By (startsAt, id) in `order`; `after` is the last row of the previous page. */
    list: (where: Prisma.BookingWhereInput, after: { at: Date; id: string } | null, limit: number, order: 'asc' | 'desc') => {
      const beyond = order === 'asc' ? 'gt' : 'lt';
      return db.booking.findMany({
        where: {
          ...where,
          ...(after ? { OR: [{ startsAt: { [beyond]: after.at } }, { startsAt: after.at, id: { [beyond]: after.id } }] } : {}),
        },
        orderBy: [{ startsAt: order }, { id: order }],
        take: limit + 1,
        select: bookingSelect,
      });
    },

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
      tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "Booking" WHERE "tenantId" = ${requireTenantId()}::uuid AND id = ${id}::uuid AND "deletedAt" IS NULL FOR UPDATE`,

    update: (tx: TenantTx, id: string, data: Prisma.BookingUncheckedUpdateInput) =>
      tx.booking.update({ where: { id }, data: { ...data, version: { increment: 1 } }, select: bookingSelect }),

    /** A booking's status and hold expiry (read under its lock, to expire the hold). */
    findHold: (tx: TenantTx, id: string) => tx.booking.findUnique({ where: { id }, select: holdSelect }),

    /** Cross-tenant, for the hold sweep: holds past their expiry in every tenant (at most 1000 a run). */
    unsafeFindOverdueHolds: (now: Date) =>
      prisma.booking.findMany({
        where: { status: 'PENDING_PAYMENT', holdExpiresAt: { lte: now }, deletedAt: null },
        select: { id: true, tenantId: true },
        take: 1000,
      }),

    markExpired: (tx: TenantTx, id: string, now: Date) =>
      tx.booking.update({
        where: { id },
        data: { status: 'EXPIRED', version: { increment: 1 }, updatedAt: now },
        select: { id: true, version: true, resourceId: true },
      }),

    /**
     * Locks the service's active resources (or the one asked for) in id order: whoever holds
     * these row locks is the only writer of those calendars until commit, and two transactions
     * wanting the same resources can't deadlock.
     */
    lockCandidates: (tx: SqlRunner, serviceId: string, resourceId: string | null) =>
      tx.query<{ id: string; name: string }>(lockCandidates(requireTenantId(), serviceId, resourceId)),

    insert: (tx: SqlRunner, b: NewBooking) =>
      tx.query(
        insertBooking(
          b.id,
          requireTenantId(),
          b.serviceId,
          b.resourceId,
          b.customerId,
          b.startsAt.toISOString(),
          b.endsAt.toISOString(),
          b.bufferBeforeMin,
          b.bufferAfterMin,
          b.timeZone,
          b.status,
          b.holdExpiresAt?.toISOString() ?? null,
          b.priceMinor,
          b.currency,
          b.notes,
          b.source,
          b.version,
          b.createdAt.toISOString(),
          b.customerName,
          b.customerPhone,
        ),
      ),

    /** Holds past their expiry still count for the exclusion constraint until they are marked EXPIRED. */
    expireHolds: (tx: SqlRunner, ids: string[], now: Date) => tx.query(expireHolds(requireTenantId(), ids, now.toISOString())),

    /**
     * Active bookings that overlap `id`'s own blocked range on its resource (instants as epoch
     * milliseconds); `stale`: holds past their expiry, which no longer block but still count for the
     * exclusion constraint until marked EXPIRED. For a booking taking its own slot back.
     */
    overlapping: (tx: SqlRunner, id: string, now: Date) =>
      tx.query<{ id: string; startMs: number; endMs: number; stale: boolean }>(overlapping(requireTenantId(), id, now.toISOString())),
  };
}
export type BookingsRepo = ReturnType<typeof createBookingsRepo>;

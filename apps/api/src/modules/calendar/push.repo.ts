import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { statement, type SqlRunner } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

/**
 * Our bookings in Google (BookingCalendarEvent, one row per booking that ever had to be pushed):
 * where its event lives (connection, calendar, event id and the generation that id was made
 * from), and the state staff see as `calendarSync`.
 */

/** What a push needs to know of a booking: the event's contents and where it is now. */
export const pushBookingSelect = {
  id: true,
  status: true,
  version: true,
  startsAt: true,
  endsAt: true,
  resourceId: true,
  customerName: true,
  customerPhone: true,
  deletedAt: true,
  customer: { select: { name: true, email: true, phone: true } },
  service: { select: { name: true } },
  resource: { select: { name: true, timeZone: true } },
  calendarEvent: {
    select: { connectionId: true, calendarId: true, eventId: true, generation: true, state: true, syncedVersion: true, attention: true },
  },
} as const satisfies Prisma.BookingSelect;
export type PushBooking = Prisma.BookingGetPayload<{ select: typeof pushBookingSelect }>;
export type EventRow = NonNullable<PushBooking['calendarEvent']>;

/** Where the row says the event is, as read before talking to Google: a later write must still find it so. */
export type EventPlace = { eventId: string | null; generation: number };

export type EventWrite = {
  connectionId: string | null;
  calendarId: string | null;
  eventId: string | null;
  generation: number;
  state: 'NOT_CONNECTED' | 'PENDING' | 'SYNCED' | 'FAILED';
  error: string | null;
  htmlLink: string | null;
  etag: string | null;
  syncedVersion: number | null;
  /** Undefined: left as it is (the sync side sets it). */
  attention?: null;
};

/*
 * Statements the booking hot path runs on its platform/sql transaction (ADR 006); the Prisma-side
 * booking changes run the same ones through `prismaRunner`.
 */
/** $2: the resource asked for (null: any). The tenant's resources whose calendar is CONNECTED. */
const connectedResources = statement(`
  SELECT c."resourceId" FROM "CalendarConnection" c
  WHERE c."tenantId" = $1::uuid AND c.status = 'CONNECTED' AND ($2::uuid IS NULL OR c."resourceId" = $2::uuid)`);
/** Whether a change of booking $2 (on resources $3) means work for Google: a connected resource, or an event row already. */
const needsPush = statement(`
  SELECT (EXISTS (SELECT 1 FROM "CalendarConnection" c WHERE c."tenantId" = $1::uuid AND c."resourceId" = ANY($3::uuid[]) AND c.status = 'CONNECTED')
       OR EXISTS (SELECT 1 FROM "BookingCalendarEvent" e WHERE e."tenantId" = $1::uuid AND e."bookingId" = $2::uuid)) AS "needs"`);
const markPending = statement(`
  INSERT INTO "BookingCalendarEvent" ("bookingId", "tenantId", state, "createdAt", "updatedAt")
  VALUES ($2::uuid, $1::uuid, 'PENDING', $3::timestamptz, $3::timestamptz)
  ON CONFLICT ("bookingId") DO UPDATE SET state = 'PENDING', error = NULL, "updatedAt" = EXCLUDED."updatedAt"`);

export function createPushRepo({ db, dbIncludingDeleted, prisma }: Pick<AppDeps, 'db' | 'dbIncludingDeleted' | 'prisma'>) {
  return {
    connectedResources: async (tx: SqlRunner, resourceId: string | null) =>
      (await tx.query<{ resourceId: string }>(connectedResources(requireTenantId(), resourceId))).map((r) => r.resourceId),

    needsPush: async (tx: SqlRunner, bookingId: string, resourceIds: string[]) =>
      (await tx.query<{ needs: boolean }>(needsPush(requireTenantId(), bookingId, resourceIds)))[0]?.needs === true,

    /** The booking's state becomes PENDING (its row made if it has none). */
    markPending: (tx: SqlRunner, bookingId: string, now: Date) => tx.query(markPending(requireTenantId(), bookingId, now.toISOString())),

    /** Deleted (soft) bookings too: their events must go. */
    booking: (id: string) => dbIncludingDeleted.booking.findUnique({ where: { id }, select: pushBookingSelect }),

    /** Whether the business invites customers to their events (Google emails them). */
    inviteCustomers: async () =>
      (await db.tenant.findUnique({ where: { id: requireTenantId() }, select: { calendarInviteCustomers: true } }))?.calendarInviteCustomers ?? false,

    /**
     * Writes the row if it is still where `expected` says (compare and set): false when someone
     * else moved the event meanwhile (a backfill and a push job on one booking), and the caller
     * reads again. `expected` null: the row must not exist yet.
     */
    async save(bookingId: string, expected: EventPlace | null, data: EventWrite): Promise<boolean> {
      if (!expected) {
        const made = await db.bookingCalendarEvent.createMany({
          data: [{ bookingId, ...data } as Prisma.BookingCalendarEventCreateManyInput],
          skipDuplicates: true,
        });
        return made.count === 1;
      }
      const updated = await db.bookingCalendarEvent.updateMany({ where: { bookingId, eventId: expected.eventId, generation: expected.generation }, data });
      return updated.count === 1;
    },

    /** A row still PENDING becomes FAILED (a push job's last retry failed; a later job may have succeeded since). */
    failPending: (bookingId: string, error: string) =>
      db.bookingCalendarEvent.updateMany({ where: { bookingId, state: 'PENDING' }, data: { state: 'FAILED', error } }),

    /**
     * Backfill: the resource's bookings that end after `from` and start before `to` and either
     * hold their slot (held or confirmed) or have an event that should go (cancelled, expired),
     * with their events, in start order after `after` (paging).
     */
    backfillPage: (resourceId: string, from: Date, to: Date, after: { startsAt: Date; id: string } | null, take: number) =>
      dbIncludingDeleted.booking.findMany({
        where: {
          resourceId,
          endsAt: { gt: from },
          startsAt: { lt: to },
          OR: [{ status: { in: ['PENDING_PAYMENT', 'CONFIRMED'] }, deletedAt: null }, { calendarEvent: { eventId: { not: null } } }],
          ...(after ? { AND: [{ OR: [{ startsAt: { gt: after.startsAt } }, { startsAt: after.startsAt, id: { gt: after.id } }] }] } : {}),
        },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take,
        select: pushBookingSelect,
      }),

    /**
     * Backfill: many rows written at once, each only if it is still where `expected` says
     * (compare and set, as `save`); answers the bookings whose row was written.
     */
    async saveMany(writes: { bookingId: string; expected: EventPlace; write: EventWrite }[], now: Date): Promise<Set<string>> {
      if (!writes.length) return new Set();
      const rows = writes.map((w) => ({
        bookingId: w.bookingId,
        expectedEventId: w.expected.eventId,
        expectedGeneration: w.expected.generation,
        ...w.write,
        clearAttention: w.write.attention === null,
      }));
      const saved = await db.$queryRaw<{ bookingId: string }[]>`
        UPDATE "BookingCalendarEvent" e
        SET "connectionId" = v."connectionId", "calendarId" = v."calendarId", "eventId" = v."eventId", generation = v.generation,
            state = v.state::"CalendarSyncState", error = v.error, "htmlLink" = v."htmlLink", etag = v.etag, "syncedVersion" = v."syncedVersion",
            attention = CASE WHEN v."clearAttention" THEN NULL ELSE e.attention END, "updatedAt" = ${now}
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
          "bookingId" uuid, "expectedEventId" text, "expectedGeneration" int, "connectionId" uuid, "calendarId" text, "eventId" text,
          generation int, state text, error text, "htmlLink" text, etag text, "syncedVersion" int, "clearAttention" boolean)
        WHERE e."tenantId" = ${requireTenantId()}::uuid AND e."bookingId" = v."bookingId"
          AND e.generation = v."expectedGeneration" AND e."eventId" IS NOT DISTINCT FROM v."expectedEventId"
        RETURNING e."bookingId"::text AS "bookingId"`;
      return new Set(saved.map((r) => r.bookingId));
    },

    /** Rows still PENDING become FAILED with `error` (the backfill lost its grant). */
    failPendingMany: (bookingIds: string[], error: string) =>
      db.bookingCalendarEvent.updateMany({ where: { bookingId: { in: bookingIds }, state: 'PENDING' }, data: { state: 'FAILED', error } }),

    /** Rows for bookings that have none, as PENDING (the backfill is on its way); existing rows untouched. */
    ensureRows: (bookingIds: string[]) =>
      db.bookingCalendarEvent.createMany({
        data: bookingIds.map((bookingId) => ({ bookingId, state: 'PENDING' }) as Prisma.BookingCalendarEventCreateManyInput),
        skipDuplicates: true,
      }),

    /** Marks rows PENDING (the backfill is on its way). */
    markPendingMany: (bookingIds: string[]) =>
      db.bookingCalendarEvent.updateMany({ where: { bookingId: { in: bookingIds } }, data: { state: 'PENDING', error: null } }),

    /** Current versions (the backfill checks which bookings changed while it talked to Google). */
    versions: async (bookingIds: string[]) =>
      new Map(
        (await dbIncludingDeleted.booking.findMany({ where: { id: { in: bookingIds } }, select: { id: true, version: true } })).map((b) => [b.id, b.version]),
      ),

    /** Cross-tenant, for the daily backfill sweep: every CONNECTED calendar connection. */
    unsafeConnectedCalendars: () => prisma.calendarConnection.findMany({ where: { status: 'CONNECTED' }, select: { id: true, tenantId: true } }),

    /**
     * Waits for the booking transactions that hold the resource's lock (ADR 005) to end. A booking
     * made while its resource was being connected either committed before this returns (and the
     * backfill reads it) or read the connection after it committed (and asked for its own push).
     */
    waitForResourceWriters: (tx: TenantTx, resourceId: string) =>
      tx.$queryRaw`SELECT id FROM "Resource" WHERE "tenantId" = ${requireTenantId()}::uuid AND id = ${resourceId}::uuid FOR UPDATE`,
  };
}
export type PushRepo = ReturnType<typeof createPushRepo>;

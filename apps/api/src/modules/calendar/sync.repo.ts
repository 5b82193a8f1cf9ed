import type { Prisma } from '../../generated/prisma/client';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';

const cursorSelect = { id: true, syncToken: true, lastFullSyncAt: true, lastSyncAt: true } as const satisfies Prisma.CalendarCursorSelect;
export type CursorRow = Prisma.CalendarCursorGetPayload<{ select: typeof cursorSelect }>;

const bookingEventSelect = {
  bookingId: true,
  connectionId: true,
  calendarId: true,
  eventId: true,
  state: true,
  etag: true,
  attention: true,
} as const satisfies Prisma.BookingCalendarEventSelect;
export type SyncedBookingEventRow = Prisma.BookingCalendarEventGetPayload<{ select: typeof bookingEventSelect }>;

/** One busy block as the sync writes it (an external event, or one occurrence of a series). */
export type BlockWrite = { externalEventId: string; startsAt: Date; endsAt: Date; allDay: boolean; etag: string | null };

export type Attention = 'MOVED_IN_GOOGLE' | 'DELETED_IN_GOOGLE';

export function createSyncRepo({ db, prisma }: Pick<AppDeps, 'db' | 'prisma'>) {
  return {
    cursor: (connectionId: string, calendarId: string) => db.calendarCursor.findFirst({ where: { connectionId, calendarId }, select: cursorSelect }),

    saveCursor: (connectionId: string, calendarId: string, data: { syncToken: string | null; lastSyncAt: Date; lastFullSyncAt?: Date }) =>
      db.calendarCursor.upsert({
        where: { connectionId_calendarId: { connectionId, calendarId } },
        create: { connectionId, calendarId, ...data } as Prisma.CalendarCursorUncheckedCreateInput,
        update: data,
        select: cursorSelect,
      }),

    /** The cursor's token goes (Google answered 410): the next list is a full one. */
    clearSyncToken: (connectionId: string, calendarId: string) =>
      db.calendarCursor.updateMany({ where: { connectionId, calendarId }, data: { syncToken: null } }),

    /** A calendar no longer watched: its cursor and busy blocks go. */
    async forgetCalendars(connectionId: string, keep: string[]) {
      await db.busyBlock.deleteMany({ where: { connectionId, calendarId: { notIn: keep } } });
      await db.calendarCursor.deleteMany({ where: { connectionId, calendarId: { notIn: keep } } });
    },

    /**
     * Busy blocks of one calendar page, in one statement: new ones inserted, known ones (same
     * event id) moved to their current interval and etag.
     */
    async upsertBlocks(tx: TenantTx, p: { resourceId: string; connectionId: string; calendarId: string; blocks: BlockWrite[]; now: Date }) {
      if (!p.blocks.length) return;
      const b = p.blocks;
      await tx.$executeRaw`
        INSERT INTO "BusyBlock" (id, "tenantId", "resourceId", "connectionId", "calendarId", "externalEventId", "startsAt", "endsAt", "allDay", etag, "createdAt", "updatedAt")
        SELECT gen_random_uuid(), ${requireTenantId()}::uuid, ${p.resourceId}::uuid, ${p.connectionId}::uuid, ${p.calendarId}, e.id, e.s, e.en, e.a, e.t, ${p.now}::timestamptz, ${p.now}::timestamptz
        FROM unnest(${b.map((x) => x.externalEventId)}::text[], ${b.map((x) => x.startsAt.toISOString())}::timestamptz[],
                    ${b.map((x) => x.endsAt.toISOString())}::timestamptz[], ${b.map((x) => x.allDay)}::boolean[], ${b.map((x) => x.etag)}::text[]) AS e(id, s, en, a, t)
        ON CONFLICT ("connectionId", "calendarId", "externalEventId") DO UPDATE
          SET "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt", "allDay" = EXCLUDED."allDay", etag = EXCLUDED.etag,
              "resourceId" = EXCLUDED."resourceId", "updatedAt" = EXCLUDED."updatedAt"`;
    },

    deleteBlocks: (tx: TenantTx, connectionId: string, calendarId: string, externalEventIds: string[]) =>
      externalEventIds.length ? tx.busyBlock.deleteMany({ where: { connectionId, calendarId, externalEventId: { in: externalEventIds } } }) : null,

    /** After a full list: blocks of events Google no longer lists as busy. */
    deleteBlocksNotIn: (connectionId: string, calendarId: string, keep: string[]) =>
      db.busyBlock.deleteMany({ where: { connectionId, calendarId, externalEventId: { notIn: keep } } }),

    /** Blocks over before `before` serve nobody (slots start after now). */
    deleteBlocksEndedBefore: (connectionId: string, before: Date) => db.busyBlock.deleteMany({ where: { connectionId, endsAt: { lt: before } } }),

    blocksOf: (connectionId: string, calendarId?: string) =>
      db.busyBlock.findMany({
        where: { connectionId, ...(calendarId ? { calendarId } : {}) },
        select: { externalEventId: true, calendarId: true, startsAt: true, endsAt: true, allDay: true },
        orderBy: { startsAt: 'asc' },
      }),

    /** The longest booking horizon among the tenant's services (days), or null without services. */
    async maxAdvanceDays(): Promise<number | null> {
      const r = await db.service.aggregate({ _max: { maxAdvanceDays: true } });
      return r._max.maxAdvanceDays ?? null;
    },

    /** Our bookings' events in a calendar, by booking id or by event id (a deleted event comes back with its id only). */
    bookingEvents: (q: { bookingIds: string[]; eventIds: string[] }) =>
      q.bookingIds.length || q.eventIds.length
        ? db.bookingCalendarEvent.findMany({
            where: { OR: [{ bookingId: { in: q.bookingIds } }, { eventId: { in: q.eventIds } }] },
            select: bookingEventSelect,
          })
        : Promise.resolve([]),

    setAttention: (tx: TenantTx, bookingId: string, attention: Attention | null) =>
      tx.bookingCalendarEvent.updateMany({ where: { bookingId }, data: { attention } }),

    /**
     * Cross-tenant, for the reconciliation: CONNECTED connections with a watched calendar (busy
     * ones and where bookings go) not synced since `before`, or never.
     */
    unsafeConnectionsToReconcile: (before: Date) =>
      prisma.$queryRaw<{ id: string; tenantId: string }[]>`
        SELECT c.id, c."tenantId" FROM "CalendarConnection" c
        WHERE c.status = 'CONNECTED' AND EXISTS (
          SELECT 1 FROM unnest(array_append(c."busyCalendarIds", coalesce(c."targetCalendarId", c."accountEmail"))) AS cal(id)
          LEFT JOIN "CalendarCursor" k ON k."connectionId" = c.id AND k."calendarId" = cal.id
          WHERE k."lastSyncAt" IS NULL OR k."lastSyncAt" < ${before}::timestamptz)
        ORDER BY c.id`,
  };
}
export type SyncRepo = ReturnType<typeof createSyncRepo>;

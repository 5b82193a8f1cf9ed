import type { TCalendarSync } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { jobId } from '../../platform/jobs';
import { prismaRunner, type SqlRunner, type SqlTx } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { sendInTransaction } from '../../platform/transaction';
import { createPushRepo } from './push.repo';
import { calendarPushQueue } from './push.queues';

/**
 * What the bookings module asks of Google Calendar sync, inside its own transactions: "this
 * booking changed, push it" (a `calendar.push` job and the booking's state PENDING, written with
 * the change), and how a booking's state reads. The pushing itself is push.writer.service.ts, run
 * by the job; nothing here talks to Google, so no booking ever waits for it.
 *
 * Kept apart from the writer on purpose: the writer uses the connection service, which reaches
 * the notifications module, which reads bookings — the bookings module importing it would close
 * an import cycle.
 */

const sendOptions = (bookingId: string, version: number) => ({ id: jobId('calendar-push', bookingId, String(version)), singletonKey: bookingId });

export function createCalendarPushRequests(deps: AppDeps) {
  const repo = createPushRepo(deps);
  return {
    /**
     * Creation's first round trip (ADR 006), pipelined after the resource lock: which of the
     * tenant's resources (or the one asked for) have a CONNECTED calendar. Read after the lock, so
     * a connection stored before this booking's lock was granted is seen; the backfill waits for
     * that lock before it reads (push.writer.service.ts), so a booking is never missed by both.
     */
    connectedResources: (tx: SqlRunner, resourceId: string | null) => repo.connectedResources(tx, resourceId),

    /**
     * Creation's second round trip: the writes that ask for the new booking's push (its row as
     * PENDING and the job), prepared here and sent by the returned function without waiting,
     * after the booking's insert (the row references it). A failure fails the transaction.
     */
    async prepareOnCreate(bookingId: string, version: number, now: Date): Promise<(tx: SqlTx) => void> {
      const job = await deps.jobs.insertStatement(calendarPushQueue, { tenantId: requireTenantId(), bookingId }, sendOptions(bookingId, version));
      return (tx) => {
        void repo.markPending(tx, bookingId, now);
        void tx.executeSql(job.text, job.values);
      };
    },

    /**
     * A booking change in a Prisma transaction (confirmed, moved, cancelled, expired, paid): when
     * one of `resourceIds` (where it was and where it is) has a connected calendar, or the booking
     * was pushed before, its state becomes PENDING and a push job is queued, both with the change;
     * `booking.calendarEvent`, when given (the row the change answers with), says PENDING too.
     */
    async requestIn(tx: TenantTx, booking: { id: string; version: number; calendarEvent?: CalendarSyncRow | null }, resourceIds: string[]): Promise<void> {
      const runner = prismaRunner(tx);
      if (!(await repo.needsPush(runner, booking.id, [...new Set(resourceIds)]))) return;
      await repo.markPending(runner, booking.id, deps.clock.now());
      await sendInTransaction(deps, tx, calendarPushQueue, { tenantId: requireTenantId(), bookingId: booking.id }, sendOptions(booking.id, booking.version));
      // The row the caller answers with was read before: it says PENDING too.
      if ('calendarEvent' in booking) {
        const before = booking.calendarEvent;
        booking.calendarEvent = { state: 'PENDING', error: null, htmlLink: before?.htmlLink ?? null, attention: before?.attention ?? null };
      }
    },
  };
}
export type CalendarPushRequests = ReturnType<typeof createCalendarPushRequests>;

/** The row the bookings repo selects with a booking (its `calendarEvent`). */
export type CalendarSyncRow = { state: TCalendarSync['state']; error: string | null; htmlLink: string | null; attention: string | null };

/** A booking's `calendarSync`: no row means nothing was ever to be pushed (no connected calendar). */
export function toCalendarSync(row: CalendarSyncRow | null): TCalendarSync {
  if (!row) return { state: 'NOT_CONNECTED' };
  return {
    state: row.state,
    ...(row.error && row.state === 'FAILED' ? { error: row.error } : {}),
    ...(row.htmlLink && row.state !== 'NOT_CONNECTED' ? { eventLink: row.htmlLink } : {}),
    ...(row.attention === 'MOVED_IN_GOOGLE' || row.attention === 'DELETED_IN_GOOGLE' ? { attention: row.attention } : {}),
  };
}

import { GoogleApiError, type GoogleCalendarGateway, type GoogleEvent } from '../../integrations/google';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { jobId } from '../../platform/jobs';
import { transaction } from '../../platform/transaction';
import { withTenant } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { watchedCalendars } from './channels.service';
import { CalendarConnectionBroken } from './connection.errors';
import type { ConnectionRow } from './connection.repo';
import { createCalendarConnectionService } from './connection.service';
import { calendarChannelsEnsureQueue } from './calendar.queues';
import { calendarSyncQueue, syncKey } from './sync.queues';
import { createSyncRepo, type Attention, type BlockWrite, type SyncedBookingEventRow } from './sync.repo';
import { decideEvent, type DecideContext, type EventDecision } from './sync.events';

/**
 * Google → us: a calendar's events become the resource's busy blocks (docs/adr/012 "Sync").
 *
 * - Incremental with Google's sync token: the first list has no time window (Google refuses
 *   `timeMin` with a sync token, and a token from a windowed list is not one), pages through
 *   `pageToken`, and keeps `nextSyncToken` from the last page. 410 Gone: the token is dropped
 *   and the calendar listed in full again; blocks Google no longer lists are deleted.
 * - `singleEvents=true`: recurring series come as occurrences. Endless series would be endless,
 *   so occurrences starting after the horizon (the longest booking horizon of the tenant's
 *   services plus HORIZON_MARGIN_DAYS) are not kept, and a full list runs again every
 *   FULL_SYNC_EVERY_MS so the horizon moves with time (the margin covers a few failed runs).
 * - Our own events (extendedProperties.private.slotwiseBookingId) never block: the booking does.
 *   When staff move or delete one in Google, the booking is flagged (`attention`), audited, and
 *   left as it is: nobody cancels a customer's booking from a calendar.
 * - Jobs only, one calendar at a time (the queue's singleton key); each page is written in its
 *   own transaction, never around a Google call.
 */

export const HORIZON_MARGIN_DAYS = 14;
/** Without services: a horizon that is surely long enough (services default to less). */
export const DEFAULT_HORIZON_DAYS = 365;
export const FULL_SYNC_EVERY_MS = 7 * 24 * 3600_000;
/** The reconciliation syncs every watched calendar not synced for this long (and renews channels). */
export const RECONCILE_AFTER_MS = 6 * 3600_000;
/** Blocks that ended longer ago than this are deleted on the next sync. */
const KEEP_PAST_MS = 24 * 3600_000;
const PAGE_SIZE = 500;
const DAY_MS = 86_400_000;

const ACTIVE = new Set(['CONFIRMED', 'PENDING_PAYMENT']);

export type SyncResult = { full: boolean; pages: number; busy: number; freed: number; ours: number; flagged: number };

export function createCalendarSyncService(deps: AppDeps) {
  const repo = createSyncRepo(deps);
  const connections = createCalendarConnectionService(deps);
  const bookings = createBookingsService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  async function horizon(now: Date): Promise<Date> {
    const days = (await repo.maxAdvanceDays()) ?? DEFAULT_HORIZON_DAYS;
    return new Date(now.getTime() + (days + HORIZON_MARGIN_DAYS) * DAY_MS);
  }

  /**
   * Our events of one page: staff moved (times differ from the booking's) or deleted one in
   * Google while the booking is active → `attention`, audited; moved back → cleared. Only for
   * events Google changed after our last write (another etag) and whose booking has no change of
   * ours still on its way (state PENDING: our push will write the booking's times again).
   */
  async function reviewOurs(ours: { event: GoogleEvent; decision: EventDecision }[]): Promise<number> {
    if (!ours.length) return 0;
    const bookingIds = ours.flatMap(({ decision }) => (decision.kind === 'ours' ? [decision.bookingId] : []));
    const eventIds = ours.flatMap(({ event }) => (event.id ? [event.id] : []));
    const known = await repo.bookingEvents({ bookingIds, eventIds });
    let flagged = 0;
    for (const { event, decision } of ours) {
      // Our event ids are derived from booking ids: unique to their booking whatever the calendar.
      const row = known.find((k) => k.eventId === event.id);
      if (!row) continue; // an older generation of a booking's event, or not ours after all
      if (event.etag && row.etag === event.etag) continue; // our own write
      if (row.state === 'PENDING') continue;
      const booking = await bookings.find(row.bookingId);
      if (!booking || !ACTIVE.has(booking.status)) continue;
      const next = attentionFor(decision, event, booking);
      if (next === undefined || next === row.attention) continue;
      if (next === null && row.attention === 'DELETED_IN_GOOGLE') continue; // deleted stays deleted until our push makes a new event
      await flag(row, next, event);
      if (next) flagged += 1;
    }
    return flagged;
  }

  /** What our event's state in Google says: null (as booked), an attention, or undefined (cannot tell). */
  function attentionFor(decision: EventDecision, event: GoogleEvent, booking: { startsAt: string; endsAt: string }): Attention | null | undefined {
    if (event.status === 'cancelled') return 'DELETED_IN_GOOGLE';
    if (decision.kind !== 'ours' || !decision.startsAt || !decision.endsAt) return undefined;
    const same = decision.startsAt.getTime() === Date.parse(booking.startsAt) && decision.endsAt.getTime() === Date.parse(booking.endsAt);
    return same ? null : 'MOVED_IN_GOOGLE';
  }

  async function flag(row: SyncedBookingEventRow, attention: Attention | null, event: GoogleEvent) {
    await transaction(deps, async (tx) => {
      await repo.setAttention(tx, row.bookingId, attention);
      await deps.audit.record(tx, {
        action: attention ? 'booking.calendar-attention' : 'booking.calendar-attention-cleared',
        resourceType: 'booking',
        resourceId: row.bookingId,
        actor: { type: 'google' },
        before: { attention: row.attention },
        after: { attention },
        metadata: {
          eventId: event.id ?? null,
          ...(event.status !== 'cancelled'
            ? { googleStart: event.start?.dateTime ?? event.start?.date ?? null, googleEnd: event.end?.dateTime ?? event.end?.date ?? null }
            : {}),
        },
      });
    });
    log().info({ bookingId: row.bookingId, attention }, attention ? 'our event was changed in Google: booking flagged' : 'our event is as booked again');
  }

  /** One page's events applied: busy ones upserted, the rest's blocks deleted, ours reviewed. */
  async function applyPage(
    conn: ConnectionRow,
    calendarId: string,
    items: GoogleEvent[],
    ctx: DecideContext & { busyCalendar: boolean },
    result: SyncResult,
    seen: Set<string>,
  ) {
    const blocks: BlockWrite[] = [];
    const freed: string[] = [];
    const ours: { event: GoogleEvent; decision: EventDecision }[] = [];
    for (const event of items) {
      if (!event.id) continue;
      const decision = decideEvent(event, ctx);
      if (decision.kind === 'busy' && ctx.busyCalendar) {
        blocks.push({ externalEventId: event.id, startsAt: decision.startsAt, endsAt: decision.endsAt, allDay: decision.allDay, etag: event.etag ?? null });
        seen.add(event.id);
        continue;
      }
      freed.push(event.id);
      // A deleted event arrives as its id alone: it may be one of ours.
      if (decision.kind === 'ours' || (decision.kind === 'free' && decision.why === 'cancelled')) ours.push({ event, decision });
    }
    if (blocks.length || freed.length) {
      await transaction(deps, async (tx) => {
        await repo.upsertBlocks(tx, { resourceId: conn.resourceId, connectionId: conn.id, calendarId, blocks, now: deps.clock.now() });
        await repo.deleteBlocks(tx, conn.id, calendarId, freed);
      });
    }
    result.busy += blocks.length;
    result.freed += freed.length;
    result.ours += ours.filter((o) => o.decision.kind === 'ours').length;
    result.flagged += await reviewOurs(ours);
  }

  /** Lists the calendar (from the token, or in full) and applies every page. */
  async function listAndApply(
    gcal: GoogleCalendarGateway,
    conn: ConnectionRow,
    calendarId: string,
    syncToken: string | null,
    ctx: DecideContext & { busyCalendar: boolean },
  ) {
    const result: SyncResult = { full: !syncToken, pages: 0, busy: 0, freed: 0, ours: 0, flagged: 0 };
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const page = await gcal.events.list(calendarId, {
        singleEvents: true,
        maxResults: PAGE_SIZE,
        ...(syncToken ? { syncToken } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      result.pages += 1;
      await applyPage(conn, calendarId, page.items, { ...ctx, timeZone: page.timeZone ?? ctx.timeZone }, result, seen);
      if (page.nextPageToken) {
        pageToken = page.nextPageToken;
        continue;
      }
      return { result, seen, nextSyncToken: page.nextSyncToken };
    }
  }

  /**
   * The `calendar.sync` job: one calendar of one connection, in its tenant. Nothing to do when
   * the connection is gone, BROKEN or no longer watches the calendar. 410 → full list. Google
   * unavailable → the job throws and is retried with backoff.
   */
  async function syncCalendar(connectionId: string, calendarId: string): Promise<SyncResult | null> {
    const conn = await connections.connectionById(connectionId);
    if (!conn || conn.status !== 'CONNECTED' || !watchedCalendars(conn).includes(calendarId)) return null;
    const now = deps.clock.now();
    const cursor = await repo.cursor(connectionId, calendarId);
    const stale = !cursor?.lastFullSyncAt || now.getTime() - cursor.lastFullSyncAt.getTime() > FULL_SYNC_EVERY_MS;
    const ctx = {
      tenantId: conn.tenantId,
      timeZone: 'UTC',
      notBefore: new Date(now.getTime() - KEEP_PAST_MS),
      horizon: await horizon(now),
      selfEmails: [conn.accountEmail, calendarId],
      busyCalendar: conn.busyCalendarIds.includes(calendarId),
    };
    let outcome;
    try {
      outcome = await connections.withCalendar(connectionId, async (gcal) => {
        const token = stale ? null : (cursor?.syncToken ?? null);
        try {
          return await listAndApply(gcal, conn, calendarId, token, ctx);
        } catch (err) {
          if (!(token && err instanceof GoogleApiError && err.kind === 'gone')) throw err;
          log().info({ connectionId, calendarId }, 'sync token no longer valid (410): listing the calendar in full');
          await repo.clearSyncToken(connectionId, calendarId);
          return listAndApply(gcal, conn, calendarId, null, ctx);
        }
      });
    } catch (err) {
      if (err instanceof CalendarConnectionBroken) return null;
      // The calendar was deleted or the account lost access: it blocks nothing any more.
      if (err instanceof GoogleApiError && err.kind === 'not_found') {
        log().warn({ connectionId, calendarId }, 'calendar not found at Google: its busy blocks are dropped');
        await repo.deleteBlocksNotIn(connectionId, calendarId, []);
        return null;
      }
      throw err;
    }
    const { result, seen, nextSyncToken } = outcome;
    if (result.full) await repo.deleteBlocksNotIn(connectionId, calendarId, [...seen]);
    await repo.deleteBlocksEndedBefore(connectionId, ctx.notBefore);
    const done = deps.clock.now();
    await repo.saveCursor(connectionId, calendarId, { syncToken: nextSyncToken, lastSyncAt: done, ...(result.full ? { lastFullSyncAt: done } : {}) });
    await connections.recordSync(connectionId, done);
    log().info({ connectionId, calendarId, ...result }, 'calendar synced');
    return result;
  }

  /** Queues a sync of every watched calendar of the connection (debounced like notifications). */
  async function enqueueAll(conn: Pick<ConnectionRow, 'id' | 'tenantId' | 'busyCalendarIds' | 'targetCalendarId' | 'accountEmail'>) {
    for (const calendarId of watchedCalendars(conn)) {
      await deps.jobs.send(calendarSyncQueue, { tenantId: conn.tenantId, connectionId: conn.id, calendarId }, { singletonKey: syncKey(conn.id, calendarId) });
    }
  }

  return {
    syncCalendar,
    enqueueAll,

    /** The connection's busy blocks (tests, the seed). */
    blocks: (connectionId: string, calendarId?: string) => repo.blocksOf(connectionId, calendarId),

    /**
     * The reconciliation's work, across tenants: connections with a watched calendar not synced
     * for RECONCILE_AFTER_MS get a sync of every watched calendar queued, whatever notifications
     * said or missed, and a channels check (a channel that could not be made earlier is made
     * now; renewal has its own, more frequent job).
     */
    async unsafeReconcile(): Promise<{ connections: number }> {
      const now = deps.clock.now().getTime();
      const due = await repo.unsafeConnectionsToReconcile(new Date(now - RECONCILE_AFTER_MS));
      const round = String(Math.floor(now / RECONCILE_AFTER_MS));
      for (const c of due) {
        await withTenant(c.tenantId, async () => {
          const conn = await connections.connectionById(c.id);
          if (!conn) return;
          await enqueueAll(conn);
          await deps.jobs.send(
            calendarChannelsEnsureQueue,
            { tenantId: c.tenantId, connectionId: c.id },
            { id: jobId('calendar.reconcile-channels', c.id, round) },
          );
        });
      }
      return { connections: due.length };
    },
  };
}
export type CalendarSyncService = ReturnType<typeof createCalendarSyncService>;

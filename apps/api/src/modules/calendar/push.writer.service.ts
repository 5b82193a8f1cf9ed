import { GoogleApiError, type GoogleCalendarGateway, type GoogleEvent, type SendUpdates } from '../../integrations/google';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { requireTenantId } from '../../platform/tenancy';
import { CalendarConnectionBroken, CalendarUnavailable } from './connection.errors';
import type { ConnectionRow } from './connection.repo';
import { createCalendarConnectionService } from './connection.service';
import { createPushRepo, type EventPlace, type EventWrite, type PushBooking } from './push.repo';

/**
 * Our bookings → the resource's Google Calendar (ADR 012): what the `calendar.push` job does for
 * one booking, acting on the booking as it is now, and the rules the backfill shares.
 *
 * - Ids are ours and deterministic: the booking id without hyphens (lower-case hex is base32hex),
 *   so a retried insert answers 409 and is patched instead of duplicated. Google never lets a
 *   deleted event's id be used again: each deletion (ours or staff's in Google) moves the booking
 *   to its next generation, whose id is `<id>g<generation>`.
 * - Held, confirmed, completed and no-show bookings have an event; cancelled, expired and deleted
 *   ones have none. A booking moved to another resource (or calendar) leaves the old calendar.
 * - Google failing never touches the booking: 429/5xx/unreachable → the job retries with backoff
 *   and jitter; a refused grant → the connection BROKEN (connection.service) and this booking
 *   FAILED; another refusal → FAILED with Google's reason. Nothing is ever called inside a
 *   database transaction.
 */

/** Statuses whose booking has an event in Google. */
const HAS_EVENT = new Set<PushBooking['status']>(['PENDING_PAYMENT', 'CONFIRMED', 'COMPLETED', 'NO_SHOW']);

/** The booking's event id in its `generation` (5–1024 characters of base32hex: `0-9a-v`). */
export function eventIdFor(bookingId: string, generation: number): string {
  const base = bookingId.replace(/-/g, '').toLowerCase();
  return generation === 0 ? base : `${base}g${generation}`;
}

export const wantsEvent = (b: Pick<PushBooking, 'status' | 'deletedAt'>) => b.deletedAt === null && HAS_EVENT.has(b.status);

/** Where bookings go: the calendar picked, else the primary one (whose id is the account's address). */
export type Target = { connectionId: string; calendarId: string };
export function targetOf(conn: Pick<ConnectionRow, 'id' | 'status' | 'targetCalendarId' | 'accountEmail'> | null): Target | null {
  if (!conn || conn.status !== 'CONNECTED') return null;
  return { connectionId: conn.id, calendarId: conn.targetCalendarId ?? (conn.accountEmail.includes('@') ? conn.accountEmail : 'primary') };
}

/** Where the booking's event is now, as its row says. */
export type Place = EventPlace & { connectionId: string | null; calendarId: string | null };
export const placeOf = (b: PushBooking): Place => ({
  eventId: b.calendarEvent?.eventId ?? null,
  generation: b.calendarEvent?.generation ?? 0,
  connectionId: b.calendarEvent?.connectionId ?? null,
  calendarId: b.calendarEvent?.calendarId ?? null,
});

/**
 * The connection the event can be reached through: its own, or — after a disconnect left it
 * without one — the target's when it is the same calendar (reconnected to the same account).
 */
export function reachOf(place: Place, target: Target | null): string | null {
  if (!place.eventId) return null;
  if (place.connectionId) return place.connectionId;
  return target && place.calendarId === target.calendarId ? target.connectionId : null;
}

/** The event is already in the target calendar (patch it there). */
export const isHere = (place: Place, target: Target | null) =>
  Boolean(target && place.eventId && place.calendarId === target.calendarId && reachOf(place, target) === target.connectionId);

/** The event's contents (no id: the insert adds it). */
export function eventBody(b: PushBooking, opts: { tenantId: string; publicUrl: string; inviteCustomer: boolean }): GoogleEvent {
  const customerName = b.customerName ?? b.customer.name;
  const phone = b.customerPhone ?? b.customer.phone;
  const hold = b.status === 'PENDING_PAYMENT';
  const link = `${opts.publicUrl.replace(/\/+$/, '')}/bookings?range=all&booking=${b.id}`;
  return {
    summary: `${b.service.name} — ${customerName}${hold ? ' (awaiting payment)' : ''}`,
    description: [
      `Customer: ${customerName} <${b.customer.email}>`,
      ...(phone ? [`Phone: ${phone}`] : []),
      ...(hold ? ['Awaiting payment: the time is held until the customer pays.'] : []),
      '',
      `Open in Slotwise: ${link}`,
    ].join('\n'),
    start: { dateTime: b.startsAt.toISOString(), timeZone: b.resource.timeZone },
    end: { dateTime: b.endsAt.toISOString(), timeZone: b.resource.timeZone },
    extendedProperties: { private: { slotwiseTenantId: opts.tenantId, slotwiseBookingId: b.id } },
    ...(opts.inviteCustomer ? { attendees: [{ email: b.customer.email, displayName: customerName }] } : {}),
  };
}

/** Google's answer to a call for an event, in the few kinds a push tells apart. */
export const isKind = (err: unknown, ...kinds: GoogleApiError['kind'][]) => err instanceof GoogleApiError && kinds.includes(err.kind);

/** What staff read on the booking when Google refused it for good. */
export function plainError(err: unknown, op: 'insert' | 'patch' | 'delete'): string {
  if (err instanceof CalendarConnectionBroken) return err.message;
  if (err instanceof GoogleApiError) {
    if (err.kind === 'unauthorized') return `Google refused access to the calendar (${err.message.replace(/^Google: /, '')}). Connect the calendar again.`;
    if (err.kind === 'not_found' && op === 'insert')
      return 'The calendar that receives bookings no longer exists in Google. Pick another calendar for bookings.';
    return `Google refused the event: ${err.message.replace(/^Google: /, '')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export const UNAVAILABLE_TOO_LONG = 'Google Calendar could not be reached for hours; the booking will be pushed again when it changes or at the daily check.';

export function createPushWriter(deps: AppDeps) {
  const repo = createPushRepo(deps);
  const connections = createCalendarConnectionService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  /**
   * Deletes the event where it is; gone already (404/410) counts as done. 'unreachable' when its
   * connection is broken: the event stays in that calendar until someone connects it again.
   */
  async function removeEvent(place: Place, target: Target | null, sendUpdates: SendUpdates): Promise<'removed' | 'unreachable'> {
    const via = reachOf(place, target);
    if (!place.calendarId || !place.eventId) return 'removed';
    // No connection leads to it any more (disconnected, another account): it is forgotten.
    if (!via) {
      log().info({ calendarId: place.calendarId, eventId: place.eventId }, 'calendar event left behind in a calendar no longer connected');
      return 'removed';
    }
    const { calendarId, eventId } = place;
    try {
      await connections.withCalendar(via, (g) => g.events.delete(calendarId, eventId, { sendUpdates }));
    } catch (err) {
      if (isKind(err, 'not_found', 'gone')) return 'removed';
      if (err instanceof CalendarConnectionBroken) return 'unreachable';
      throw err;
    }
    return 'removed';
  }

  /**
   * Inserts or patches the booking's event in `target`, moving to the next generation when the
   * one it had was deleted in Google. `place` is updated to where the event ends up.
   */
  async function upsertIn(g: GoogleCalendarGateway, b: PushBooking, place: Place, target: Target, body: GoogleEvent, sendUpdates: SendUpdates) {
    for (let step = 0; step < 6; step++) {
      if (place.eventId) {
        let patched: GoogleEvent | null = null;
        try {
          patched = await g.events.patch(target.calendarId, place.eventId, body, { sendUpdates });
        } catch (err) {
          if (!isKind(err, 'not_found', 'gone')) throw err;
        }
        if (patched && patched.status !== 'cancelled') return patched;
        // Deleted in Google (by us earlier, or by someone there): that id is spent.
        Object.assign(place, { eventId: null, generation: place.generation + 1 });
      } else {
        const id = eventIdFor(b.id, place.generation);
        try {
          return await g.events.insert(target.calendarId, { id, ...body }, { sendUpdates });
        } catch (err) {
          // Made already (a retry after a lost answer): it is ours — patch it.
          if (!isKind(err, 'conflict')) throw err;
          Object.assign(place, { eventId: id });
        }
      }
    }
    throw new Error(`Google kept refusing the event ids of booking ${b.id}`);
  }

  const done = (place: Place, target: Target | null, b: PushBooking, state: EventWrite['state']): EventWrite => ({
    connectionId: place.eventId ? reachOf(place, target) : (target?.connectionId ?? null),
    calendarId: place.eventId ? place.calendarId : (target?.calendarId ?? null),
    eventId: place.eventId,
    generation: place.generation,
    state,
    error: null,
    htmlLink: null,
    etag: null,
    syncedVersion: state === 'SYNCED' ? b.version : null,
  });

  /**
   * One attempt at making Google show `b` as it is. False when the row changed meanwhile (the
   * caller reads the booking again); throws what should be retried later (CalendarUnavailable,
   * database errors).
   */
  async function pushOnce(b: PushBooking): Promise<boolean> {
    const read = placeOf(b);
    const expected: EventPlace | null = b.calendarEvent ? { eventId: read.eventId, generation: read.generation } : null;
    const place: Place = { ...read };
    const target = targetOf(await connections.connectionForResource(b.resourceId));
    const wanted = wantsEvent(b);
    const invite = await repo.inviteCustomers();
    const sendUpdates: SendUpdates = invite ? 'all' : 'none';
    const failed = (err: unknown, op: 'insert' | 'patch' | 'delete') =>
      repo.save(b.id, expected, { ...done(place, target, b, 'FAILED'), error: plainError(err, op) });

    // 1. An event where the booking should no longer be (cancelled, moved, another calendar) goes.
    if (place.eventId && !(wanted && isHere(place, target))) {
      let removed: 'removed' | 'unreachable';
      try {
        removed = await removeEvent(place, target, sendUpdates);
      } catch (err) {
        if (err instanceof GoogleApiError && err.kind !== 'unavailable') return failed(err, 'delete');
        throw err;
      }
      if (removed === 'removed') Object.assign(place, { eventId: null, calendarId: null, connectionId: null, generation: place.generation + 1 });
      // Its connection is broken: kept as it is, so that connecting again repairs it (backfill).
      else if (!wanted)
        return failed(new CalendarConnectionBroken(place.connectionId ?? '', 'The booking is still in Google Calendar: the connection is broken.'), 'delete');
    }
    if (!wanted) return repo.save(b.id, expected, done(place, target, b, target || read.eventId ? 'SYNCED' : 'NOT_CONNECTED'));
    if (!target) return repo.save(b.id, expected, done(place, null, b, 'NOT_CONNECTED'));

    // 2. Insert or patch it in the target calendar.
    const body = eventBody(b, { tenantId: requireTenantId(), publicUrl: deps.config.PUBLIC_URL, inviteCustomer: invite });
    let event: GoogleEvent;
    try {
      event = await connections.withCalendar(target.connectionId, (g) => upsertIn(g, b, place, target, body, sendUpdates));
    } catch (err) {
      if (err instanceof CalendarConnectionBroken || (err instanceof GoogleApiError && err.kind !== 'unavailable'))
        return failed(err, place.eventId ? 'patch' : 'insert');
      throw err;
    }
    return repo.save(b.id, expected, {
      connectionId: target.connectionId,
      calendarId: target.calendarId,
      eventId: event.id ?? place.eventId,
      generation: place.generation,
      state: 'SYNCED',
      error: null,
      htmlLink: event.htmlLink ?? null,
      etag: event.etag ?? null,
      syncedVersion: b.version,
      // The event shows the booking again: whatever staff changed in Google is undone.
      attention: null,
    });
  }

  return {
    pushOnce,

    /**
     * The `calendar.push` job: Google shows the booking as it is now. Runs once per booking at a
     * time (the queue's singleton key); the compare-and-set write covers a backfill meanwhile.
     */
    async push(bookingId: string): Promise<void> {
      for (let attempt = 0; attempt < 3; attempt++) {
        const b = await repo.booking(bookingId);
        if (!b) return;
        if (await pushOnce(b)) return;
      }
      throw new CalendarUnavailable(`The calendar event of booking ${bookingId} kept changing while it was pushed; trying again later`, 0);
    },

    /** After the job's last retry: a booking still PENDING says so (a later push may have got through). */
    async gaveUp(bookingId: string): Promise<void> {
      await repo.failPending(bookingId, UNAVAILABLE_TOO_LONG);
    },
  };
}
export type PushWriter = ReturnType<typeof createPushWriter>;

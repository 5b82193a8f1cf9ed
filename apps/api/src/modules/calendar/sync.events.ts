import type { GoogleEvent } from '../../integrations/google/types';
import { startOfLocalDay } from '../../platform/time';

/**
 * What one event of a busy calendar means for availability, decided without I/O (sync.service
 * applies it). Google sends events as they are now; a sync acts on that state, never on the order
 * changes happened in.
 *
 * - `ours`: an event we pushed for a booking of this business (extendedProperties.private
 *   slotwiseBookingId, and slotwiseTenantId when present). Never busy: the booking itself blocks
 *   its slot. The service checks whether staff moved or deleted it. An event pushed by another
 *   business on Slotwise (a person working for two) is an appointment like any other: busy.
 * - `busy`: the resource's own appointment, blocking [startsAt, endsAt).
 * - `free`: nothing blocks (cancelled, "free"/transparent, declined by the calendar's person, no
 *   length, in the past or beyond the horizon): any block kept for this event goes.
 */
export type EventDecision =
  | { kind: 'ours'; bookingId: string; tenantId: string | null; cancelled: boolean; startsAt: Date | null; endsAt: Date | null }
  | { kind: 'busy'; startsAt: Date; endsAt: Date; allDay: boolean }
  | { kind: 'free'; why: 'cancelled' | 'transparent' | 'declined' | 'empty' | 'outside-window' | 'unreadable' };

/** The private extended properties our pushed events carry (push.service writes them). */
export const BOOKING_ID_PROPERTY = 'slotwiseBookingId';
export const TENANT_ID_PROPERTY = 'slotwiseTenantId';

export type DecideContext = {
  /** The connection's business: only its own pushed events are `ours`. */
  tenantId: string;
  /** The calendar's zone (events.list answers it): all-day events are whole days there. */
  timeZone: string;
  /** Blocks ending before this are of no use to anyone (slots start after now). */
  notBefore: Date;
  /** Blocks starting at or after this are beyond every service's booking horizon (recurring series are endless). */
  horizon: Date;
  /** The calendar owner's addresses: their attendee entry (`self`, or one of these) says whether they declined. */
  selfEmails: string[];
};

/** An event's interval: timed events as given (with their offsets), all-day ones as local dates of the calendar's zone. */
export function eventInterval(event: GoogleEvent, timeZone: string): { startsAt: Date; endsAt: Date; allDay: boolean } | null {
  const { start, end } = event;
  if (start?.date && end?.date) {
    try {
      return { startsAt: startOfLocalDay(start.date, timeZone), endsAt: startOfLocalDay(end.date, timeZone), allDay: true };
    } catch {
      return null;
    }
  }
  if (start?.dateTime && end?.dateTime) {
    const startsAt = new Date(start.dateTime);
    const endsAt = new Date(end.dateTime);
    if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) return null;
    return { startsAt, endsAt, allDay: false };
  }
  return null;
}

function declinedBySelf(event: GoogleEvent, selfEmails: string[]): boolean {
  const emails = new Set(selfEmails.map((e) => e.toLowerCase()));
  return (event.attendees ?? []).some((a) => (a.self === true || emails.has(a.email.toLowerCase())) && a.responseStatus === 'declined');
}

export function decideEvent(event: GoogleEvent, ctx: DecideContext): EventDecision {
  const cancelled = event.status === 'cancelled';
  const bookingId = event.extendedProperties?.private?.[BOOKING_ID_PROPERTY];
  const pushedBy = event.extendedProperties?.private?.[TENANT_ID_PROPERTY];
  if (bookingId && (!pushedBy || pushedBy === ctx.tenantId)) {
    const interval = cancelled ? null : eventInterval(event, ctx.timeZone);
    return {
      kind: 'ours',
      bookingId,
      tenantId: pushedBy ?? null,
      cancelled,
      startsAt: interval?.startsAt ?? null,
      endsAt: interval?.endsAt ?? null,
    };
  }
  if (cancelled) return { kind: 'free', why: 'cancelled' };
  if (event.transparency === 'transparent') return { kind: 'free', why: 'transparent' };
  if (declinedBySelf(event, ctx.selfEmails)) return { kind: 'free', why: 'declined' };
  const interval = eventInterval(event, ctx.timeZone);
  if (!interval) return { kind: 'free', why: 'unreadable' };
  if (!(interval.endsAt > interval.startsAt)) return { kind: 'free', why: 'empty' };
  if (interval.endsAt <= ctx.notBefore || interval.startsAt >= ctx.horizon) return { kind: 'free', why: 'outside-window' };
  return { kind: 'busy', ...interval };
}

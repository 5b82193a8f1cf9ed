import { invalid, required } from './errors';
import { expand, isSeries, spanOf } from './events';
import type { Calendar, Store, StoredEvent } from './store';
import { formatDateTime, isTimeZone, parseDateTime } from './time';

/**
 * `freeBusy.query`: the busy intervals of calendars in a window — events that are not cancelled,
 * not transparent ("free") and not declined by the calendar's owner, recurring ones expanded,
 * all-day ones covering their days in the calendar's zone; overlapping intervals merged.
 */

const busyFor = (ev: StoredEvent, cal: Calendar) =>
  ev.status !== 'cancelled' &&
  ev.fields.transparency !== 'transparent' &&
  !(ev.fields.attendees ?? []).some((a) => a.email === cal.owner && a.responseStatus === 'declined');

export function busyIntervals(store: Store, cal: Calendar, from: number, to: number): [number, number][] {
  const spans: [number, number][] = [];
  const consider = (ev: StoredEvent) => {
    if (!busyFor(ev, cal)) return;
    const s = spanOf(ev.fields, cal);
    if (s.end > from && s.start < to) spans.push([Math.max(s.start, from), Math.min(s.end, to)]);
  };
  for (const ev of store.eventsOf(cal.id)) {
    if (ev.vanished || ev.recurringEventId) continue;
    if (isSeries(ev)) {
      if (ev.status !== 'cancelled') for (const occ of expand(store, ev, cal, to)) consider(occ);
    } else consider(ev);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  return merged.filter(([a, b]) => b > a);
}

export function freeBusy(store: Store, body: unknown, resolve: (id: string) => Calendar | undefined): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.timeMin !== 'string') throw required('Missing timeMin.', 'timeMin');
  if (typeof b.timeMax !== 'string') throw required('Missing timeMax.', 'timeMax');
  const from = parseDateTime(b.timeMin);
  const to = parseDateTime(b.timeMax);
  if (typeof from !== 'number') throw invalid('Invalid value for: timeMin', 'timeMin');
  if (typeof to !== 'number') throw invalid('Invalid value for: timeMax', 'timeMax');
  if (to <= from) throw invalid('The specified time range is empty.', 'timeMax');
  const timeZone = typeof b.timeZone === 'string' ? b.timeZone : 'UTC';
  if (!isTimeZone(timeZone)) throw invalid('Invalid time zone.', 'timeZone');
  const items = Array.isArray(b.items) ? (b.items as { id?: unknown }[]) : [];
  if (items.length > 50) throw invalid('Too many calendars requested: at most 50.', 'items');
  const calendars: Record<string, unknown> = {};
  for (const item of items) {
    const id = typeof item?.id === 'string' ? item.id : '';
    const cal = resolve(id);
    if (!cal) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      continue;
    }
    calendars[id] = {
      busy: busyIntervals(store, cal, from, to).map(([s, e]) => ({ start: formatDateTime(s, timeZone), end: formatDateTime(e, timeZone) })),
    };
  }
  return { kind: 'calendar#freeBusy', timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), calendars };
}

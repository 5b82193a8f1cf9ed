import { deleted, duplicate, invalid, notFound, required } from './errors';
import { occurrences, parseRecurrence, type SeriesStart } from './recurrence';
import { newEventId, type Calendar, type EventFields, type EventStatus, type EventTime, type Store, type StoredEvent } from './store';
import { addDays, dateString, formatDateTime, isTimeZone, parseDate, parseDateTime, startOfDate, wallOf } from './time';

/**
 * Events as Google Calendar keeps them: validation of what a client writes, the stored record,
 * recurring series expanded into occurrences (with exceptions for moved or cancelled ones),
 * and the JSON rendering. Insert, get, patch, update and delete live here for both the API and
 * the controls that act as a person in the Calendar app.
 */

const WRITABLE = [
  'summary',
  'description',
  'location',
  'colorId',
  'start',
  'end',
  'endTimeUnspecified',
  'recurrence',
  'transparency',
  'visibility',
  'attendees',
  'extendedProperties',
  'reminders',
  'source',
  'guestsCanModify',
  'guestsCanInviteOthers',
  'guestsCanSeeOtherGuests',
  'anyoneCanAddSelf',
  'attachments',
  'conferenceData',
] as const;

const RESPONSE_STATUSES = ['needsAction', 'declined', 'tentative', 'accepted'];
const STATUSES: EventStatus[] = ['confirmed', 'tentative', 'cancelled'];
/** How far ahead series without an end are expanded when nothing bounds the request. */
export const EXPANSION_HORIZON_MS = 730 * 24 * 3600 * 1000;
const ID = /^[a-v0-9]{5,1024}$/;

export type Span = { allDay: boolean; start: number; end: number };

function record(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid value for: ${what}`);
  return value as Record<string, unknown>;
}

/** Checks the types of written fields and keeps only those a client may write. */
function cleanFields(body: Record<string, unknown>): { fields: EventFields; status?: EventStatus } {
  const fields: EventFields = {};
  for (const key of WRITABLE) if (key in body) (fields as Record<string, unknown>)[key] = body[key];
  for (const key of ['summary', 'description', 'location', 'colorId', 'visibility'] as const) {
    const v = fields[key];
    if (v !== undefined && v !== null && typeof v !== 'string') throw invalid(`Invalid value for: ${key}`);
  }
  if (fields.transparency != null && fields.transparency !== 'opaque' && fields.transparency !== 'transparent')
    throw invalid('Invalid value for: transparency');
  if (fields.attendees != null) {
    if (!Array.isArray(fields.attendees)) throw invalid('Invalid value for: attendees');
    fields.attendees = fields.attendees.map((a) => {
      const att = record(a, 'attendees');
      if (typeof att.email !== 'string' || att.email === '') throw required('Missing attendee email.');
      if (att.responseStatus !== undefined && (typeof att.responseStatus !== 'string' || !RESPONSE_STATUSES.includes(att.responseStatus)))
        throw invalid('Invalid attendee response status.');
      return { ...att, email: att.email.toLowerCase() };
    });
  }
  if (fields.extendedProperties != null) {
    const ext = record(fields.extendedProperties, 'extendedProperties');
    for (const kind of ['private', 'shared']) {
      if (ext[kind] == null) continue;
      for (const [k, v] of Object.entries(record(ext[kind], `extendedProperties.${kind}`)))
        if (typeof v !== 'string') throw invalid(`Invalid value for: extendedProperties.${kind}.${k}`);
    }
  }
  if (fields.recurrence != null && (!Array.isArray(fields.recurrence) || fields.recurrence.some((r) => typeof r !== 'string'))) {
    throw invalid('Invalid recurrence rule.');
  }
  for (const key of ['start', 'end'] as const) if (fields[key] != null) record(fields[key], key);
  let status: EventStatus | undefined;
  if (body.status !== undefined && body.status !== null) {
    if (!STATUSES.includes(body.status as EventStatus)) throw invalid('Invalid value for: status');
    status = body.status as EventStatus;
  }
  return { fields, status };
}

/** The instant or day of one end of an event; also rewrites a `dateTime` into RFC 3339 with an offset. */
function parseTime(t: EventTime, which: 'start' | 'end', cal: Calendar): { allDay: boolean; ms: number; normalized: EventTime } {
  if (t.timeZone !== undefined && !isTimeZone(t.timeZone)) throw invalid(`Invalid time zone definition for ${which} time.`);
  if (typeof t.date === 'string' && t.dateTime == null) {
    const d = parseDate(t.date);
    if (!d) throw invalid(`Invalid ${which} time.`);
    return { allDay: true, ms: startOfDate(d, cal.timeZone), normalized: { date: t.date, ...(t.timeZone ? { timeZone: t.timeZone } : {}) } };
  }
  if (typeof t.dateTime === 'string') {
    const ms = parseDateTime(t.dateTime, t.timeZone);
    if (ms === 'no_zone') throw required(`Missing time zone definition for ${which} time.`);
    if (ms === null) throw invalid(`Invalid ${which} time.`);
    return { allDay: false, ms, normalized: { dateTime: formatDateTime(ms, t.timeZone ?? 'UTC'), ...(t.timeZone ? { timeZone: t.timeZone } : {}) } };
  }
  throw required(`Missing ${which} time.`);
}

/** Validates start, end and recurrence of a whole record, normalizing its times in place. */
function checkTiming(fields: EventFields, cal: Calendar, isInstance: boolean): void {
  if (!fields.start) throw required('Missing start time.');
  if (!fields.end) throw required('Missing end time.');
  const start = parseTime(fields.start, 'start', cal);
  const end = parseTime(fields.end, 'end', cal);
  if (start.allDay !== end.allDay) throw invalid('Start and end times must either both be date or both be dateTime.');
  if (start.allDay ? end.ms <= start.ms : end.ms < start.ms) throw invalid('The specified time range is empty.');
  fields.start = start.normalized;
  fields.end = end.normalized;
  if (isInstance) delete fields.recurrence;
  if (fields.recurrence && fields.recurrence.length > 0) {
    if (!start.allDay && !fields.start.timeZone) throw required('Missing time zone definition for start time.');
    parseRecurrence(fields.recurrence, seriesStart(fields, cal));
  } else delete fields.recurrence;
}

/** When an event's stored fields say it happens. */
export function spanOf(fields: EventFields, cal: Calendar): Span {
  const start = parseTime(fields.start ?? {}, 'start', cal);
  const end = parseTime(fields.end ?? {}, 'end', cal);
  return { allDay: start.allDay, start: start.ms, end: end.ms };
}

function seriesStart(fields: EventFields, cal: Calendar): SeriesStart {
  const start = fields.start ?? {};
  if (start.date) return { allDay: true, date: parseDate(start.date)!, hour: 0, minute: 0, second: 0, timeZone: cal.timeZone };
  const timeZone = start.timeZone ?? cal.timeZone;
  const w = wallOf(spanOf(fields, cal).start, timeZone);
  return { allDay: false, date: w, hour: w.hour, minute: w.minute, second: w.second, timeZone };
}

export const isSeries = (e: StoredEvent) => !e.recurringEventId && Array.isArray(e.fields.recurrence) && e.fields.recurrence.length > 0;

/** The occurrence an instance id or original key names, as an instant (timed) or a day. */
function keyInstant(key: string, cal: Calendar): number {
  if (/^\d{8}$/.test(key)) return startOfDate(parseDate(`${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`)!, cal.timeZone);
  return Date.UTC(+key.slice(0, 4), +key.slice(4, 6) - 1, +key.slice(6, 8), +key.slice(9, 11), +key.slice(11, 13), +key.slice(13, 15));
}

/** `originalStartTime` of an occurrence. */
export function originalStartTime(master: StoredEvent, key: string, cal: Calendar): EventTime {
  if (/^\d{8}$/.test(key)) return { date: `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}` };
  const tz = master.fields.start?.timeZone;
  return { dateTime: formatDateTime(keyInstant(key, cal), tz ?? 'UTC'), ...(tz ? { timeZone: tz } : {}) };
}

/**
 * The occurrences of a series up to `horizon`: its exceptions where they exist, otherwise views
 * made from the series (no stored record). A cancelled series has only cancelled occurrences.
 */
export function expand(store: Store, master: StoredEvent, cal: Calendar, horizon: number): StoredEvent[] {
  const span = spanOf(master.fields, cal);
  const series = seriesStart(master.fields, cal);
  const rec = parseRecurrence(master.fields.recurrence, series);
  const exceptions = new Map<string, StoredEvent>();
  for (const e of store.eventsOf(cal.id)) if (e.recurringEventId === master.id && !e.vanished && e.originalKey) exceptions.set(e.originalKey, e);
  const days = span.allDay ? Math.round((span.end - span.start) / 86_400_000) : 0;
  return occurrences(rec, series, horizon).map((occ) => {
    const exception = exceptions.get(occ.key);
    if (exception) return master.status === 'cancelled' ? { ...exception, status: 'cancelled' as const } : exception;
    let start: EventTime;
    let end: EventTime;
    if (span.allDay) {
      start = { date: dateString(occ.date) };
      end = { date: dateString(addDays(occ.date, days)) };
    } else {
      const startTz = master.fields.start?.timeZone ?? 'UTC';
      const endTz = master.fields.end?.timeZone ?? startTz;
      start = { dateTime: formatDateTime(occ.start, startTz), ...(master.fields.start?.timeZone ? { timeZone: startTz } : {}) };
      end = { dateTime: formatDateTime(occ.start + (span.end - span.start), endTz), ...(master.fields.end?.timeZone ? { timeZone: endTz } : {}) };
    }
    const { recurrence: _recurrence, ...rest } = master.fields;
    return { ...master, id: `${master.id}_${occ.key}`, fields: { ...rest, start, end }, recurringEventId: master.id, originalKey: occ.key };
  });
}

/** The record or occurrence with this id, cancelled ones included (Google's get always returns them). */
export function findEvent(store: Store, cal: Calendar, id: string): StoredEvent | undefined {
  const stored = store.event(cal.id, id);
  if (stored && !stored.vanished) return stored;
  const m = /^(.+)_(\d{8}(?:T\d{6}Z)?)$/.exec(id);
  const master = m ? store.event(cal.id, m[1]!) : undefined;
  if (!m || !master || !isSeries(master)) return undefined;
  return expand(store, master, cal, keyInstant(m[2]!, cal)).find((o) => o.id === id);
}

/** Instance keys of a series now (to find occurrences that a change makes disappear). */
function seriesKeys(store: Store, master: StoredEvent, cal: Calendar, now: number): Set<string> {
  return new Set(expand(store, master, cal, now + EXPANSION_HORIZON_MS).map((o) => o.originalKey!));
}

export type Actor = { email: string };

export function insertEvent(store: Store, cal: Calendar, actor: Actor, body: unknown, now: number): StoredEvent {
  const input = record(body ?? {}, 'body');
  const { fields, status } = cleanFields(input);
  let id: string;
  if (input.id !== undefined && input.id !== null) {
    if (typeof input.id !== 'string' || !ID.test(input.id)) throw invalid('Invalid resource id value.');
    id = input.id;
    // Google never lets an id be used twice in a calendar, not even after the event was deleted.
    if (store.event(cal.id, id)) throw duplicate();
  } else id = newEventId();
  checkTiming(fields, cal, false);
  const ev: StoredEvent = {
    calendarId: cal.id,
    id,
    iCalUID: typeof input.iCalUID === 'string' ? input.iCalUID : `${id}@google.com`,
    status: status ?? 'confirmed',
    fields,
    created: now,
    updated: now,
    etag: '',
    sequence: 0,
    changeSeq: 0,
    creator: actor.email,
  };
  store.commit(cal, [ev]);
  return ev;
}

/** JSON merge: objects merge, arrays and scalars replace, null removes (Google's patch semantics). */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k]))
      out[k] = merge(out[k] as Record<string, unknown>, v as Record<string, unknown>);
    else out[k] = structuredClone(v);
  }
  return out;
}

const timingOf = (f: EventFields) => JSON.stringify([f.start, f.end, f.recurrence ?? null]);

/**
 * `patch` (merge) or `update` (replace) of an event or one occurrence of a series. Changing a
 * series' times or rule records the occurrences that no longer exist, so incremental syncs report them.
 */
export function changeEvent(store: Store, cal: Calendar, id: string, body: unknown, mode: 'patch' | 'update', now: number): StoredEvent {
  const current = findEvent(store, cal, id);
  if (!current) throw notFound();
  const input = record(body ?? {}, 'body');
  if (input.id !== undefined && input.id !== id) throw invalid('Invalid resource id value.');
  const cleaned = cleanFields(input);
  const isInstance = Boolean(current.recurringEventId);
  const base: Record<string, unknown> = mode === 'patch' ? structuredClone(current.fields) : {};
  const fields = (mode === 'patch' ? merge(base, cleaned.fields) : cleaned.fields) as EventFields;
  for (const [key, value] of Object.entries(fields)) if (value === null) delete fields[key];
  checkTiming(fields, cal, isInstance);

  const next: StoredEvent = {
    ...current,
    fields,
    status: cleaned.status ?? current.status,
    updated: now,
    sequence: current.sequence + (timingOf(fields) !== timingOf(current.fields) ? 1 : 0),
  };
  const changed: StoredEvent[] = [next];
  if (isSeries(current)) {
    const before = seriesKeys(store, current, cal, now);
    const after = isSeries(next) ? seriesKeys(store, next, cal, now) : new Set<string>();
    for (const key of before) if (!after.has(key)) changed.push(vanish(store, current, key, now));
  }
  store.commit(cal, changed);
  return next;
}

/** An occurrence a series no longer has: a cancelled record that only incremental syncs show. */
function vanish(store: Store, master: StoredEvent, key: string, now: number): StoredEvent {
  const id = `${master.id}_${key}`;
  const existing = store.event(master.calendarId, id);
  return {
    ...(existing ?? master),
    id,
    fields: {},
    status: 'cancelled',
    recurringEventId: master.id,
    originalKey: key,
    vanished: true,
    updated: now,
  };
}

/** Deletes an event (kept as cancelled, its id never reusable) or cancels one occurrence of a series. */
export function deleteEvent(store: Store, cal: Calendar, id: string, now: number): void {
  const current = findEvent(store, cal, id);
  if (!current) throw notFound();
  if (current.status === 'cancelled') throw deleted();
  store.commit(cal, [{ ...current, status: 'cancelled', updated: now }]);
}

export type RenderOptions = { timeZone: string; publicUrl: string; minimalCancelled: boolean };

/** The event resource as Google returns it. */
export function render(ev: StoredEvent, cal: Calendar, store: Store, opts: RenderOptions): Record<string, unknown> {
  const master = ev.recurringEventId ? store.event(cal.id, ev.recurringEventId) : undefined;
  const original = ev.recurringEventId && ev.originalKey && master ? { originalStartTime: originalStartTime(master, ev.originalKey, cal) } : {};
  const base = { kind: 'calendar#event', etag: ev.etag, id: ev.id, status: ev.status };
  if (ev.status === 'cancelled' && (ev.vanished || (ev.recurringEventId && !master) || opts.minimalCancelled || Object.keys(ev.fields).length === 0)) {
    return { ...base, ...(ev.recurringEventId ? { recurringEventId: ev.recurringEventId, ...original } : {}) };
  }
  const f = ev.fields;
  const time = (t: EventTime | undefined): EventTime | undefined => {
    if (!t || t.date || !t.dateTime) return t && { ...t };
    return { dateTime: formatDateTime(Date.parse(t.dateTime), opts.timeZone), ...(t.timeZone ? { timeZone: t.timeZone } : {}) };
  };
  const eid = Buffer.from(`${ev.id} ${cal.id}`).toString('base64url');
  const optional = Object.fromEntries(
    (
      [
        'summary',
        'description',
        'location',
        'colorId',
        'endTimeUnspecified',
        'transparency',
        'visibility',
        'source',
        'guestsCanModify',
        'guestsCanInviteOthers',
        'guestsCanSeeOtherGuests',
        'anyoneCanAddSelf',
        'extendedProperties',
        'attachments',
        'conferenceData',
      ] as const
    )
      .filter((k) => f[k] !== undefined)
      .map((k) => [k, structuredClone(f[k])]),
  );
  return {
    ...base,
    htmlLink: `${opts.publicUrl}/calendar/event?eid=${eid}`,
    created: new Date(ev.created).toISOString(),
    updated: new Date(ev.updated).toISOString(),
    ...optional,
    creator: { email: ev.creator, ...(ev.creator === cal.owner ? { self: true } : {}) },
    organizer: { email: cal.id, ...(cal.primary ? {} : { displayName: cal.summary }), self: true },
    start: time(f.start),
    end: time(f.end),
    ...(f.recurrence && !ev.recurringEventId ? { recurrence: [...f.recurrence] } : {}),
    ...(ev.recurringEventId ? { recurringEventId: ev.recurringEventId, ...original } : {}),
    iCalUID: ev.iCalUID,
    sequence: ev.sequence,
    ...(f.attendees
      ? {
          attendees: f.attendees.map((a) => ({
            ...a,
            responseStatus: a.responseStatus ?? 'needsAction',
            ...(a.email === cal.owner ? { self: true } : {}),
          })),
        }
      : {}),
    reminders: f.reminders ? structuredClone(f.reminders) : { useDefault: true },
    eventType: 'default',
  };
}

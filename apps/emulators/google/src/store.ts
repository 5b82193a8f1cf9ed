import { createHash, randomBytes } from 'node:crypto';
import { ControlError } from './errors';
import { isTimeZone } from './time';

/**
 * In-memory state of the emulated Google account world: people (each with a primary calendar
 * whose id is their email), secondary calendars, and events with a per-calendar change sequence
 * that sync tokens and push notifications follow.
 */

export type EventTime = { date?: string; dateTime?: string; timeZone?: string };
export type Attendee = {
  email: string;
  displayName?: string;
  responseStatus?: string;
  optional?: boolean;
  organizer?: boolean;
  resource?: boolean;
  comment?: string;
};
export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/** The fields a client writes (everything else is computed when the event is rendered). */
export type EventFields = {
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  start?: EventTime;
  end?: EventTime;
  endTimeUnspecified?: boolean;
  recurrence?: string[];
  transparency?: 'opaque' | 'transparent';
  visibility?: string;
  attendees?: Attendee[];
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  reminders?: { useDefault?: boolean; overrides?: { method: string; minutes: number }[] };
  source?: { url?: string; title?: string };
  guestsCanModify?: boolean;
  guestsCanInviteOthers?: boolean;
  guestsCanSeeOtherGuests?: boolean;
  anyoneCanAddSelf?: boolean;
  [key: string]: unknown;
};

export type StoredEvent = {
  calendarId: string;
  id: string;
  iCalUID: string;
  status: EventStatus;
  fields: EventFields;
  created: number;
  updated: number;
  etag: string;
  sequence: number;
  /** The calendar's change sequence when this record last changed (sync tokens compare with it). */
  changeSeq: number;
  /** Who made it: the calendar's owner, or the person acting through a control. */
  creator: string;
  /** For an exception (a moved or cancelled occurrence of a series): the series' id and the occurrence's key. */
  recurringEventId?: string;
  originalKey?: string;
  /**
   * An occurrence that stopped existing because its series changed (shorter rule, new times):
   * kept only so incremental syncs with `singleEvents` report it as cancelled.
   */
  vanished?: boolean;
};

export type Person = { email: string; sub: string; name: string };

export type Calendar = {
  id: string;
  owner: string;
  summary: string;
  description?: string;
  timeZone: string;
  primary: boolean;
  created: number;
  /** Increases on every change to the calendar's events. */
  seq: number;
  /** Increases when sync tokens are invalidated; tokens carry the epoch they were made in. */
  epoch: number;
  etag: string;
  /** Google's opaque id of the watched resource (the calendar's event collection). */
  resourceId: string;
  /** People the owner shared the calendar with, and how (it appears in their calendar list with that accessRole). */
  sharedWith?: Map<string, SharedRole>;
};

export type SharedRole = 'freeBusyReader' | 'reader' | 'writer';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** An id like Google's generated event ids: 26 lowercase base32hex characters. */
export function newEventId(): string {
  let out = '';
  for (const b of randomBytes(26)) out += BASE32HEX[b % 32];
  return out;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class Store {
  readonly people = new Map<string, Person>();
  readonly calendars = new Map<string, Calendar>();
  private readonly events = new Map<string, Map<string, StoredEvent>>();
  private etagCounter = 0;

  constructor(
    private readonly now: () => number,
    private readonly defaultTimeZone: string,
    /** Called after every change to a calendar's events (push notifications). */
    private readonly onChange: (calendar: Calendar) => void,
  ) {}

  reset(): void {
    this.people.clear();
    this.calendars.clear();
    this.events.clear();
  }

  /** A new etag, never handed out before in this run (the counter makes it unique even under a frozen clock). */
  nextEtag(): string {
    this.etagCounter += 1;
    return `"${this.etagCounter}${String(Math.abs(this.now()) % 1_000_000).padStart(6, '0')}"`;
  }

  /** The person with this email, made (with a primary calendar) on first use. */
  person(email: string): Person {
    const key = email.toLowerCase();
    let p = this.people.get(key);
    if (!p) {
      if (!EMAIL.test(key)) throw new ControlError(`Not an email address: ${email}`);
      const sub = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`).toString();
      p = { email: key, sub: `1${sub.padStart(20, '0')}`, name: key.split('@')[0]! };
      this.people.set(key, p);
      this.addCalendar({ id: key, owner: key, summary: key, timeZone: this.defaultTimeZone, primary: true });
    }
    return p;
  }

  addCalendar(input: { id?: string; owner: string; summary: string; timeZone?: string; description?: string; primary?: boolean }): Calendar {
    const timeZone = input.timeZone ?? this.defaultTimeZone;
    if (!isTimeZone(timeZone)) throw new ControlError(`Unknown time zone: ${timeZone}`);
    if (!input.primary) this.person(input.owner);
    const id = input.id ?? `${newEventId().slice(0, 26)}@group.calendar.google.com`;
    if (this.calendars.has(id)) throw new ControlError(`Calendar ${id} exists already.`);
    const cal: Calendar = {
      id,
      owner: input.owner.toLowerCase(),
      summary: input.summary,
      ...(input.description ? { description: input.description } : {}),
      timeZone,
      primary: input.primary ?? false,
      created: this.now(),
      seq: 0,
      epoch: 0,
      etag: this.nextEtag(),
      resourceId: randomToken(20).replace(/[-_]/g, 'x'),
    };
    this.calendars.set(id, cal);
    this.events.set(id, new Map());
    return cal;
  }

  calendar(id: string): Calendar | undefined {
    return this.calendars.get(id) ?? this.calendars.get(id.toLowerCase());
  }

  /** A calendar for a control: an email-like id makes that person (and their primary calendar) on first use. */
  calendarForControl(id: string): Calendar {
    const found = this.calendar(id);
    if (found) return found;
    if (EMAIL.test(id) && !id.endsWith('@group.calendar.google.com')) return this.calendar(this.person(id).email)!;
    throw new ControlError(`No calendar ${id}.`, 404);
  }

  calendarsOf(owner: string): Calendar[] {
    return [...this.calendars.values()].filter((c) => c.owner === owner.toLowerCase());
  }

  /** What a person's calendar list shows: their own calendars, then those shared with them. */
  listedFor(email: string): Calendar[] {
    const who = email.toLowerCase();
    const all = [...this.calendars.values()];
    return [...all.filter((c) => c.owner === who), ...all.filter((c) => c.owner !== who && c.sharedWith?.has(who))];
  }

  deleteCalendar(id: string): void {
    this.calendars.delete(id);
    this.events.delete(id);
  }

  eventsOf(calendarId: string): StoredEvent[] {
    return [...(this.events.get(calendarId)?.values() ?? [])];
  }

  event(calendarId: string, id: string): StoredEvent | undefined {
    return this.events.get(calendarId)?.get(id);
  }

  /**
   * Saves records of one change (an event, or a series with its exceptions and vanished
   * occurrences): all get the calendar's next change sequence and a new etag, then channels hear of it.
   */
  commit(cal: Calendar, records: StoredEvent[]): void {
    if (records.length === 0) return;
    cal.seq += 1;
    const map = this.events.get(cal.id)!;
    for (const r of records) {
      r.changeSeq = cal.seq;
      r.etag = this.nextEtag();
      map.set(r.id, r);
    }
    this.onChange(cal);
  }

  invalidateSyncTokens(cal: Calendar): void {
    cal.epoch += 1;
  }
}

import ical, { ICalCalendarMethod } from 'ical-generator';
import { localDateOf } from '../../platform/time';

/** Rendering helpers shared by every email: times in a zone, escaping, colours, the .ics file. */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${tz}|${key}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone: tz });
    formatters.set(id, f);
  }
  return f;
}

// ICU puts a narrow no-break space before AM/PM; plain-text mail readers show it oddly.
const plainSpaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

const longDate = (d: Date, tz: string) => formatter(tz, 'date', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(d);
const shortDate = (d: Date, tz: string) => formatter(tz, 'short-date', { weekday: 'short', month: 'short', day: 'numeric' }).format(d);
const clock = (d: Date, tz: string) => plainSpaces(formatter(tz, 'time', { hour: 'numeric', minute: '2-digit' }).format(d));
const clockWithZone = (d: Date, tz: string) => plainSpaces(formatter(tz, 'time-zone', { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d));

export type When = {
  /** 'Tuesday, March 5, 2030, 5:00 AM – 6:00 AM EST' */
  long: string;
  /** 'Tue, Mar 5, 5:00 AM EST', for subjects. */
  short: string;
  /** The IANA name, so the reader knows which clock the times are on. */
  zone: string;
};

/** A booking's time as the recipient reads it: their zone, with the zone named. */
export function describeWhen(startsAt: Date, endsAt: Date, tz: string): When {
  const sameDay = localDateOf(startsAt, tz) === localDateOf(endsAt, tz);
  const long = sameDay
    ? `${longDate(startsAt, tz)}, ${clock(startsAt, tz)} – ${clockWithZone(endsAt, tz)}`
    : `${longDate(startsAt, tz)}, ${clockWithZone(startsAt, tz)} – ${longDate(endsAt, tz)}, ${clockWithZone(endsAt, tz)}`;
  return { long, short: `${shortDate(startsAt, tz)}, ${clockWithZone(startsAt, tz)}`, zone: tz };
}

/** 'Monday, March 11, 2030, 8:00 AM GMT': a moment (a deadline) on the reader's clock, with the zone named. */
export const describeInstant = (d: Date, tz: string) => `${longDate(d, tz)}, ${clockWithZone(d, tz)}`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Header values come from tenant and customer input: no line breaks, no runs of spaces. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const DEFAULT_ACCENT = '#2563eb';

/** The tenant's accent colour if it is a plain hex colour (it lands in style attributes), else ours. */
export function accentColor(value: string | null | undefined): string {
  return value && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : DEFAULT_ACCENT;
}

/** Black or white, whichever reads better on the accent colour. */
export function textOn(hex: string): string {
  const full = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#111111' : '#ffffff';
}

export type CalendarEvent = {
  bookingId: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  url: string;
  location?: string;
  /** Calendar apps replace an event they already have when the sequence is higher. */
  sequence: number;
  stamp: Date;
};

/** A one-event calendar (METHOD:PUBLISH) with times in UTC and a UID stable per booking. */
export function calendarFile(event: CalendarEvent): string {
  const cal = ical({ prodId: { company: 'Slotwise', product: 'Slotwise', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  cal.createEvent({
    id: `${event.bookingId}@slotwise`,
    start: event.startsAt,
    end: event.endsAt,
    stamp: event.stamp,
    summary: event.summary,
    description: event.description,
    url: event.url,
    location: event.location ?? null,
    sequence: event.sequence,
  });
  return cal.toString();
}

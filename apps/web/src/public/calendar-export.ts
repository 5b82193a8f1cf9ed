/** Putting a booking into the customer's own calendar: an .ics file and a Google Calendar link. */

export type CalendarEvent = {
  /** The booking id; calendars use it to recognise the same event when the file is opened twice. */
  uid: string;
  title: string;
  description?: string;
  location?: string;
  startsAt: string;
  endsAt: string;
};

/** An instant in iCalendar/Google "basic" UTC form: 20300305T150000Z. */
export function utcBasic(instant: string | Date): string {
  return new Date(instant)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** RFC 5545 TEXT: backslash, semicolon, comma and newlines are escaped. */
function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after CRLF and a space (RFC 5545 §3.1). */
function fold(line: string): string {
  const encoder = new TextEncoder();
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line may hold 75 octets; continuation lines 74 after their leading space.
    if (octets + size > (pieces.length === 0 ? 75 : 74)) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

export function buildIcs(event: CalendarEvent, now: Date = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Slotwise//Booking page//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcBasic(now)}`,
    `DTSTART:${utcBasic(event.startsAt)}`,
    `DTEND:${utcBasic(event.endsAt)}`,
    `SUMMARY:${icsText(event.title)}`,
    ...(event.description ? [`DESCRIPTION:${icsText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${icsText(event.location)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The .ics as a link target; a data: URL needs no cleanup, unlike an object URL. */
export function icsDataUrl(ics: string): string {
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
}

export function googleCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({ action: 'TEMPLATE', text: event.title });
  if (event.description) params.set('details', event.description);
  if (event.location) params.set('location', event.location);
  // Google reads `dates` as START/END; an encoded slash would also work, a plain one reads better.
  return `https://calendar.google.com/calendar/render?${params}&dates=${utcBasic(event.startsAt)}/${utcBasic(event.endsAt)}`;
}

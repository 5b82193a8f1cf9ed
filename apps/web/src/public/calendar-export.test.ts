import { describe, expect, it } from 'vitest';
import { buildIcs, googleCalendarUrl, icsDataUrl, utcBasic } from './calendar-export';

const event = {
  uid: '7a1d2c3b-0000-4000-8000-000000000001',
  title: 'Haircut, wash; dry with Glow Studio',
  description: 'Booked online.\nManage it from the link in your email.',
  startsAt: '2030-03-05T10:00:00-05:00',
  endsAt: '2030-03-05T11:00:00-05:00',
};

describe('utcBasic', () => {
  it('turns any offset into UTC basic form', () => {
    expect(utcBasic('2030-03-05T10:00:00-05:00')).toBe('20300305T150000Z');
    expect(utcBasic('2030-07-01T00:30:00+05:30')).toBe('20300630T190000Z');
  });
});

describe('buildIcs', () => {
  const ics = buildIcs(event, new Date('2030-03-01T08:09:10.123Z'));

  it('uses CRLF line endings everywhere, including the last line', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('is one VEVENT in a VCALENDAR with UTC times and the booking id as UID', () => {
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain(`UID:${event.uid}`);
    expect(lines).toContain('DTSTART:20300305T150000Z');
    expect(lines).toContain('DTEND:20300305T160000Z');
    expect(lines).toContain('DTSTAMP:20300301T080910Z');
    expect(lines).toContain('SUMMARY:Haircut\\, wash\\; dry with Glow Studio');
    expect(lines).toContain('END:VEVENT');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
  });

  it('escapes newlines and folds long lines at 75 octets', () => {
    const long = buildIcs({ ...event, description: `${'é'.repeat(60)}\nsecond line` });
    const unfolded = long.replace(/\r\n /g, '');
    expect(unfolded).toContain(`DESCRIPTION:${'é'.repeat(60)}\\nsecond line`);
    for (const line of long.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('can be offered as a download link', () => {
    expect(decodeURIComponent(icsDataUrl(ics).replace('data:text/calendar;charset=utf-8,', ''))).toBe(ics);
  });
});

describe('googleCalendarUrl', () => {
  it('opens a prefilled event with the UTC start and end', () => {
    const url = new URL(googleCalendarUrl(event));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe(event.title);
    expect(url.searchParams.get('dates')).toBe('20300305T150000Z/20300305T160000Z');
  });
});

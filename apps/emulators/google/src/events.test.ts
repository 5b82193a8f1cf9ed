import type { calendar_v3 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { connect, failure, manualClock, startEmulator } from './testing/harness';

const clock = manualClock('2026-11-02T09:00:00Z');
let emulator: GoogleEmulator;
let calendar: calendar_v3.Calendar;
const EMAIL = 'ana@salon.test';

beforeAll(async () => {
  emulator = await startEmulator({ clock: clock.clock });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.controls.reset();
  clock.set('2026-11-02T09:00:00Z');
  ({ calendar } = await connect(emulator, { email: EMAIL }));
});

const booking = (id: string, start = '2026-11-10T10:00:00', end = '2026-11-10T11:00:00') => ({
  id,
  summary: 'Haircut — Jo',
  start: { dateTime: start, timeZone: 'Europe/London' },
  end: { dateTime: end, timeZone: 'Europe/London' },
  extendedProperties: { private: { tenantId: 't1', bookingId: id } },
});

describe('events insert / get / patch / update / delete', () => {
  it('takes a client-chosen base32hex id, answers 409 on its reuse and after deletion, and 410 on a second delete', async () => {
    const id = '0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p';
    const inserted = await calendar.events.insert({ calendarId: 'primary', sendUpdates: 'none', requestBody: booking(id) });
    expect(inserted.data).toMatchObject({
      kind: 'calendar#event',
      id,
      status: 'confirmed',
      iCalUID: `${id}@google.com`,
      organizer: { email: EMAIL, self: true },
      creator: { email: EMAIL, self: true },
      start: { dateTime: '2026-11-10T10:00:00Z', timeZone: 'Europe/London' },
      extendedProperties: { private: { tenantId: 't1', bookingId: id } },
      reminders: { useDefault: true },
    });
    expect(inserted.data.htmlLink).toMatch(new RegExp(`^${emulator.url}/calendar/event\\?eid=`));
    expect(await (await fetch(inserted.data.htmlLink!)).text()).toContain('Haircut — Jo');

    const again = await failure(calendar.events.insert({ calendarId: 'primary', requestBody: booking(id) }));
    expect(again).toMatchObject({ status: 409, reason: 'duplicate', message: 'The requested identifier already exists.' });

    const del = await calendar.events.delete({ calendarId: 'primary', eventId: id, sendUpdates: 'none' });
    expect(del.status).toBe(204);
    // Google's get always returns deleted events, with status cancelled.
    const got = await calendar.events.get({ calendarId: 'primary', eventId: id });
    expect(got.data.status).toBe('cancelled');
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: booking(id) }))).toMatchObject({ status: 409, reason: 'duplicate' });
    expect(await failure(calendar.events.delete({ calendarId: 'primary', eventId: id }))).toMatchObject({ status: 410, reason: 'deleted' });
    // The organizer can restore (undelete) it; the id is still never free for an insert.
    const restored = await calendar.events.patch({ calendarId: 'primary', eventId: id, requestBody: { status: 'confirmed' } });
    expect(restored.data).toMatchObject({ status: 'confirmed', summary: 'Haircut — Jo' });
  });

  it('refuses ids outside base32hex or shorter than 5 characters', async () => {
    for (const id of ['ABCDEF', 'abcd', 'wxyz12', 'abc-def']) {
      expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: booking(id) }))).toMatchObject({ status: 400, reason: 'invalid' });
    }
    const generated = await calendar.events.insert({ calendarId: 'primary', requestBody: { ...booking('x'), id: undefined } });
    expect(generated.data.id).toMatch(/^[a-v0-9]{26}$/);
  });

  it('patches with merge semantics, updates by replacing, and changes the etag on every change', async () => {
    const id = 'bk0000000001';
    const a = (await calendar.events.insert({ calendarId: 'primary', requestBody: booking(id) })).data;
    const b = (await calendar.events.patch({ calendarId: 'primary', eventId: id, requestBody: { extendedProperties: { private: { version: '2' } } } })).data;
    expect(b.extendedProperties!.private).toEqual({ tenantId: 't1', bookingId: id, version: '2' });
    expect(b.summary).toBe('Haircut — Jo');
    expect(b.etag).not.toBe(a.etag);
    expect(b.sequence).toBe(0);

    const c = (
      await calendar.events.patch({
        calendarId: 'primary',
        eventId: id,
        requestBody: { start: { dateTime: '2026-11-10T12:00:00Z' }, end: { dateTime: '2026-11-10T13:00:00Z' } },
      })
    ).data;
    expect(c.sequence).toBe(1);
    expect(c.etag).not.toBe(b.etag);

    const d = (
      await calendar.events.update({
        calendarId: 'primary',
        eventId: id,
        requestBody: { summary: 'Colour', start: { dateTime: '2026-11-10T12:00:00Z' }, end: { dateTime: '2026-11-10T14:00:00Z' } },
      })
    ).data;
    expect(d.summary).toBe('Colour');
    expect(d.extendedProperties).toBeUndefined();
    expect(d.etag).not.toBe(c.etag);
  });

  it('gives a new etag on every change even when the clock stands still', () => {
    const slot = { start: { dateTime: '2026-11-10T10:00:00Z' }, end: { dateTime: '2026-11-10T11:00:00Z' } };
    const a = emulator.controls.createEvent(EMAIL, { id: 'etaga0001', ...slot });
    emulator.controls.createEvent(EMAIL, { id: 'etagb0001', ...slot });
    for (let i = 0; i < 998; i++) emulator.controls.updateEvent(EMAIL, 'etagb0001', { summary: `v${i}` });
    const changed = emulator.controls.updateEvent(EMAIL, 'etaga0001', { summary: 'moved' });
    expect(changed.etag).not.toBe(a.etag);
  });

  it('validates times as Google does', async () => {
    const bad = async (start: calendar_v3.Schema$EventDateTime, end: calendar_v3.Schema$EventDateTime) =>
      (await failure(calendar.events.insert({ calendarId: 'primary', requestBody: { start, end } }))).message;
    expect(await bad({ dateTime: '2026-11-10T10:00:00' }, { dateTime: '2026-11-10T11:00:00' })).toBe('Missing time zone definition for start time.');
    expect(await bad({ date: '2026-11-10' }, { dateTime: '2026-11-10T11:00:00Z' })).toBe('Start and end times must either both be date or both be dateTime.');
    expect(await bad({ dateTime: '2026-11-10T11:00:00Z' }, { dateTime: '2026-11-10T10:00:00Z' })).toBe('The specified time range is empty.');
    expect(await bad({ date: '2026-11-10' }, {})).toBe('Missing end time.');
  });

  it('keeps all-day events, transparency and attendees with their responses (self marked)', async () => {
    const ev = (
      await calendar.events.insert({
        calendarId: 'primary',
        requestBody: {
          summary: 'Training day',
          start: { date: '2026-11-12' },
          end: { date: '2026-11-13' },
          transparency: 'transparent',
          attendees: [{ email: EMAIL, responseStatus: 'declined' }, { email: 'Boss@Salon.test' }],
        },
      })
    ).data;
    expect(ev).toMatchObject({ start: { date: '2026-11-12' }, end: { date: '2026-11-13' }, transparency: 'transparent' });
    expect(ev.attendees).toEqual([
      { email: EMAIL, responseStatus: 'declined', self: true },
      { email: 'boss@salon.test', responseStatus: 'needsAction' },
    ]);
  });

  it('lets a person add, move and delete events through the controls; GET shows deleted ones too', async () => {
    const created = await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/events`, {
      method: 'POST',
      body: JSON.stringify({ summary: 'Dentist', start: { dateTime: '2026-11-11T14:00:00Z' }, end: { dateTime: '2026-11-11T15:00:00Z' } }),
    });
    const ev = (await created.json()) as { id: string };
    expect(created.status).toBe(200);
    await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/events/${ev.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ start: { dateTime: '2026-11-11T16:00:00Z' }, end: { dateTime: '2026-11-11T17:00:00Z' } }),
    });
    expect((await calendar.events.get({ calendarId: 'primary', eventId: ev.id })).data.start!.dateTime).toBe('2026-11-11T16:00:00Z');
    await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/events/${ev.id}`, { method: 'DELETE' });
    const all = (await (await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/events`)).json()) as { items: { id: string; status: string }[] };
    expect(all.items).toEqual([expect.objectContaining({ id: ev.id, status: 'cancelled', summary: 'Dentist' })]);
  });

  it('keeps people apart: another person’s calendar is 404, secondary calendars are listed', async () => {
    const { calendar: other } = await connect(emulator, { email: 'bo@salon.test' });
    await calendar.events.insert({ calendarId: 'primary', requestBody: booking('bk0000000002') });
    expect(await failure(other.events.get({ calendarId: EMAIL, eventId: 'bk0000000002' }))).toMatchObject({ status: 404, reason: 'notFound' });
    const second = emulator.controls.createCalendar({ owner: EMAIL, summary: 'Salon bookings', timeZone: 'Europe/London' });
    const list = (await calendar.calendarList.list()).data.items!;
    expect(list.map((c) => [c.id, c.primary ?? false, c.timeZone])).toEqual([
      [EMAIL, true, 'UTC'],
      [second.id, false, 'Europe/London'],
    ]);
    await calendar.events.insert({ calendarId: second.id, requestBody: booking('bk0000000003') });
    expect((await calendar.events.list({ calendarId: second.id })).data.items!.map((e) => e.id)).toEqual(['bk0000000003']);
  });
});

describe('freeBusy', () => {
  it('reports busy intervals without transparent, declined or cancelled events; all-day days in the calendar zone; merged', async () => {
    emulator.controls.updateCalendar(EMAIL, { timeZone: 'Europe/Paris' });
    const add = (body: calendar_v3.Schema$Event) => calendar.events.insert({ calendarId: 'primary', requestBody: body });
    await add({ start: { dateTime: '2026-11-10T09:00:00Z' }, end: { dateTime: '2026-11-10T10:00:00Z' } });
    await add({ start: { dateTime: '2026-11-10T09:30:00Z' }, end: { dateTime: '2026-11-10T11:00:00Z' } });
    await add({ start: { dateTime: '2026-11-10T12:00:00Z' }, end: { dateTime: '2026-11-10T13:00:00Z' }, transparency: 'transparent' });
    await add({
      start: { dateTime: '2026-11-10T14:00:00Z' },
      end: { dateTime: '2026-11-10T15:00:00Z' },
      attendees: [{ email: EMAIL, responseStatus: 'declined' }],
    });
    const gone = await add({ start: { dateTime: '2026-11-10T16:00:00Z' }, end: { dateTime: '2026-11-10T17:00:00Z' } });
    await calendar.events.delete({ calendarId: 'primary', eventId: gone.data.id! });
    await add({ start: { date: '2026-11-11' }, end: { date: '2026-11-12' } });
    await add({
      start: { dateTime: '2026-11-12T08:00:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-11-12T08:30:00', timeZone: 'Europe/Paris' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=2'],
    });

    const fb = await calendar.freebusy.query({
      requestBody: { timeMin: '2026-11-10T00:00:00Z', timeMax: '2026-11-14T00:00:00Z', items: [{ id: 'primary' }, { id: 'someone@else.test' }] },
    });
    expect(fb.data.calendars!.primary!.busy).toEqual([
      { start: '2026-11-10T09:00:00Z', end: '2026-11-10T11:00:00Z' },
      { start: '2026-11-10T23:00:00Z', end: '2026-11-11T23:00:00Z' },
      { start: '2026-11-12T07:00:00Z', end: '2026-11-12T07:30:00Z' },
      { start: '2026-11-13T07:00:00Z', end: '2026-11-13T07:30:00Z' },
    ]);
    expect(fb.data.calendars!['someone@else.test']).toEqual({ errors: [{ domain: 'global', reason: 'notFound' }], busy: [] });
  });
});

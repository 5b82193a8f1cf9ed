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
  ({ calendar } = await connect(emulator, { email: EMAIL }));
});

const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const insert = (id: string, day: number, extra: calendar_v3.Schema$Event = {}) =>
  calendar.events.insert({
    calendarId: 'primary',
    requestBody: { id, summary: id, start: { dateTime: at(day, 9) }, end: { dateTime: at(day, 10) }, ...extra },
  });

/** A full listing the way a sync client does it: page after page until nextSyncToken. */
async function listAll(params: calendar_v3.Params$Resource$Events$List) {
  const ids: string[] = [];
  const pages: { items: number; nextPageToken?: string | null; nextSyncToken?: string | null }[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const { data } = await calendar.events.list({ calendarId: 'primary', ...params, pageToken });
    ids.push(...data.items!.map((e) => `${e.id}${e.status === 'cancelled' ? ':cancelled' : ''}`));
    pages.push({ items: data.items!.length, nextPageToken: data.nextPageToken, nextSyncToken: data.nextSyncToken });
    if (!data.nextPageToken) return { ids, pages, syncToken: data.nextSyncToken! };
    pageToken = data.nextPageToken;
  }
}

describe('events.list paging and incremental sync', () => {
  it('pages with pageToken and gives nextSyncToken only on the last page', async () => {
    for (let d = 1; d <= 7; d++) await insert(`evt0000${d}`, 10 + d);
    const full = await listAll({ maxResults: 3 });
    expect(full.ids).toEqual(['evt00001', 'evt00002', 'evt00003', 'evt00004', 'evt00005', 'evt00006', 'evt00007']);
    expect(full.pages.map((p) => [p.items, Boolean(p.nextPageToken), Boolean(p.nextSyncToken)])).toEqual([
      [3, true, false],
      [3, true, false],
      [1, false, true],
    ]);
  });

  it('returns only what changed since the token, deleted events included, then nothing', async () => {
    await insert('keep00001', 10);
    await insert('move00001', 11);
    await insert('drop00001', 12);
    const first = await listAll({});
    expect(first.ids).toEqual(['keep00001', 'move00001', 'drop00001']);

    await calendar.events.patch({
      calendarId: 'primary',
      eventId: 'move00001',
      requestBody: { start: { dateTime: at(11, 15) }, end: { dateTime: at(11, 16) } },
    });
    await calendar.events.delete({ calendarId: 'primary', eventId: 'drop00001' });
    await insert('add000001', 13);
    const external = emulator.controls.createEvent(EMAIL, { summary: 'Dentist', start: { dateTime: at(14, 9) }, end: { dateTime: at(14, 10) } });

    const second = await listAll({ syncToken: first.syncToken });
    expect(second.ids).toEqual(['move00001', 'drop00001:cancelled', 'add000001', external.id]);
    // A deleted event in an incremental sync without showDeleted carries its id and status only.
    const { data } = await calendar.events.list({ calendarId: 'primary', syncToken: first.syncToken });
    expect(data.items!.find((e) => e.id === 'drop00001')).toEqual({ kind: 'calendar#event', etag: expect.any(String), id: 'drop00001', status: 'cancelled' });

    const third = await listAll({ syncToken: second.syncToken });
    expect(third.ids).toEqual([]);
    expect(third.syncToken).toBeTruthy();
  });

  it('pages an incremental sync too; the token it ends with covers changes made while paging', async () => {
    const first = await listAll({});
    for (let d = 1; d <= 5; d++) await insert(`inc0000${d}`, 10 + d);
    const page1 = await calendar.events.list({ calendarId: 'primary', syncToken: first.syncToken, maxResults: 3 });
    expect(page1.data.items).toHaveLength(3);
    expect(page1.data.nextSyncToken).toBeUndefined();
    await insert('late00001', 20);
    const page2 = await calendar.events.list({ calendarId: 'primary', syncToken: first.syncToken, pageToken: page1.data.nextPageToken! });
    expect(page2.data.items!.map((e) => e.id)).toEqual(['inc00004', 'inc00005']);
    const after = await listAll({ syncToken: page2.data.nextSyncToken! });
    expect(after.ids).toEqual(['late00001']);
  });

  it('answers 410 fullSyncRequired once tokens are invalidated, and a full sync starts over', async () => {
    await insert('evt000001', 10);
    const first = await listAll({});
    const res = await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/invalidate-sync-tokens`, { method: 'POST' });
    expect(res.status).toBe(200);
    const gone = await failure(calendar.events.list({ calendarId: 'primary', syncToken: first.syncToken }));
    expect(gone).toMatchObject({ status: 410, reason: 'fullSyncRequired', message: 'Sync token is no longer valid, a full sync is required.' });
    const again = await listAll({});
    expect(again.ids).toEqual(['evt000001']);
    expect((await listAll({ syncToken: again.syncToken })).ids).toEqual([]);
  });

  it('refuses timeMin, timeMax and other filters with a sync token (400)', async () => {
    const first = await listAll({});
    for (const extra of [{ timeMin: at(1, 0) }, { timeMax: at(30, 0) }, { orderBy: 'updated' }, { q: 'x' }, { privateExtendedProperty: ['a=b'] }]) {
      expect(await failure(calendar.events.list({ calendarId: 'primary', syncToken: first.syncToken, ...extra }))).toMatchObject({ status: 400 });
    }
    expect(await failure(calendar.events.list({ calendarId: 'primary', syncToken: 'CPnot-a-token' }))).toMatchObject({ status: 400 });
  });

  it('filters by time window, deleted state, private property and text; orderBy=startTime needs singleEvents', async () => {
    await insert('aaa000001', 12, { extendedProperties: { private: { bookingId: 'b1' } } });
    await insert('bbb000001', 10);
    await insert('ccc000001', 14, { summary: 'Dentist appointment' });
    await insert('ddd000001', 11);
    await calendar.events.delete({ calendarId: 'primary', eventId: 'ddd000001' });

    const window = await calendar.events.list({ calendarId: 'primary', timeMin: at(10, 10), timeMax: at(14, 9), singleEvents: true, orderBy: 'startTime' });
    expect(window.data.items!.map((e) => e.id)).toEqual(['aaa000001']);
    const deletedToo = await calendar.events.list({ calendarId: 'primary', showDeleted: true, singleEvents: true, orderBy: 'startTime' });
    expect(deletedToo.data.items!.map((e) => `${e.id}:${e.status}`)).toEqual([
      'bbb000001:confirmed',
      'ddd000001:cancelled',
      'aaa000001:confirmed',
      'ccc000001:confirmed',
    ]);
    expect((await calendar.events.list({ calendarId: 'primary', privateExtendedProperty: ['bookingId=b1'] })).data.items!.map((e) => e.id)).toEqual([
      'aaa000001',
    ]);
    expect((await calendar.events.list({ calendarId: 'primary', q: 'dentist' })).data.items!.map((e) => e.id)).toEqual(['ccc000001']);
    expect(await failure(calendar.events.list({ calendarId: 'primary', orderBy: 'startTime' }))).toMatchObject({ status: 400 });
  });

  it('refuses a sync token from another calendar with 410', async () => {
    const other = emulator.controls.createCalendar({ owner: EMAIL, summary: 'Second' });
    const first = await listAll({});
    expect(await failure(calendar.events.list({ calendarId: other.id, syncToken: first.syncToken }))).toMatchObject({
      status: 410,
      reason: 'fullSyncRequired',
    });
  });
});

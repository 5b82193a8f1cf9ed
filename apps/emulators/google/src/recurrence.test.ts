import type { calendar_v3 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { occurrences, parseRecurrence, type SeriesStart } from './recurrence';
import { connect, failure, manualClock, startEmulator } from './testing/harness';

const clock = manualClock('2026-03-01T09:00:00Z');
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

const instances = async (params: calendar_v3.Params$Resource$Events$List = {}) =>
  (await calendar.events.list({ calendarId: 'primary', singleEvents: true, orderBy: 'startTime', ...params })).data.items!;

describe('recurring events', () => {
  it('expands a weekly rule on the wall clock of its zone across a DST change, with Google’s instance ids', async () => {
    // Monday 23 March 2026, 09:00 in London (GMT); British Summer Time starts on Sunday 29 March.
    await calendar.events.insert({
      calendarId: 'primary',
      requestBody: {
        id: 'series0001',
        summary: 'Team meeting',
        start: { dateTime: '2026-03-23T09:00:00', timeZone: 'Europe/London' },
        end: { dateTime: '2026-03-23T10:00:00', timeZone: 'Europe/London' },
        recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4'],
      },
    });
    const items = await instances({ timeZone: 'Europe/London' });
    expect(items.map((e) => [e.id, e.start!.dateTime])).toEqual([
      ['series0001_20260323T090000Z', '2026-03-23T09:00:00Z'],
      ['series0001_20260325T090000Z', '2026-03-25T09:00:00Z'],
      ['series0001_20260330T080000Z', '2026-03-30T09:00:00+01:00'],
      ['series0001_20260401T080000Z', '2026-04-01T09:00:00+01:00'],
    ]);
    expect(items[2]).toMatchObject({
      recurringEventId: 'series0001',
      originalStartTime: { dateTime: '2026-03-30T09:00:00+01:00', timeZone: 'Europe/London' },
      summary: 'Team meeting',
    });
    expect(items[2]!.recurrence).toBeUndefined();

    // Without singleEvents the series comes as one event with its rule.
    const series = (await calendar.events.list({ calendarId: 'primary' })).data.items!;
    expect(series.map((e) => [e.id, e.recurrence])).toEqual([['series0001', ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4']]]);
    // One occurrence by its id.
    expect((await calendar.events.get({ calendarId: 'primary', eventId: 'series0001_20260325T090000Z' })).data.recurringEventId).toBe('series0001');
  });

  it('expands all-day rules with date ids, honours EXDATE, UNTIL and the time window', async () => {
    await calendar.events.insert({
      calendarId: 'primary',
      requestBody: {
        id: 'dates00001',
        start: { date: '2026-03-02' },
        end: { date: '2026-03-03' },
        recurrence: ['RRULE:FREQ=DAILY;UNTIL=20260306', 'EXDATE;VALUE=DATE:20260304'],
      },
    });
    expect((await instances()).map((e) => [e.id, e.start!.date])).toEqual([
      ['dates00001_20260302', '2026-03-02'],
      ['dates00001_20260303', '2026-03-03'],
      ['dates00001_20260305', '2026-03-05'],
      ['dates00001_20260306', '2026-03-06'],
    ]);
    expect((await instances({ timeMin: '2026-03-03T12:00:00Z', timeMax: '2026-03-05T12:00:00Z' })).map((e) => e.id)).toEqual([
      'dates00001_20260303',
      'dates00001_20260305',
    ]);
  });

  it('cancels one occurrence (an exception) and reports it in incremental syncs; changing the rule reports vanished occurrences', async () => {
    await calendar.events.insert({
      calendarId: 'primary',
      requestBody: {
        id: 'repeat0001',
        start: { dateTime: '2026-03-02T12:00:00Z', timeZone: 'UTC' },
        end: { dateTime: '2026-03-02T12:30:00Z', timeZone: 'UTC' },
        recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
      },
    });
    const full = await calendar.events.list({ calendarId: 'primary', singleEvents: true });
    expect(full.data.items).toHaveLength(5);

    await calendar.events.delete({ calendarId: 'primary', eventId: 'repeat0001_20260303T120000Z' });
    expect((await instances()).map((e) => e.id)).not.toContain('repeat0001_20260303T120000Z');
    const delta = await calendar.events.list({ calendarId: 'primary', singleEvents: true, syncToken: full.data.nextSyncToken! });
    expect(delta.data.items!.map((e) => [e.id, e.status])).toEqual([['repeat0001_20260303T120000Z', 'cancelled']]);

    // A person shortens the series in Google Calendar: the last two occurrences disappear.
    emulator.controls.updateEvent(EMAIL, 'repeat0001', { recurrence: ['RRULE:FREQ=DAILY;COUNT=3'] });
    const delta2 = await calendar.events.list({ calendarId: 'primary', singleEvents: true, syncToken: delta.data.nextSyncToken! });
    expect(delta2.data.items!.map((e) => `${e.id}:${e.status}`).sort()).toEqual([
      'repeat0001_20260302T120000Z:confirmed',
      'repeat0001_20260303T120000Z:cancelled',
      'repeat0001_20260304T120000Z:confirmed',
      'repeat0001_20260305T120000Z:cancelled',
      'repeat0001_20260306T120000Z:cancelled',
    ]);

    // Moving one occurrence keeps its id and original start.
    const moved = await calendar.events.patch({
      calendarId: 'primary',
      eventId: 'repeat0001_20260304T120000Z',
      requestBody: { start: { dateTime: '2026-03-04T15:00:00Z' }, end: { dateTime: '2026-03-04T15:30:00Z' } },
    });
    expect(moved.data).toMatchObject({
      recurringEventId: 'repeat0001',
      originalStartTime: { dateTime: '2026-03-04T12:00:00Z' },
      start: { dateTime: '2026-03-04T15:00:00Z' },
    });
    expect((await instances()).map((e) => e.start!.dateTime)).toEqual(['2026-03-02T12:00:00Z', '2026-03-04T15:00:00Z']);

    // Deleting the series cancels every occurrence.
    await calendar.events.delete({ calendarId: 'primary', eventId: 'repeat0001' });
    expect(await instances()).toEqual([]);
  });

  it('needs a time zone for a timed series and refuses rules it does not understand', async () => {
    const start = { dateTime: '2026-03-02T12:00:00Z' };
    const end = { dateTime: '2026-03-02T13:00:00Z' };
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: { start, end, recurrence: ['RRULE:FREQ=HOURLY'] } }))).toMatchObject({
      status: 400,
    });
    const zoned = { start: { ...start, timeZone: 'UTC' }, end: { ...end, timeZone: 'UTC' } };
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: { ...zoned, recurrence: ['RRULE:FREQ=HOURLY'] } }))).toMatchObject({
      status: 400,
      reason: 'invalid',
    });
    expect(
      await failure(calendar.events.insert({ calendarId: 'primary', requestBody: { ...zoned, recurrence: ['RRULE:FREQ=WEEKLY;BYSETPOS=1'] } })),
    ).toMatchObject({ status: 400 });
  });
});

describe('rule expansion', () => {
  const utc = (iso: string) => new Date(iso).toISOString().replace('.000', '');
  const at9: SeriesStart = { allDay: false, date: { year: 2026, month: 1, day: 30 }, hour: 9, minute: 0, second: 0, timeZone: 'America/New_York' };
  const expandRule = (rule: string, series = at9, horizon = Date.parse('2027-12-31T00:00:00Z')) =>
    occurrences(parseRecurrence([rule], series), series, horizon).map((o) => utc(new Date(o.start).toISOString()));

  it('monthly on the last Friday and on the 31st (months without one skipped)', () => {
    expect(expandRule('RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=4')).toEqual([
      '2026-01-30T14:00:00Z',
      '2026-02-27T14:00:00Z',
      '2026-03-27T13:00:00Z',
      '2026-04-24T13:00:00Z',
    ]);
    const on31 = { ...at9, date: { year: 2026, month: 1, day: 31 } };
    expect(expandRule('RRULE:FREQ=MONTHLY;COUNT=3', on31)).toEqual(['2026-01-31T14:00:00Z', '2026-03-31T13:00:00Z', '2026-05-31T13:00:00Z']);
  });

  it('every other week, yearly by month, and stops at the horizon for endless rules', () => {
    expect(expandRule('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=3')).toEqual(['2026-01-30T14:00:00Z', '2026-02-13T14:00:00Z', '2026-02-27T14:00:00Z']);
    expect(expandRule('RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=-1FR;COUNT=2')).toEqual(['2026-01-30T14:00:00Z', '2027-01-29T14:00:00Z']);
    expect(expandRule('RRULE:FREQ=DAILY', at9, Date.parse('2026-02-02T00:00:00Z'))).toHaveLength(3);
  });
});

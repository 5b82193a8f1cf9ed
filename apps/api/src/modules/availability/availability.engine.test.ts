import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatWithOffset, startOfLocalDay, zonedToInstant, type Disambiguation } from '../../platform/time';
import {
  blockedRange,
  checkBookable,
  computeSlots,
  workingWindows,
  type DateOverride,
  type Interval,
  type ResourceInput,
  type ServiceRules,
  type Slot,
  type WeeklyRule,
} from './availability.engine';

// Run under several process TZ values: every expectation is written as a zone-qualified label.
const NY = 'America/New_York';
const LON = 'Europe/London';
const LH = 'Australia/Lord_Howe';
const KOL = 'Asia/Kolkata';
const LA = 'America/Los_Angeles';
const NOW = new Date('2026-01-01T00:00:00Z');

/** An instant from a 'YYYY-MM-DD HH:mm' reading in a zone. */
const at = (local: string, tz: string, dis: Disambiguation = 'earlier') => zonedToInstant(local.slice(0, 10), local.slice(11, 16), tz, dis);
const svc = (over: Partial<ServiceRules> = {}): ServiceRules => ({
  durationMin: 60,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 0,
  maxAdvanceDays: 400,
  slotIntervalMin: 60,
  maxPerDay: null,
  ...over,
});
const res = (over: Partial<ResourceInput> = {}): ResourceInput => ({ id: 'r1', timeZone: LON, rules: [], overrides: [], busy: [], ...over });
const everyDay = (start: string, end: string): WeeklyRule[] => ([0, 1, 2, 3, 4, 5, 6] as const).map((weekday) => ({ weekday, start, end }));
const slots = (service: ServiceRules, resources: ResourceInput[], from: string, tz: string, opts: { to?: string; now?: Date; blackouts?: Interval[] } = {}) =>
  computeSlots(service, resources, opts.blackouts ?? [], { from, to: opts.to ?? from, timeZone: tz, now: opts.now ?? NOW });
const labels = (list: Slot[], tz: string) => list.map((s) => formatWithOffset(s.startsAt, tz));
const times = (list: Slot[], tz: string) => labels(list, tz).map((l) => l.slice(11, 16));

describe('weekly hours', () => {
  it('offers slots on the grid inside the hours, on the right weekday only', () => {
    const r = res({ rules: [{ weekday: 1, start: '09:00', end: '12:00' }] });
    expect(labels(slots(svc(), [r], '2026-06-15', LON), LON)).toEqual(['2026-06-15T09:00:00+01:00', '2026-06-15T10:00:00+01:00', '2026-06-15T11:00:00+01:00']);
    expect(slots(svc(), [r], '2026-06-16', LON)).toEqual([]);
    expect(slots(svc(), [r], '2026-06-15', LON)[0]).toEqual({
      startsAt: new Date('2026-06-15T08:00:00Z'),
      endsAt: new Date('2026-06-15T09:00:00Z'),
      resourceIds: ['r1'],
    });
  });

  it('steps by the slot interval, not the duration, and only keeps slots that fit', () => {
    const r = res({ rules: everyDay('09:00', '11:00') });
    expect(times(slots(svc({ durationMin: 45, slotIntervalMin: 30 }), [r], '2026-06-15', LON), LON)).toEqual(['09:00', '09:30', '10:00']);
    expect(times(slots(svc({ durationMin: 30, slotIntervalMin: 45 }), [r], '2026-06-15', LON), LON)).toEqual(['09:00', '09:45', '10:30']);
  });

  it('merges overlapping ranges of one day and anchors the grid at the first opening', () => {
    const r = res({
      rules: [
        { weekday: 1, start: '09:00', end: '10:30' },
        { weekday: 1, start: '10:00', end: '12:00' },
      ],
    });
    expect(times(slots(svc(), [r], '2026-06-15', LON), LON)).toEqual(['09:00', '10:00', '11:00']);
    expect(workingWindows(r, at('2026-06-15 00:00', LON), at('2026-06-16 00:00', LON))).toEqual([
      { start: at('2026-06-15 09:00', LON), end: at('2026-06-15 12:00', LON) },
    ]);
  });

  it("treats '24:00' as the end of the day and lets a slot run past midnight into the next day's hours", () => {
    const r = res({
      rules: [
        { weekday: 5, start: '22:00', end: '24:00' },
        { weekday: 6, start: '00:00', end: '02:00' },
      ],
    });
    expect(times(slots(svc(), [r], '2026-06-19', LON), LON)).toEqual(['22:00', '23:00']);
    const long = svc({ durationMin: 120 });
    expect(labels(slots(long, [r], '2026-06-19', LON, { to: '2026-06-20' }), LON)).toEqual([
      '2026-06-19T22:00:00+01:00',
      '2026-06-19T23:00:00+01:00',
      '2026-06-20T00:00:00+01:00',
    ]);
    expect(checkBookable(long, r, [], at('2026-06-19 23:00', LON), NOW, { requireAlignment: true })).toEqual({ ok: true });
  });

  it('keeps "09:00–17:00" on the local clock on both sides of a DST change', () => {
    const r = res({ timeZone: NY, rules: everyDay('09:00', '17:00') });
    for (const date of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-10-31', '2026-11-01', '2026-11-02']) {
      expect(times(slots(svc(), [r], date, NY), NY)).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    }
    expect(slots(svc(), [r], '2026-03-07', NY)[0]!.startsAt.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(slots(svc(), [r], '2026-03-09', NY)[0]!.startsAt.toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });
});

describe('DST transitions', () => {
  const night = (tz: string) => res({ timeZone: tz, rules: everyDay('00:00', '06:00') });

  it('New York spring forward: 5 hourly slots in 00:00–06:00, none in the gap', () => {
    expect(labels(slots(svc(), [night(NY)], '2026-03-08', NY), NY)).toEqual([
      '2026-03-08T00:00:00-05:00',
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T03:00:00-04:00',
      '2026-03-08T04:00:00-04:00',
      '2026-03-08T05:00:00-04:00',
    ]);
  });

  it('New York fall back: 7 hourly slots in 00:00–06:00, the repeated hour twice', () => {
    const list = slots(svc(), [night(NY)], '2026-11-01', NY);
    expect(labels(list, NY)).toEqual([
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T02:00:00-05:00',
      '2026-11-01T03:00:00-05:00',
      '2026-11-01T04:00:00-05:00',
      '2026-11-01T05:00:00-05:00',
    ]);
    expect(new Set(list.map((s) => s.startsAt.getTime())).size).toBe(7);
    expect(workingWindows(night(NY), at('2026-11-01 00:00', NY), at('2026-11-02 00:00', NY))).toEqual([
      { start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-01T11:00:00Z') },
    ]);
  });

  it('a range starting or ending in the repeated hour takes its earlier start and later end', () => {
    const windowsOn = (tz: string, date: string, start: string, end: string) =>
      workingWindows(res({ timeZone: tz, rules: everyDay(start, end) }), at(`${date} 00:00`, tz), at(`${addDays(date, 1)} 00:00`, tz));
    expect(windowsOn(NY, '2026-11-01', '00:00', '01:30')).toEqual([{ start: new Date('2026-11-01T04:00:00Z'), end: new Date('2026-11-01T06:30:00Z') }]);
    expect(windowsOn(NY, '2026-11-01', '01:30', '03:00')).toEqual([{ start: new Date('2026-11-01T05:30:00Z'), end: new Date('2026-11-01T08:00:00Z') }]);
    expect(windowsOn(LH, '2026-04-05', '01:00', '01:45')).toEqual([{ start: new Date('2026-04-04T14:00:00Z'), end: new Date('2026-04-04T15:15:00Z') }]);
    const half = svc({ durationMin: 30, slotIntervalMin: 30 });
    expect(labels(slots(half, [res({ timeZone: NY, rules: everyDay('01:00', '01:30') })], '2026-11-01', NY), NY)).toEqual([
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:00:00-05:00',
    ]);
  });

  it("ends '24:00' at the first midnight when the next day's first hour repeats (Havana)", () => {
    // Havana falls back at 01:00 on 2026-11-01: 00:00–01:00 happens twice.
    const HAV = 'America/Havana';
    const r = res({
      timeZone: HAV,
      rules: [
        { weekday: 6, start: '22:30', end: '24:00' },
        { weekday: 0, start: '00:00', end: '01:00' },
      ],
    });
    const half = svc({ durationMin: 30 });
    expect(labels(slots(half, [r], '2026-10-31', HAV, { to: '2026-11-01' }), HAV)).toEqual([
      '2026-10-31T22:30:00-04:00',
      '2026-10-31T23:30:00-04:00',
      '2026-11-01T00:00:00-04:00',
      '2026-11-01T00:00:00-05:00',
    ]);
    // Saturday's grid stops at midnight; Sunday's starts there.
    expect(checkBookable(half, r, [], new Date('2026-11-01T04:30:00Z'), NOW, { requireAlignment: true })).toEqual({ ok: false, reason: 'MISALIGNED' });
  });

  it('a window inside the spring-forward gap opens nothing; one ending in it closes at the gap end', () => {
    const r = res({
      timeZone: NY,
      rules: [
        { weekday: 0, start: '02:00', end: '02:45' },
        { weekday: 0, start: '01:00', end: '02:30' },
      ],
    });
    expect(workingWindows(r, at('2026-03-08 00:00', NY), at('2026-03-09 00:00', NY))).toEqual([
      { start: new Date('2026-03-08T06:00:00Z'), end: new Date('2026-03-08T07:00:00Z') },
    ]);
    expect(times(slots(svc({ durationMin: 30, slotIntervalMin: 30 }), [r], '2026-03-08', NY), NY)).toEqual(['01:00', '01:30']);
  });

  it('London: 30-minute slots in 00:00–03:00 are 4 on 2026-03-29 and 8 on 2026-10-25', () => {
    const r = res({ rules: everyDay('00:00', '03:00') });
    const half = svc({ durationMin: 30, slotIntervalMin: 30 });
    expect(labels(slots(half, [r], '2026-03-29', LON), LON)).toEqual([
      '2026-03-29T00:00:00+00:00',
      '2026-03-29T00:30:00+00:00',
      '2026-03-29T02:00:00+01:00',
      '2026-03-29T02:30:00+01:00',
    ]);
    expect(labels(slots(half, [r], '2026-10-25', LON), LON)).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T00:30:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:30:00+01:00',
      '2026-10-25T01:00:00+00:00',
      '2026-10-25T01:30:00+00:00',
      '2026-10-25T02:00:00+00:00',
      '2026-10-25T02:30:00+00:00',
    ]);
  });

  it('Lord Howe moves by 30 minutes: the grid skips 02:00–02:30 in October and repeats 01:30–02:00 in April', () => {
    const r = res({ timeZone: LH, rules: everyDay('01:00', '03:00') });
    const half = svc({ durationMin: 30, slotIntervalMin: 30 });
    expect(labels(slots(half, [r], '2026-10-04', LH), LH)).toEqual(['2026-10-04T01:00:00+10:30', '2026-10-04T01:30:00+10:30', '2026-10-04T02:30:00+11:00']);
    expect(labels(slots(half, [r], '2026-04-05', LH), LH)).toEqual([
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T01:30:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30',
      '2026-04-05T02:30:00+10:30',
    ]);
    // An hour-long grid is anchored at the opening, so after the 30-minute jump it shows :30.
    expect(times(slots(svc(), [r], '2026-10-04', LH), LH)).toEqual(['01:00']);
    expect(labels(slots(svc(), [res({ timeZone: LH, rules: everyDay('01:00', '05:00') })], '2026-10-04', LH), LH)).toEqual([
      '2026-10-04T01:00:00+10:30',
      '2026-10-04T02:30:00+11:00',
      '2026-10-04T03:30:00+11:00',
    ]);
  });

  it('Kolkata has no DST and a half-hour offset', () => {
    const r = res({ timeZone: KOL, rules: everyDay('09:00', '11:00') });
    const list = slots(svc(), [r], '2026-03-08', KOL);
    expect(labels(list, KOL)).toEqual(['2026-03-08T09:00:00+05:30', '2026-03-08T10:00:00+05:30']);
    expect(list[0]!.startsAt.toISOString()).toBe('2026-03-08T03:30:00.000Z');
  });
});

describe('a customer in another zone', () => {
  const london = res({ rules: everyDay('06:00', '10:00').concat(everyDay('17:00', '21:00')) });

  it('sees the same instants, labelled in their zone, split by their own dates', () => {
    const ownDay = slots(svc(), [london], '2026-06-15', LON);
    const kol15 = slots(svc(), [london], '2026-06-15', KOL);
    const kol16 = slots(svc(), [london], '2026-06-16', KOL);
    // Kolkata's 15 June ends at 19:30 London time: the evening slots split across two dates.
    expect(labels(kol15, KOL).filter((l) => l >= '2026-06-15T20')).toEqual([
      '2026-06-15T21:30:00+05:30',
      '2026-06-15T22:30:00+05:30',
      '2026-06-15T23:30:00+05:30',
    ]);
    expect(labels(kol16, KOL)[0]).toBe('2026-06-16T00:30:00+05:30');
    const la14 = slots(svc(), [london], '2026-06-14', LA);
    const la15 = slots(svc(), [london], '2026-06-15', LA);
    // Los Angeles' 15 June starts at 08:00 London time: 06:00 and 07:00 London fall on the 14th.
    expect(labels(la14, LA).slice(-2)).toEqual(['2026-06-14T22:00:00-07:00', '2026-06-14T23:00:00-07:00']);
    expect(labels(la15, LA).slice(0, 2)).toEqual(['2026-06-15T00:00:00-07:00', '2026-06-15T01:00:00-07:00']);
    const instants = (list: Slot[]) => list.map((s) => s.startsAt.toISOString());
    const inLondonDay = (list: Slot[]) => instants(list).filter((i) => i >= '2026-06-14T23:00' && i < '2026-06-15T23:00');
    expect(inLondonDay([...kol15, ...kol16])).toEqual(instants(ownDay));
    expect(inLondonDay([...la14, ...la15])).toEqual(instants(ownDay));
  });
});

describe('overrides and blackouts', () => {
  const weekdays = ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
  const withOverride = (o: DateOverride) => res({ rules: weekdays, overrides: [o] });

  it('closes a day with an empty override', () => {
    expect(slots(svc(), [withOverride({ date: '2026-06-15', ranges: [] })], '2026-06-15', LON)).toEqual([]);
    expect(slots(svc(), [withOverride({ date: '2026-06-15', ranges: [] })], '2026-06-16', LON)).toHaveLength(8);
  });

  it('replaces the weekly rules with custom ranges, and can open a day the rules keep closed', () => {
    const custom = withOverride({
      date: '2026-06-15',
      ranges: [
        { start: '10:00', end: '11:00' },
        { start: '14:30', end: '16:30' },
      ],
    });
    expect(times(slots(svc(), [custom], '2026-06-15', LON), LON)).toEqual(['10:00', '14:30', '15:30']);
    const sunday = withOverride({ date: '2026-06-14', ranges: [{ start: '12:00', end: '14:00' }] });
    expect(times(slots(svc(), [sunday], '2026-06-14', LON), LON)).toEqual(['12:00', '13:00']);
  });

  it('drops slots whose booked time overlaps a blackout; touching is fine and buffers do not count', () => {
    const r = res({ rules: weekdays });
    const blackouts = [{ start: at('2026-06-15 12:00', LON), end: at('2026-06-15 13:30', LON) }];
    const list = slots(svc({ bufferBeforeMin: 30, bufferAfterMin: 30 }), [r], '2026-06-15', LON, { blackouts });
    expect(times(list, LON)).toEqual(['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
    expect(checkBookable(svc(), r, blackouts, at('2026-06-15 13:00', LON), NOW)).toEqual({ ok: false, reason: 'BLACKOUT' });
    expect(checkBookable(svc(), r, blackouts, at('2026-06-15 13:30', LON), NOW)).toEqual({ ok: true });
  });
});

describe('busy times and buffers', () => {
  const booked = (start: string, end: string, before: number, after: number) => blockedRange(at(start, LON), at(end, LON), before, after);

  it('blocks a 10:00 start after a booking ending 10:00 with a 15-minute buffer, but not 10:15', () => {
    const r = res({ rules: everyDay('09:00', '17:00'), busy: [booked('2026-06-15 09:00', '2026-06-15 10:00', 0, 15)] });
    const service = svc({ bufferAfterMin: 15, slotIntervalMin: 15 });
    expect(times(slots(service, [r], '2026-06-15', LON), LON).slice(0, 2)).toEqual(['10:15', '10:30']);
    expect(checkBookable(service, r, [], at('2026-06-15 10:00', LON), NOW)).toEqual({
      ok: false,
      reason: 'CONFLICT',
      conflict: { start: at('2026-06-15 09:00', LON), end: at('2026-06-15 10:15', LON) },
    });
    expect(checkBookable(service, r, [], at('2026-06-15 10:15', LON), NOW)).toEqual({ ok: true });
  });

  it('allows blocked ranges that touch, and counts the candidate’s own buffers', () => {
    const r = res({ rules: everyDay('09:00', '17:00'), busy: [booked('2026-06-15 11:00', '2026-06-15 12:00', 15, 15)] });
    const service = svc({ bufferBeforeMin: 15, bufferAfterMin: 15, slotIntervalMin: 15 });
    const list = times(slots(service, [r], '2026-06-15', LON), LON);
    expect(list).toContain('09:30'); // blocked [09:15, 10:45) touches [10:45, 12:15)
    expect(list).not.toContain('09:45');
    expect(list).not.toContain('12:15');
    expect(list).toContain('12:30'); // blocked [12:15, 13:45)
    // Buffers may reach outside the hours.
    expect(list[0]).toBe('09:00');
    expect(list[list.length - 1]).toBe('16:00');
  });

  it('reports the earliest overlapping busy interval and lists the free resources per slot', () => {
    const busy = [booked('2026-06-15 09:30', '2026-06-15 10:30', 0, 0), booked('2026-06-15 09:00', '2026-06-15 09:45', 0, 0)];
    const a = res({ id: 'b', rules: everyDay('09:00', '12:00'), busy });
    const b = res({ id: 'a', rules: everyDay('09:00', '12:00') });
    expect(checkBookable(svc(), a, [], at('2026-06-15 09:00', LON), NOW)).toMatchObject({ reason: 'CONFLICT', conflict: busy[1] });
    expect(slots(svc(), [a, b], '2026-06-15', LON).map((s) => [formatWithOffset(s.startsAt, LON).slice(11, 16), s.resourceIds])).toEqual([
      ['09:00', ['a']],
      ['10:00', ['a']],
      ['11:00', ['a', 'b']],
    ]);
  });

  it('calendar busy times (calendar sync) block like bookings, with the candidate’s buffers, and are told apart (CALENDAR_BUSY)', () => {
    const dentist = { start: at('2026-06-15 11:00', LON), end: at('2026-06-15 12:00', LON) };
    const r = res({ rules: everyDay('09:00', '17:00'), calendarBusy: [dentist] });
    const service = svc({ bufferAfterMin: 30, slotIntervalMin: 30 });
    // 10:00 + 60 min + 30 min buffer reaches 11:30: blocked; 10:30 too; 12:00 touches the end: free.
    expect(times(slots(service, [r], '2026-06-15', LON), LON)).toEqual([
      '09:00',
      '09:30',
      '12:00',
      '12:30',
      '13:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
    ]);
    expect(checkBookable(service, r, [], at('2026-06-15 10:00', LON), NOW)).toEqual({ ok: false, reason: 'CALENDAR_BUSY', conflict: dentist });
    expect(checkBookable(service, r, [], at('2026-06-15 12:00', LON), NOW)).toEqual({ ok: true });
    // A booking in the way is reported first: it is what another customer took.
    const both = res({ ...r, busy: [booked('2026-06-15 10:00', '2026-06-15 11:00', 0, 0)] });
    expect(checkBookable(service, both, [], at('2026-06-15 10:30', LON), NOW)).toMatchObject({ ok: false, reason: 'CONFLICT' });
  });
});

describe('notice, horizon and daily limits', () => {
  const r = res({ rules: everyDay('09:00', '17:00') });

  it('needs the minimum notice', () => {
    const now = at('2026-06-15 09:30', LON);
    expect(times(slots(svc({ minNoticeMin: 60 }), [r], '2026-06-15', LON, { now }), LON)[0]).toBe('11:00');
    expect(checkBookable(svc({ minNoticeMin: 60 }), r, [], at('2026-06-15 10:00', LON), now)).toEqual({ ok: false, reason: 'TOO_SOON' });
    expect(checkBookable(svc({ minNoticeMin: 60 }), r, [], at('2026-06-15 10:00', LON), now, { ignoreNoticeAndHorizon: true })).toEqual({ ok: true });
  });

  it('stops at the horizon, which is itself bookable', () => {
    const now = at('2026-06-15 10:00', LON);
    const service = svc({ maxAdvanceDays: 1 });
    expect(times(slots(service, [r], '2026-06-16', LON, { now }), LON)).toEqual(['09:00', '10:00']);
    expect(checkBookable(service, r, [], at('2026-06-16 11:00', LON), now)).toEqual({ ok: false, reason: 'TOO_FAR' });
    expect(checkBookable(service, r, [], at('2026-06-16 11:00', LON), now, { ignoreNoticeAndHorizon: true })).toEqual({ ok: true });
  });

  it('honours maxPerDay on the local date of the resource', () => {
    const kol = res({ timeZone: KOL, rules: everyDay('00:00', '24:00'), bookingsPerLocalDay: { '2026-06-16': 2 } });
    const service = svc({ maxPerDay: 2 });
    // 20:00Z on 15 June is already 16 June in Kolkata.
    expect(checkBookable(service, kol, [], new Date('2026-06-15T18:00:00Z'), NOW)).toEqual({ ok: true });
    expect(checkBookable(service, kol, [], new Date('2026-06-15T18:30:00Z'), NOW)).toEqual({ ok: false, reason: 'DAY_FULL' });
    expect(slots(service, [kol], '2026-06-16', KOL)).toEqual([]);
    expect(slots(service, [kol], '2026-06-17', KOL)).toHaveLength(24);
    expect(slots(svc({ maxPerDay: 3 }), [kol], '2026-06-16', KOL)).toHaveLength(24);
  });
});

describe('checkBookable for staff and public bookings', () => {
  const r = res({ rules: everyDay('09:00', '17:00') });
  const service = svc({ slotIntervalMin: 15 });

  it('refuses starts outside hours or running past closing', () => {
    expect(checkBookable(service, r, [], at('2026-06-15 08:45', LON), NOW)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(checkBookable(service, r, [], at('2026-06-15 16:15', LON), NOW)).toEqual({ ok: false, reason: 'OUTSIDE_HOURS' });
    expect(checkBookable(service, r, [], at('2026-06-15 16:00', LON), NOW)).toEqual({ ok: true });
  });

  it('requires a grid start only when asked (public bookings)', () => {
    expect(checkBookable(service, r, [], at('2026-06-15 09:10', LON), NOW)).toEqual({ ok: true });
    expect(checkBookable(service, r, [], at('2026-06-15 09:10', LON), NOW, { requireAlignment: true })).toEqual({ ok: false, reason: 'MISALIGNED' });
    expect(checkBookable(service, r, [], at('2026-06-15 09:15', LON), NOW, { requireAlignment: true })).toEqual({ ok: true });
  });
});

// -------------------------------------------------------------------------------------------
// Properties, over random hours, bookings and zones around the DST transitions of 2026.

const ZONES = [NY, LON, LH, KOL, LA, 'America/Santiago', 'America/Havana', 'UTC'];
const DATES = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
const HALF_HOURS = fc.integer({ min: 0, max: 48 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
const rangeArb = fc
  .tuple(HALF_HOURS, HALF_HOURS)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => (a < b ? { start: a, end: b } : { start: b, end: a }));

const scenarioArb = fc.record({
  base: fc.constantFrom(...DATES),
  queryZone: fc.constantFrom(...ZONES),
  otherZone: fc.constantFrom(...ZONES),
  nowOffsetMin: fc.integer({ min: -3 * 24 * 60, max: 24 * 60 }),
  service: fc.record({
    durationMin: fc.constantFrom(15, 30, 45, 60, 90),
    bufferBeforeMin: fc.constantFrom(0, 5, 15),
    bufferAfterMin: fc.constantFrom(0, 10, 15),
    minNoticeMin: fc.constantFrom(0, 60, 240),
    maxAdvanceDays: fc.integer({ min: 1, max: 5 }),
    slotIntervalMin: fc.constantFrom(10, 15, 20, 30, 60),
    maxPerDay: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  resources: fc.array(
    fc.record({
      timeZone: fc.constantFrom(...ZONES),
      rules: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), rangeArb), { maxLength: 10 }),
      overrides: fc.array(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.array(rangeArb, { maxLength: 2 })), { maxLength: 2 }),
      busy: fc.array(fc.tuple(fc.integer({ min: -3 * 24 * 4, max: 3 * 24 * 4 }), fc.integer({ min: 1, max: 12 })), { maxLength: 12 }),
      counts: fc.array(fc.tuple(fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 4 })), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  blackouts: fc.array(fc.tuple(fc.integer({ min: -3 * 24 * 4, max: 3 * 24 * 4 }), fc.integer({ min: 1, max: 16 })), { maxLength: 2 }),
});

type Scenario = {
  service: ServiceRules;
  resources: ResourceInput[];
  blackouts: Interval[];
  from: string;
  to: string;
  now: Date;
  queryZone: string;
  otherZone: string;
};

type RawScenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: RawScenario): Scenario {
  const baseMs = Date.parse(`${s.base}T12:00:00Z`);
  const quarter = ([q, len]: [number, number]) => ({ start: new Date(baseMs + q * 900_000), end: new Date(baseMs + (q + len) * 900_000) });
  const resources = s.resources.map((r, i) => ({
    id: `r${i}`,
    timeZone: r.timeZone,
    rules: r.rules.map(([weekday, range]) => ({ weekday: weekday as WeeklyRule['weekday'], ...range })),
    overrides: r.overrides.map(([d, ranges]) => ({ date: addDays(s.base, d), ranges })),
    busy: r.busy.map(quarter),
    bookingsPerLocalDay: Object.fromEntries(r.counts.map(([d, n]) => [addDays(s.base, d), n])),
  }));
  return {
    service: s.service,
    resources,
    blackouts: s.blackouts.map(quarter),
    from: addDays(s.base, -1),
    to: addDays(s.base, 1),
    now: new Date(baseMs + s.nowOffsetMin * 60_000),
    queryZone: s.queryZone,
    otherZone: s.otherZone,
  };
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
const run = (sc: Scenario) => computeSlots(sc.service, sc.resources, sc.blackouts, { from: sc.from, to: sc.to, timeZone: sc.queryZone, now: sc.now });

describe('properties', () => {
  it('every slot passes checkBookable for exactly its listed resources; no blocked range overlaps busy; slots lie in working hours', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const sc = build(raw);
        for (const slot of run(sc)) {
          expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(sc.service.durationMin * 60_000);
          for (const r of sc.resources) {
            const verdict = checkBookable(sc.service, r, sc.blackouts, slot.startsAt, sc.now, { requireAlignment: true });
            expect(verdict.ok, `${r.id} at ${slot.startsAt.toISOString()}`).toBe(slot.resourceIds.includes(r.id));
            if (!slot.resourceIds.includes(r.id)) continue;
            const blocked = blockedRange(slot.startsAt, slot.endsAt, sc.service.bufferBeforeMin, sc.service.bufferAfterMin);
            expect(r.busy.some((b) => overlaps(b, blocked))).toBe(false);
            const windows = workingWindows(r, new Date(slot.startsAt.getTime() - 86_400_000), new Date(slot.endsAt.getTime() + 86_400_000));
            expect(windows.some((w) => w.start <= slot.startsAt && slot.endsAt <= w.end)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('misses no aligned, bookable start in the query range', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.integer({ min: 0, max: 5 * 24 * 12 }), { minLength: 20, maxLength: 20 }), (raw, picks) => {
        const sc = build(raw);
        const found = new Map(run(sc).map((s) => [s.startsAt.getTime(), s.resourceIds]));
        const rangeStart = startOfLocalDay(sc.from, sc.queryZone).getTime();
        const rangeEnd = startOfLocalDay(addDays(sc.to, 1), sc.queryZone).getTime();
        for (const pick of picks) {
          const start = new Date(rangeStart - 86_400_000 + pick * 300_000); // 5-minute steps, past both ends
          const inRange = start.getTime() >= rangeStart && start.getTime() < rangeEnd;
          for (const r of sc.resources) {
            const ok = checkBookable(sc.service, r, sc.blackouts, start, sc.now, { requireAlignment: true }).ok;
            expect(found.get(start.getTime())?.includes(r.id) ?? false, `${r.id} at ${start.toISOString()}`).toBe(ok && inRange);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same slots for the same instant range whatever zone the query was made in', () => {
    fc.assert(
      fc.property(scenarioArb, (raw) => {
        const sc = build(raw);
        const asked = run(sc);
        const wide = run({ ...sc, queryZone: sc.otherZone, from: addDays(sc.from, -2), to: addDays(sc.to, 2) });
        const rangeStart = startOfLocalDay(sc.from, sc.queryZone);
        const rangeEnd = startOfLocalDay(addDays(sc.to, 1), sc.queryZone);
        expect(wide.filter((s) => s.startsAt >= rangeStart && s.startsAt < rangeEnd)).toEqual(asked);
      }),
      { numRuns: 200 },
    );
  });
});

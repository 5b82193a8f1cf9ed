import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addLocalDays,
  eachLocalDate,
  formatWithOffset,
  isValidTimeZone,
  localDateOf,
  localDay,
  localTimeOf,
  offsetMinutes,
  startOfLocalDay,
  weekdayOf,
  zonedToInstant,
  type Disambiguation,
} from './time';

// These tests are run under several process TZ values; nothing here may depend on it.
const NY = 'America/New_York';
const LON = 'Europe/London';
const LH = 'Australia/Lord_Howe';
const KOL = 'Asia/Kolkata';
const SCL = 'America/Santiago';
const BEY = 'Asia/Beirut';
const ZONES = [NY, LON, LH, KOL, SCL, BEY, 'America/Havana', 'UTC', 'America/Los_Angeles', 'Pacific/Auckland', 'Pacific/Kiritimati'];

const iso = (d: Date) => d.toISOString().replace('.000', '');

describe('isValidTimeZone', () => {
  it('accepts IANA names and aliases the runtime knows', () => {
    for (const tz of [...ZONES, 'Etc/UTC', 'Asia/Calcutta']) expect(isValidTimeZone(tz), tz).toBe(true);
  });
  it('refuses unknown names, empty strings and fixed offsets', () => {
    for (const tz of ['Mars/Olympus', '', 'New York', '+05:30', '-0800', '+01']) expect(isValidTimeZone(tz), tz).toBe(false);
  });
  it('makes the converters throw a RangeError rather than produce NaN dates', () => {
    expect(() => zonedToInstant('2026-01-01', '09:00', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDateOf(new Date(0), '+05:30')).toThrow(RangeError);
  });
});

describe('zonedToInstant', () => {
  const cases: [string, string, string, Disambiguation, string, string][] = [
    // date, time, zone, disambiguation, instant, label in the zone
    ['2026-01-15', '09:00', NY, 'earlier', '2026-01-15T14:00:00Z', '2026-01-15T09:00:00-05:00'],
    ['2026-07-15', '09:00', NY, 'earlier', '2026-07-15T13:00:00Z', '2026-07-15T09:00:00-04:00'],
    // New York spring forward: 02:00–03:00 doesn't exist; gap times map to 03:00 EDT.
    ['2026-03-08', '01:59', NY, 'earlier', '2026-03-08T06:59:00Z', '2026-03-08T01:59:00-05:00'],
    ['2026-03-08', '02:00', NY, 'earlier', '2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00'],
    ['2026-03-08', '02:30', NY, 'earlier', '2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00'],
    ['2026-03-08', '02:30', NY, 'later', '2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00'],
    ['2026-03-08', '03:00', NY, 'earlier', '2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00'],
    // New York fall back: 01:00–02:00 happens twice.
    ['2026-11-01', '01:30', NY, 'earlier', '2026-11-01T05:30:00Z', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01', '01:30', NY, 'later', '2026-11-01T06:30:00Z', '2026-11-01T01:30:00-05:00'],
    ['2026-11-01', '02:00', NY, 'earlier', '2026-11-01T07:00:00Z', '2026-11-01T02:00:00-05:00'],
    // London: 01:00–02:00 skipped on 2026-03-29, repeated on 2026-10-25.
    ['2026-03-29', '01:15', LON, 'earlier', '2026-03-29T01:00:00Z', '2026-03-29T02:00:00+01:00'],
    ['2026-10-25', '01:15', LON, 'earlier', '2026-10-25T00:15:00Z', '2026-10-25T01:15:00+01:00'],
    ['2026-10-25', '01:15', LON, 'later', '2026-10-25T01:15:00Z', '2026-10-25T01:15:00+00:00'],
    // Lord Howe moves by 30 minutes: 02:00–02:30 skipped on 2026-10-04, 01:30–02:00 repeated on 2026-04-05.
    ['2026-10-04', '02:15', LH, 'earlier', '2026-10-03T15:30:00Z', '2026-10-04T02:30:00+11:00'],
    ['2026-10-04', '01:59', LH, 'earlier', '2026-10-03T15:29:00Z', '2026-10-04T01:59:00+10:30'],
    ['2026-04-05', '01:45', LH, 'earlier', '2026-04-04T14:45:00Z', '2026-04-05T01:45:00+11:00'],
    ['2026-04-05', '01:45', LH, 'later', '2026-04-04T15:15:00Z', '2026-04-05T01:45:00+10:30'],
    ['2026-04-05', '01:15', LH, 'later', '2026-04-04T14:15:00Z', '2026-04-05T01:15:00+11:00'], // before the repeat: unambiguous
    // No DST, half-hour offset.
    ['2026-03-08', '02:30', KOL, 'earlier', '2026-03-07T21:00:00Z', '2026-03-08T02:30:00+05:30'],
    ['2026-03-08', '02:30', KOL, 'later', '2026-03-07T21:00:00Z', '2026-03-08T02:30:00+05:30'],
    // '24:00' is the next day's midnight.
    ['2026-03-07', '24:00', NY, 'earlier', '2026-03-08T05:00:00Z', '2026-03-08T00:00:00-05:00'],
  ];
  it.each(cases)('%s %s %s (%s) is %s', (date, time, tz, dis, instant, label) => {
    const result = zonedToInstant(date, time, tz, dis);
    expect(iso(result)).toBe(instant);
    expect(formatWithOffset(result, tz)).toBe(label);
  });

  it('defaults to the earlier occurrence', () => {
    expect(iso(zonedToInstant('2026-11-01', '01:30', NY))).toBe('2026-11-01T05:30:00Z');
  });

  it('rejects malformed or impossible dates and times', () => {
    for (const [d, t] of [
      ['2026-02-30', '09:00'],
      ['2026-13-01', '09:00'],
      ['26-01-01', '09:00'],
      ['2026-01-01', '24:30'],
      ['2026-01-01', '9:00'],
      ['2026-01-01', '09:60'],
    ]) {
      expect(() => zonedToInstant(d!, t!, LON), `${d} ${t}`).toThrow(RangeError);
    }
  });

  it('round-trips every instant through its local reading (one of the two occurrences)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 }), (tz, minute) => {
        const instant = new Date(minute * 60_000);
        const [d, t] = [localDateOf(instant, tz), localTimeOf(instant, tz)];
        const back = [zonedToInstant(d, t, tz, 'earlier').getTime(), zonedToInstant(d, t, tz, 'later').getTime()];
        expect(back).toContain(instant.getTime());
        expect(new Date(formatWithOffset(instant, tz)).getTime()).toBe(instant.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('reads back as the same wall clock, except in a gap where it lands on the gap end', () => {
    const dates = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15'];
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...dates), fc.integer({ min: 0, max: 24 * 60 - 1 }), (tz, date, min) => {
        const time = `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
        const instant = zonedToInstant(date, time, tz);
        if (localDateOf(instant, tz) === date && localTimeOf(instant, tz) === time) return;
        // A gap: one minute earlier the clock showed an earlier time with a smaller offset.
        const before = new Date(instant.getTime() - 60_000);
        expect(offsetMinutes(before, tz)).toBeLessThan(offsetMinutes(instant, tz));
        expect(`${localDateOf(before, tz)}T${localTimeOf(before, tz)}` < `${date}T${time}`).toBe(true);
        expect(`${localDateOf(instant, tz)}T${localTimeOf(instant, tz)}` > `${date}T${time}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('startOfLocalDay', () => {
  const hoursLong = (date: string, tz: string) => (startOfLocalDay(addDays(date, 1), tz).getTime() - startOfLocalDay(date, tz).getTime()) / 3_600_000;

  it('is local midnight on ordinary days', () => {
    expect(iso(startOfLocalDay('2026-06-15', LON))).toBe('2026-06-14T23:00:00Z');
    expect(iso(startOfLocalDay('2026-06-15', KOL))).toBe('2026-06-14T18:30:00Z');
  });

  it('takes the first instant of the date where midnight does not exist', () => {
    // Santiago and Beirut spring forward at midnight: the day starts at 01:00.
    expect(formatWithOffset(startOfLocalDay('2026-09-06', SCL), SCL)).toBe('2026-09-06T01:00:00-03:00');
    expect(formatWithOffset(startOfLocalDay('2026-03-29', BEY), BEY)).toBe('2026-03-29T01:00:00+03:00');
  });

  it('takes midnight once when the hour before it repeats', () => {
    // Santiago falls back at midnight: 23:00–24:00 on 2026-04-04 happens twice.
    expect(formatWithOffset(startOfLocalDay('2026-04-05', SCL), SCL)).toBe('2026-04-05T00:00:00-04:00');
    expect(hoursLong('2026-04-04', SCL)).toBe(25);
  });

  it('takes the first of two midnights when the first hour of the date repeats', () => {
    // Havana falls back at 01:00 to 00:00 on 2026-11-01.
    expect(formatWithOffset(startOfLocalDay('2026-11-01', 'America/Havana'), 'America/Havana')).toBe('2026-11-01T00:00:00-04:00');
    expect(hoursLong('2026-11-01', 'America/Havana')).toBe(25);
  });

  it('gives DST days their real length', () => {
    expect(hoursLong('2026-03-08', NY)).toBe(23);
    expect(hoursLong('2026-11-01', NY)).toBe(25);
    expect(hoursLong('2026-03-29', LON)).toBe(23);
    expect(hoursLong('2026-10-25', LON)).toBe(25);
    expect(hoursLong('2026-04-05', LH)).toBe(24.5);
    expect(hoursLong('2026-10-04', LH)).toBe(23.5);
    expect(hoursLong('2026-09-06', SCL)).toBe(23);
    expect(hoursLong('2026-03-08', KOL)).toBe(24);
  });
});

describe('localDay', () => {
  it('agrees with zonedToInstant for every time of any date, transitions included', () => {
    const dates = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dates,
        fc.integer({ min: 0, max: 24 * 4 }),
        fc.constantFrom<Disambiguation>('earlier', 'later'),
        (tz, date, q, dis) => {
          const time = `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
          expect(localDay(date, tz).at(time, dis)).toEqual(zonedToInstant(date, time, tz, dis));
        },
      ),
      { numRuns: 1000 },
    );
    for (const [date, tz] of [
      ['2026-11-01', NY],
      ['2026-04-05', LH],
      ['2026-10-04', LH],
    ] as const) {
      for (const time of ['00:00', '01:30', '01:45', '02:15', '03:00']) {
        for (const dis of ['earlier', 'later'] as const) expect(localDay(date, tz).at(time, dis)).toEqual(zonedToInstant(date, time, tz, dis));
      }
    }
  });

  it("spans the date, with '24:00' at the next date's first instant", () => {
    const day = localDay('2026-04-04', SCL);
    expect(day.start).toEqual(startOfLocalDay('2026-04-04', SCL));
    expect(day.end).toEqual(startOfLocalDay('2026-04-05', SCL));
    expect(day.at('24:00', 'later')).toEqual(day.end);
    // Havana's 2026-11-01 starts with a repeated hour; '24:00' the day before is the first midnight.
    expect(zonedToInstant('2026-10-31', '24:00', 'America/Havana', 'later')).toEqual(new Date('2026-11-01T04:00:00Z'));
    expect(zonedToInstant('2026-11-01', '00:00', 'America/Havana', 'later')).toEqual(new Date('2026-11-01T05:00:00Z'));
  });
});

describe('local readings of an instant', () => {
  it('gives the date and time on the local clock', () => {
    const i = new Date('2026-06-15T20:00:00Z');
    expect([localDateOf(i, KOL), localTimeOf(i, KOL)]).toEqual(['2026-06-16', '01:30']);
    expect([localDateOf(i, 'America/Los_Angeles'), localTimeOf(i, 'America/Los_Angeles')]).toEqual(['2026-06-15', '13:00']);
    expect([localDateOf(i, 'Pacific/Kiritimati'), localTimeOf(i, 'Pacific/Kiritimati')]).toEqual(['2026-06-16', '10:00']);
  });

  it('tells the two occurrences of a repeated hour apart by offset only', () => {
    const first = new Date('2026-11-01T05:30:00Z');
    const second = new Date('2026-11-01T06:30:00Z');
    expect(localTimeOf(first, NY)).toBe(localTimeOf(second, NY));
    expect([offsetMinutes(first, NY), offsetMinutes(second, NY)]).toEqual([-240, -300]);
  });

  it('formats with the offset in force, seconds included', () => {
    expect(formatWithOffset(new Date('2026-03-08T07:00:00Z'), NY)).toBe('2026-03-08T03:00:00-04:00');
    expect(formatWithOffset(new Date('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01T01:30:00-05:00');
    expect(formatWithOffset(new Date('2026-01-10T12:00:45Z'), LON)).toBe('2026-01-10T12:00:45+00:00');
    expect(formatWithOffset(new Date('2026-01-10T12:00:00Z'), 'UTC')).toBe('2026-01-10T12:00:00+00:00');
    expect(formatWithOffset(new Date('2026-01-10T12:00:00Z'), KOL)).toBe('2026-01-10T17:30:00+05:30');
    expect(formatWithOffset(new Date('2026-07-01T00:00:00Z'), LH)).toBe('2026-07-01T10:30:00+10:30');
    expect(formatWithOffset(new Date('2026-01-01T00:00:00Z'), LH)).toBe('2026-01-01T11:00:00+11:00');
    expect(formatWithOffset(new Date('2026-01-01T00:00:00Z'), 'America/St_Johns')).toBe('2025-12-31T20:30:00-03:30');
  });

  it('reports offsets in minutes east of UTC', () => {
    expect(offsetMinutes(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe(0);
    expect(offsetMinutes(new Date('2026-01-01T00:00:00Z'), KOL)).toBe(330);
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), NY)).toBe(-240);
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), LH)).toBe(630);
  });
});

describe('calendar arithmetic on local dates', () => {
  it('knows weekdays (0 = Sunday)', () => {
    expect(weekdayOf('2026-03-08')).toBe(0);
    expect(weekdayOf('2026-06-15')).toBe(1);
    expect(weekdayOf('2028-02-29')).toBe(2);
    expect(weekdayOf('2026-10-31')).toBe(6);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('lists dates inclusively, and nothing for an inverted range', () => {
    expect(eachLocalDate('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eachLocalDate('2026-03-08', '2026-03-08')).toEqual(['2026-03-08']);
    expect(eachLocalDate('2026-03-09', '2026-03-08')).toEqual([]);
  });
});

describe('addLocalDays', () => {
  const dayBefore = (startsAt: string, tz: string) => iso(addLocalDays(new Date(startsAt), -1, tz));

  it('keeps the local time across a change to summer time (23 hours)', () => {
    // Sunday 10:00 EDT, the day clocks went forward; Saturday 10:00 was still EST.
    expect(dayBefore('2030-03-10T14:00:00Z', NY)).toBe('2030-03-09T15:00:00Z');
    expect(dayBefore('2030-03-31T09:00:00Z', LON)).toBe('2030-03-30T10:00:00Z');
    // Lord Howe goes forward half an hour on Sunday 6 October: 10:00 +11:00 is 23:00Z, and
    // Saturday's 10:00 (+10:30) was 23:30Z, 23½ hours earlier.
    expect(dayBefore('2030-10-05T23:00:00Z', LH)).toBe('2030-10-04T23:30:00Z');
  });

  it('keeps the local time across a change back to winter time (25 hours, 24½ on Lord Howe)', () => {
    expect(dayBefore('2030-11-03T14:00:00Z', NY)).toBe('2030-11-02T13:00:00Z');
    expect(dayBefore('2030-10-27T10:00:00Z', LON)).toBe('2030-10-26T09:00:00Z');
    // Sunday 7 April 10:00 +10:30 (summer time ended at 02:00); Saturday 10:00 was +11:00.
    expect(dayBefore('2030-04-06T23:30:00Z', LH)).toBe('2030-04-05T23:00:00Z');
  });

  it('is exactly 24 hours where the clocks do not change', () => {
    expect(dayBefore('2030-03-10T04:30:00Z', KOL)).toBe('2030-03-09T04:30:00Z');
    expect(dayBefore('2030-03-12T14:00:00Z', NY)).toBe('2030-03-11T14:00:00Z');
  });

  it('lands at the end of a gap and on the earlier of two repeated times', () => {
    // Monday 02:30 EDT: Sunday 02:30 never happened in New York; 03:00 EDT is the first time after.
    expect(dayBefore('2030-03-11T06:30:00Z', NY)).toBe('2030-03-10T07:00:00Z');
    // Monday 01:30 EST: Sunday 01:30 happened twice; the earlier (EDT) one.
    expect(dayBefore('2030-11-04T06:30:00Z', NY)).toBe('2030-11-03T05:30:00Z');
    // Monday 02:15 on Lord Howe: on Sunday 6 October 02:00–02:30 was skipped, so 02:30 (+11:00).
    expect(dayBefore('2030-10-06T15:15:00Z', LH)).toBe('2030-10-05T15:30:00Z');
  });

  it('keeps seconds, goes forward too, and is the identity for 0 days', () => {
    expect(iso(addLocalDays(new Date('2030-03-09T15:00:42.5Z'), 1, NY))).toBe('2030-03-10T14:00:42.500Z');
    expect(iso(addLocalDays(new Date('2030-03-09T15:00:00Z'), 0, NY))).toBe('2030-03-09T15:00:00Z');
  });

  it('returns the same local time on the target date in every zone, unless it falls in a gap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -3, max: 3 }),
        (tz, d, n) => {
          const at = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
          const moved = addLocalDays(at, n, tz);
          expect(localDateOf(moved, tz)).toBe(addDays(localDateOf(at, tz), n));
          const wanted = localTimeOf(at, tz);
          if (localTimeOf(moved, tz) !== wanted) expect(zonedToInstant(localDateOf(moved, tz), wanted, tz).getTime()).toBe(moved.getTime());
        },
      ),
    );
  });
});

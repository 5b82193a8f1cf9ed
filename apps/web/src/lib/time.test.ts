import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsToIsoDate,
  formatInstantRange,
  fromWall,
  instantOfLocalTime,
  isIsoDate,
  mondayOnOrBefore,
  startOfDayInZone,
  todayIn,
  toWall,
  weekdayOf,
} from './time';

describe('calendar dates', () => {
  it('does calendar arithmetic without the browser zone getting in the way', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonthsToIsoDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsToIsoDate('2026-03-15', -3)).toBe('2025-12-15');
    expect(weekdayOf('2026-12-14')).toBe(1);
    expect(mondayOnOrBefore('2026-12-20')).toBe('2026-12-14');
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });

  it('knows the date and midnight in another zone', () => {
    const instant = new Date('2026-06-30T23:30:00Z');
    expect(todayIn('Europe/Lisbon', instant)).toBe('2026-07-01');
    expect(todayIn('America/New_York', instant)).toBe('2026-06-30');
    expect(startOfDayInZone('2026-07-01', 'Europe/Lisbon')).toBe('2026-06-30T23:00:00.000Z');
    expect(startOfDayInZone('2026-03-29', 'Europe/London')).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfDayInZone('2026-03-30', 'Europe/London')).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfDayInZone('2026-10-04', 'Australia/Lord_Howe')).toBe('2026-10-03T13:30:00.000Z');
  });
});

describe('booking formats', () => {
  it('shows a time range in the zone asked for, whatever the machine runs in', () => {
    expect(formatInstantRange('2026-06-09T09:00:00.000Z', '2026-06-09T10:00:00.000Z', 'Europe/Lisbon')).toBe('Tue 9 Jun 2026, 10:00–11:00');
    expect(formatInstantRange('2026-06-09T23:30:00.000Z', '2026-06-10T00:15:00.000Z', 'Asia/Kolkata')).toBe('Wed 10 Jun 2026, 05:00–05:45');
  });
});

describe('instants and wall clocks', () => {
  it('crosses between instants and wall-clock dates in a zone, with the zone’s offset', () => {
    expect(toWall('2026-06-09T09:30:00Z', 'Europe/Lisbon').getHours()).toBe(10);
    expect(fromWall(new Date(2026, 5, 9, 10, 30), 'Europe/Lisbon')).toBe('2026-06-09T10:30:00.000+01:00');
    expect(fromWall(new Date(2026, 5, 9, 10, 30), 'Asia/Kolkata')).toBe('2026-06-09T10:30:00.000+05:30');
    expect(instantOfLocalTime('2026-06-09', '10:30', 'America/New_York')).toBe('2026-06-09T10:30:00.000-04:00');
  });

  it('moves a time the clocks skip forward by the jump, and takes the earlier of a time they repeat', () => {
    expect(instantOfLocalTime('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T03:30:00.000-04:00');
    expect(instantOfLocalTime('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T01:30:00.000-04:00');
  });

  it('starts a day at its first existing instant when midnight is skipped', () => {
    // Santiago springs forward at midnight: 6 Sep 2026 begins at 01:00 (-03:00).
    expect(startOfDayInZone('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isIsoDate, startOfDayInZone, startOfWeek, todayIn, weekdayOf } from './iso-dates';

describe('iso dates', () => {
  it('does calendar arithmetic without the browser zone getting in the way', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
    expect(weekdayOf('2026-12-14')).toBe(1);
    expect(startOfWeek('2026-12-20')).toBe('2026-12-14');
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

import { describe, expect, it } from 'vitest';
import { openingHoursChecker } from './business-hours';
import { fetchRange } from './view-range';
import { toWall } from '../../lib/time';

describe('openingHoursChecker', () => {
  // Rita works Tuesdays 09:00–18:00 Lisbon time; Sam Tuesdays 14:00–16:00 Kolkata time.
  const weeks = [
    { resourceId: 'rita', timeZone: 'Europe/Lisbon', rules: [{ weekday: 2, start: '09:00', end: '18:00' }] },
    { resourceId: 'sam', timeZone: 'Asia/Kolkata', rules: [{ weekday: 2, start: '14:00', end: '16:00' }] },
  ];

  it('reads the hours in each resource’s zone, whatever zone the calendar shows', () => {
    const inNewYork = openingHoursChecker(weeks, 'America/New_York');
    // Tue 9 Jun 2026: 04:00 in New York is 09:00 in Lisbon (and 13:30 in Kolkata).
    expect(inNewYork(toWall('2026-06-09T08:00:00Z', 'America/New_York'), 'rita')).toBe(true);
    expect(inNewYork(toWall('2026-06-09T07:30:00Z', 'America/New_York'), 'rita')).toBe(false);
    expect(inNewYork(toWall('2026-06-09T08:00:00Z', 'America/New_York'), 'sam')).toBe(false);
    expect(inNewYork(toWall('2026-06-09T08:30:00Z', 'America/New_York'), 'sam')).toBe(true);
    // 18:00 Lisbon is closing time.
    expect(inNewYork(toWall('2026-06-09T17:00:00Z', 'America/New_York'), 'rita')).toBe(false);
  });

  it('counts a slot as open when any resource is, in views without resource columns', () => {
    const inLisbon = openingHoursChecker(weeks, 'Europe/Lisbon');
    const tenThirty = toWall('2026-06-09T09:30:00Z', 'Europe/Lisbon');
    expect(inLisbon(tenThirty, null)).toBe(true);
    expect(inLisbon(tenThirty)).toBe(true);
    expect(inLisbon(toWall('2026-06-10T09:30:00Z', 'Europe/Lisbon'), null)).toBe(false);
  });
});

describe('fetchRange', () => {
  it('asks for the business’s dates that cover the days shown in another zone', () => {
    // A week shown in Auckland (UTC+12) starts and ends on the previous day in London (UTC+1).
    const week = fetchRange('week', new Date(2026, 5, 10), 'Pacific/Auckland', 'Europe/London');
    expect(week.from).toBe('2026-06-07');
    expect(week.to).toBe('2026-06-14');
    const sameZone = fetchRange('week', new Date(2026, 5, 10), 'Europe/London', 'Europe/London');
    expect([sameZone.from, sameZone.to]).toEqual(['2026-06-08', '2026-06-14']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTimeRange } from './format';

describe('booking formats', () => {
  it('shows a time range in the zone asked for, whatever the machine runs in', () => {
    expect(formatTimeRange('2026-06-09T09:00:00.000Z', '2026-06-09T10:00:00.000Z', 'Europe/Lisbon')).toBe('Tue 9 Jun 2026, 10:00–11:00');
    expect(formatTimeRange('2026-06-09T23:30:00.000Z', '2026-06-10T00:15:00.000Z', 'Asia/Kolkata')).toBe('Wed 10 Jun 2026, 05:00–05:45');
  });
});

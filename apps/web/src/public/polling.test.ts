import { describe, expect, it } from 'vitest';
import { nextPollDelay } from './polling';

describe('nextPollDelay', () => {
  const open = { slotsLeft: 10, isPast: false, hidden: false };

  it('refreshes every 30 s while times are plentiful', () => {
    expect(nextPollDelay(open)).toBe(30_000);
    expect(nextPollDelay({ ...open, slotsLeft: 3 })).toBe(30_000);
  });

  it('refreshes every 5 s when fewer than 3 times remain', () => {
    expect(nextPollDelay({ ...open, slotsLeft: 2 })).toBe(5_000);
    expect(nextPollDelay({ ...open, slotsLeft: 1 })).toBe(5_000);
  });

  it('stops on a fully booked day', () => {
    expect(nextPollDelay({ ...open, slotsLeft: 0 })).toBeNull();
  });

  it('stops on a past day', () => {
    expect(nextPollDelay({ ...open, isPast: true })).toBeNull();
    expect(nextPollDelay({ ...open, slotsLeft: 1, isPast: true })).toBeNull();
  });

  it('pauses in a background tab', () => {
    expect(nextPollDelay({ ...open, hidden: true })).toBeNull();
    expect(nextPollDelay({ ...open, slotsLeft: 1, hidden: true })).toBeNull();
  });
});

/** How often an open day's free times are fetched again. */
export const POLL_NORMAL_MS = 30_000;
/** Faster when the last few times are going: the customer should not pick one that is gone. */
export const POLL_SCARCE_MS = 5_000;
export const SCARCE_BELOW = 3;

/**
 * Milliseconds until the next refresh of an open day, or null to stop: nothing left to lose
 * on a fully booked or past day, and a background tab waits until it is looked at again.
 */
export function nextPollDelay(day: { slotsLeft: number; isPast: boolean; hidden: boolean }): number | null {
  if (day.isPast || day.slotsLeft === 0 || day.hidden) return null;
  return day.slotsLeft < SCARCE_BELOW ? POLL_SCARCE_MS : POLL_NORMAL_MS;
}

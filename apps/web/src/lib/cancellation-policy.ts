import type { TCancellationPolicy } from '@slotwise/contracts';
import { currencyDecimals } from './format';

/*
 * A cancellation policy in words, and the refund it gives, the way the API computes it
 * (apps/api/src/modules/payments/cancellation-policy.ts): cancelling at least
 * `freeCancellationHours` before the start gives back everything still refundable, later
 * `lateRefundPercent` of it, rounded half up to the currency's step; a no-show keeps the payment.
 * Shared by the dashboard (settings, services, the staff cancel form) and the public pages, so
 * plain functions without zod.
 */

/** 24 → "24 hours", 1 → "1 hour", 72 → "3 days" (whole days from three days on). */
export function formatPolicyHours(hours: number): string {
  if (hours >= 72 && hours % 24 === 0) return `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * "Free cancellation up to 24 hours before; after that 50 % is refunded; no-shows are not refunded."
 */
export function describeCancellationPolicy({ freeCancellationHours, lateRefundPercent }: TCancellationPolicy): string {
  const noShow = 'no-shows are not refunded.';
  // No hours, or a full refund late too: every cancellation before the start is free.
  if (lateRefundPercent === 100 || freeCancellationHours === 0) return `Free cancellation until the appointment starts; ${noShow}`;
  const late = lateRefundPercent === 0 ? 'after that nothing is refunded' : `after that ${lateRefundPercent} % is refunded`;
  return `Free cancellation up to ${formatPolicyHours(freeCancellationHours)} before; ${late}; ${noShow}`;
}

/** The percentage of what is refundable that cancelling at `now` gives back. */
export function policyRefundPercent(policy: TCancellationPolicy, startsAt: string, now: Date): number {
  const freeUntil = Date.parse(startsAt) - policy.freeCancellationHours * 3_600_000;
  return now.getTime() <= freeUntil ? 100 : policy.lateRefundPercent;
}

/**
 * `percent` of an amount, rounded half up to the currency's step (10 minor units for the
 * three-decimal currencies, whose Stripe amounts end in 0; else 1), in integers only.
 */
export function percentOfMinor(amountMinor: number, percent: number, currency: string): number {
  const step = currencyDecimals(currency) === 3 ? 10 : 1;
  const divisor = 100 * step;
  return Math.floor((amountMinor * percent + divisor / 2) / divisor) * step;
}

/** What the policy's `percent` gives back of what is still refundable (all of it at 100 %). */
export function policyRefundMinor(refundableMinor: number, percent: number, currency: string): number {
  return percent >= 100 ? refundableMinor : Math.min(refundableMinor, percentOfMinor(refundableMinor, percent, currency));
}

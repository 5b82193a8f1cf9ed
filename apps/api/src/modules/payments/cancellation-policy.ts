import type { TCancellationPolicy } from '@slotwise/contracts';
import { THREE_DECIMAL_CURRENCIES } from './fees';

/**
 * The cancellation policy's arithmetic, pure (no clock, no database): what a cancelled paid
 * booking gives back. Times are instants, so a daylight-saving change between now and the start
 * changes nothing: "24 hours before" is 24 × 3 600 000 ms before, whatever the wall clocks say.
 */

/** The smallest amount a currency moves in, in its minor unit: 10 for three-decimal currencies (Stripe refuses amounts not ending in 0), else 1. */
export function currencyStep(currency: string): number {
  return THREE_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? 10 : 1;
}

/** `amountMinor × percent / 100` rounded half up to the currency's step, in integers only. */
export function percentOfMinor(amountMinor: number, percent: number, currency: string): number {
  const step = currencyStep(currency);
  const divisor = 100 * step;
  return Math.floor((amountMinor * percent + divisor / 2) / divisor) * step;
}

/** The columns a policy is stored in: both set (the service's own) or both null (the business's). */
export type StoredPolicy = { freeCancellationHours: number | null; lateRefundPercent: number | null };

/** The stored columns as the contract's policy, or null when the service has none of its own. */
export function storedPolicy(s: StoredPolicy): TCancellationPolicy | null {
  return s.freeCancellationHours === null || s.lateRefundPercent === null
    ? null
    : { freeCancellationHours: s.freeCancellationHours, lateRefundPercent: s.lateRefundPercent };
}

/** The policy that applies to a service's bookings: its own when it has one, else the business's. */
export function effectivePolicy(service: StoredPolicy, tenant: TCancellationPolicy): TCancellationPolicy {
  const own = storedPolicy(service);
  return own ?? { freeCancellationHours: tenant.freeCancellationHours, lateRefundPercent: tenant.lateRefundPercent };
}

export type CancellationRefund = {
  /** 100 before `freeUntil`, the late percentage from then on. */
  percent: number;
  /** What cancelling at `now` gives back, in the payment's minor unit (never more than is still refundable). */
  refundMinor: number;
  /** Cancelling at or before this instant refunds everything still refundable. */
  freeUntil: Date;
};

/**
 * What cancelling at `now` refunds under `policy`: at or before `startsAt − freeCancellationHours`
 * all of it; later (the start passed included: a cancelled booking is not a no-show, which keeps
 * the payment and is not a cancellation), `lateRefundPercent` of it. "It" is what is still
 * refundable: `paidMinor` minus `refundedMinor`, which counts refunds on their way too.
 * Rounded half up to the currency's step, and never above what is refundable.
 */
export function cancellationRefund(p: {
  paidMinor: number;
  /** Refunded already, pending refunds included. */
  refundedMinor: number;
  startsAt: Date;
  now: Date;
  policy: TCancellationPolicy;
  currency: string;
}): CancellationRefund {
  const freeUntil = new Date(p.startsAt.getTime() - p.policy.freeCancellationHours * 3_600_000);
  const percent = p.now.getTime() <= freeUntil.getTime() ? 100 : p.policy.lateRefundPercent;
  const refundable = Math.max(0, p.paidMinor - p.refundedMinor);
  const refundMinor = percent >= 100 ? refundable : Math.min(refundable, percentOfMinor(refundable, percent, p.currency));
  return { percent, refundMinor, freeUntil };
}

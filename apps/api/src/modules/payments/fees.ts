/**
 * The platform's application fee on a paid booking, in the charge's own minor unit.
 *
 * fee = amount × bps / 10 000, rounded half up to the currency's smallest chargeable step: one
 * minor unit (cents; whole yen or won for zero-decimal currencies, whose minor unit is the unit),
 * ten for three-decimal currencies (Stripe refuses their amounts unless they end in 0). Integer
 * arithmetic only, so nothing drifts; never negative and never above the amount, which Stripe
 * refuses (`application_fee_amount` ≤ amount).
 */
export const THREE_DECIMAL_CURRENCIES = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Larger than any amount Stripe accepts (8 digits); keeps amount × bps exact in a double. */
const MAX_AMOUNT_MINOR = 99_999_999_999;

export function applicationFeeMinor(amountMinor: number, platformFeeBps: number, currency: string): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_AMOUNT_MINOR) throw new RangeError(`invalid amount ${amountMinor}`);
  if (!Number.isInteger(platformFeeBps) || platformFeeBps < 0 || platformFeeBps > 10_000) throw new RangeError(`invalid fee ${platformFeeBps} bps`);
  const step = THREE_DECIMAL_CURRENCIES.has(currency.toLowerCase()) ? 10 : 1;
  const divisor = 10_000 * step;
  // Half up: floor((a·b + d/2) / d), exact while a·b stays below 2^53.
  const fee = Math.floor((amountMinor * platformFeeBps + divisor / 2) / divisor) * step;
  return Math.min(Math.max(fee, 0), amountMinor);
}

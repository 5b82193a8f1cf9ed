import { currencyDecimals } from './format';

/**
 * Amount fields (a price, a deposit, a refund): people type major units; money travels as integer minor units.
 * Showing prices and durations is lib/format's.
 */

/** 2500 EUR → "25.00": what a price field shows when editing. */
export function minorToMajorInput(minor: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  return (minor / 10 ** decimals).toFixed(decimals);
}

/**
 * "25", "25.5", "25,50" → minor units; undefined when the text is not an amount with at most
 * the currency's decimals. Works on the digits, so 19.99 never becomes 1998.9999.
 */
export function parseMajorToMinor(text: string, currency: string): number | undefined {
  const decimals = currencyDecimals(currency);
  const match = /^(\d{1,9})(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > decimals) return undefined;
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}

/** The symbol a price field shows next to the amount, e.g. "€" or "CHF". */
export function currencySymbol(currency: string): string {
  try {
    const parts = new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((part) => part.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/**
 * Prices and durations as people read them, everywhere in the app and on the public pages.
 * Prices travel as integer minor units with an ISO currency; the number of decimals comes from
 * the currency (JPY has none, BHD three).
 */

export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 2500 EUR → "€25.00" in the reader's locale. */
export function formatMoney(minor: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 10 ** decimals);
  } catch {
    return `${(minor / 10 ** decimals).toFixed(decimals)} ${currency}`;
  }
}

/** A price: "Free" for nothing, otherwise the amount. */
export function formatPrice(minor: number, currency: string): string {
  return minor === 0 ? 'Free' : formatMoney(minor, currency);
}

/** 90 → "1 h 30 min"; 60 → "1 h"; 45 → "45 min". */
export function formatDuration(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

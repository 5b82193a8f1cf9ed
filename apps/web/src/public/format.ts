/** Prices and durations as customers read them. */

const locale = typeof navigator === 'undefined' ? undefined : navigator.language;

/** 2500 EUR → "€25.00"; 0 → "Free". Minor units follow the currency (JPY has none). */
export function formatPrice(minor: number, currency: string): string {
  if (minor === 0) return 'Free';
  try {
    const decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** decimals);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** 45 → "45 min", 60 → "1 h", 90 → "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

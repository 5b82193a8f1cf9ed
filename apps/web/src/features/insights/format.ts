import { currencyDecimals } from '../../lib/format';

/** 0.125 → "12.5%" in the reader's language; null (nothing to divide by) → "—". */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Minor units as a plain decimal for spreadsheets, in the currency's decimals: (-705, EUR) → "-7.05", (500, JPY) → "500". */
export function minorToDecimal(minor: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** 9 → "09:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A bar or cell's share of the largest value, 0–1 (0 when everything is 0). */
export function shareOf(value: number, max: number): number {
  return max <= 0 ? 0 : Math.min(1, Math.max(0, value / max));
}

/** Gridlines a chart's value axis has above zero. */
export const AXIS_STEPS = 4;

/**
 * The distance between a value axis's gridlines: 1, 2 or 5 times a power of ten (never below 1),
 * so that AXIS_STEPS of them reach `max` on readable numbers — 3 → 1 (top 4), 37 → 10 (top 40),
 * 14,000 → 5,000 (top 20,000).
 */
export function axisStep(max: number): number {
  const raw = Math.max(1, max / AXIS_STEPS);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/** Minor units as a short axis label: (2_000_000, EUR) → "€20K" in the reader's language. */
export function formatMoneyCompact(minor: number, currency: string): string {
  const major = minor / 10 ** currencyDecimals(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(major);
  } catch {
    return `${major} ${currency}`;
  }
}

/** "2030-03-14" → "14 Mar" in the reader's language. */
export function formatDayMonth(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

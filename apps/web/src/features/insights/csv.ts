import type { TInsights } from '@slotwise/contracts';
import { minorToDecimal } from './format';

/**
 * The numbers behind each chart of the revenue view as CSV (RFC 4180), made in the browser.
 * Money is a plain decimal in the business's currency (a currency column says which); counts
 * are integers; dates are the business's local dates.
 */

/** Text, a count, nothing, or an amount already written as a decimal (`money()`), which is never quoted. */
export type CsvCell = string | number | null | { decimal: string };

/** An amount in minor units as a decimal cell: (-705, EUR) → -7.05. */
export const money = (minor: number, currency: string): CsvCell => ({ decimal: minorToDecimal(minor, currency) });

/** Text a spreadsheet would run as a formula (a service called "=HYPERLINK(…)"): kept as text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return value.decimal;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One header line and the rows, CRLF-separated as RFC 4180 has it. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** What a chart's "Download CSV" saves: a file name and its text. */
export type CsvFile = { filename: string; text: string };

const fileName = (what: string, i: TInsights) => `insights-${what}-${i.from}-to-${i.to}.csv`;

/** Bookings of the period by what became of them, and the rates. */
export function bookingsCsv(i: TInsights): CsvFile {
  const b = i.bookings;
  const rows: CsvCell[][] = [
    ['Bookings made in the period', b.made],
    ['Bookings starting in the period', b.starting],
    ['Attended', b.attended],
    ['Upcoming', b.upcoming],
    ['Not marked yet', b.unmarked],
    ['No-show', b.noShow],
    ['Cancelled', b.cancelled],
    ['Cancellation rate', b.cancellationRate],
    ['No-show rate', b.noShowRate],
    ['Deposits with balance due', i.deposits.outstanding],
    [`Balances due on those deposits (${i.currency})`, money(i.deposits.outstandingMinor, i.currency)],
  ];
  return { filename: fileName('bookings', i), text: toCsv(['figure', 'value'], rows) };
}

/**
 * The revenue breakdown: money in as positive, money out as negative amounts, so each currency's
 * lines add up to its net (other currencies follow the business's own).
 */
export function revenueCsv(i: TInsights): CsvFile {
  const lines = (m: TInsights['revenue']): CsvCell[][] => revenueLines(m).map(({ label, minor }) => [label, money(minor, m.currency), m.currency]);
  return { filename: fileName('revenue', i), text: toCsv(['line', 'amount', 'currency'], [...lines(i.revenue), ...i.otherCurrencies.flatMap(lines)]) };
}

/** The lines of the revenue breakdown, signed, ending with the net (their sum). */
export function revenueLines(m: TInsights['revenue']): { label: string; minor: number; net?: true }[] {
  // 0 - 0 is -0, which Intl writes as "-£0.00".
  const out = (minor: number) => (minor === 0 ? 0 : -minor);
  return [
    { label: 'Payments received', minor: m.grossMinor },
    { label: 'Balances paid at the venue', minor: m.balancePaidMinor },
    { label: 'Refunds', minor: out(m.refundsMinor) },
    { label: 'Disputes lost', minor: out(m.disputesLostMinor) },
    { label: 'Dispute fees', minor: out(m.disputeFeesMinor) },
    { label: 'Slotwise fees', minor: out(m.platformFeesMinor) },
    { label: 'Fees returned with refunds', minor: m.feeRefundsMinor },
    { label: 'Net', minor: m.netMinor, net: true },
  ];
}

/** One line per day: bookings starting (booked), bookings made, payments received. */
export function dailyCsv(i: TInsights): CsvFile {
  const rows = i.daily.map((d) => [d.date, d.bookings, d.made, money(d.grossMinor, i.currency)]);
  return { filename: fileName('daily', i), text: toCsv(['date', 'bookings starting', 'bookings made', `payments received (${i.currency})`], rows) };
}

/** The heat map: a line per weekday (Monday first), a column per local hour. */
export function heatMapCsv(i: TInsights, weekdays: readonly string[]): CsvFile {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
  const rows = i.heatMap.map((counts, d) => [weekdays[d] ?? String(d), ...counts]);
  return { filename: fileName('busiest-hours', i), text: toCsv(['weekday', ...hours], rows) };
}

/** The top services: bookings starting and their revenue. */
export function topServicesCsv(i: TInsights): CsvFile {
  const rows = i.topServices.map((s) => [s.name, s.bookings, money(s.revenueMinor, i.currency)]);
  return { filename: fileName('top-services', i), text: toCsv(['service', 'bookings', `revenue (${i.currency})`], rows) };
}

/** The busiest days of the period. */
export function busiestDaysCsv(i: TInsights): CsvFile {
  return {
    filename: fileName('busiest-days', i),
    text: toCsv(
      ['date', 'bookings'],
      i.busiestDays.map((d) => [d.date, d.bookings]),
    ),
  };
}

/**
 * Saves a CSV file from the browser. A byte-order mark first: without it, Excel reads UTF-8
 * (a service called "Café") as Latin-1.
 */
export function downloadCsv(file: CsvFile): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', file.text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

import type { TBooking } from '@slotwise/contracts';
import { ApiResponseError, tsr } from '../../../lib/api';
import { bookingListQuery, type BookingListFilters } from '../../../lib/bookings/keys';
import { BOOKING_STATUS } from '../../../lib/booking-status';
import { dateInZone, timeInZone } from '../../../lib/time';

/** An export stops here; a bigger one should narrow its filters (or wait for a server-side export). */
export const EXPORT_CAP = 5000;
const EXPORT_PAGE = 200;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces, with
 * quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
 * leading apostrophe, so a customer named "=HYPERLINK(…)" stays text.
 */
export function csvField(value: string | number | null | undefined, { text = true }: { text?: boolean } = {}): string {
  let field = value === null || value === undefined ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(field)) field = `'${field}`;
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Rows as CSV text with CRLF line endings, as spreadsheets expect. */
export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>, numericColumns: ReadonlySet<number> = new Set()): string {
  const line = (cells: Array<string | number | null | undefined>) => cells.map((cell, index) => csvField(cell, { text: !numericColumns.has(index) })).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

const HEADER = [
  'Date',
  'Start',
  'End',
  'Time zone',
  'Status',
  'Service',
  'Resource',
  'Customer',
  'Email',
  'Phone',
  'Price',
  'Currency',
  'Source',
  'Notes',
  'Cancellation reason',
  'Booking ID',
  'Created',
];
/** Price and the identifiers are never formulas; leave them exactly as they are. */
const NUMERIC = new Set([10, 15]);

/** Bookings as CSV, dates and times as the business's wall clock. */
export function bookingsCsv(bookings: TBooking[], timeZone: string): string {
  const rows = bookings.map((booking) => {
    const start = new Date(booking.startsAt);
    const end = new Date(booking.endsAt);
    const created = new Date(booking.createdAt);
    return [
      dateInZone(start, timeZone),
      timeInZone(start, timeZone),
      timeInZone(end, timeZone),
      timeZone,
      BOOKING_STATUS[booking.status].label,
      booking.service.name,
      booking.resource.name,
      booking.customer.name,
      booking.customer.email,
      booking.customer.phone,
      majorUnits(booking.priceMinor, booking.currency),
      booking.currency,
      booking.source === 'PUBLIC' ? 'Online' : 'Staff',
      booking.notes,
      booking.cancellationReason,
      booking.id,
      `${dateInZone(created, timeZone)} ${timeInZone(created, timeZone)}`,
    ];
  });
  return toCsv(HEADER, rows, NUMERIC);
}

function majorUnits(minor: number, currency: string): string {
  let decimals = 2;
  try {
    decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: two decimals is the common case.
  }
  return (minor / 10 ** decimals).toFixed(decimals);
}

/** Every booking matching the filters, page after page, up to the cap. */
export async function fetchForExport(
  filters: BookingListFilters,
  onProgress: (count: number) => void,
  signal?: AbortSignal,
): Promise<{ bookings: TBooking[]; capped: boolean }> {
  const bookings: TBooking[] = [];
  let cursor: string | undefined;
  do {
    const response = await tsr.bookings.list.query({
      query: bookingListQuery({ ...filters, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) }),
      fetchOptions: { signal },
    });
    if (response.status !== 200) throw new ApiResponseError(response);
    bookings.push(...response.body.items);
    onProgress(bookings.length);
    cursor = response.body.nextCursor ?? undefined;
  } while (cursor && bookings.length < EXPORT_CAP);
  return { bookings: bookings.slice(0, EXPORT_CAP), capped: Boolean(cursor) || bookings.length > EXPORT_CAP };
}

/** Hands the text to the browser as a file download. */
export function downloadCsv(fileName: string, csv: string): void {
  // The byte-order mark makes Excel read the file as UTF-8 (names with accents stay intact).
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

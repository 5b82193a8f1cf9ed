import type { TBooking } from '@slotwise/contracts';
import { TZDate } from '@date-fns/tz';
import type { QueryClient } from '@tanstack/react-query';
import { format } from 'date-fns/format';
import { bookingKeys, listFiltersOf, type BookingListFilters } from './keys';

/** The cached shape of a bookings list (a page or a whole range). */
export type BookingListData = { status: 200; body: { items: TBooking[]; nextCursor: string | null }; headers: Headers };
/** The cached shape of one booking. */
export type BookingData = { status: 200; body: TBooking; headers: Headers };

/** The freshest cached copy of a booking: its own query first, else any list holding it. */
export function findBooking(queryClient: QueryClient, id: string): TBooking | undefined {
  const detail = queryClient.getQueryData<BookingData>(bookingKeys.detail(id));
  return detail?.body ?? findInLists(queryClient, id)?.booking;
}

/** The most recently fetched copy of a booking in any cached list, and when that list was fetched. */
export function findInLists(queryClient: QueryClient, id: string): { booking: TBooking; updatedAt: number } | undefined {
  let best: { booking: TBooking; updatedAt: number } | undefined;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: bookingKeys.lists() })) {
    const data = query.state.data as BookingListData | undefined;
    const booking = data?.body.items.find((item) => item.id === id);
    if (booking && (!best || query.state.dataUpdatedAt > best.updatedAt)) best = { booking, updatedAt: query.state.dataUpdatedAt };
  }
  return best;
}

/** Whether a list with these filters would contain the booking; undefined when it cannot tell (text search). */
function listWants(booking: TBooking, filters: BookingListFilters, zone: string | undefined): boolean | undefined {
  if (filters.q) return undefined;
  if (filters.status && filters.status.length > 0 && !filters.status.includes(booking.status)) return false;
  if (filters.resourceId && filters.resourceId !== booking.resourceId) return false;
  if (filters.serviceId && filters.serviceId !== booking.serviceId) return false;
  if (filters.customerId && filters.customerId !== booking.customerId) return false;
  if (filters.paymentStatus && filters.paymentStatus.length > 0) {
    // A booking's payment is only on full answers; without one the list can't tell.
    if (booking.payment === undefined) return undefined;
    if (!booking.payment || !filters.paymentStatus.includes(booking.payment.status)) return false;
  }
  if (filters.from || filters.to) {
    if (!zone) return undefined;
    const day = format(new TZDate(booking.startsAt, zone), 'yyyy-MM-dd');
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
  }
  return true;
}

/** The API's order of a list: by start time, then id; latest first when the list asked for `desc`. */
function listOrder(order: BookingListFilters['order']): (a: TBooking, b: TBooking) => number {
  const ascending = (a: TBooking, b: TBooking) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return order === 'desc' ? (a, b) => ascending(b, a) : ascending;
}

/**
 * Puts this version of a booking into every cached list and its own query: replaced where it is,
 * dropped where the list's filters no longer match (moved out of the range, cancelled out of a
 * status filter), and added where they now do — each list kept in the order it was fetched in
 * (`order=desc` lists stay latest first). `zone` is the business's, for the lists' date filters.
 */
export function applyBookingEverywhere(queryClient: QueryClient, booking: TBooking, { insert, zone }: { insert: boolean; zone: string | undefined }): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: bookingKeys.lists() })) {
    const data = query.state.data as BookingListData | undefined;
    if (!data) continue;
    const filters = listFiltersOf(query.queryKey);
    const inOrder = listOrder(filters.order);
    const items = data.body.items;
    const index = items.findIndex((item) => item.id === booking.id);
    const wants = listWants(booking, filters, zone) ?? index >= 0;
    let next: TBooking[] | undefined;
    if (index >= 0 && wants) next = items.map((item) => (item.id === booking.id ? booking : item)).sort(inOrder);
    else if (index >= 0) next = items.filter((item) => item.id !== booking.id);
    else if (wants && insert && !filters.cursor) {
      // A list with more pages only takes what sorts before its last row; the rest belongs to a later page.
      const last = items.at(-1);
      const fitsThisPage = data.body.nextCursor === null || (last !== undefined && inOrder(booking, last) < 0);
      if (fitsThisPage) next = [...items, booking].sort(inOrder);
    }
    if (next) queryClient.setQueryData<BookingListData>(query.queryKey, { ...data, body: { ...data.body, items: next } });
  }
  const detail = queryClient.getQueryData<BookingData>(bookingKeys.detail(booking.id));
  queryClient.setQueryData<BookingData>(bookingKeys.detail(booking.id), {
    status: 200,
    body: booking,
    headers: detail?.headers ?? new Headers(),
  });
}

import type { TBooking } from '@slotwise/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { tsr } from '../../../lib/api';
import { bookingKeys, bookingListQuery, type BookingListFilters } from '../../../lib/bookings/keys';

const PAGE_SIZE = 50;

/**
 * The bookings list, "Load more" style: one cached page per cursor under the bookings feature's
 * page keys, so changes made in the booking panel reach the rows shown here. New filters start
 * again from the first page.
 */
export function useBookingPages(filters: BookingListFilters) {
  const filtersKey = JSON.stringify(filters);
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: filtersKey, cursors: [] });
  const cursors = state.key === filtersKey ? state.cursors : [];

  const pages = tsr.bookings.list.useQueries({
    queries: [undefined, ...cursors].map((cursor) => {
      const pageFilters: BookingListFilters = { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
      return {
        queryKey: bookingKeys.page(pageFilters),
        queryData: { query: bookingListQuery(pageFilters) },
        // The first page keeps showing the previous filters' rows until the new ones arrive.
        ...(cursor ? {} : { placeholderData: keepPreviousData }),
      };
    }),
  });

  const first = pages[0];
  const last = pages[pages.length - 1];
  const seen = new Set<string>();
  const items: TBooking[] = [];
  for (const page of pages) {
    for (const booking of page?.data?.body.items ?? []) {
      if (seen.has(booking.id)) continue;
      seen.add(booking.id);
      items.push(booking);
    }
  }
  const nextCursor = last?.data?.body.nextCursor ?? null;

  return {
    items,
    isPending: first?.isPending ?? true,
    /** The first page failed: nothing to show. */
    error: first?.isError && !first.data ? first.error : null,
    retry: () => void first?.refetch(),
    isRefreshing: Boolean(first?.isPlaceholderData),
    hasMore: nextCursor !== null && !last?.isPending,
    isLoadingMore: pages.length > 1 && Boolean(last?.isPending),
    loadMoreFailed: pages.length > 1 && Boolean(last?.isError),
    loadMore: () => {
      if (last?.isError) void last.refetch();
      else if (nextCursor) setState({ key: filtersKey, cursors: [...cursors, nextCursor] });
    },
  };
}

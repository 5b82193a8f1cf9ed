import type { TBooking } from '@slotwise/contracts';
import { useQuery } from '@tanstack/react-query';
import { tsr, type ApiFailure } from '../../lib/api';
import { bookingKeys, type BookingListData } from '../bookings/api';

const PAGE_SIZE = 25;
/** A customer's history is short; this caps a pathological one. */
const HISTORY_CAP = 1000;

/** Query keys of the customers feature; components never build keys themselves. */
export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (q: string) => [...customerKeys.lists(), { q }] as const,
  detail: (id: string) => [...customerKeys.all, 'detail', id] as const,
};

/** GET /v1/customers?q=: a search, page by page ("Load more"). */
export function useCustomers(q: string) {
  return tsr.customers.list.useInfiniteQuery({
    queryKey: customerKeys.list(q),
    queryData: ({ pageParam }) => ({
      query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(typeof pageParam === 'string' ? { cursor: pageParam } : {}) },
    }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { body: { nextCursor: string | null } }) => last.body.nextCursor ?? undefined,
  });
}

/** GET /v1/customers/:id. */
export function useCustomer(id: string) {
  return tsr.customers.get.useQuery({ queryKey: customerKeys.detail(id), queryData: { params: { id } } });
}

/** POST /v1/customers. */
export function useCreateCustomer() {
  const queryClient = tsr.useQueryClient();
  return tsr.customers.create.useMutation({
    onSuccess: ({ body, headers }) => {
      queryClient.customers.get.setQueryData(customerKeys.detail(body.id), { status: 200, body, headers });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

/** PATCH /v1/customers/:id. */
export function useUpdateCustomer() {
  const queryClient = tsr.useQueryClient();
  return tsr.customers.update.useMutation({
    onSuccess: (response) => {
      queryClient.customers.get.setQueryData(customerKeys.detail(response.body.id), response);
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

/**
 * GET /v1/bookings?customerId=, every page: a profile shows the history newest first, and the
 * API only sorts oldest first. Cached among the bookings lists, so changes made in the booking
 * panel or calendar show here too.
 */
export function useCustomerBookings(customerId: string) {
  return useQuery<BookingListData, ApiFailure>({
    queryKey: [...bookingKeys.lists(), 'customer', { customerId }],
    queryFn: async ({ signal }) => {
      const items: TBooking[] = [];
      let cursor: string | undefined;
      let headers = new Headers();
      do {
        const response = await tsr.bookings.list.query({
          query: { customerId, limit: 200, ...(cursor ? { cursor } : {}) },
          fetchOptions: { signal },
        });
        if (response.status !== 200) throw response;
        items.push(...response.body.items);
        headers = response.headers;
        cursor = response.body.nextCursor ?? undefined;
      } while (cursor && items.length < HISTORY_CAP);
      return { status: 200, body: { items, nextCursor: cursor ?? null }, headers };
    },
  });
}

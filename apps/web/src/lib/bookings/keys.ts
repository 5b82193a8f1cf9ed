import type { TBookingStatus, TPaymentStatus } from '@slotwise/contracts';

/**
 * Filters of `GET /v1/bookings`. `from`/`to` are local dates (YYYY-MM-DD) in the tenant zone,
 * inclusive; the API orders by start time, earliest first unless `order` is `desc`.
 */
export type BookingListFilters = {
  from?: string;
  to?: string;
  status?: readonly TBookingStatus[];
  resourceId?: string;
  serviceId?: string;
  customerId?: string;
  q?: string;
  /** Bookings whose card payment is in one of these states. */
  paymentStatus?: readonly TPaymentStatus[];
  /** By start time; the API's default is `asc`. */
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
};

/**
 * Every booking matching the filters, all pages fetched (the calendar's date range, today's
 * schedule, a customer's history). `max` stops after that many; the list then keeps a `nextCursor`.
 */
export type BookingRangeFilters = Omit<BookingListFilters, 'cursor' | 'limit'> & { max?: number };

export type FreeSlotsQuery = { serviceId: string; resourceId: string; date: string; timeZone: string };

/**
 * Query keys of bookings, shared by every screen that shows them; components never build keys
 * themselves. Both kinds of lists live under `lists()`, carry their filters at the same place
 * and hold the same shape (`{ status, body: { items, nextCursor } }`), so one optimistic update
 * reaches the list page, the calendar and a customer's history alike.
 */
export const bookingKeys = {
  all: ['bookings'] as const,
  lists: () => [...bookingKeys.all, 'list'] as const,
  /** One page of the bookings list page. */
  page: (filters: BookingListFilters) => [...bookingKeys.lists(), 'page', filters] as const,
  /** Every booking matching the filters, all pages. */
  range: (filters: BookingRangeFilters) => [...bookingKeys.lists(), 'range', filters] as const,
  details: () => [...bookingKeys.all, 'detail'] as const,
  detail: (id: string) => [...bookingKeys.details(), id] as const,
  history: (id: string) => [...bookingKeys.all, 'history', id] as const,
  /** Free times to move a booking to (the slots of its service on one local date). */
  slots: (query: FreeSlotsQuery) => [...bookingKeys.all, 'slots', query] as const,
};

/** The filters a cached list was fetched with (both `page` and `range` keys keep them last). */
export function listFiltersOf(queryKey: readonly unknown[]): BookingListFilters & { max?: number } {
  const filters: unknown = queryKey[3] ?? {};
  return filters as BookingListFilters & { max?: number };
}

/** Mutation keys, so pending changes can be shown wherever a booking appears. */
export const bookingMutationKeys = {
  all: ['bookings', 'change'] as const,
  reschedule: () => [...bookingMutationKeys.all, 'reschedule'] as const,
  notes: () => [...bookingMutationKeys.all, 'notes'] as const,
  cancel: () => [...bookingMutationKeys.all, 'cancel'] as const,
  status: () => [...bookingMutationKeys.all, 'status'] as const,
  create: () => [...bookingMutationKeys.all, 'create'] as const,
};

/** The query string of `GET /v1/bookings` for these filters. */
export function bookingListQuery(filters: BookingListFilters) {
  const { status, paymentStatus, ...rest } = filters;
  return {
    ...rest,
    limit: filters.limit ?? 50,
    ...(status && status.length > 0 ? { status: status.join(',') } : {}),
    ...(paymentStatus && paymentStatus.length > 0 ? { paymentStatus: paymentStatus.join(',') } : {}),
  };
}

import { ZBooking, type TBooking, type TBookingStatus, type THistoryEntry, type TSettableStatus } from '@slotwise/contracts';
import { TZDate } from '@date-fns/tz';
import { keepPreviousData, skipToken, useMutation, useMutationState, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { format } from 'date-fns/format';
import { toast } from 'sonner';
import { apiErrorOf, describeApiError, tsr, type ApiFailure } from '../../lib/api';
import { authKeys } from '../auth/api';

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
  /** By start time; the API's default is `asc`. */
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
};

/** Every booking of a date range, all pages fetched (the calendar's view of the data). */
export type BookingRangeFilters = Pick<BookingListFilters, 'from' | 'to' | 'resourceId' | 'status'> & { from: string; to: string };

/**
 * Query keys of the bookings feature; components never build keys themselves. Both kinds of
 * lists live under `lists()` and hold the same shape (`{ status, body: { items, nextCursor } }`)
 * so one optimistic update reaches the list page and the calendar alike.
 */
export const bookingKeys = {
  all: ['bookings'] as const,
  lists: () => [...bookingKeys.all, 'list'] as const,
  /** One page of the bookings list page. */
  page: (filters: BookingListFilters) => [...bookingKeys.lists(), 'page', filters] as const,
  /** All bookings of a date range (calendar). */
  range: (filters: BookingRangeFilters) => [...bookingKeys.lists(), 'range', filters] as const,
  details: () => [...bookingKeys.all, 'detail'] as const,
  detail: (id: string) => [...bookingKeys.details(), id] as const,
  history: (id: string) => [...bookingKeys.all, 'history', id] as const,
  /** Free times to move a booking to (the slots of its service on one local date). */
  slots: (query: FreeSlotsQuery) => [...bookingKeys.all, 'slots', query] as const,
};

export type FreeSlotsQuery = { serviceId: string; resourceId: string; date: string; timeZone: string };

/** Mutation keys, so pending changes can be shown wherever a booking appears. */
export const bookingMutationKeys = {
  all: ['bookings', 'change'] as const,
  reschedule: () => [...bookingMutationKeys.all, 'reschedule'] as const,
  notes: () => [...bookingMutationKeys.all, 'notes'] as const,
  cancel: () => [...bookingMutationKeys.all, 'cancel'] as const,
  status: () => [...bookingMutationKeys.all, 'status'] as const,
  create: () => [...bookingMutationKeys.all, 'create'] as const,
};

/** The cached shape of a bookings list (a page or a whole range). */
export type BookingListData = { status: 200; body: { items: TBooking[]; nextCursor: string | null }; headers: Headers };
type BookingData = { status: 200; body: TBooking; headers: Headers };

/** The query string of `GET /v1/bookings` for these filters. */
export function bookingListQuery(filters: BookingListFilters) {
  const { status, ...rest } = filters;
  return {
    ...rest,
    limit: filters.limit ?? 50,
    ...(status && status.length > 0 ? { status: status.join(',') } : {}),
  };
}

/* ---------------------------------------------------------------- queries */

/** GET /v1/bookings: one page. Keeps the previous page on screen while the next loads. */
export function useBookings(filters: BookingListFilters) {
  return tsr.bookings.list.useQuery({
    queryKey: bookingKeys.page(filters),
    queryData: { query: bookingListQuery(filters) },
    placeholderData: keepPreviousData,
  });
}

/** Fetches every page of a date range (at most a few for a month of a busy business). */
export async function fetchBookingRange(filters: BookingRangeFilters, signal?: AbortSignal): Promise<BookingListData> {
  const items: TBooking[] = [];
  let cursor: string | undefined;
  let headers = new Headers();
  do {
    const response = await tsr.bookings.list.query({
      query: bookingListQuery({ ...filters, limit: 200, ...(cursor ? { cursor } : {}) }),
      fetchOptions: { signal },
    });
    if (response.status !== 200) throw response;
    items.push(...response.body.items);
    headers = response.headers;
    cursor = response.body.nextCursor ?? undefined;
  } while (cursor);
  return { status: 200, body: { items, nextCursor: null }, headers };
}

/** GET /v1/bookings/:id. Starts from the copy in any cached list, so a panel opens at once. */
export function useBooking(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery<BookingData, ApiFailure>({
    queryKey: bookingKeys.detail(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }) => {
      const response = await tsr.bookings.get.query({ params: { id: id ?? '' }, fetchOptions: { signal } });
      if (response.status !== 200) throw response;
      return response;
    },
    initialData: () => {
      const found = id ? findInLists(queryClient, id) : undefined;
      return found ? { status: 200 as const, body: found.booking, headers: new Headers() } : undefined;
    },
    initialDataUpdatedAt: () => (id ? findInLists(queryClient, id)?.updatedAt : undefined),
  });
}

/** GET /v1/bookings/:id/history: what happened to a booking, oldest first (empty when nothing was recorded). */
export function useBookingHistory(id: string | undefined) {
  return useQuery<THistoryEntry[], ApiFailure>({
    queryKey: bookingKeys.history(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }) => {
      const response = await tsr.bookings.history.query({ params: { id: id ?? '' }, fetchOptions: { signal } });
      if (response.status !== 200) throw response;
      return response.body.items;
    },
  });
}

/** GET /v1/services/:id/slots for one local date and resource: where a booking could move to. */
export function useFreeSlots(query: FreeSlotsQuery | undefined) {
  return tsr.services.slots.useQuery({
    queryKey: bookingKeys.slots(query ?? { serviceId: '', resourceId: '', date: '', timeZone: '' }),
    queryData: query
      ? { params: { id: query.serviceId }, query: { from: query.date, to: query.date, timeZone: query.timeZone, resourceId: query.resourceId } }
      : skipToken,
    staleTime: 10_000,
    select: (response) => response.body.slots,
  });
}

/**
 * GET /v1/bookings for a date range, every page. Polls while the view can still change (it does
 * not lie entirely in the past) at `pollMs`; focus and reconnect refetch at once, a background
 * tab does not poll.
 */
export function useBookingRange(filters: BookingRangeFilters, options: { pollMs: number | false; rangeEndsAt: number }) {
  const inThePast = options.rangeEndsAt < Date.now();
  return useQuery<BookingListData, ApiFailure>({
    queryKey: bookingKeys.range(filters),
    queryFn: ({ signal }) => fetchBookingRange(filters, signal),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    refetchInterval: inThePast ? false : options.pollMs,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    refetchOnReconnect: 'always',
  });
}

/* -------------------------------------------------------------- mutations */

/** POST /v1/bookings: staff books on behalf of a customer. Errors are for the form to show. */
export function useCreateBooking() {
  const queryClient = useQueryClient();
  return tsr.bookings.create.useMutation({
    mutationKey: bookingMutationKeys.create(),
    onSuccess: (response) => {
      applyBookingEverywhere(queryClient, response.body, { insert: true });
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists() });
    },
  });
}

/** A new start, and optionally another resource (its name is shown until the server answers). */
export type Reschedule = { id: string; startsAt: string; resource?: { id: string; name: string } };
/** PATCH /v1/bookings/:id with a new start (and maybe resource). Optimistic; the duration stays. */
export function useRescheduleBooking(options?: ChangeOptions) {
  return useOptimisticBookingChange<Reschedule>({
    ...options,
    mutationKey: bookingMutationKeys.reschedule(),
    apply: (booking, { startsAt, resource = booking.resource }) => {
      const duration = Date.parse(booking.endsAt) - Date.parse(booking.startsAt);
      const endsAt = new Date(Date.parse(startsAt) + duration).toISOString();
      return { ...booking, startsAt, endsAt, resourceId: resource.id, resource };
    },
    send: ({ id, startsAt, resource }, version) =>
      tsr.bookings.update.mutate({
        params: { id },
        body: { version, startsAt, ...(resource ? { resourceId: resource.id } : {}), overrideNoticeAndHorizon: true },
      }),
  });
}

/** PATCH /v1/bookings/:id with new notes (empty clears them). Optimistic. */
export function useUpdateBookingNotes(options?: ChangeOptions) {
  return useOptimisticBookingChange<{ id: string; notes: string | null }>({
    ...options,
    mutationKey: bookingMutationKeys.notes(),
    apply: (booking, { notes }) => ({ ...booking, notes }),
    send: ({ id, notes }, version) => tsr.bookings.update.mutate({ params: { id }, body: { version, notes } }),
  });
}

/** POST /v1/bookings/:id/cancel. Optimistic. */
export function useCancelBooking(options?: ChangeOptions) {
  return useOptimisticBookingChange<{ id: string; reason: string }>({
    ...options,
    mutationKey: bookingMutationKeys.cancel(),
    apply: (booking, { reason }) => ({ ...booking, status: 'CANCELLED', cancellationReason: reason, cancelledBy: 'staff' }),
    send: ({ id, reason }, version) => tsr.bookings.cancel.mutate({ params: { id }, body: { reason, version } }),
  });
}

export type SettableStatus = TSettableStatus;
/** POST /v1/bookings/:id/status (confirm a hold, completed, no-show, or undo back to confirmed). Optimistic. */
export function useSetBookingStatus(options?: ChangeOptions) {
  return useOptimisticBookingChange<{ id: string; status: SettableStatus }>({
    ...options,
    mutationKey: bookingMutationKeys.status(),
    apply: (booking, { status }) => ({ ...booking, status }),
    send: ({ id, status }, version) => tsr.bookings.setStatus.mutate({ params: { id }, body: { status, version } }),
  });
}

/** Ids of bookings with a change on its way to the server, to show them as pending. */
export function usePendingBookingIds(): ReadonlySet<string> {
  const ids = useMutationState({
    filters: { mutationKey: bookingMutationKeys.all, status: 'pending' },
    select: (mutation) => (mutation.state.variables as { id?: string } | undefined)?.id,
  });
  return new Set(ids.filter((id): id is string => typeof id === 'string'));
}

/* ------------------------------------------------------ optimistic machinery */

type ChangeVariables = { id: string };

/**
 * What to do once the server accepted a change. Given to the hook rather than to `mutate`, so it
 * still runs when the form that made the change has closed in the meantime.
 */
export type ChangeOptions = { onSuccess?: (booking: TBooking) => void };

class BookingNotLoadedError extends Error {
  constructor() {
    super('This booking is no longer loaded. Reload the page and try again.');
  }
}
type ApiResponse = { status: number; body: unknown; headers: Headers };
type Snapshot = { entries: Array<[QueryKey, unknown]> };

/**
 * One optimistic change of a booking: snapshot every cached copy, apply the change to all of
 * them at once (lists and the booking itself), send it with the version the cache holds, and on
 * failure put the snapshot back and say what happened. Settling refetches what was touched once
 * no other change of a booking is still in flight (so a refetch cannot undo a pending one).
 */
function useOptimisticBookingChange<V extends ChangeVariables>(options: ChangeOptions & {
  mutationKey: readonly unknown[];
  apply: (booking: TBooking, variables: V) => TBooking;
  send: (variables: V, version: number) => Promise<ApiResponse>;
}) {
  const queryClient = useQueryClient();
  return useMutation<TBooking, ApiFailure, V, Snapshot>({
    mutationKey: options.mutationKey,
    mutationFn: async (variables) => {
      const cached = findBooking(queryClient, variables.id);
      if (!cached) throw new BookingNotLoadedError();
      const response = await options.send(variables, cached.version);
      if (response.status !== 200) throw response;
      return ZBooking.parse(response.body);
    },
    onMutate: async (variables) => {
      await queryClient.cancelQueries({ queryKey: bookingKeys.lists() });
      await queryClient.cancelQueries({ queryKey: bookingKeys.detail(variables.id) });
      const snapshot: Snapshot = {
        entries: [
          ...queryClient.getQueriesData({ queryKey: bookingKeys.lists() }),
          ...queryClient.getQueriesData({ queryKey: bookingKeys.detail(variables.id) }),
        ],
      };
      const cached = findBooking(queryClient, variables.id);
      if (cached) applyBookingEverywhere(queryClient, options.apply(cached, variables), { insert: true });
      return snapshot;
    },
    onError: (error, variables, snapshot) => {
      if (snapshot) for (const [key, data] of snapshot.entries) queryClient.setQueryData(key, data);
      const apiError = apiErrorOf(error);
      if (apiError?.code === 'VERSION_CONFLICT') {
        const current = ZBooking.safeParse((apiError.details as { current?: unknown } | undefined)?.current);
        if (current.success) applyBookingEverywhere(queryClient, current.data, { insert: true });
        toast.error('Someone else changed this booking — reloaded');
        return;
      }
      if (apiError?.code === 'SLOT_UNAVAILABLE') {
        toast.error('Time slot already booked');
        return;
      }
      toast.error(error instanceof BookingNotLoadedError ? error.message : describeApiError(error), { id: `booking-${variables.id}` });
    },
    onSuccess: (booking) => {
      applyBookingEverywhere(queryClient, booking, { insert: true });
      options.onSuccess?.(booking);
    },
    onSettled: (_data, _error, variables) => {
      void queryClient.invalidateQueries({ queryKey: bookingKeys.history(variables.id) });
      // This mutation still counts as running here, hence 1.
      if (queryClient.isMutating({ mutationKey: bookingMutationKeys.all }) > 1) return;
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: bookingKeys.details() });
    },
  });
}

/** The freshest cached copy of a booking: its own query first, else any list holding it. */
export function findBooking(queryClient: QueryClient, id: string): TBooking | undefined {
  const detail = queryClient.getQueryData<BookingData>(bookingKeys.detail(id));
  return detail?.body ?? findInLists(queryClient, id)?.booking;
}

function findInLists(queryClient: QueryClient, id: string): { booking: TBooking; updatedAt: number } | undefined {
  let best: { booking: TBooking; updatedAt: number } | undefined;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: bookingKeys.lists() })) {
    const data = query.state.data as BookingListData | undefined;
    const booking = data?.body.items.find((item) => item.id === id);
    if (booking && (!best || query.state.dataUpdatedAt > best.updatedAt)) best = { booking, updatedAt: query.state.dataUpdatedAt };
  }
  return best;
}

function tenantZone(queryClient: QueryClient): string | undefined {
  const me = queryClient.getQueryData<{ body: { currentTenant: { timeZone: string } | null } }>(authKeys.me());
  return me?.body.currentTenant?.timeZone;
}

/** Whether a list with these filters would contain the booking; undefined when it cannot tell (text search). */
function listWants(booking: TBooking, filters: BookingListFilters, zone: string | undefined): boolean | undefined {
  if (filters.q) return undefined;
  if (filters.status && filters.status.length > 0 && !filters.status.includes(booking.status)) return false;
  if (filters.resourceId && filters.resourceId !== booking.resourceId) return false;
  if (filters.serviceId && filters.serviceId !== booking.serviceId) return false;
  if (filters.customerId && filters.customerId !== booking.customerId) return false;
  if (filters.from || filters.to) {
    if (!zone) return undefined;
    const day = format(new TZDate(booking.startsAt, zone), 'yyyy-MM-dd');
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
  }
  return true;
}

function byStart(a: TBooking, b: TBooking): number {
  return Date.parse(a.startsAt) - Date.parse(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Puts this version of a booking into every cached list and its own query: replaced where it is,
 * dropped where the list's filters no longer match (moved out of the range, cancelled out of a
 * status filter), and added where they now do.
 */
export function applyBookingEverywhere(queryClient: QueryClient, booking: TBooking, { insert }: { insert: boolean }): void {
  const zone = tenantZone(queryClient);
  for (const query of queryClient.getQueryCache().findAll({ queryKey: bookingKeys.lists() })) {
    const data = query.state.data as BookingListData | undefined;
    if (!data) continue;
    const filters = (query.queryKey[3] ?? {}) as BookingListFilters;
    const items = data.body.items;
    const index = items.findIndex((item) => item.id === booking.id);
    const wants = listWants(booking, filters, zone) ?? index >= 0;
    let next: TBooking[] | undefined;
    if (index >= 0 && wants) next = items.map((item) => (item.id === booking.id ? booking : item)).sort(byStart);
    else if (index >= 0) next = items.filter((item) => item.id !== booking.id);
    else if (wants && insert && !filters.cursor) {
      const last = items.at(-1);
      const fitsThisPage = data.body.nextCursor === null || (last !== undefined && byStart(booking, last) < 0);
      if (fitsThisPage) next = [...items, booking].sort(byStart);
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

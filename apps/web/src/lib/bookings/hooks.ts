import { ZBooking, type TBooking, type THistoryEntry, type TSettableStatus } from '@slotwise/contracts';
import { keepPreviousData, skipToken, useMutation, useMutationState, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { toast } from 'sonner';
import { paymentKeys } from '../payments';
import { useSession } from '../session';
import { ApiResponseError, apiErrorOf, describeApiError, tsr, type ApiFailure } from '../api';
import { applyBookingEverywhere, findBooking, findInLists, type BookingData, type BookingListData } from './cache';
import { bookingKeys, bookingListQuery, bookingMutationKeys, type BookingRangeFilters, type FreeSlotsQuery } from './keys';

/** The business's zone, in which the lists' date filters are local dates. */
function useTenantZone(): string {
  return useSession().tenant.timeZone;
}

/* ---------------------------------------------------------------- queries */

/**
 * Fetches every page of the bookings matching the filters (at most a few for a month of a busy
 * business), in the order the filters ask for; stops after `max` bookings if given.
 */
export async function fetchBookingRange(filters: BookingRangeFilters, signal?: AbortSignal): Promise<BookingListData> {
  const { max = Infinity, ...listFilters } = filters;
  const items: TBooking[] = [];
  let cursor: string | undefined;
  let headers = new Headers();
  do {
    const response = await tsr.bookings.list.query({
      query: bookingListQuery({ ...listFilters, limit: 200, ...(cursor ? { cursor } : {}) }),
      fetchOptions: { signal },
    });
    if (response.status !== 200) throw new ApiResponseError(response);
    items.push(...response.body.items);
    headers = response.headers;
    cursor = response.body.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return { status: 200, body: { items, nextCursor: cursor ?? null }, headers };
}

/** How often an open booking is read again while a refund of it is on its way (Stripe settles it in seconds). */
export const REFUND_PENDING_POLL_MS = 3_000;

/**
 * GET /v1/bookings/:id. Starts from the copy in any cached list, so a panel opens at once. While a
 * refund is on its way it is read again every few seconds, so its outcome shows without a reload.
 */
export function useBooking(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery<BookingData, ApiFailure>({
    queryKey: bookingKeys.detail(id ?? ''),
    enabled: Boolean(id),
    refetchInterval: (query) => ((query.state.data?.body.payment?.refundPendingMinor ?? 0) > 0 ? REFUND_PENDING_POLL_MS : false),
    refetchIntervalInBackground: false,
    queryFn: async ({ signal }) => {
      const response = await tsr.bookings.get.query({ params: { id: id ?? '' }, fetchOptions: { signal } });
      if (response.status !== 200) throw new ApiResponseError(response);
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
      if (response.status !== 200) throw new ApiResponseError(response);
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
  return useQuery<BookingListData, ApiFailure>({
    queryKey: bookingKeys.range(filters),
    queryFn: ({ signal }) => fetchBookingRange(filters, signal),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    refetchInterval: () => (options.rangeEndsAt < Date.now() ? false : options.pollMs),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    refetchOnReconnect: 'always',
  });
}

/**
 * GET /v1/bookings, every page of the filters (up to `max`), without polling: a customer's
 * history. Cached among the bookings lists, so changes made in the booking panel or the calendar
 * show here too.
 */
export function useAllBookings(filters: BookingRangeFilters) {
  return useQuery<BookingListData, ApiFailure>({
    queryKey: bookingKeys.range(filters),
    queryFn: ({ signal }) => fetchBookingRange(filters, signal),
  });
}

/* -------------------------------------------------------------- mutations */

/** POST /v1/bookings: staff books on behalf of a customer. Errors are for the form to show. */
export function useCreateBooking() {
  const queryClient = useQueryClient();
  const zone = useTenantZone();
  return tsr.bookings.create.useMutation({
    mutationKey: bookingMutationKeys.create(),
    onSuccess: (response) => {
      applyBookingEverywhere(queryClient, response.body, { insert: true, zone });
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

/**
 * POST /v1/bookings/:id/cancel. Optimistic. A paid booking is refunded in full (`refund`
 * omitted or FULL) or by its cancellation policy (POLICY); the refund shows once the API answers,
 * and the payments pages and badge are read again.
 */
export function useCancelBooking(options?: ChangeOptions) {
  const queryClient = useQueryClient();
  return useOptimisticBookingChange<{ id: string; reason: string; refund?: 'FULL' | 'POLICY' }>({
    ...options,
    onSuccess: (booking) => {
      if (booking.payment) void queryClient.invalidateQueries({ queryKey: paymentKeys.all });
      options?.onSuccess?.(booking);
    },
    mutationKey: bookingMutationKeys.cancel(),
    apply: (booking, { reason }) => ({ ...booking, status: 'CANCELLED', cancellationReason: reason, cancelledBy: 'staff' }),
    send: ({ id, reason, refund }, version) => tsr.bookings.cancel.mutate({ params: { id }, body: { reason, version, ...(refund ? { refund } : {}) } }),
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
function useOptimisticBookingChange<V extends ChangeVariables>(
  options: ChangeOptions & {
    mutationKey: readonly unknown[];
    apply: (booking: TBooking, variables: V) => TBooking;
    send: (variables: V, version: number) => Promise<ApiResponse>;
  },
) {
  const queryClient = useQueryClient();
  const zone = useTenantZone();
  return useMutation<TBooking, ApiFailure, V, Snapshot>({
    mutationKey: options.mutationKey,
    mutationFn: async (variables) => {
      const cached = findBooking(queryClient, variables.id);
      if (!cached) throw new BookingNotLoadedError();
      const response = await options.send(variables, cached.version);
      if (response.status !== 200) throw new ApiResponseError(response);
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
      if (cached) applyBookingEverywhere(queryClient, options.apply(cached, variables), { insert: true, zone });
      return snapshot;
    },
    onError: (error, variables, snapshot) => {
      if (snapshot) for (const [key, data] of snapshot.entries) queryClient.setQueryData(key, data);
      const apiError = apiErrorOf(error);
      if (apiError?.code === 'VERSION_CONFLICT') {
        const current = ZBooking.safeParse((apiError.details as { current?: unknown } | undefined)?.current);
        if (current.success) applyBookingEverywhere(queryClient, current.data, { insert: true, zone });
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
      applyBookingEverywhere(queryClient, booking, { insert: true, zone });
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

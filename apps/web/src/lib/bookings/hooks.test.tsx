import type { TBooking } from '@slotwise/contracts';
import { act, renderHook, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../../app/query-client';
import { apiError, installFakeApi, json } from '../../test/fake-api';
import { BOOKING, deferred, withSession } from '../../test/bookings';
import type { BookingListData } from './cache';
import { usePendingBookingIds, useRescheduleBooking } from './hooks';
import { bookingKeys } from './keys';

const api = installFakeApi();
const PATCH = `PATCH /v1/bookings/${BOOKING.id}`;
// The week the booking is in (tenant zone Europe/Lisbon), and the next one.
const THIS_WEEK = { from: '2026-06-08', to: '2026-06-14' };
const NEXT_WEEK = { from: '2026-06-15', to: '2026-06-21' };

function listOf(items: TBooking[]): BookingListData {
  return { status: 200, body: { items, nextCursor: null }, headers: new Headers() };
}

function setup() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(bookingKeys.range(THIS_WEEK), listOf([BOOKING]));
  queryClient.setQueryData(bookingKeys.range(NEXT_WEEK), listOf([]));
  queryClient.setQueryData(bookingKeys.detail(BOOKING.id), { status: 200, body: BOOKING, headers: new Headers() });
  const hook = renderHook(() => ({ reschedule: useRescheduleBooking(), pending: usePendingBookingIds() }), { wrapper: withSession(queryClient) });
  const cached = {
    thisWeek: () => queryClient.getQueryData<BookingListData>(bookingKeys.range(THIS_WEEK))?.body.items ?? [],
    nextWeek: () => queryClient.getQueryData<BookingListData>(bookingKeys.range(NEXT_WEEK))?.body.items ?? [],
    detail: () => queryClient.getQueryData<{ body: TBooking }>(bookingKeys.detail(BOOKING.id))?.body,
  };
  return { hook, cached, queryClient };
}

describe('useRescheduleBooking', () => {
  it('moves the booking in every cached copy at once and sends the cached version', async () => {
    const answer = deferred<Response>();
    api.on(PATCH, () => answer.promise);
    const { hook, cached } = setup();

    act(() => hook.result.current.reschedule.mutate({ id: BOOKING.id, startsAt: '2026-06-16T14:00:00.000Z' }));

    // Moved to next week: gone from this week's list, in next week's, and the booking itself changed.
    await expect.poll(() => cached.nextWeek().map((booking) => booking.startsAt)).toEqual(['2026-06-16T14:00:00.000Z']);
    expect(cached.thisWeek()).toEqual([]);
    expect(cached.detail()?.startsAt).toBe('2026-06-16T14:00:00.000Z');
    expect(cached.detail()?.endsAt).toBe('2026-06-16T15:00:00.000Z');
    expect(hook.result.current.pending.has(BOOKING.id)).toBe(true);
    expect(api.requestsTo(PATCH)[0]?.body).toEqual({ version: 2, startsAt: '2026-06-16T14:00:00.000Z', overrideNoticeAndHorizon: true });

    const saved = { ...BOOKING, startsAt: '2026-06-16T14:00:00.000Z', endsAt: '2026-06-16T15:00:00.000Z', version: 3 };
    answer.resolve(json(200, saved));
    await expect.poll(() => cached.detail()?.version).toBe(3);
    expect(cached.nextWeek()).toEqual([saved]);
    await expect.poll(() => hook.result.current.pending.has(BOOKING.id)).toBe(false);
  });

  it('puts everything back and says so when the time was taken', async () => {
    const answer = deferred<Response>();
    api.on(PATCH, () => answer.promise);
    const { hook, cached } = setup();

    act(() => hook.result.current.reschedule.mutate({ id: BOOKING.id, startsAt: '2026-06-09T11:00:00.000Z' }));
    await expect.poll(() => cached.thisWeek()[0]?.startsAt).toBe('2026-06-09T11:00:00.000Z');

    answer.resolve(apiError(409, 'SLOT_UNAVAILABLE', 'This time is no longer available'));
    expect(await screen.findByText('Time slot already booked')).toBeTruthy();
    expect(cached.thisWeek()).toEqual([BOOKING]);
    expect(cached.nextWeek()).toEqual([]);
    expect(cached.detail()).toEqual(BOOKING);
  });

  it('replaces the cached booking with the current one on a version conflict', async () => {
    const current: TBooking = {
      ...BOOKING,
      version: 5,
      notes: 'Changed by a colleague',
      startsAt: '2026-06-10T09:00:00.000Z',
      endsAt: '2026-06-10T10:00:00.000Z',
    };
    api.on(PATCH, () => apiError(409, 'VERSION_CONFLICT', 'Someone else changed this booking', { expected: 2, actual: 5, current }));
    const { hook, cached } = setup();

    act(() => hook.result.current.reschedule.mutate({ id: BOOKING.id, startsAt: '2026-06-09T11:00:00.000Z' }));

    expect(await screen.findByText('Someone else changed this booking — reloaded')).toBeTruthy();
    expect(cached.detail()).toEqual(current);
    expect(cached.thisWeek()).toEqual([current]);
  });

  it('shows the server’s message when the new time breaks a rule', async () => {
    api.on(PATCH, () => apiError(422, 'UNPROCESSABLE', 'Rita is not working at that time', { reason: 'OUTSIDE_HOURS' }));
    const { hook, cached } = setup();

    act(() => hook.result.current.reschedule.mutate({ id: BOOKING.id, startsAt: '2026-06-09T22:00:00.000Z' }));

    expect(await screen.findByText('Rita is not working at that time')).toBeTruthy();
    expect(cached.thisWeek()).toEqual([BOOKING]);
  });

  it("keeps a customer's latest-first history latest first while the move is on its way", async () => {
    const answer = deferred<Response>();
    api.on(PATCH, () => answer.promise);
    const { hook, queryClient } = setup();
    const history = { customerId: BOOKING.customerId, order: 'desc' as const };
    const later = { ...BOOKING, id: '9d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a', startsAt: '2026-06-12T09:00:00.000Z', endsAt: '2026-06-12T10:00:00.000Z' };
    queryClient.setQueryData(bookingKeys.range(history), listOf([later, BOOKING]));

    act(() => hook.result.current.reschedule.mutate({ id: BOOKING.id, startsAt: '2026-06-13T09:00:00.000Z' }));

    const ids = () => queryClient.getQueryData<BookingListData>(bookingKeys.range(history))?.body.items.map((booking) => booking.id);
    await expect.poll(ids).toEqual([BOOKING.id, later.id]);

    answer.resolve(json(200, { ...BOOKING, startsAt: '2026-06-13T09:00:00.000Z', endsAt: '2026-06-13T10:00:00.000Z', version: 3 }));
    await expect.poll(() => queryClient.getQueryData<BookingListData>(bookingKeys.range(history))?.body.items[0]?.version).toBe(3);
    expect(ids()).toEqual([BOOKING.id, later.id]);
  });
});

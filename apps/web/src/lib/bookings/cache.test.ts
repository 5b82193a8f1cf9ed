import type { TBooking } from '@slotwise/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { BOOKING } from '../../test/bookings';
import { paymentOf } from '../../test/payments';
import { applyBookingEverywhere, type BookingListData } from './cache';
import { bookingKeys, type BookingRangeFilters } from './keys';

const ZONE = 'Europe/Lisbon';
const CUSTOMER = BOOKING.customerId;

function at(id: string, startsAt: string): TBooking {
  const endsAt = new Date(Date.parse(startsAt) + 3_600_000).toISOString();
  return { ...BOOKING, id, startsAt, endsAt };
}

const MON = at('00000000-0000-4000-8000-000000000001', '2026-06-08T09:00:00.000Z');
const WED = at('00000000-0000-4000-8000-000000000003', '2026-06-10T09:00:00.000Z');
const FRI = at('00000000-0000-4000-8000-000000000005', '2026-06-12T09:00:00.000Z');

function cacheWith(filters: BookingRangeFilters, items: TBooking[], nextCursor: string | null = null) {
  const queryClient = new QueryClient();
  const data: BookingListData = { status: 200, body: { items, nextCursor }, headers: new Headers() };
  queryClient.setQueryData(bookingKeys.range(filters), data);
  const ids = () => queryClient.getQueryData<BookingListData>(bookingKeys.range(filters))?.body.items.map((booking) => booking.id);
  return { queryClient, ids };
}

describe('applyBookingEverywhere', () => {
  it('keeps an order=desc list latest first when a booking in it moves', () => {
    const { queryClient, ids } = cacheWith({ customerId: CUSTOMER, order: 'desc' }, [FRI, WED, MON]);

    applyBookingEverywhere(queryClient, at(MON.id, '2026-06-11T09:00:00.000Z'), { insert: true, zone: ZONE });

    expect(ids()).toEqual([FRI.id, MON.id, WED.id]);
  });

  it('inserts a new booking into an order=desc list at its place, latest first', () => {
    const { queryClient, ids } = cacheWith({ customerId: CUSTOMER, order: 'desc' }, [FRI, MON]);

    applyBookingEverywhere(queryClient, WED, { insert: true, zone: ZONE });

    expect(ids()).toEqual([FRI.id, WED.id, MON.id]);
  });

  it('adds to a capped order=desc list only what sorts before its last row', () => {
    const { queryClient, ids } = cacheWith({ customerId: CUSTOMER, order: 'desc', max: 2 }, [FRI, WED], 'more');

    applyBookingEverywhere(queryClient, MON, { insert: true, zone: ZONE });
    expect(ids()).toEqual([FRI.id, WED.id]);

    const thursday = at('00000000-0000-4000-8000-000000000004', '2026-06-11T09:00:00.000Z');
    applyBookingEverywhere(queryClient, thursday, { insert: true, zone: ZONE });
    expect(ids()).toEqual([FRI.id, thursday.id, WED.id]);
  });

  it('a list filtered by payment status drops a booking whose payment left that status, and takes none without a payment', () => {
    const payment = paymentOf({ id: '00000000-0000-4000-8000-0000000000aa' });
    const paidMon = { ...MON, payment };
    const { queryClient, ids } = cacheWith({ paymentStatus: ['SUCCEEDED'] }, [paidMon, { ...WED, payment }]);

    applyBookingEverywhere(queryClient, { ...FRI, payment: null }, { insert: true, zone: ZONE });
    expect(ids()).toEqual([MON.id, WED.id]);

    applyBookingEverywhere(queryClient, { ...paidMon, payment: { ...payment, status: 'REFUNDED' } }, { insert: true, zone: ZONE });
    expect(ids()).toEqual([WED.id]);
  });

  it('keeps an ascending list earliest first', () => {
    const { queryClient, ids } = cacheWith({ from: '2026-06-08', to: '2026-06-14' }, [MON, WED, FRI]);

    applyBookingEverywhere(queryClient, at(FRI.id, '2026-06-09T09:00:00.000Z'), { insert: true, zone: ZONE });

    expect(ids()).toEqual([MON.id, FRI.id, WED.id]);
  });
});

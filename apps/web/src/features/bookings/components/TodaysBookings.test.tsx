import { render, screen, within } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { BOOKING, withSession } from '../../../test/bookings';
import { TodaysBookings } from './TodaysBookings';

const api = installFakeApi();

function renderCard(timeZone: string, now: Date) {
  const Wrapper = withSession(new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const router = createMemoryRouter([{ path: '*', element: <TodaysBookings timeZone={timeZone} now={now} /> }]);
  render(
    <Wrapper>
      <RouterProvider router={router} />
    </Wrapper>,
  );
}

const MORNING = { ...BOOKING, id: '11111111-1111-4111-8111-111111111111', startsAt: '2026-06-09T09:00:00.000Z', endsAt: '2026-06-09T10:00:00.000Z' };
const AFTERNOON = {
  ...BOOKING,
  id: '22222222-2222-4222-8222-222222222222',
  startsAt: '2026-06-09T13:00:00.000Z',
  endsAt: '2026-06-09T13:45:00.000Z',
  status: 'PENDING_PAYMENT' as const,
  customer: { ...BOOKING.customer, name: 'Tomás Silva' },
  service: { ...BOOKING.service, name: 'Beard trim' },
};

describe("today's bookings", () => {
  it("asks for the business's today and lists it in the business's zone, with what is over set apart", async () => {
    api.on('GET /v1/bookings', () => json(200, { items: [MORNING, AFTERNOON], nextCursor: null }));
    // 12:30 UTC is 13:30 in Lisbon (summer time): the morning booking is over.
    renderCard('Europe/Lisbon', new Date('2026-06-09T12:30:00Z'));

    const list = await screen.findByRole('list', { name: "Today's bookings" });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['10:00–11:00Marta ReisHaircut with Rita', '14:00–14:45Tomás SilvaBeard trim with RitaPending payment']);
    expect(items[0]!.className).toContain('todays-bookings__item--over');
    expect(items[1]!.className).not.toContain('--over');
    expect(within(items[1]!).getByRole('link').getAttribute('href')).toBe(`/bookings?range=today&booking=${AFTERNOON.id}`);
    expect(screen.getByText('2 bookings, 1 still to come')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Open in calendar' }).getAttribute('href')).toBe('/calendar?view=day&date=2026-06-09');
    expect(Object.fromEntries(api.requestsTo('GET /v1/bookings')[0]!.query)).toEqual({
      from: '2026-06-09',
      to: '2026-06-09',
      limit: '200',
      status: 'PENDING_PAYMENT,CONFIRMED,COMPLETED,NO_SHOW',
    });
  });

  it('takes the date from the business zone, not UTC: 23:30 UTC is already tomorrow in Kolkata', async () => {
    api.on('GET /v1/bookings', () => json(200, { items: [], nextCursor: null }));
    renderCard('Asia/Kolkata', new Date('2026-06-09T23:30:00Z'));

    expect(await screen.findByRole('heading', { name: 'Nothing booked today' })).toBeDefined();
    expect(api.requestsTo('GET /v1/bookings')[0]!.query.get('from')).toBe('2026-06-10');
    expect(screen.getByRole('link', { name: 'Open in calendar' }).getAttribute('href')).toBe('/calendar?view=day&date=2026-06-10');
  });

  it('says when the bookings could not be loaded, and offers to try again', async () => {
    api.on('GET /v1/bookings', () => apiError(503, 'BUSY', 'The database is busy'));
    renderCard('Europe/Lisbon', new Date('2026-06-09T12:30:00Z'));

    expect(await screen.findByText("Today's bookings could not be loaded")).toBeDefined();
    expect(screen.getByRole('button', { name: /try again/i })).toBeDefined();
  });
});

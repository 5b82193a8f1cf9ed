import type { TBooking, TResource, TService } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { installFakeApi, json, type FakeRequest } from '../../../test/fake-api';
import { meAs, TENANT } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';
import { BOOKING } from '../../../test/bookings';
import { disputeOf, paymentOf } from '../../../test/payments';
import { todayIn } from '../../../lib/time';

const api = installFakeApi();

const RITA: TResource = {
  id: BOOKING.resourceId,
  name: 'Rita',
  timeZone: 'Europe/Lisbon',
  userId: null,
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};
const HAIRCUT: TService = {
  id: BOOKING.serviceId,
  name: 'Haircut',
  description: null,
  durationMin: 60,
  priceMinor: 4500,
  currency: 'EUR',
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 60,
  maxAdvanceDays: 60,
  slotIntervalMin: 60,
  maxPerDay: null,
  requiresPayment: false,
  paymentMode: 'FULL',
  depositMinor: null,
  depositPercent: null,
  cancellationPolicy: null,
  resourceIds: [RITA.id],
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

function booking(overrides: Partial<TBooking>): TBooking {
  return { ...BOOKING, id: crypto.randomUUID(), ...overrides };
}

/** The query of the latest request for the bookings list, as a plain object. */
function lastListQuery(): Record<string, string> {
  const requests = api.requestsTo('GET /v1/bookings');
  const last: FakeRequest | undefined = requests[requests.length - 1];
  return Object.fromEntries(last?.query ?? []);
}

function signedIn() {
  api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
  answerEmptyBusiness(api);
  api.on('GET /v1/resources', () => json(200, { items: [RITA], nextCursor: null }));
  api.on('GET /v1/services', () => json(200, { items: [HAIRCUT], nextCursor: null }));
}

// The route loads the page lazily; loading it once up front keeps that out of the first test's timing.
beforeAll(async () => {
  await import('./BookingsListPage');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('BookingsListPage', () => {
  it('filters by payment status and shows each booking’s payment', async () => {
    signedIn();
    const paid = booking({
      customer: { ...BOOKING.customer, name: 'Paid Customer' },
      payment: paymentOf({ id: crypto.randomUUID(), paidAt: '2026-03-01T10:00:00.000Z', createdAt: '2026-03-01T09:55:00.000Z', disputes: [disputeOf()] }),
    });
    api.on('GET /v1/bookings', () => json(200, { items: [paid, booking({ payment: null })], nextCursor: null }));
    const router = renderApp('/bookings');
    const today = todayIn(TENANT.timeZone);

    const rows = await screen.findAllByRole('row');
    expect(within(rows[1]!).getByText('Paid')).toBeDefined();
    expect(within(rows[1]!).getByText('Disputed')).toBeDefined();
    expect(within(rows[2]!).getByText('—')).toBeDefined();
    expect(within(rows[2]!).queryByText('Disputed')).toBeNull();

    const filters = within(screen.getByRole('search', { name: 'Filter bookings' }));
    await userEvent.selectOptions(filters.getByLabelText('Payment'), 'Paid');
    await expect.poll(lastListQuery).toEqual({ from: today, limit: '50', paymentStatus: 'SUCCEEDED' });
    expect(new URLSearchParams(router.state.location.search).get('payment')).toBe('SUCCEEDED');
  });

  it('turns every filter into the query of GET /v1/bookings and keeps them in the address', async () => {
    signedIn();
    api.on('GET /v1/bookings', () => json(200, { items: [booking({})], nextCursor: null }));
    const router = renderApp('/bookings');
    const today = todayIn(TENANT.timeZone);

    expect(await screen.findByText('Marta Reis')).toBeDefined();
    expect(lastListQuery()).toEqual({ from: today, limit: '50' });

    const filters = within(screen.getByRole('search', { name: 'Filter bookings' }));
    await userEvent.click(filters.getByRole('checkbox', { name: 'Confirmed' }));
    await userEvent.click(filters.getByRole('checkbox', { name: 'Pending payment' }));
    await expect.poll(lastListQuery).toEqual({ from: today, limit: '50', status: 'PENDING_PAYMENT,CONFIRMED' });

    await userEvent.selectOptions(filters.getByLabelText('Resource'), 'Rita');
    await userEvent.selectOptions(filters.getByLabelText('Service'), 'Haircut');
    await userEvent.type(filters.getByLabelText('Customer'), ' marta ');
    await expect.poll(lastListQuery).toEqual({
      from: today,
      limit: '50',
      status: 'PENDING_PAYMENT,CONFIRMED',
      resourceId: RITA.id,
      serviceId: HAIRCUT.id,
      q: 'marta',
    });

    await userEvent.selectOptions(filters.getByLabelText('When'), 'Custom dates');
    await userEvent.type(filters.getByLabelText('From'), '2026-03-01');
    await userEvent.type(filters.getByLabelText('Until'), '2026-03-31');
    await expect.poll(lastListQuery).toMatchObject({ from: '2026-03-01', to: '2026-03-31' });

    const search = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(search)).toEqual({
      range: 'custom',
      from: '2026-03-01',
      to: '2026-03-31',
      status: 'CONFIRMED,PENDING_PAYMENT',
      resource: RITA.id,
      service: HAIRCUT.id,
      q: 'marta',
    });

    // Back to the first list, which is still cached, so nothing is asked again.
    const asked = api.requestsTo('GET /v1/bookings').length;
    await userEvent.click(filters.getByRole('button', { name: 'Clear filters' }));
    expect(router.state.location.search).toBe('');
    expect(filters.getByLabelText<HTMLInputElement>('Customer').value).toBe('');
    expect(await screen.findByText('Marta Reis')).toBeDefined();
    expect(api.requestsTo('GET /v1/bookings')).toHaveLength(asked);
  });

  it('loads the next page with the cursor and says the list is sorted earliest first', async () => {
    signedIn();
    const first = booking({ customer: { ...BOOKING.customer, name: 'First Page' } });
    const second = booking({ startsAt: '2026-06-10T09:00:00.000Z', customer: { ...BOOKING.customer, name: 'Second Page' } });
    api.on('GET /v1/bookings', (request) =>
      request.query.get('cursor') === 'next-1' ? json(200, { items: [second], nextCursor: null }) : json(200, { items: [first], nextCursor: 'next-1' }),
    );
    renderApp('/bookings?range=all');

    expect(await screen.findByText('First Page')).toBeDefined();
    expect(screen.getByText(/sorted by start time, earliest first/)).toBeDefined();
    expect(screen.getByRole('columnheader', { name: 'When' }).getAttribute('aria-sort')).toBe('ascending');
    expect(lastListQuery()).toEqual({ limit: '50' });

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByText('Second Page')).toBeDefined();
    expect(lastListQuery()).toEqual({ limit: '50', cursor: 'next-1' });
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map((row) => within(row).getAllByRole('cell')[1]?.textContent)).toEqual([
      'First Pagemarta@example.test',
      'Second Pagemarta@example.test',
    ]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('lists the past 30 days latest first, and says so', async () => {
    signedIn();
    api.on('GET /v1/bookings', () => json(200, { items: [booking({})], nextCursor: null }));
    renderApp('/bookings?range=past30');

    expect(await screen.findByText(/sorted by start time, latest first/)).toBeDefined();
    const query = lastListQuery();
    expect(query.order).toBe('desc');
    expect(query.from! < query.to!).toBe(true);
    expect(screen.getByRole('columnheader', { name: 'When' }).getAttribute('aria-sort')).toBe('descending');
  });

  it('exports every page of the current filters as CSV', async () => {
    signedIn();
    const tricky = booking({ customer: { ...BOOKING.customer, name: 'Reis, "Marta"' } });
    api.on('GET /v1/bookings', (request) => {
      if (request.query.get('limit') === '200') {
        return request.query.get('cursor') ? json(200, { items: [booking({})], nextCursor: null }) : json(200, { items: [tricky], nextCursor: 'export-2' });
      }
      return json(200, { items: [tricky], nextCursor: null });
    });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:bookings';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp('/bookings?status=CANCELLED');

    await screen.findByText('Reis, "Marta"');
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await expect.poll(() => blobs.length).toBe(1);
    const exports = api.requestsTo('GET /v1/bookings').filter((request) => request.query.get('limit') === '200');
    expect(exports.map((request) => Object.fromEntries(request.query))).toEqual([
      { from: todayIn(TENANT.timeZone), status: 'CANCELLED', limit: '200' },
      { from: todayIn(TENANT.timeZone), status: 'CANCELLED', limit: '200', cursor: 'export-2' },
    ]);
    const csv = await blobs[0]!.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',"Reis, ""Marta""",');
    expect(lines[1]).toMatch(/^2026-06-09,10:00,11:00,Europe\/Lisbon,Confirmed,Haircut,Rita,/);
  });
});

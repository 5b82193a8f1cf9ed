import type { TBooking, TCustomer } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { BOOKING } from '../../../test/bookings';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

function customer(name: string, email: string): TCustomer {
  return {
    id: crypto.randomUUID(),
    name,
    email,
    phone: null,
    timeZone: null,
    notes: null,
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
  };
}

const marta = customer('Marta Reis', 'marta@example.test');
const joao = customer('João Lima', 'joao@example.test');

function signedIn() {
  api.on('GET /v1/me', () => json(200, meAs('STAFF')));
  answerEmptyBusiness(api);
}

beforeAll(async () => {
  await Promise.all([import('./CustomersPage'), import('../../../app/routes/CustomerRoute'), import('./NewCustomerPage')]);
});

describe('CustomersPage', () => {
  it('searches after a pause, keeps the search in the address and pages with the cursor', async () => {
    signedIn();
    api.on('GET /v1/customers', (request) => {
      if (request.query.get('q') === 'reis') return json(200, { items: [marta], nextCursor: null });
      if (request.query.get('cursor') === 'page-2') return json(200, { items: [joao], nextCursor: null });
      return json(200, { items: [marta], nextCursor: 'page-2' });
    });
    const router = renderApp('/customers');

    expect(await screen.findByRole('link', { name: 'Marta Reis' })).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'João Lima' })).toBeDefined();
    expect(Object.fromEntries(api.requestsTo('GET /v1/customers')[1]!.query)).toEqual({ limit: '25', cursor: 'page-2' });

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'reis');
    await expect.poll(() => router.state.location.search).toBe('?q=reis');
    // One search for the settled text, not one per keystroke.
    expect(
      api
        .requestsTo('GET /v1/customers')
        .filter((request) => request.query.has('q'))
        .map((request) => request.query.get('q')),
    ).toEqual(['reis']);
    await expect.poll(() => screen.queryByRole('link', { name: 'João Lima' })).toBeNull();
  });

  it('says when nothing matches and offers to clear the search', async () => {
    signedIn();
    api.on('GET /v1/customers', (request) => json(200, { items: request.query.get('q') ? [] : [marta], nextCursor: null }));
    renderApp('/customers?q=nobody');

    expect(await screen.findByRole('heading', { name: 'No customers match “nobody”' })).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(await screen.findByRole('link', { name: 'Marta Reis' })).toBeDefined();
  });

  it("adds a customer, showing the API's conflict under the email, then opens their profile", async () => {
    signedIn();
    let taken = true;
    api.on('POST /v1/customers', (request) => {
      if (taken) return apiError(409, 'CONFLICT', 'A customer with this email already exists', { field: 'email' });
      return json(201, { ...customer('Ana Sousa', 'ana@example.test'), ...(request.body as object) });
    });
    const router = renderApp('/customers/new');

    await userEvent.type(await screen.findByLabelText('Name'), 'Ana Sousa');
    await userEvent.type(screen.getByLabelText('Email'), 'Ana@Example.test');
    await userEvent.type(screen.getByLabelText('Phone'), 'not a phone');
    await userEvent.click(screen.getByRole('button', { name: 'Add customer' }));
    expect(descriptionOf(screen.getByLabelText('Phone'))).toMatch(/^A phone number/);

    await userEvent.clear(screen.getByLabelText('Phone'));
    await userEvent.click(screen.getByRole('button', { name: 'Add customer' }));
    await expect.poll(() => descriptionOf(screen.getByLabelText('Email'))).toBe('A customer with this email already exists');

    taken = false;
    api.on('GET /v1/bookings', () => json(200, { items: [], nextCursor: null }));
    await userEvent.click(screen.getByRole('button', { name: 'Add customer' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ana Sousa' })).toBeDefined();
    expect(router.state.location.pathname).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    expect(api.requestsTo('POST /v1/customers')[1]?.body).toEqual({
      name: 'Ana Sousa',
      email: 'ana@example.test',
      phone: null,
      timeZone: null,
      notes: null,
    });
    expect(await screen.findByText('Nothing booked ahead.')).toBeDefined();
  });

  it("lists a customer's upcoming bookings soonest first and past ones latest first, as the API orders them", async () => {
    signedIn();
    api.on('GET /v1/customers/' + marta.id, () => json(200, marta));
    const DAY = 86_400_000;
    const booking = (service: string, daysFromNow: number): TBooking => {
      const startsAt = new Date(Date.now() + daysFromNow * DAY);
      return {
        ...BOOKING,
        id: crypto.randomUUID(),
        customerId: marta.id,
        service: { ...BOOKING.service, name: service },
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      };
    };
    const all = [booking('Long ago', -30), booking('Last week', -7), booking('Next week', 7), booking('Next month', 30)];
    api.on('GET /v1/bookings', (request) => {
      const items = request.query.get('order') === 'desc' ? all.toReversed() : all;
      return json(200, { items, nextCursor: null });
    });
    renderApp(`/customers/${marta.id}`);

    const services = (section: string) =>
      within(screen.getByRole('region', { name: section }))
        .getAllByRole('button')
        .map((button) => button.getAttribute('aria-label')?.split(': ')[1]);
    expect(await screen.findByText('Long ago')).toBeDefined();
    expect(services('Upcoming bookings')).toEqual(['Next week. Open details', 'Next month. Open details']);
    expect(services('Past bookings')).toEqual(['Last week. Open details', 'Long ago. Open details']);
    const queries = api.requestsTo('GET /v1/bookings').map((request) => Object.fromEntries(request.query));
    expect(queries.filter((query) => query.order === 'desc').map((query) => query.customerId)).toContain(marta.id);
  });
});

import type { TResource, TService } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { apiError, installFakeApi, json, noContent } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

const RITA: TResource = {
  id: '7b2e9c4d-1a3f-4e5b-9c8d-2f1e0a9b8c72',
  name: 'Rita',
  timeZone: 'Europe/Lisbon',
  userId: null,
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};
const BRUNO: TResource = { ...RITA, id: '8c3f0d5e-2b4a-4f6c-8d9e-3a2b1c0d9e83', name: 'Bruno' };

function service(overrides: Partial<TService>): TService {
  return {
    id: crypto.randomUUID(),
    name: 'Haircut',
    description: null,
    durationMin: 45,
    priceMinor: 3000,
    currency: 'EUR',
    bufferBeforeMin: 0,
    bufferAfterMin: 0,
    minNoticeMin: 60,
    maxAdvanceDays: 60,
    slotIntervalMin: 45,
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
    ...overrides,
  };
}

function signedInAs(role: 'ADMIN' | 'STAFF', services: { active: TService[]; archived?: TService[] }) {
  api.on('GET /v1/me', () => json(200, meAs(role)));
  answerEmptyBusiness(api);
  api.on('GET /v1/resources', () => json(200, { items: [RITA, BRUNO], nextCursor: null }));
  api.on('GET /v1/services', (request) =>
    json(200, {
      items: request.query.get('includeArchived') === 'true' ? [...services.active, ...(services.archived ?? [])] : services.active,
      nextCursor: null,
    }),
  );
}

beforeAll(async () => {
  await Promise.all([import('./ServicesPage'), import('./ServiceFormPage')]);
});

describe('ServicesPage', () => {
  it('archives after confirming, and restores from the archived list', async () => {
    const haircut = service({});
    const colour = service({ name: 'Colour', durationMin: 90, priceMinor: 8550 });
    const services = { active: [haircut, colour], archived: [] as TService[] };
    signedInAs('ADMIN', services);
    api.on(`DELETE /v1/services/${colour.id}`, () => {
      services.active = [haircut];
      services.archived = [colour];
      return noContent();
    });
    api.on(`POST /v1/services/${colour.id}/restore`, () => {
      services.active = [haircut, colour];
      services.archived = [];
      return json(200, colour);
    });
    renderApp('/services');

    const row = await screen.findByRole('row', { name: /Colour/ });
    expect(row.textContent).toContain('1 h 30 min');
    expect(row.textContent).toContain('85.50');
    expect(row.textContent).toContain('Rita');

    await userEvent.click(within(row).getByRole('button', { name: 'Archive Colour' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Archive Colour?' })).getByRole('button', { name: 'Archive service' }));
    await expect.poll(() => screen.queryByRole('row', { name: /Colour/ })).toBeNull();
    expect(api.requestsTo(`DELETE /v1/services/${colour.id}`)).toHaveLength(1);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    const archived = await screen.findByRole('row', { name: /Colour/ });
    expect(within(archived).getByText('Archived')).toBeDefined();
    await userEvent.click(within(archived).getByRole('button', { name: 'Restore Colour' }));
    await expect.poll(() => within(screen.getByRole('row', { name: /Colour/ })).queryByText('Bookable')).not.toBeNull();
  });

  it('puts the service back and says so when archiving fails', async () => {
    const haircut = service({});
    signedInAs('ADMIN', { active: [haircut] });
    api.on(`DELETE /v1/services/${haircut.id}`, () => apiError(404, 'NOT_FOUND', 'Service not found'));
    renderApp('/services');

    await userEvent.click(await screen.findByRole('button', { name: 'Archive Haircut' }));
    await userEvent.click(screen.getByRole('button', { name: 'Archive service' }));

    expect(await screen.findByText('Haircut was not archived: Service not found')).toBeDefined();
    expect(screen.getByRole('row', { name: /Haircut/ })).toBeDefined();
  });

  it('lets staff read the services without changing them', async () => {
    signedInAs('STAFF', { active: [service({})] });
    renderApp('/services');

    expect(await screen.findByRole('row', { name: /Haircut/ })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Add service' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Archive/ })).toBeNull();
  });
});

describe('service form', () => {
  it('checks the fields with the contract schema, then sends the price in minor units', async () => {
    signedInAs('ADMIN', { active: [] });
    api.on('POST /v1/services', (request) => json(201, service(request.body as Partial<TService>)));
    const router = renderApp('/services/new');

    await userEvent.click(await screen.findByRole('button', { name: 'Add service' }));
    expect(descriptionOf(screen.getByLabelText('Name'))).toBe('Required');
    expect(screen.getByText('Choose at least one resource')).toBeDefined();
    expect(api.requestsTo('POST /v1/services')).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('Name'), 'Beard trim');
    await userEvent.clear(screen.getByLabelText('Duration (minutes)'));
    await userEvent.type(screen.getByLabelText('Duration (minutes)'), '30');
    await userEvent.type(screen.getByLabelText('Price (EUR)'), '19.999');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Bruno' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));
    expect(descriptionOf(screen.getByLabelText('Price (EUR)'))).toMatch(/^Enter an amount like 25.00/);

    await userEvent.clear(screen.getByLabelText('Price (EUR)'));
    await userEvent.type(screen.getByLabelText('Price (EUR)'), '19,99');
    await userEvent.type(screen.getByLabelText('Most bookings per day'), '8');
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));

    await expect.poll(() => router.state.location.pathname).toBe('/services');
    expect(api.requestsTo('POST /v1/services')[0]?.body).toEqual({
      name: 'Beard trim',
      description: null,
      durationMin: 30,
      priceMinor: 1999,
      currency: 'EUR',
      bufferBeforeMin: 0,
      bufferAfterMin: 0,
      minNoticeMin: 60,
      maxAdvanceDays: 60,
      slotIntervalMin: 30,
      maxPerDay: 8,
      requiresPayment: false,
      paymentMode: 'FULL',
      depositMinor: null,
      depositPercent: null,
      cancellationPolicy: null,
      resourceIds: [BRUNO.id],
      active: true,
    });
  });

  it("shows the API's field messages next to the fields", async () => {
    signedInAs('ADMIN', { active: [] });
    api.on('POST /v1/services', () =>
      apiError(400, 'VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.resourceIds', message: `Unknown resource: ${RITA.id}` }]),
    );
    renderApp('/services/new');

    await userEvent.type(await screen.findByLabelText('Name'), 'Massage');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Rita' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));

    expect(await screen.findByText(`Unknown resource: ${RITA.id}`)).toBeDefined();
    expect(screen.getByRole('checkbox', { name: 'Rita' }).getAttribute('aria-invalid')).toBe('true');
  });
});

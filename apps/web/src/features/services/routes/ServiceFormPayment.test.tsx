import type { TResource, TService } from '@slotwise/contracts';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { installFakeApi, json } from '../../../test/fake-api';
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

const COLOUR: TService = {
  id: '1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
  name: 'Colour',
  description: null,
  durationMin: 90,
  priceMinor: 8000,
  currency: 'EUR',
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 60,
  maxAdvanceDays: 60,
  slotIntervalMin: 90,
  maxPerDay: null,
  requiresPayment: true,
  paymentMode: 'DEPOSIT_PERCENT',
  depositMinor: null,
  depositPercent: 30,
  cancellationPolicy: null,
  resourceIds: [RITA.id],
  active: true,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

function signedIn() {
  api.on('GET /v1/me', () => json(200, meAs('OWNER')));
  answerEmptyBusiness(api);
  api.on('GET /v1/resources', () => json(200, { items: [RITA], nextCursor: null }));
}

beforeAll(async () => {
  await Promise.all([import('./ServicesPage'), import('./ServiceFormPage')]);
});

describe('A paid service’s deposit and cancellation policy', () => {
  it('checks the deposit like the contract (below the price), previews it, and sends the deposit and an own policy', async () => {
    signedIn();
    api.on('POST /v1/services', (request) => json(201, { ...COLOUR, ...(request.body as Partial<TService>) }));
    const router = renderApp('/services/new');

    await userEvent.type(await screen.findByLabelText('Name'), 'Colour');
    await userEvent.type(screen.getByLabelText('Price (EUR)'), '80');
    expect(screen.queryByRole('radio', { name: 'Fixed deposit' })).toBeNull();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Payment required to book' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Fixed deposit' }));

    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));
    expect(descriptionOf(screen.getByLabelText('Deposit (EUR)'))).toBe('A deposit needs an amount below the price, or a percentage (1–99)');
    await userEvent.type(screen.getByLabelText('Deposit (EUR)'), '80');
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));
    expect(descriptionOf(screen.getByLabelText('Deposit (EUR)'))).toBe('A deposit needs an amount below the price, or a percentage (1–99)');
    expect(api.requestsTo('POST /v1/services')).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText('Deposit (EUR)'));
    await userEvent.type(screen.getByLabelText('Deposit (EUR)'), '20');
    expect(screen.getByText('Customers pay €20.00 when they book and €60.00 at the venue.')).toBeDefined();

    // The business's policy until the service has its own (the session's business: 24 h, then 50 %).
    expect(screen.getByTestId('policy-preview').textContent).toBe(
      'Your business’s policy (Settings): Free cancellation up to 24 hours before; after that 50 % is refunded; no-shows are not refunded.',
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Own policy' }));
    await userEvent.clear(screen.getByLabelText('Free cancellation until (hours before)'));
    await userEvent.type(screen.getByLabelText('Free cancellation until (hours before)'), '48');
    await userEvent.clear(screen.getByLabelText('After that, refund (%)'));
    await userEvent.type(screen.getByLabelText('After that, refund (%)'), '150');
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));
    expect(descriptionOf(screen.getByLabelText('After that, refund (%)'))).toBe('At most 100');
    expect(api.requestsTo('POST /v1/services')).toHaveLength(0);

    await userEvent.clear(screen.getByLabelText('After that, refund (%)'));
    await userEvent.type(screen.getByLabelText('After that, refund (%)'), '25');
    expect(screen.getByTestId('policy-preview').textContent).toBe(
      'Free cancellation up to 48 hours before; after that 25 % is refunded; no-shows are not refunded.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add service' }));

    await expect.poll(() => router.state.location.pathname).toBe('/services');
    expect(api.requestsTo('POST /v1/services')[0]?.body).toMatchObject({
      priceMinor: 8000,
      requiresPayment: true,
      paymentMode: 'DEPOSIT_FIXED',
      depositMinor: 2000,
      depositPercent: null,
      cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 25 },
    });
  });

  it('edits a percentage deposit that follows the business’s policy', async () => {
    signedIn();
    api.on(`GET /v1/services/${COLOUR.id}`, () => json(200, COLOUR));
    api.on(`PATCH /v1/services/${COLOUR.id}`, (request) => json(200, { ...COLOUR, ...(request.body as Partial<TService>) }));
    renderApp(`/services/${COLOUR.id}`);

    expect((await screen.findByRole<HTMLInputElement>('radio', { name: 'Percentage deposit' })).checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('Deposit (% of the price)').value).toBe('30');
    expect(screen.getByText('Customers pay €24.00 when they book and €56.00 at the venue.')).toBeDefined();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Business default' }).checked).toBe(true);

    await userEvent.clear(screen.getByLabelText('Deposit (% of the price)'));
    await userEvent.type(screen.getByLabelText('Deposit (% of the price)'), '100');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(descriptionOf(screen.getByLabelText('Deposit (% of the price)'))).toMatch(/^At most 99/);

    await userEvent.clear(screen.getByLabelText('Deposit (% of the price)'));
    await userEvent.type(screen.getByLabelText('Deposit (% of the price)'), '25');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await expect
      .poll(() => api.requestsTo(`PATCH /v1/services/${COLOUR.id}`)[0]?.body)
      .toMatchObject({ paymentMode: 'DEPOSIT_PERCENT', depositMinor: null, depositPercent: 25, cancellationPolicy: null });
  });
});

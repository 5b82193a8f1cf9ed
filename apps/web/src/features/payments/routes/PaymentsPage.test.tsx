import type { TPaymentListItem } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { paymentOf } from '../../../test/payments';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

function payment(overrides: Partial<TPaymentListItem>): TPaymentListItem {
  return {
    ...paymentOf({
      id: crypto.randomUUID(),
      amountMinor: 8000,
      priceMinor: 8000,
      refundableMinor: 8000,
      applicationFeeMinor: 200,
      currency: 'GBP',
      paidAt: '2026-03-02T10:05:00.000Z',
      createdAt: '2026-03-02T10:00:00.000Z',
    }),
    bookingId: '7b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3',
    booking: { startsAt: '2026-03-09T14:00:00.000Z', timeZone: 'Europe/Lisbon', status: 'CONFIRMED', customerName: 'Rita Lopes', serviceName: 'Colour' },
    ...overrides,
  };
}

beforeAll(async () => {
  await import('./PaymentsPage');
});

describe('PaymentsPage', () => {
  it('lists payments with amount, fee, card and a link to the booking; filters by status and dates; loads more', async () => {
    api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
    api.on('GET /v1/payments', (request) =>
      request.query.get('cursor') === 'older'
        ? json(200, {
            items: [payment({ status: 'REFUNDED', cardBrand: null, cardLast4: null, refundReason: 'Paid after the slot was taken' })],
            nextCursor: null,
          })
        : json(200, { items: [payment({})], nextCursor: 'older' }),
    );
    renderApp('/payments');

    const table = within(await screen.findByRole('table', { name: 'Payments, newest first' }));
    const row = table.getAllByRole('row')[1]!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([expect.stringContaining('Mar 2'), expect.stringContaining('Rita Lopes · Colour'), 'Paid', 'Visa ending 4242', '£80.00', '£2.00']);
    expect(within(row).getByRole('link', { name: 'Rita Lopes · Colour' }).getAttribute('href')).toBe(
      '/bookings?range=all&booking=7b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await table.findByText('Paid after the slot was taken')).toBeDefined();
    expect(table.getByText('Refunded')).toBeDefined();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'REFUNDED');
    await userEvent.type(screen.getByLabelText('From'), '2026-03-01');
    await expect.poll(() => api.requestsTo('GET /v1/payments').at(-1)?.query.toString()).toBe('limit=50&from=2026-03-01&status=REFUNDED');
  });

  it('says when there are no payments yet', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments', () => json(200, { items: [], nextCursor: null }));
    renderApp('/payments');
    expect(await screen.findByRole('heading', { name: 'No payments yet' })).toBeDefined();
  });

  it('is for owners and admins; staff neither see it in the menu nor read it', async () => {
    api.on('GET /v1/me', () => json(200, meAs('STAFF')));
    renderApp('/payments');
    expect(await screen.findByRole('heading', { name: "You don't have access to this" })).toBeDefined();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Payments' })).toBeNull();
  });
});

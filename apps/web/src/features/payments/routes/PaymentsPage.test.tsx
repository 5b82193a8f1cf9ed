import type { TPaymentListItem } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { BOOKING } from '../../../test/bookings';
import { disputeOf, paymentOf, refundOf } from '../../../test/payments';
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
            items: [
              payment({
                status: 'REFUNDED',
                cardBrand: null,
                cardLast4: null,
                refundedMinor: 8000,
                refundableMinor: 0,
                refundReason: 'Paid after the slot was taken',
              }),
            ],
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
    ).toEqual([
      expect.stringContaining('Mar 2'),
      expect.stringContaining('Rita Lopes · Colour'),
      'Paid',
      'Visa ending 4242',
      // The labels show on phones, where the row is a card.
      'Amount £80.00',
      'Refunded —',
      'Fee £2.00',
      'Refund',
    ]);
    expect(within(row).getByRole('link', { name: 'Rita Lopes · Colour' }).getAttribute('href')).toBe(
      '/bookings?range=all&booking=7b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await table.findByText('Paid after the slot was taken')).toBeDefined();
    expect(table.getByText('Refunded', { selector: '.booking-status' })).toBeDefined();

    const refundedRow = table.getAllByRole('row')[2]!;
    expect(within(refundedRow).getAllByRole('cell').slice(4)).toHaveLength(4);
    expect(within(refundedRow).queryByRole('button', { name: /^Refund/ })).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'PARTIALLY_REFUNDED');
    await userEvent.type(screen.getByLabelText('From'), '2026-03-01');
    await expect.poll(() => api.requestsTo('GET /v1/payments').at(-1)?.query.toString()).toBe('limit=50&from=2026-03-01&status=PARTIALLY_REFUNDED');
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

  it('refunds from a row (reading the booking, so the refund can cancel it too) and shows the refunded column', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    const row = payment({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 2000,
      refundPendingMinor: 1000,
      refundableMinor: 5000,
    });
    const disputed = payment({ booking: { ...row.booking, customerName: 'Nikola Tesla' }, disputes: [disputeOf({ currency: 'GBP' })] });
    api.on('GET /v1/payments', () => json(200, { items: [row, disputed], nextCursor: null }));
    api.on(`GET /v1/bookings/${row.bookingId}`, () => json(200, { ...BOOKING, id: row.bookingId, version: 7, payment: row }));
    api.on(`POST /v1/bookings/${row.bookingId}/refunds`, () => json(201, refundOf({ amountMinor: 5000, currency: 'GBP', status: 'PENDING', settledAt: null })));
    renderApp('/payments');

    const table = within(await screen.findByRole('table', { name: 'Payments, newest first' }));
    const cells = within(table.getAllByRole('row')[1]!).getAllByRole('cell');
    expect(cells[2]?.textContent).toBe('Partly refunded');
    expect(cells[5]?.textContent).toBe('Refunded £20.00+ £10.00 pending');
    // An open dispute holds the money: flagged, and not refundable (Stripe would refuse).
    const disputedRow = within(table.getAllByRole('row')[2]!);
    expect(disputedRow.getAllByRole('cell')[2]?.textContent).toBe('PaidDisputed');
    expect(disputedRow.queryByRole('button', { name: /^Refund/ })).toBeNull();

    await userEvent.click(table.getByRole('button', { name: 'Refund Rita Lopes · Colour' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Refund payment' }));
    expect(dialog.getByLabelText<HTMLInputElement>('Amount to refund (GBP)').value).toBe('50.00');
    await userEvent.type(dialog.getByLabelText('Reason'), 'Closed early');
    await userEvent.click(await dialog.findByLabelText('Also cancel the booking'));
    await userEvent.click(dialog.getByRole('button', { name: 'Refund £50.00' }));

    await expect
      .poll(() => api.requestsTo(`POST /v1/bookings/${row.bookingId}/refunds`).map((r) => r.body))
      .toEqual([{ amountMinor: 5000, reason: 'Closed early', cancelBooking: true, version: 7 }]);
    expect(await screen.findByText('Refund of £50.00 on its way to the customer')).toBeDefined();
    // The list, the summary badge and the booking are read again.
    await expect.poll(() => api.requestsTo('GET /v1/payments').length).toBe(2);
  });

  it('lists open disputes in their own tab, and all of them on request', async () => {
    api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
    const booking = { startsAt: '2026-03-09T14:00:00.000Z', timeZone: 'Europe/Lisbon', status: 'CONFIRMED', customerName: 'Rita Lopes', serviceName: 'Colour' };
    api.on('GET /v1/payments/disputes', (request) =>
      json(200, {
        items:
          request.query.get('open') === 'true'
            ? [{ ...disputeOf({ currency: 'GBP', amountMinor: 8000 }), booking }]
            : [
                { ...disputeOf({ currency: 'GBP', amountMinor: 8000 }), booking },
                { ...disputeOf({ id: 'old', status: 'lost', open: false, outcome: 'LOST' }), booking },
              ],
      }),
    );
    renderApp('/payments?tab=disputes');

    const table = within(await screen.findByRole('table', { name: 'Disputes, newest first' }));
    expect(
      within(table.getAllByRole('row')[1]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      expect.stringContaining('5 Jun'),
      expect.stringContaining('Rita Lopes · Colour'),
      'Response needed',
      'The cardholder says they did not make this payment',
      expect.stringContaining('21 Jun'),
      '£80.00',
    ]);
    expect(screen.getByRole('link', { name: 'Disputes' }).getAttribute('aria-current')).toBe('page');

    await userEvent.selectOptions(screen.getByLabelText('Show'), 'all');
    expect(await screen.findByText('Lost', { selector: '.booking-status' })).toBeDefined();
    expect(api.requestsTo('GET /v1/payments/disputes').map((r) => r.query.toString())).toEqual(['open=true', '']);
  });
});

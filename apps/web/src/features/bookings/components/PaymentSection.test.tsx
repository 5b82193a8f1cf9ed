import type { TBooking, TBookingPayment, TRole } from '@slotwise/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../app/query-client';
import { BOOKING, withSession } from '../../../test/bookings';
import { installFakeApi, json } from '../../../test/fake-api';
import { paymentOf } from '../../../test/payments';
import { BookingDetailsPanel } from './BookingDetailsPanel';

const api = installFakeApi();

const PAYMENT: TBookingPayment = paymentOf({ failedAttempts: 1, lastFailureMessage: 'Your card was declined.' });

afterEach(() => {
  vi.useRealTimers();
});

async function openWith(booking: TBooking, role: TRole = 'OWNER') {
  api.on(`GET /v1/bookings/${booking.id}`, () => json(200, booking));
  api.on(`GET /v1/bookings/${booking.id}/history`, () => json(200, { items: [] }));
  api.on('GET /v1/members', () => json(200, { items: [], nextCursor: null }));
  const Wrapper = withSession(createQueryClient(), role);
  render(
    <Wrapper>
      <BookingDetailsPanel bookingId={booking.id} onClose={() => undefined} />
    </Wrapper>,
  );
  const panel = await screen.findByRole('dialog', { name: 'Marta Reis' });
  return { panel, actions: within(panel).getByRole('region', { name: 'Actions' }) };
}

const facts = (region: HTMLElement) => Object.fromEntries([...region.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));

describe('A booking’s payment in the details panel', () => {
  it('shows status, amount, fee, card, when it was paid and the failed attempts', async () => {
    const { panel } = await openWith({ ...BOOKING, payment: PAYMENT });
    const payment = within(panel).getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Paid', { selector: '.booking-status' })).toBeTruthy();
    expect(facts(payment)).toEqual({
      Amount: '€45.00',
      'Slotwise fee': '€1.13',
      Card: 'Visa ending 4242',
      // Lisbon time (the business's zone).
      Paid: expect.stringContaining('09:05'),
      'Failed attempts': '1 · last: Your card was declined.',
    });
  });

  it('a refund shows when and why', async () => {
    const { panel } = await openWith({
      ...BOOKING,
      status: 'CANCELLED',
      payment: { ...PAYMENT, status: 'REFUNDED', failedAttempts: 0, refundedAt: '2026-06-01T09:00:00.000Z', refundReason: 'Paid after the slot was taken' },
    });
    const payment = within(panel).getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Refunded', { selector: '.booking-status' })).toBeTruthy();
    expect(facts(payment)).toMatchObject({ Refunded: expect.stringContaining('10:00'), 'Refund reason': 'Paid after the slot was taken' });
  });

  it('a booking without an online payment has no payment section', async () => {
    const { panel } = await openWith({ ...BOOKING, payment: null });
    expect(within(panel).queryByRole('region', { name: 'Payment' })).toBeNull();
  });

  it('owners confirm a waiting hold without payment (paid at the venue) after saying so in a dialog', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-05T11:00:00Z') });
    const hold: TBooking = {
      ...BOOKING,
      status: 'PENDING_PAYMENT',
      holdExpiresAt: '2026-06-05T11:30:00.000Z',
      payment: { ...PAYMENT, status: 'PENDING', paidAt: null, cardBrand: null, cardLast4: null },
    };
    api.on(`POST /v1/bookings/${hold.id}/status`, (request) => json(200, { ...hold, status: 'CONFIRMED', version: hold.version + 1, body: request.body }));
    const { actions } = await openWith(hold);

    await userEvent.click(within(actions).getByRole('button', { name: 'Confirm without payment (paid at the venue)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Confirm without payment?' });
    expect(api.requestsTo(`POST /v1/bookings/${hold.id}/status`)).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm booking' }));

    await expect.poll(() => api.requestsTo(`POST /v1/bookings/${hold.id}/status`).map((r) => r.body)).toEqual([{ status: 'CONFIRMED', version: hold.version }]);
  });

  it('staff cannot waive the payment', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-05T11:00:00Z') });
    const { actions } = await openWith({ ...BOOKING, status: 'PENDING_PAYMENT', holdExpiresAt: '2026-06-05T11:30:00.000Z' }, 'STAFF');
    expect(within(actions).queryByRole('button', { name: /Confirm without payment/ })).toBeNull();
  });
});

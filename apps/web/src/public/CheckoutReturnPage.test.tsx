import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TPublicCheckoutStatus } from './api';
import { readPendingCheckout, savePendingCheckout } from './checkout';
import { checkoutPollDelay, CheckoutReturnPage } from './CheckoutReturnPage';
import { COLOUR, TENANT } from './test-data';

const api = installFakeApi();
const SESSION = 'cs_test_a1';
const statusPath = `GET /v1/public/tenants/${TENANT.slug}/checkout/${SESSION}`;

function answer(
  payment: TPublicCheckoutStatus['payment']['status'],
  bookingStatus: TPublicCheckoutStatus['booking']['status'] = 'PENDING_PAYMENT',
): TPublicCheckoutStatus {
  return {
    booking: {
      id: '9a8b7c6d-0000-4000-8000-000000000002',
      status: bookingStatus,
      startsAt: '2030-03-05T10:00:00Z',
      endsAt: '2030-03-05T11:30:00Z',
      timeZone: 'America/New_York',
      holdExpiresAt: bookingStatus === 'PENDING_PAYMENT' ? '2030-03-04T15:35:00Z' : null,
      priceMinor: 8500,
      currency: 'GBP',
      service: { id: COLOUR.id, name: COLOUR.name },
      resource: COLOUR.resources[0]!,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
    },
    payment: { status: payment, lastFailureMessage: null },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:05:00Z') });
  sessionStorage.clear();
  api.on(`GET /v1/public/tenants/${TENANT.slug}`, () => json(200, TENANT));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('CheckoutReturnPage', () => {
  it('says it is confirming until the webhook has arrived, then "Payment received" with the booking', async () => {
    savePendingCheckout(TENANT.slug, {
      request: {
        serviceId: COLOUR.id,
        startsAt: '2030-03-05T10:00:00Z',
        timeZone: 'America/New_York',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      },
      idempotencyKey: 'book-1',
      details: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '', notes: '' },
      checkoutUrl: 'http://localhost:4010/c/pay/cs_test_a1',
      expiresAt: '2030-03-04T15:35:00Z',
    });
    let asked = 0;
    api.on(statusPath, () => (++asked < 2 ? json(200, answer('PENDING')) : json(200, answer('SUCCEEDED', 'CONFIRMED'))));
    render(<CheckoutReturnPage slug={TENANT.slug} sessionId={SESSION} embed={false} />);

    expect(await screen.findByRole('heading', { name: 'Confirming your payment…' })).toBeDefined();
    expect(await screen.findByRole('heading', { name: 'Payment received' }, { timeout: 5_000 })).toBeDefined();
    expect(screen.getByText(/is paid and confirmed/).textContent).toBe('Thank you — Cut & colour with Maya at Glow Studio is paid and confirmed.');
    expect(screen.getByText('Paid').nextElementSibling?.textContent).toBe('£85.00');
    expect(asked).toBe(2);
    // Nothing left to go back to.
    expect(readPendingCheckout(TENANT.slug)).toBeNull();
  });

  it('a session that ran out says nothing was charged', async () => {
    api.on(statusPath, () => json(200, answer('EXPIRED', 'EXPIRED')));
    render(<CheckoutReturnPage slug={TENANT.slug} sessionId={SESSION} embed={false} />);
    expect(await screen.findByRole('heading', { name: 'The time to pay ran out' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Choose a time again' }).getAttribute('href')).toBe('/book/glow-studio');
  });

  it('a payment that came too late says it is being refunded', async () => {
    api.on(statusPath, () => json(200, answer('REFUND_PENDING', 'EXPIRED')));
    render(<CheckoutReturnPage slug={TENANT.slug} sessionId={SESSION} embed={false} />);
    expect(await screen.findByRole('heading', { name: 'Your payment is being refunded' })).toBeDefined();
  });

  it('an unknown session is a kind not-found page', async () => {
    api.on(statusPath, () => apiError(404, 'NOT_FOUND', 'No such checkout'));
    render(<CheckoutReturnPage slug={TENANT.slug} sessionId={SESSION} embed={false} />);
    expect(await screen.findByRole('heading', { name: 'We couldn’t find this payment' })).toBeDefined();
  });

  it('asks soon at first, then less often', () => {
    expect([0, 1, 2, 5, 20].map(checkoutPollDelay)).toEqual([1_000, 1_500, 2_250, 7_593.75, 10_000]);
  });
});

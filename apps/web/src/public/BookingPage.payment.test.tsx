import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TPublicBooking } from './api';
import { BookingPage } from './BookingPage';
import { leavePage, readPendingCheckout } from './checkout';
import { COLOUR, CONSULTATION, TENANT, slot, slotsPath } from './test-data';

/* Paid services on the public page: not bookable while the business can't take payments, off to Stripe Checkout, and back. */

const api = installFakeApi();
const NEW_YORK = 'America/New_York';
const bookPath = `POST /v1/public/tenants/${TENANT.slug}/bookings`;
const FIVE_AM = slot('2030-03-05T05:00:00-05:00', 90);
const CHECKOUT_URL = 'http://localhost:4010/c/pay/cs_test_a1';

function held(request: { body: unknown }): TPublicBooking {
  const body = request.body as { startsAt: string; timeZone: string; customer: { name: string; email: string } };
  return {
    id: '9a8b7c6d-0000-4000-8000-000000000002',
    status: 'PENDING_PAYMENT',
    startsAt: body.startsAt,
    endsAt: new Date(Date.parse(body.startsAt) + 90 * 60_000).toISOString(),
    timeZone: body.timeZone,
    holdExpiresAt: '2030-03-04T15:35:00Z',
    priceMinor: 8500,
    currency: 'GBP',
    service: { id: COLOUR.id, name: COLOUR.name },
    resource: COLOUR.resources[0]!,
    customer: body.customer,
    payment: {
      kind: 'FULL',
      checkoutUrl: CHECKOUT_URL,
      checkoutSessionId: 'cs_test_a1',
      expiresAt: '2030-03-04T15:35:00Z',
      amountMinor: 8500,
      applicationFeeMinor: 213,
      currency: 'GBP',
    },
  };
}

let go: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  sessionStorage.clear();
  window.history.replaceState(null, '', '/book/glow-studio');
  go = vi.spyOn(leavePage, 'to').mockImplementation(() => undefined);
  api.on(`GET /v1/public/tenants/${TENANT.slug}`, () => json(200, TENANT));
  api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [CONSULTATION, COLOUR] }));
  api.on(slotsPath(COLOUR.id), () => json(200, { timeZone: NEW_YORK, slots: [FIVE_AM] }));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function renderPage(serviceId: string | null) {
  render(<BookingPage slug={TENANT.slug} serviceId={serviceId} embed={false} detectedZone={NEW_YORK} />);
}

async function bookFiveAm() {
  await screen.findByRole('list', { name: /Free times on/ });
  await userEvent.click(screen.getByRole('button', { name: /^5:00\sAM\b/ }));
  await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
  await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
  await userEvent.click(screen.getByRole('button', { name: 'Continue to payment · £85.00' }));
}

describe('BookingPage with a paid service', () => {
  it('shows a paid service that cannot be booked online with clear words, and it cannot be picked', async () => {
    api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [CONSULTATION, { ...COLOUR, bookableOnline: false }] }));
    renderPage(null);
    expect(await screen.findByText('Online booking for this service isn’t available right now — please contact Glow Studio.')).toBeDefined();
    expect(screen.queryByRole('button', { name: /Cut & colour/ })).toBeNull();
    expect(screen.getByRole('button', { name: /Consultation/ })).toBeDefined();
  });

  it('a link straight to that service says so instead of opening its times', async () => {
    api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [CONSULTATION, { ...COLOUR, bookableOnline: false }] }));
    renderPage(COLOUR.id);
    expect(await screen.findByRole('heading', { name: 'Choose a service' })).toBeDefined();
    expect(screen.getByRole('alert').textContent).toBe('Online booking for this service isn’t available right now — please contact Glow Studio.');
  });

  it('sends the customer to Stripe Checkout and keeps their choices for the way back', async () => {
    api.on(bookPath, (request) => json(201, held(request)));
    renderPage(COLOUR.id);
    await bookFiveAm();

    await expect.poll(() => go.mock.calls).toEqual([[CHECKOUT_URL]]);
    const kept = readPendingCheckout(TENANT.slug);
    expect(kept).toMatchObject({
      checkoutUrl: CHECKOUT_URL,
      details: { name: 'Ada Lovelace', email: 'ada@example.com' },
      request: { serviceId: COLOUR.id, startsAt: FIVE_AM.startsAt },
    });
    expect(kept?.idempotencyKey).toBe(new Headers(api.requestsTo(bookPath)[0]!.init?.headers).get('Idempotency-Key'));
  });

  it('back from Checkout with Cancel: same service, time and details, the hold shown, and the same request again', async () => {
    api.on(bookPath, (request) => json(201, held(request)));
    renderPage(COLOUR.id);
    await bookFiveAm();
    await expect.poll(() => go.mock.calls.length).toBe(1);

    // Checkout's cancel address, as the API builds it.
    // The API writes the instant in its own ISO form (UTC, milliseconds), not the slot's.
    const resume = new URLSearchParams({
      service: COLOUR.id,
      resource: COLOUR.resources[0]!.id,
      start: new Date(FIVE_AM.startsAt).toISOString(),
      tz: NEW_YORK,
      checkout: 'cancelled',
    });
    window.history.replaceState(null, '', `/book/glow-studio?${resume}`);
    document.body.innerHTML = '';
    renderPage(null);

    expect(await screen.findByRole('heading', { name: 'Your details' })).toBeDefined();
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Ada Lovelace');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
    expect(screen.getByText(/You left the payment page, so nothing was charged/).textContent).toMatch(/held until .*10:35\sAM/);
    expect(window.location.search).toBe('');

    await userEvent.click(screen.getByRole('button', { name: 'Continue to payment · £85.00' }));
    await expect.poll(() => go.mock.calls.length).toBe(2);
    const [first, second] = api.requestsTo(bookPath);
    expect(second!.body).toEqual(first!.body);
    expect(new Headers(second!.init?.headers).get('Idempotency-Key')).toBe(new Headers(first!.init?.headers).get('Idempotency-Key'));
  });

  it('409 PAYMENTS_UNAVAILABLE: a clear message on the form, not an error page', async () => {
    api.on(bookPath, () => apiError(409, 'PAYMENTS_UNAVAILABLE', 'This business cannot take payments right now'));
    renderPage(COLOUR.id);
    await bookFiveAm();
    expect((await screen.findByText(/can’t take card payments online right now/)).textContent).toBe(
      'Glow Studio can’t take card payments online right now, so this service can’t be booked here. Nothing was booked — please contact them directly.',
    );
    expect(screen.getByRole('heading', { name: 'Your details' })).toBeDefined();
    expect(go).not.toHaveBeenCalled();
  });

  it('503 PAYMENT_UNAVAILABLE: says nothing was booked and to try again', async () => {
    api.on(bookPath, () => apiError(503, 'PAYMENT_UNAVAILABLE', 'Stripe is unavailable'));
    renderPage(COLOUR.id);
    await bookFiveAm();
    expect(
      await screen.findByText('We couldn’t reach the payment service just now, so nothing was booked or charged. Please try again in a minute.'),
    ).toBeDefined();
    expect(screen.getByRole('button', { name: 'Continue to payment · £85.00' })).toHaveProperty('disabled', false);
  });
});

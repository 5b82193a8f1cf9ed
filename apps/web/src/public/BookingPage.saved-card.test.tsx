import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import type { TPublicBooking } from './api';
import { BookingPage } from './BookingPage';
import { leavePage } from './checkout';
import { COLOUR, TENANT, slot, slotsPath } from './test-data';
import { saveWalletSession } from './wallet-session';

/* A returning customer's saved card on the public page: one click, another card, declined, authentication, "save it next time". */

const api = installFakeApi();
const NEW_YORK = 'America/New_York';
const bookPath = `POST /v1/public/tenants/${TENANT.slug}/bookings`;
const FIVE_AM = slot('2030-03-05T05:00:00-05:00', 90);
const SESSION = 'w'.repeat(43);
const CARD = { id: '7e1d2c3b-0000-4000-8000-00000000c4a5', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2035, consentedAt: '2030-03-01T10:00:00Z' };
const CHECKOUT_URL = 'http://localhost:4010/c/pay/cs_test_auth';

function booked(request: { body: unknown }, extra: Partial<TPublicBooking>): TPublicBooking {
  const body = request.body as { startsAt: string; timeZone: string; customer: { name: string; email: string } };
  return {
    id: '9a8b7c6d-0000-4000-8000-000000000003',
    status: 'CONFIRMED',
    startsAt: body.startsAt,
    endsAt: new Date(Date.parse(body.startsAt) + 90 * 60_000).toISOString(),
    timeZone: body.timeZone,
    holdExpiresAt: null,
    priceMinor: 8500,
    currency: 'GBP',
    service: { id: COLOUR.id, name: COLOUR.name },
    resource: COLOUR.resources[0]!,
    customer: body.customer,
    ...extra,
  };
}

let go: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', '/book/glow-studio');
  go = vi.spyOn(leavePage, 'to').mockImplementation(() => undefined);
  api.on(`GET /v1/public/tenants/${TENANT.slug}`, () => json(200, TENANT));
  api.on(`GET /v1/public/tenants/${TENANT.slug}/services`, () => json(200, { items: [COLOUR] }));
  api.on(slotsPath(COLOUR.id), () => json(200, { timeZone: NEW_YORK, slots: [FIVE_AM] }));
  api.on('GET /v1/public/wallet', () => json(200, { email: 'ada@example.com', cards: [CARD] }));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function toDetails() {
  render(<BookingPage slug={TENANT.slug} serviceId={COLOUR.id} embed={false} detectedZone={NEW_YORK} />);
  await screen.findByRole('list', { name: /Free times on/ });
  await userEvent.click(screen.getByRole('button', { name: /^5:00\sAM\b/ }));
  await userEvent.type(screen.getByLabelText('Name'), 'Ada Lovelace');
  await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
}

const withWallet = () => saveWalletSession({ sessionToken: SESSION, email: 'ada@example.com', expiresAt: '2030-04-01T00:00:00Z' });

describe('BookingPage with a saved card on this device', () => {
  it('pays in one click with the saved card and shows the booking paid', async () => {
    withWallet();
    api.on(bookPath, (request) => json(201, booked(request, { savedCardOutcome: 'PAID' })));
    await toDetails();
    expect(screen.getByText('Pay in one click with your saved card')).toBeDefined();
    await userEvent.click(await screen.findByRole('button', { name: 'Pay £85.00 with Visa •••• 4242' }));

    expect(await screen.findByRole('heading', { name: 'Payment received' })).toBeDefined();
    const [sent] = api.requestsTo(bookPath);
    expect(sent!.body).toMatchObject({ serviceId: COLOUR.id, payWith: { savedCardId: CARD.id } });
    expect(new Headers(sent!.init?.headers).get('x-wallet-session')).toBe(SESSION);
    expect(go).not.toHaveBeenCalled();
  });

  it('"Use another card" goes to Checkout without the saved card', async () => {
    withWallet();
    api.on(bookPath, (request) =>
      json(
        201,
        booked(request, {
          status: 'PENDING_PAYMENT',
          holdExpiresAt: '2030-03-04T15:35:00Z',
          payment: {
            kind: 'FULL',
            checkoutUrl: CHECKOUT_URL,
            checkoutSessionId: 'cs_test_auth',
            expiresAt: '2030-03-04T15:35:00Z',
            amountMinor: 8500,
            applicationFeeMinor: 213,
            currency: 'GBP',
          },
        }),
      ),
    );
    await toDetails();
    await userEvent.click(await screen.findByRole('button', { name: 'Use another card' }));
    await expect.poll(() => go.mock.calls).toEqual([[CHECKOUT_URL]]);
    const [sent] = api.requestsTo(bookPath);
    expect(sent!.body).not.toHaveProperty('payWith');
    expect(new Headers(sent!.init?.headers).get('x-wallet-session')).toBeNull();
  });

  it('when the bank asks for authentication, goes to the Checkout the API answered with', async () => {
    withWallet();
    api.on(bookPath, (request) =>
      json(
        201,
        booked(request, {
          status: 'PENDING_PAYMENT',
          holdExpiresAt: '2030-03-04T15:35:00Z',
          savedCardOutcome: 'AUTHENTICATION_REQUIRED',
          payment: {
            kind: 'FULL',
            checkoutUrl: CHECKOUT_URL,
            checkoutSessionId: 'cs_test_auth',
            expiresAt: '2030-03-04T15:35:00Z',
            amountMinor: 8500,
            applicationFeeMinor: 213,
            currency: 'GBP',
          },
        }),
      ),
    );
    await toDetails();
    await userEvent.click(await screen.findByRole('button', { name: 'Pay £85.00 with Visa •••• 4242' }));
    await expect.poll(() => go.mock.calls).toEqual([[CHECKOUT_URL]]);
  });

  it('a declined card says so and leaves Checkout as the way to pay', async () => {
    withWallet();
    api.on(bookPath, () => apiError(402, 'CARD_DECLINED', 'Your card was declined', { next: 'USE_ANOTHER_CARD' }));
    await toDetails();
    await userEvent.click(await screen.findByRole('button', { name: 'Pay £85.00 with Visa •••• 4242' }));
    expect(await screen.findByText(/^Your Visa •••• 4242 was declined, so nothing was booked or charged\./)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Continue to payment · £85.00' })).toBeDefined();
    expect(screen.queryByRole('button', { name: /with Visa/ })).toBeNull();
  });

  it('without a saved card, "Save your card for next time" emails the wallet link to the address typed after booking', async () => {
    api.on(bookPath, (request) =>
      json(
        201,
        booked(request, {
          status: 'PENDING_PAYMENT',
          holdExpiresAt: '2030-03-04T15:35:00Z',
          payment: {
            kind: 'FULL',
            checkoutUrl: CHECKOUT_URL,
            checkoutSessionId: 'cs_test_auth',
            expiresAt: '2030-03-04T15:35:00Z',
            amountMinor: 8500,
            applicationFeeMinor: 213,
            currency: 'GBP',
          },
        }),
      ),
    );
    api.on('POST /v1/public/wallet/link', () => json(202, { message: 'sent' }));
    await toDetails();
    await userEvent.click(screen.getByRole('checkbox', { name: /Save your card for next time/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue to payment · £85.00' }));
    await expect.poll(() => go.mock.calls).toEqual([[CHECKOUT_URL]]);
    expect(api.requestsTo('POST /v1/public/wallet/link').map((r) => r.body)).toEqual([{ email: 'ada@example.com' }]);
    expect(api.requestsTo('GET /v1/public/wallet')).toEqual([]);
  });
});

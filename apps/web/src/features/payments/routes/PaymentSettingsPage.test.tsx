import type { TPaymentAccount } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const api = installFakeApi();
let leaveFor: { stripe: (url: string) => void };

const account = (overrides: Partial<TPaymentAccount>): TPaymentAccount => ({
  status: 'NOT_CONNECTED',
  chargesEnabled: false,
  payoutsEnabled: false,
  requirements: [],
  disabledReason: null,
  ...overrides,
});

beforeAll(async () => {
  ({ leaveFor } = await import('./PaymentSettingsPage'));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('PaymentSettingsPage', () => {
  it('an owner connects Stripe: the onboarding link is fetched and the browser sent there', async () => {
    const go = vi.spyOn(leaveFor, 'stripe').mockImplementation(() => undefined);
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () => json(200, account({})));
    api.on('POST /v1/payments/onboarding', () => json(200, { url: 'http://stripe.test/connect/onboarding/link_1' }));
    renderApp('/settings/payments');

    expect((await screen.findByTestId('payment-account-status')).textContent).toBe('Not connected');
    expect(screen.getByText(/paid services are shown on your booking page but can’t be booked online/)).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Connect Stripe' }));
    await expect.poll(() => go.mock.calls).toEqual([['http://stripe.test/connect/onboarding/link_1']]);
    expect(api.requestsTo('POST /v1/payments/onboarding')).toHaveLength(1);
  });

  it('shows what Stripe still needs in plain words, and a restricted account’s reason', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () =>
      json(
        200,
        account({
          status: 'RESTRICTED',
          accountId: 'acct_123',
          requirements: ['Bank account for payouts', 'Your date of birth'],
          disabledReason: 'Stripe needs more information about the business',
        }),
      ),
    );
    renderApp('/settings/payments');

    expect((await screen.findByTestId('payment-account-status')).textContent).toBe('Restricted');
    expect(screen.getByText(/Stripe needs more information about the business/)).toBeDefined();
    const needed = within(screen.getByRole('list', { name: 'Stripe still needs' }));
    expect(needed.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Bank account for payouts', 'Your date of birth']);
    expect(screen.getByText('Card payments').nextElementSibling?.textContent).toBe('Not enabled');
    expect(screen.getByRole('button', { name: 'Update your details on Stripe' })).toBeDefined();
  });

  it('back from Stripe (?onboarding=return): asks again until Stripe’s update has arrived, then says it is connected', async () => {
    let reads = 0;
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () => {
      reads += 1;
      // The first answer comes before Stripe's account.updated reached the API.
      return reads === 1
        ? json(200, account({ status: 'ONBOARDING', accountId: 'acct_123', requirements: ['Business website'] }))
        : json(200, account({ status: 'ACTIVE', accountId: 'acct_123', chargesEnabled: true, payoutsEnabled: true }));
    });
    const router = renderApp('/settings/payments?onboarding=return');

    expect(await screen.findByText('Welcome back from Stripe')).toBeDefined();
    expect(await screen.findByText('Stripe is connected', {}, { timeout: 5_000 })).toBeDefined();
    expect(screen.getByTestId('payment-account-status').textContent).toBe('Active');
    expect(screen.queryByRole('button', { name: /Connect|Continue/ })).toBeNull();
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(router.state.location.search).toBe('');
  });

  it('a used or expired link (?onboarding=refresh) gets a fresh one at once', async () => {
    const go = vi.spyOn(leaveFor, 'stripe').mockImplementation(() => undefined);
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () => json(200, account({ status: 'ONBOARDING', accountId: 'acct_123', requirements: ['Business website'] })));
    api.on('POST /v1/payments/onboarding', () => json(200, { url: 'http://stripe.test/connect/onboarding/link_2' }));
    renderApp('/settings/payments?onboarding=refresh');

    await expect.poll(() => go.mock.calls).toEqual([['http://stripe.test/connect/onboarding/link_2']]);
    expect(api.requestsTo('POST /v1/payments/onboarding')).toHaveLength(1);
  });

  it('says so when Stripe cannot be reached, and lets the owner try again', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () => json(200, account({ status: 'ONBOARDING', accountId: 'acct_123', requirements: ['Business website'] })));
    api.on('POST /v1/payments/onboarding', () => apiError(503, 'PAYMENT_UNAVAILABLE', 'Stripe is unavailable'));
    renderApp('/settings/payments');

    await userEvent.click(await screen.findByRole('button', { name: 'Continue onboarding' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Stripe could not be reached.*Nothing was changed/);
    expect(screen.getByRole('button', { name: 'Continue onboarding' })).toHaveProperty('disabled', false);
  });

  it('staff see the state but cannot connect', async () => {
    api.on('GET /v1/me', () => json(200, meAs('STAFF')));
    api.on('GET /v1/payments/account', () => json(200, account({})));
    renderApp('/settings/payments');

    expect((await screen.findByTestId('payment-account-status')).textContent).toBe('Not connected');
    expect(screen.queryByRole('button', { name: 'Connect Stripe' })).toBeNull();
    expect(screen.getByText('Only the business’s owner can connect Stripe.')).toBeDefined();
  });

  it('shows an error with a retry when the account cannot be loaded', async () => {
    let fail = true;
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    api.on('GET /v1/payments/account', () => (fail ? apiError(500, 'INTERNAL', 'Something broke') : json(200, account({}))));
    renderApp('/settings/payments');

    expect(await screen.findByText('Your Stripe account could not be loaded', {}, { timeout: 10_000 })).toBeDefined();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect((await screen.findByTestId('payment-account-status')).textContent).toBe('Not connected');
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../test/dashboard-api';
import { installFakeApi, json } from '../test/fake-api';
import { meAs } from '../test/fixtures';
import { renderApp } from '../test/render';

const api = installFakeApi();

describe('the navigation badge for money that needs attention', () => {
  it('counts open disputes and failed refunds on Payments, in words for screen readers', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    answerEmptyBusiness(api);
    api.on('GET /v1/payments/summary', () => json(200, { openDisputes: 2, disputesNeedingResponse: 1, failedRefunds: 1 }));
    renderApp('/customers');

    const payments = await screen.findByRole('link', { name: /^Payments\W+2 open disputes, 1 failed refund$/ });
    expect(within(payments).getByText('3')).toBeDefined();
  });

  it('staff, who have no Payments page, see it on Bookings, where disputed bookings are flagged', async () => {
    api.on('GET /v1/me', () => json(200, meAs('STAFF')));
    answerEmptyBusiness(api);
    api.on('GET /v1/payments/summary', () => json(200, { openDisputes: 1, disputesNeedingResponse: 1, failedRefunds: 0 }));
    renderApp('/customers');

    expect(await screen.findByRole('link', { name: /^Bookings\W+1 open dispute$/ })).toBeDefined();
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: /^Payments/ })).toBeNull();
  });

  it('shows nothing while nothing needs attention', async () => {
    api.on('GET /v1/me', () => json(200, meAs('ADMIN')));
    answerEmptyBusiness(api);
    renderApp('/customers');

    expect(await screen.findByRole('link', { name: 'Payments' })).toBeDefined();
    await expect.poll(() => api.requestsTo('GET /v1/payments/summary').length).toBe(1);
    expect(screen.getByRole('link', { name: 'Payments' })).toBeDefined();
  });
});

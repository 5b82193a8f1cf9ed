import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs, TENANT } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

function signedInAs(role: 'OWNER' | 'ADMIN') {
  api.on('GET /v1/me', () => json(200, meAs(role)));
  answerEmptyBusiness(api);
}

beforeAll(async () => {
  await import('./SettingsPage');
});

describe('SettingsPage', () => {
  it('previews the branding as it is typed and saves only those fields', async () => {
    signedInAs('OWNER');
    api.on('PATCH /v1/tenant', (request) => json(200, { ...TENANT, ...(request.body as object) }));
    renderApp('/settings');

    const branding = within(await screen.findByRole('region', { name: 'Booking page branding' }));
    const preview = screen.getByTestId('brand-preview');
    expect(preview.dataset.accent).toBe('#4f46e5');

    await userEvent.type(branding.getByLabelText('Accent colour'), '#0F766E');
    expect(preview.dataset.accent).toBe('#0f766e');
    await userEvent.clear(branding.getByLabelText('Display name'));
    await userEvent.type(branding.getByLabelText('Display name'), 'Glow & Co');
    expect(within(preview).getByText('Glow & Co')).toBeDefined();

    await userEvent.type(branding.getByLabelText('Logo URL'), 'http://glow.test/logo.png');
    await userEvent.click(branding.getByRole('button', { name: 'Save branding' }));
    expect(descriptionOf(branding.getByLabelText('Logo URL'))).toBe('Must be an https URL An https address of a square image, at least 96 × 96 px.');
    expect(api.requestsTo('PATCH /v1/tenant')).toHaveLength(0);

    await userEvent.clear(branding.getByLabelText('Logo URL'));
    await userEvent.click(branding.getByRole('button', { name: 'Save branding' }));

    expect(await screen.findByText('Branding saved. Your booking page shows it now.')).toBeDefined();
    expect(api.requestsTo('PATCH /v1/tenant')[0]?.body).toEqual({
      brandDisplayName: 'Glow & Co',
      brandAccentColor: '#0F766E',
      brandLogoUrl: null,
    });
  });

  it("shows the API's message under the field it names", async () => {
    signedInAs('OWNER');
    api.on('PATCH /v1/tenant', () =>
      apiError(400, 'VALIDATION_FAILED', 'The request is not valid', [{ path: 'body.holdMinutes', message: 'Number must be greater than or equal to 30' }]),
    );
    renderApp('/settings');

    const policies = within(await screen.findByRole('region', { name: 'Policies' }));
    await userEvent.click(policies.getByRole('button', { name: 'Save policies' }));

    await expect.poll(() => descriptionOf(policies.getByLabelText('Payment hold (minutes)'))).toMatch(/^Number must be greater than or equal to 30/);
  });

  it('offers the booking link and embed code, and shows everything read-only to non-owners', async () => {
    signedInAs('ADMIN');
    renderApp('/settings');

    const link = within(await screen.findByRole('region', { name: 'Booking link' }));
    expect(link.getByLabelText<HTMLInputElement>('Booking link').value).toBe(`${window.location.origin}/book/${TENANT.slug}`);
    expect(link.getByLabelText<HTMLTextAreaElement>('Embed code').value).toBe(
      `<iframe src="${window.location.origin}/book/${TENANT.slug}?embed=1" style="width:100%;min-height:700px;border:0" title="Book with Glow Studio"></iframe>`,
    );
    expect(screen.getByText('Only owners can change these settings; you can see them here.')).toBeDefined();
    expect(screen.getByLabelText('Business name').closest('fieldset')?.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save branding' })).toBeNull();
    expect(screen.getByRole('link', { name: /^Audit log/ }).getAttribute('href')).toBe('/settings/audit');
    expect(within(screen.getByRole('region', { name: 'Plan and limits' })).getByText('100 requests per minute')).toBeDefined();
  });

  it('previews the cancellation policy in words as it is typed, checks it, and saves it with the other policies', async () => {
    signedInAs('OWNER');
    api.on('PATCH /v1/tenant', (request) => json(200, { ...TENANT, ...(request.body as object) }));
    renderApp('/settings');

    const policies = within(await screen.findByRole('region', { name: 'Policies' }));
    const group = policies.getByRole('group', { name: 'Cancellation refunds (paid bookings)' });
    const preview = () => document.getElementById(group.getAttribute('aria-describedby') ?? '')?.firstChild?.textContent;
    expect(preview()).toBe('Free cancellation up to 24 hours before; after that 50 % is refunded; no-shows are not refunded.');

    await userEvent.clear(policies.getByLabelText('Free cancellation until (hours before)'));
    await userEvent.type(policies.getByLabelText('Free cancellation until (hours before)'), '48');
    await userEvent.clear(policies.getByLabelText('After that, refund (%)'));
    expect(preview()).toBe('Enter whole hours (0–1440) and a percentage (0–100).');
    await userEvent.click(policies.getByRole('button', { name: 'Save policies' }));
    expect(descriptionOf(policies.getByLabelText('After that, refund (%)'))).toMatch(/^Required/);
    expect(api.requestsTo('PATCH /v1/tenant')).toHaveLength(0);

    await userEvent.type(policies.getByLabelText('After that, refund (%)'), '0');
    expect(preview()).toBe('Free cancellation up to 48 hours before; after that nothing is refunded; no-shows are not refunded.');
    await userEvent.click(policies.getByRole('button', { name: 'Save policies' }));

    expect(await screen.findByText('Policies saved.')).toBeDefined();
    expect(api.requestsTo('PATCH /v1/tenant')[0]?.body).toEqual({
      cancellationCutoffHours: 24,
      cancellationPolicy: { freeCancellationHours: 48, lateRefundPercent: 0 },
      holdMinutes: 30,
      auditRetentionDays: 365,
    });
  });
});

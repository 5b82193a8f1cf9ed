import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';

describe('AcceptInvitationPage', () => {
  it('lets a new person choose a name and password, then opens the business', async () => {
    api.on(`GET /v1/public/invitations/${TOKEN}`, () =>
      json(200, { tenantName: 'Glow Studio', email: 'ana@glow.test', role: 'STAFF', userExists: false }),
    );
    api.on(`POST /v1/public/invitations/${TOKEN}/accept`, () => json(200, meAs('STAFF')));
    api.on('GET /v1/system/status', () =>
      json(200, { status: 'ok', version: '1.0.0', time: '2026-03-01T09:00:00.000Z', database: 'up', migrations: { applied: 1, pending: 0 }, rateLimits: { store: 'memory', healthy: true } }),
    );
    api.on('GET /v1/bookings', () => json(200, { items: [], nextCursor: null }));
    const router = renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Join Glow Studio' })).toBeDefined();
    expect(screen.getByText('Staff')).toBeDefined();
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ana@glow.test');

    await userEvent.type(screen.getByLabelText('Your name'), 'Ana Sousa');
    await userEvent.type(screen.getByLabelText('Choose a password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Join Glow Studio' }));
    expect(descriptionOf(screen.getByLabelText('Choose a password'))).toMatch(/^At least 10 characters/);

    await userEvent.type(screen.getByLabelText('Choose a password'), ' but longer now');
    await userEvent.click(screen.getByRole('button', { name: 'Join Glow Studio' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(api.requestsTo(`POST /v1/public/invitations/${TOKEN}/accept`)[0]?.body).toEqual({
      name: 'Ana Sousa',
      password: 'short but longer now',
    });
  });

  it('asks someone with an account for their password, and says when it is wrong', async () => {
    api.on(`GET /v1/public/invitations/${TOKEN}`, () =>
      json(200, { tenantName: 'Glow Studio', email: 'ana@glow.test', role: 'ADMIN', userExists: true }),
    );
    api.on(`POST /v1/public/invitations/${TOKEN}/accept`, () =>
      apiError(401, 'UNAUTHENTICATED', 'Email or password is incorrect'),
    );
    renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByText('Admin')).toBeDefined();
    expect(screen.queryByLabelText('Your name')).toBeNull();
    await userEvent.type(screen.getByLabelText('Your password'), 'not the right one');
    await userEvent.click(screen.getByRole('button', { name: 'Join Glow Studio' }));

    await expect
      .poll(() => descriptionOf(screen.getByLabelText('Your password')))
      .toBe("That isn't the password of ana@glow.test.");
    expect(api.requestsTo(`POST /v1/public/invitations/${TOKEN}/accept`)[0]?.body).toEqual({
      password: 'not the right one',
    });
  });

  it('explains an invitation that was used, revoked or expired', async () => {
    api.on(`GET /v1/public/invitations/${TOKEN}`, () =>
      apiError(404, 'NOT_FOUND', 'This invitation is no longer valid'),
    );
    renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation is no longer valid' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/login');
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { apiError, installFakeApi, json, noContent } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';

describe('AcceptInvitationPage', () => {
  it('lets a new person choose a name and password, then opens the business', async () => {
    api.on(`GET /v1/public/invitations/${TOKEN}`, () =>
      json(200, { tenantName: 'Glow Studio', email: 'ana@glow.test', role: 'STAFF', userExists: false, signedInAs: null }),
    );
    api.on(`POST /v1/public/invitations/${TOKEN}/accept`, () => json(200, meAs('STAFF')));
    api.on('GET /v1/system/status', () =>
      json(200, {
        status: 'ok',
        version: '1.0.0',
        time: '2026-03-01T09:00:00.000Z',
        database: 'up',
        migrations: { applied: 1, pending: 0 },
        rateLimits: { store: 'memory', healthy: true },
      }),
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

  /** The invitation page learns from the invitation itself who (if anyone) is signed in: no 401 from /v1/me on a public page. */
  const existingAccount = (signedInAs: string | null) =>
    api.on(`GET /v1/public/invitations/${TOKEN}`, () =>
      json(200, { tenantName: 'Studio Two', email: 'ana@glow.test', role: 'ADMIN', userExists: true, signedInAs }),
    );

  it('sends someone with an account to sign in first, and back here afterwards; no password is asked here', async () => {
    existingAccount(null);
    renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByText('Admin')).toBeDefined();
    const signIn = await screen.findByRole('link', { name: 'Sign in as ana@glow.test' });
    expect(signIn.getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/accept-invitation/${TOKEN}`)}`);
    expect(screen.queryByLabelText(/password/i)).toBeNull();
    expect(api.requestsTo(`POST /v1/public/invitations/${TOKEN}/accept`)).toHaveLength(0);
  });

  it('lets the invited account, signed in, join with one click', async () => {
    existingAccount('ana@glow.test');
    api.on(`POST /v1/public/invitations/${TOKEN}/accept`, () => json(200, meAs('ADMIN')));
    answerEmptyBusiness(api);
    api.on('GET /v1/system/status', () =>
      json(200, {
        status: 'ok',
        version: '1.0.0',
        time: '2026-03-01T09:00:00.000Z',
        database: 'up',
        migrations: { applied: 1, pending: 0 },
        rateLimits: { store: 'memory', healthy: true },
      }),
    );
    const router = renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByText(/You're signed in as ana@glow.test/)).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Join Studio Two' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(api.requestsTo(`POST /v1/public/invitations/${TOKEN}/accept`)[0]?.body).toEqual({});
  });

  it('offers to sign out when another account is signed in', async () => {
    existingAccount('bruno@glow.test');
    api.on('POST /v1/auth/logout', () => noContent());
    const router = renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByText(/The invitation is for ana@glow.test, and you're signed in as bruno@glow.test/)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Join Studio Two' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out and sign in as ana@glow.test' }));

    await expect.poll(() => router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent(`/accept-invitation/${TOKEN}`)}`);
    expect(api.requestsTo('POST /v1/auth/logout')).toHaveLength(1);
  });

  it('explains an invitation that was used, revoked or expired', async () => {
    api.on(`GET /v1/public/invitations/${TOKEN}`, () => apiError(404, 'NOT_FOUND', 'This invitation is no longer valid'));
    renderApp(`/accept-invitation/${TOKEN}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation is no longer valid' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/login');
  });
});

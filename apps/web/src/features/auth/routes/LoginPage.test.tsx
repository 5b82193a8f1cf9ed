import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

async function fillIn(email: string, password: string) {
  await userEvent.type(await screen.findByLabelText('Email'), email);
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('says the email or password is incorrect when the API answers 401', async () => {
    api.on('POST /v1/auth/login', () => apiError(401, 'UNAUTHENTICATED', 'Email or password is incorrect'));
    const router = renderApp('/login');

    await fillIn(' Ana@Glow.test ', 'not-my-password');

    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is incorrect');
    expect(router.state.location.pathname).toBe('/login');
    const [request] = api.requestsTo('POST /v1/auth/login');
    expect(request?.body).toEqual({ email: 'ana@glow.test', password: 'not-my-password' });
    expect(request?.init).toMatchObject({ credentials: 'include' });
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });

  it('signs in and opens the page the person was sent away from, without asking for /me again', async () => {
    api.on('POST /v1/auth/login', () => json(200, meAs('OWNER')));
    const router = renderApp('/login?next=%2Fsettings');

    await fillIn('ana@glow.test', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/settings');
    expect(screen.getByTestId('current-tenant').textContent).toBe('Glow Studio');
    expect(api.requestsTo('GET /v1/me')).toHaveLength(0);
  });

  it('checks the fields before sending anything', async () => {
    renderApp('/login');

    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(email)).toBe('Enter a valid email address');
    expect(descriptionOf(screen.getByLabelText('Password'))).toBe('Required');
    await expect.poll(() => document.activeElement).toBe(email);

    await userEvent.type(email, 'a');
    expect(email.getAttribute('aria-invalid')).toBeNull();
  });

  it('links to sign-up', async () => {
    renderApp('/login');
    await userEvent.click(await screen.findByRole('link', { name: 'Create an account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Create your Slotwise account' })).toBeDefined();
  });
});

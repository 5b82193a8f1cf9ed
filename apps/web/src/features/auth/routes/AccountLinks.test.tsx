import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { answerEmptyBusiness } from '../../../test/dashboard-api';
import { apiError, installFakeApi, json, noContent } from '../../../test/fake-api';
import { meAs } from '../../../test/fixtures';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

/** The pages emailed links open (finish sign-up, reset password, verify email) and the way to ask for a reset. */

const api = installFakeApi();
/** A token as the API's links carry it: 43 base64url characters. */
const TOKEN = 'xRzG3BYXP80Oo8l82AuCXPzdrFb1L8EUvQ09UO6ow2Y';
const STATUS = {
  status: 'ok',
  version: '1.0.0',
  time: '2026-03-01T09:00:00.000Z',
  database: 'up',
  migrations: { applied: 1, pending: 0 },
  rateLimits: { store: 'memory', healthy: true },
};

describe('sign-in page', () => {
  it('links to the password reset', async () => {
    renderApp('/login');
    await userEvent.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password' })).toBeDefined();
  });
});

describe('ForgotPasswordPage', () => {
  it('asks for the address and then says the same, whether or not it has an account', async () => {
    api.on('POST /v1/auth/password-reset', () => json(202, { message: 'If that address has an account, we sent it a link.' }));
    renderApp('/forgot-password');
    await userEvent.type(await screen.findByLabelText('Email'), ' Ana@Glow.test ');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toBeDefined();
    expect(
      screen.getByText(/If this address has a Slotwise account, the email has a link to choose a new password. It works once, for 30 minutes./),
    ).toBeDefined();
    expect(api.requestsTo('POST /v1/auth/password-reset')[0]?.body).toEqual({ email: 'ana@glow.test' });
  });

  it('shows a rate limit at the top of the form', async () => {
    api.on('POST /v1/auth/password-reset', () => apiError(429, 'RATE_LIMITED', 'Too many requests, try again in 3000 seconds'));
    renderApp('/forgot-password');
    await userEvent.type(await screen.findByLabelText('Email'), 'ana@glow.test');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Too many requests/);
  });
});

describe('ResetPasswordPage', () => {
  it("checks length and blanks before sending, shows the API's refusal by the field, then sends the person to sign in", async () => {
    let answer = () =>
      apiError(400, 'VALIDATION_FAILED', 'Too easy', [
        { path: 'body.password', message: 'This password is too easy to guess (this is a commonly used password)' },
      ]);
    api.on('POST /v1/auth/password-reset/confirm', () => answer());
    const router = renderApp(`/reset-password?token=${TOKEN}`);
    const field = await screen.findByLabelText('New password');
    const save = () => userEvent.click(screen.getByRole('button', { name: 'Set new password' }));

    await userEvent.type(field, '          ');
    await save();
    expect(descriptionOf(field)).toMatch(/^A password cannot be only spaces/);
    expect(api.requestsTo('POST /v1/auth/password-reset/confirm')).toHaveLength(0);

    await userEvent.clear(field);
    await userEvent.type(field, 'password12');
    await save();
    await expect.poll(() => descriptionOf(field)).toMatch(/^This password is too easy to guess/);

    answer = () => noContent();
    await userEvent.clear(field);
    await userEvent.type(field, 'marble orchard compass');
    await save();
    await expect.poll(() => router.state.location.pathname).toBe('/login');
    expect(await screen.findByText(/Your password is changed/)).toBeDefined();
    expect(api.requestsTo('POST /v1/auth/password-reset/confirm').at(-1)?.body).toEqual({ token: TOKEN, password: 'marble orchard compass' });
  });

  it('explains a used or expired link and offers a new one', async () => {
    api.on('POST /v1/auth/password-reset/confirm', () => apiError(404, 'NOT_FOUND', 'This link is no longer valid'));
    renderApp(`/reset-password?token=${TOKEN}`);
    await userEvent.type(await screen.findByLabelText('New password'), 'marble orchard compass');
    await userEvent.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'This link is no longer valid' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Send a new link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('says a link without its token is not valid, without asking the API', async () => {
    renderApp('/reset-password?token=cut-short');
    expect(await screen.findByRole('heading', { level: 1, name: 'This link is no longer valid' })).toBeDefined();
  });
});

describe('FinishSignupPage', () => {
  it('creates the account with the chosen password and opens the business', async () => {
    api.on('POST /v1/auth/signup/confirm', () => json(201, meAs('OWNER')));
    answerEmptyBusiness(api);
    api.on('GET /v1/system/status', () => json(200, STATUS));
    const router = renderApp(`/finish-signup?token=${TOKEN}`);

    const field = await screen.findByLabelText('Password');
    expect(descriptionOf(field)).toMatch(/Not a common password/);
    await userEvent.type(field, 'quiet river lantern');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/');
    expect(screen.getByTestId('current-tenant').textContent).toBe('Glow Studio');
    expect(api.requestsTo('POST /v1/auth/signup/confirm')[0]?.body).toEqual({ token: TOKEN, password: 'quiet river lantern' });
  });

  it('says when the booking address was taken since, at the top of the form', async () => {
    api.on('POST /v1/auth/signup/confirm', () =>
      apiError(409, 'CONFLICT', 'The booking address "glow" was taken since; sign up again with another', { field: 'slug' }),
    );
    renderApp(`/finish-signup?token=${TOKEN}`);
    await userEvent.type(await screen.findByLabelText('Password'), 'quiet river lantern');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/was taken since/);
  });
});

describe('email verification', () => {
  it('verifies on a click (not on load), then says so', async () => {
    api.on('POST /v1/auth/verify-email', () => noContent());
    renderApp(`/verify-email?token=${TOKEN}`);
    const button = await screen.findByRole('button', { name: 'Verify my email address' });
    expect(api.requestsTo('POST /v1/auth/verify-email')).toHaveLength(0);
    await userEvent.click(button);
    expect(await screen.findByRole('heading', { level: 1, name: 'Your email address is verified' })).toBeDefined();
    expect(api.requestsTo('POST /v1/auth/verify-email')[0]?.body).toEqual({ token: TOKEN });
  });

  it('asks an unverified person in the dashboard to verify, and emails a new link on request', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER', [], { emailVerified: false })));
    answerEmptyBusiness(api);
    api.on('GET /v1/system/status', () => json(200, STATUS));
    api.on('POST /v1/me/email-verification', () => json(202, { message: 'We sent you a new link.' }));
    renderApp('/');

    const banner = within(await screen.findByRole('region', { name: 'Verify your email address' }));
    expect(banner.getByText(/Follow the link we emailed to/).textContent).toMatch(/ana@glow.test/);
    await userEvent.click(banner.getByRole('button', { name: 'Email me a new link' }));
    expect(await screen.findByText('We sent a new link to ana@glow.test. It works for 3 days.')).toBeDefined();
    expect(api.requestsTo('POST /v1/me/email-verification')).toHaveLength(1);
  });

  it('shows no banner to someone whose address is verified', async () => {
    api.on('GET /v1/me', () => json(200, meAs('OWNER')));
    answerEmptyBusiness(api);
    api.on('GET /v1/system/status', () => json(200, STATUS));
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeDefined();
    expect(screen.queryByRole('region', { name: 'Verify your email address' })).toBeNull();
  });
});

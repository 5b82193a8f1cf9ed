import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json } from '../../../test/fake-api';
import { descriptionOf } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

async function fillInValidValues() {
  await userEvent.type(await screen.findByLabelText('Business name'), 'Glow Studio');
  await userEvent.type(screen.getByLabelText('Your name'), 'Ana Sousa');
  await userEvent.type(screen.getByLabelText('Email'), 'ana@glow.test');
}

const submit = () => userEvent.click(screen.getByRole('button', { name: 'Create account' }));

describe('SignupPage', () => {
  it('suggests the booking address from the business name and previews it, until one is typed', async () => {
    renderApp('/signup');

    await userEvent.type(await screen.findByLabelText('Business name'), 'Café Élan & Co');

    const slug = screen.getByLabelText<HTMLInputElement>('Booking address');
    expect(slug.value).toBe('cafe-elan-co');
    expect(screen.getByTestId('slug-preview').textContent).toBe(`${window.location.host}/book/cafe-elan-co`);

    await userEvent.clear(slug);
    await userEvent.type(slug, 'Elan Lisboa');
    await userEvent.type(screen.getByLabelText('Business name'), ' Lisboa');
    expect(slug.value).toBe('elan-lisboa');
    expect(screen.getByTestId('slug-preview').textContent).toBe(`${window.location.host}/book/elan-lisboa`);
  });

  it("picks the browser's time zone from the full list", async () => {
    renderApp('/signup');
    const select = await screen.findByLabelText<HTMLSelectElement>('Time zone');
    expect(select.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(within(select).getAllByRole('option').length).toBeGreaterThan(300);
  });

  it('checks the fields with the contract schema before sending anything', async () => {
    renderApp('/signup');
    await userEvent.type(await screen.findByLabelText('Business name'), 'Admin');
    await submit();

    expect(descriptionOf(screen.getByLabelText('Booking address'))).toMatch(/^This address is reserved/);
    expect(descriptionOf(screen.getByLabelText('Your name'))).toBe('Required');
    expect(descriptionOf(screen.getByLabelText('Email'))).toMatch(/^Enter a valid email address/);
    expect(screen.queryByLabelText('Password')).toBeNull(); // chosen from the emailed link
    expect(api.requestsTo('POST /v1/auth/signup')).toHaveLength(0);
  });

  it('shows a taken booking address under its field (409 with details.field)', async () => {
    api.on('POST /v1/auth/signup', () => apiError(409, 'CONFLICT', 'This address is already taken', { field: 'slug' }));
    renderApp('/signup');
    await fillInValidValues();
    await submit();

    const slug = screen.getByLabelText('Booking address');
    await expect.poll(() => slug.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(slug)).toMatch(/^This address is already taken/);
    expect(screen.queryByRole('alert')).toBeNull();
    await expect.poll(() => document.activeElement).toBe(slug);

    expect(api.requestsTo('POST /v1/auth/signup')[0]?.body).toEqual({
      tenantName: 'Glow Studio',
      slug: 'glow-studio',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      name: 'Ana Sousa',
      email: 'ana@glow.test',
    });
  });

  it("puts the API's validation details next to the fields they name (400)", async () => {
    api.on('POST /v1/auth/signup', () =>
      apiError(400, 'VALIDATION_FAILED', 'The request is not valid', [
        { path: 'body.email', message: 'This email cannot receive mail' },
        { path: 'body.name', message: 'Too long' },
      ]),
    );
    renderApp('/signup');
    await fillInValidValues();
    await submit();

    await expect.poll(() => descriptionOf(screen.getByLabelText('Email'))).toMatch(/^This email cannot receive mail/);
    expect(descriptionOf(screen.getByLabelText('Your name'))).toBe('Too long');
    expect(screen.getByLabelText('Business name').getAttribute('aria-invalid')).toBeNull();
  });

  it('shows an error that names no field at the top of the form', async () => {
    api.on('POST /v1/auth/signup', () => apiError(429, 'RATE_LIMITED', 'Too many sign-ups from here. Try again later.'));
    renderApp('/signup');
    await fillInValidValues();
    await submit();

    expect((await screen.findByRole('alert')).textContent).toBe('Too many sign-ups from here. Try again later.');
  });

  it('asks the person to check their email, and says the same whatever the address', async () => {
    api.on('POST /v1/auth/signup', () => json(202, { message: 'Check your email: we sent a link to finish creating your account.' }));
    const router = renderApp('/signup');
    await fillInValidValues();
    await submit();

    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toBeDefined();
    expect(screen.getByRole('status').textContent).toBe('We sent an email to ana@glow.test.');
    expect(screen.getByText(/choose your password and open Glow Studio/)).toBeDefined();
    expect(screen.getByText(/If you already have an account with this address, the email says how to sign in instead/)).toBeDefined();
    expect(router.state.location.pathname).toBe('/signup');

    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByLabelText<HTMLInputElement>('Business name').value).toBe('Glow Studio');
  });
});

import { WALLET_CONSENT_TEXTS, WALLET_CONSENT_VERSION } from '@slotwise/contracts/wallet-consent';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeApi, json } from '../test/fake-api';
import { leavePage } from './checkout';
import { WalletPage } from './WalletPage';
import { readWalletSession, saveWalletSession } from './wallet-session';

/* The customer's saved cards (/wallet): the emailed link, the list, adding with the consent shown, removing. */

const api = installFakeApi();
const TOKEN = 't'.repeat(43);
const SESSION = 's'.repeat(43);
const CARD = { id: '7e1d2c3b-0000-4000-8000-00000000c4a5', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2035, consentedAt: '2030-03-01T10:00:00Z' };
const SETUP_URL = 'http://localhost:4010/c/setup/cs_test_setup1';

let go: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T15:00:00Z') });
  localStorage.clear();
  window.history.replaceState(null, '', '/wallet');
  go = vi.spyOn(leavePage, 'to').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const session = () => ({ sessionToken: SESSION, email: 'ada@example.com', expiresAt: '2030-04-03T15:00:00Z' });

describe('WalletPage', () => {
  it('asks for an email address and says to check the inbox, whatever the address', async () => {
    api.on('POST /v1/public/wallet/link', () => json(202, { message: 'sent' }));
    render(<WalletPage token={null} setupSession={null} setupCancelled={false} />);
    await userEvent.type(await screen.findByLabelText('Email'), 'ada@example');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(screen.getByText('Enter an email address like name@example.com.')).toBeDefined();
    await userEvent.type(screen.getByLabelText('Email'), '.com');
    await userEvent.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(await screen.findByRole('heading', { name: 'Check your inbox' })).toBeDefined();
    expect(api.requestsTo('POST /v1/public/wallet/link').map((r) => r.body)).toEqual([{ email: 'ada@example.com' }]);
  });

  it('opens the cards from the emailed link, keeps the session on this device and drops the token from the address', async () => {
    window.history.replaceState(null, '', `/wallet?token=${TOKEN}`);
    api.on('POST /v1/public/wallet/session', () => json(200, session()));
    api.on('GET /v1/public/wallet', () => json(200, { email: 'ada@example.com', cards: [CARD] }));
    render(<WalletPage token={TOKEN} setupSession={null} setupCancelled={false} />);
    expect(await screen.findByText('Visa •••• 4242')).toBeDefined();
    expect(screen.getByText(/Expires 12\/2035/)).toBeDefined();
    expect(api.requestsTo('POST /v1/public/wallet/session')[0]!.body).toEqual({ token: TOKEN });
    expect(new Headers(api.requestsTo('GET /v1/public/wallet')[0]!.init?.headers).get('x-wallet-session')).toBe(SESSION);
    expect(readWalletSession()).toEqual(session());
    expect(window.location.search).toBe('');
  });

  it('a used or expired link asks for a new one', async () => {
    api.on('POST /v1/public/wallet/session', () => apiError(404, 'NOT_FOUND', 'This link is no longer valid'));
    render(<WalletPage token={TOKEN} setupSession={null} setupCancelled={false} />);
    expect((await screen.findByRole('alert')).textContent).toContain('That link was used already or has expired.');
    expect(screen.getByRole('button', { name: 'Email me a link' })).toBeDefined();
  });

  it('adds a card only once the wording is agreed to, sending its version, then goes to Stripe', async () => {
    saveWalletSession(session());
    api.on('GET /v1/public/wallet', () => json(200, { email: 'ada@example.com', cards: [] }));
    api.on('POST /v1/public/wallet/setup', () => json(200, { url: SETUP_URL }));
    render(<WalletPage token={null} setupSession={null} setupCancelled={false} />);
    expect(await screen.findByText(/No saved cards yet/)).toBeDefined();
    const add = screen.getByRole('button', { name: 'Add a card' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('checkbox', { name: WALLET_CONSENT_TEXTS[WALLET_CONSENT_VERSION] }));
    await userEvent.click(add);
    await expect.poll(() => go.mock.calls).toEqual([[SETUP_URL]]);
    expect(api.requestsTo('POST /v1/public/wallet/setup')[0]!.body).toEqual({ consent: true, consentVersion: WALLET_CONSENT_VERSION });
  });

  it('back from Stripe: the card is saved and listed', async () => {
    saveWalletSession(session());
    api.on('POST /v1/public/wallet/setup/complete', () => json(200, CARD));
    api.on('GET /v1/public/wallet', () => json(200, { email: 'ada@example.com', cards: [CARD] }));
    render(<WalletPage token={null} setupSession="cs_test_setup1" setupCancelled={false} />);
    expect((await screen.findByRole('status')).textContent).toContain('Visa •••• 4242 is saved.');
    expect(api.requestsTo('POST /v1/public/wallet/setup/complete')[0]!.body).toEqual({ sessionId: 'cs_test_setup1' });
  });

  it('removes a card after a second click', async () => {
    saveWalletSession(session());
    api.on('GET /v1/public/wallet', () => json(200, { email: 'ada@example.com', cards: [CARD] }));
    api.on(`DELETE /v1/public/wallet/cards/${CARD.id}`, () => json(200, { email: 'ada@example.com', cards: [] }));
    render(<WalletPage token={null} setupSession={null} setupCancelled={false} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Visa •••• 4242' }));
    expect(api.requestsTo(`DELETE /v1/public/wallet/cards/${CARD.id}`)).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Remove card' }));
    expect((await screen.findByRole('status')).textContent).toContain('Visa •••• 4242 is removed.');
    expect(screen.getByText(/No saved cards yet/)).toBeDefined();
  });

  it('a session that ended is forgotten and the page asks for a new link', async () => {
    saveWalletSession(session());
    api.on('GET /v1/public/wallet', () => apiError(401, 'UNAUTHENTICATED', 'Open your saved cards from the link we emailed you'));
    render(<WalletPage token={null} setupSession={null} setupCancelled={false} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Your saved cards were closed on this device.');
    expect(readWalletSession()).toBeNull();
  });
});

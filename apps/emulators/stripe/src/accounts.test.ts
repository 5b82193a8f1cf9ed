import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSION } from './index';
import { control, startHarness, type Harness } from './testing/harness';

/** Connected accounts, account links and the onboarding page, through the real SDK. */

let h: Harness;
let nowMs = Date.now();

beforeAll(async () => {
  h = await startHarness({ clock: () => new Date(nowMs) });
});
afterAll(() => h.stop());
beforeEach(() => {
  nowMs = Date.now();
  h.emulator.controls.reset();
  h.receiver.received.length = 0;
});

const controller = { fees: { payer: 'account' as const }, losses: { payments: 'stripe' as const }, stripe_dashboard: { type: 'full' as const } };

describe('API basics', () => {
  it('pins the API version the installed SDK defaults to', () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it('needs a test secret key (401 in Stripe shape otherwise)', async () => {
    const noKey = await fetch(`${h.emulator.url}/v1/accounts`);
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    const live = new Stripe('sk_live_123', { ...h.emulator.sdkOptions, maxNetworkRetries: 0 });
    await expect(live.accounts.list()).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
  });

  it('answers an unknown path with a Stripe-shaped 404', async () => {
    const res = await fetch(`${h.emulator.url}/v1/nothing`, { headers: { authorization: 'Bearer sk_test_x' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('accounts', () => {
  it('creates an account from controller properties with capabilities and requirements due', async () => {
    const account = await h.stripe.accounts.create({ controller, country: 'JP', metadata: { tenantId: 't1' } });
    expect(account).toMatchObject({
      object: 'account',
      type: 'standard',
      controller: { fees: { payer: 'account' }, losses: { payments: 'stripe' }, stripe_dashboard: { type: 'full' }, is_controller: true },
      charges_enabled: false,
      payouts_enabled: false,
      default_currency: 'jpy',
      capabilities: { card_payments: 'inactive', transfers: 'inactive' },
      metadata: { tenantId: 't1' },
    });
    expect(account.id).toMatch(/^acct_/);
    expect(account.requirements?.currently_due).toContain('external_account');
    expect(await h.stripe.accounts.retrieve(account.id)).toEqual(account);
  });

  it('maps the deprecated type onto controller properties and refuses both at once', async () => {
    const express = await h.stripe.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } } });
    expect(express.controller).toMatchObject({ fees: { payer: 'application' }, stripe_dashboard: { type: 'express' } });
    await expect(h.stripe.accounts.create({ type: 'standard', controller })).rejects.toMatchObject({ statusCode: 400, param: 'type' });
    await expect(h.stripe.accounts.create({ controller: { ...controller, fees: { payer: 'application' } } })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses unknown parameters and a Stripe-Account it cannot act on', async () => {
    await expect(h.stripe.accounts.create({ controller, colour: 'red' } as Stripe.AccountCreateParams)).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });
    await expect(h.stripe.accounts.retrieve('acct_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    await expect(h.stripe.checkout.sessions.list({}, { stripeAccount: 'acct_missing' })).rejects.toMatchObject({ statusCode: 403, code: 'account_invalid' });
  });

  it('updates metadata (an empty value removes a key) and sends account.updated', async () => {
    const account = await h.stripe.accounts.create({ controller, metadata: { a: '1', b: '2' } });
    const updated = await h.stripe.accounts.update(account.id, { metadata: { a: '', c: '3' } });
    expect(updated.metadata).toEqual({ b: '2', c: '3' });
    const [delivery] = await h.receiver.waitFor((r) => r.event.type === 'account.updated');
    expect(delivery?.connect).toBe(true);
    expect(delivery?.event.account).toBe(account.id);
  });

  it('lists accounts newest first with has_more and starting_after', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await h.stripe.accounts.create({ controller })).id);
    const first = await h.stripe.accounts.list({ limit: 2 });
    expect(first.data.map((a) => a.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const second = await h.stripe.accounts.list({ limit: 2, starting_after: ids[1] });
    expect(second.data.map((a) => a.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
  });
});

describe('account links and onboarding', () => {
  async function link(accountId: string) {
    return h.stripe.accountLinks.create({
      account: accountId,
      type: 'account_onboarding',
      refresh_url: 'http://shop.test/refresh',
      return_url: 'http://shop.test/return',
    });
  }

  it('completes onboarding on the hosted page and sends account.updated to the Connect endpoint', async () => {
    const account = await h.stripe.accounts.create({ controller });
    const created = await link(account.id);
    expect(created.expires_at - created.created).toBe(300);
    const page = await fetch(created.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Complete onboarding');
    const formToken = html.match(/name="form_token" value="([^"]+)"/)?.[1] as string;
    const done = await fetch(created.url, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ form_token: formToken, action: 'complete' }) });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://shop.test/return');
    const after = await h.stripe.accounts.retrieve(account.id);
    expect(after).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true, capabilities: { card_payments: 'active' } });
    expect(after.requirements?.currently_due).toEqual([]);
    const [update] = await h.receiver.waitFor((r) => r.event.type === 'account.updated');
    expect(update?.event).toMatchObject({ account: account.id, data: { object: { charges_enabled: true }, previous_attributes: { charges_enabled: false } } });
  });

  it('leaving part-way returns to return_url with requirements still due', async () => {
    const account = await h.stripe.accounts.create({ controller });
    const created = await link(account.id);
    const html = await (await fetch(created.url)).text();
    const formToken = html.match(/name="form_token" value="([^"]+)"/)?.[1] as string;
    const left = await fetch(created.url, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ form_token: formToken, action: 'leave' }) });
    expect(left.headers.get('location')).toBe('http://shop.test/return');
    const after = await h.stripe.accounts.retrieve(account.id);
    expect(after.charges_enabled).toBe(false);
    expect(after.requirements?.currently_due).toEqual(['external_account', 'tos_acceptance.date', 'tos_acceptance.ip']);
  });

  it('a used or expired link sends the visitor to refresh_url', async () => {
    const account = await h.stripe.accounts.create({ controller });
    const used = await link(account.id);
    await fetch(used.url);
    const again = await fetch(used.url, { redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('http://shop.test/refresh');

    const late = await link(account.id);
    nowMs += 301_000;
    const expired = await fetch(late.url, { redirect: 'manual' });
    expect(expired.headers.get('location')).toBe('http://shop.test/refresh');
  });

  it('controls: complete onboarding, set requirements, disable charges', async () => {
    const account = await h.stripe.accounts.create({ controller });
    const done = await control(h, `/accounts/${account.id}/complete-onboarding`);
    expect(done.body).toMatchObject({ charges_enabled: true });
    await control(h, `/accounts/${account.id}/requirements`, {
      currently_due: ['individual.verification.document'],
      past_due: ['individual.verification.document'],
    });
    const disabled = await control(h, `/accounts/${account.id}/disable-charges`, { disabled_reason: 'requirements.past_due' });
    expect(disabled.body).toMatchObject({
      charges_enabled: false,
      requirements: { disabled_reason: 'requirements.past_due', currently_due: ['individual.verification.document'] },
    });
    await h.receiver.waitFor((r) => r.event.type === 'account.updated', 3);
  });

  it('deauthorize sends account.application.deauthorized and the account is no longer reachable', async () => {
    const account = await h.stripe.accounts.create({ controller });
    expect((await control(h, `/accounts/${account.id}/deauthorize`)).status).toBe(200);
    const [event] = await h.receiver.waitFor((r) => r.event.type === 'account.application.deauthorized');
    expect(event?.connect).toBe(true);
    expect(event?.event.account).toBe(account.id);
    await expect(h.stripe.checkout.sessions.list({}, { stripeAccount: account.id })).rejects.toMatchObject({ statusCode: 403 });
  });
});

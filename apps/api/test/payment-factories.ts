import type { TPaymentAccount } from '@slotwise/contracts';
import type { TestApp } from './app';
import { ORIGIN, type Staff } from './factories';

/**
 * Connects the owner's business to Stripe as a person does, against the emulator: "Connect
 * Stripe" through the API, onboarding completed (the emulator's control stands in for the
 * Stripe-hosted page), then waits until `account.updated` has been delivered and processed and
 * our side says ACTIVE. Needs `createTestApp({ stripe: true })`.
 */
export async function connectStripe(t: TestApp, owner: Staff): Promise<{ accountId: string }> {
  const stripe = t.stripe;
  if (!stripe) throw new Error('connectStripe needs createTestApp({ stripe: true })');
  const accountId = await startOnboarding(t, owner);
  stripe.controls.completeOnboarding(accountId);
  await waitForPaymentAccount(t, owner, (a) => a.status === 'ACTIVE');
  return { accountId };
}

/** "Connect Stripe" (POST /v1/payments/onboarding): the connected account's id. */
export async function startOnboarding(t: TestApp, owner: Staff): Promise<string> {
  const res = await t.http.post('/v1/payments/onboarding').set('Cookie', owner.cookie).set('Origin', ORIGIN);
  if (res.status !== 200) throw new Error(`onboarding failed: ${res.status} ${JSON.stringify(res.body)}`);
  const account = await paymentAccount(t, owner);
  if (!account.accountId) throw new Error('no connected account after onboarding started');
  return account.accountId;
}

export async function paymentAccount(t: TestApp, staff: Staff): Promise<TPaymentAccount> {
  const res = await t.http.get('/v1/payments/account').set('Cookie', staff.cookie);
  if (res.status !== 200) throw new Error(`payments account: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TPaymentAccount;
}

/** Polls GET /v1/payments/account until `done` (webhooks and their jobs run asynchronously). */
export async function waitForPaymentAccount(t: TestApp, staff: Staff, done: (a: TPaymentAccount) => boolean, timeoutMs = 10_000): Promise<TPaymentAccount> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const account = await paymentAccount(t, staff);
    if (done(account)) return account;
    if (Date.now() > deadline) throw new Error(`payments account did not reach the expected state: ${JSON.stringify(account)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * connectStripe, after which the emulator holds its webhooks back: Stripe's events are kept, not
 * delivered. For tests of hold mechanics that move the clock: the emulator expires sessions on
 * that clock, and their `checkout.session.expired` would otherwise release holds in the background.
 * (Held events go out, in order, when the next tenant connects.)
 */
export async function connectStripeQuietly(t: TestApp, owner: Staff): Promise<{ accountId: string }> {
  const stripe = t.stripe!;
  stripe.controls.releaseWebhooks();
  try {
    return await connectStripe(t, owner);
  } finally {
    stripe.controls.holdWebhooks();
  }
}

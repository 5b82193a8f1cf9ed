import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { ORIGIN, signUpTenant } from '../../../test/factories';
import { connectStripe, paymentAccount, startOnboarding, waitForPaymentAccount } from '../../../test/payment-factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ stripe: true });
});
afterAll(async () => {
  await t.close();
});

describe('Stripe onboarding', () => {
  it('connects a business: not connected → onboarding with plain-word requirements → active', async () => {
    const owner = await signUpTenant(t);
    expect(await paymentAccount(t, owner)).toEqual({ status: 'NOT_CONNECTED', chargesEnabled: false, payoutsEnabled: false, requirements: [], disabledReason: null });
    const { accountId } = await connectStripe(t, owner);
    const account = await paymentAccount(t, owner);
    expect(account).toMatchObject({ status: 'ACTIVE', accountId, chargesEnabled: true, payoutsEnabled: true, requirements: [] });
  });

  it('shows what Stripe still needs in plain words', async () => {
    const owner = await signUpTenant(t);
    await startOnboarding(t, owner);
    const account = await paymentAccount(t, owner);
    expect(account.status).toBe('ONBOARDING');
    expect(account.requirements).toContain('Bank account for payouts');
    expect(account.requirements.every((r) => !r.includes('_'))).toBe(true);
    void ORIGIN;
    void waitForPaymentAccount;
  });
});

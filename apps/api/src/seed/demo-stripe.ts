import { randomUUID } from 'node:crypto';
import { createPaymentAccountService } from '../modules/payments/payment-account.service';
import { runWithContext } from '../platform/context';
import type { AppDeps } from '../platform/deps';
import { withTenant } from '../platform/tenancy';
import { DEMO } from './demo';

/**
 * Development only (server.ts, with the local Stripe emulator it started): accounts from an
 * earlier run are unknown to the fresh emulator, so every stored account is read again (they
 * become disconnected), and the demo tenant is connected anew with its onboarding completed —
 * so its paid service can be booked and paid at once. Only the development entry may use the
 * emulator's controls (`completeOnboarding`); the account's state still arrives as Stripe's would,
 * by `account.updated` (and is read once more here so the demo is ready before the first request).
 */
export async function connectDemoToStripe(deps: AppDeps, emulator: { completeOnboarding(accountId: string): unknown }): Promise<void> {
  const logger = deps.logger.child({ component: 'demo-stripe' });
  await runWithContext({ requestId: `dev-stripe-${randomUUID()}`, correlationId: 'dev-stripe', logger }, async () => {
    const accounts = createPaymentAccountService(deps);
    await accounts.unsafeRefreshAll();
    const demo = await deps.tenants.bySlug(DEMO.slug);
    if (!demo) return;
    await withTenant(demo.id, async () => {
      if ((await accounts.get()).status === 'ACTIVE') return;
      await accounts.startOnboarding('demo-seed');
      const { accountId } = await accounts.get();
      if (!accountId) return;
      emulator.completeOnboarding(accountId);
      const state = await accounts.refresh();
      logger.info({ accountId, status: state.status }, 'demo tenant connected to the Stripe emulator');
    });
  });
}

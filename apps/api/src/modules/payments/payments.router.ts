import { apiContract, paymentsOpsContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';

const s = initServer();

// Placeholder while issue #14 is built: the routes exist in the contract and answer honestly.
export function paymentsRouter(_deps: AppDeps) {
  return s.router(apiContract.payments, {
    account: async () => ({
      status: 200,
      body: { status: 'NOT_CONNECTED' as const, chargesEnabled: false, payoutsEnabled: false, requirements: [], disabledReason: null },
    }),
    onboarding: async () => {
      throw new AppError('PAYMENT_UNAVAILABLE', 'Stripe is not configured');
    },
    list: async () => ({ status: 200, body: { items: [], nextCursor: null } }),
  });
}

export function paymentsOpsRouter(_deps: AppDeps) {
  return s.router(paymentsOpsContract, {
    stripeEvents: async () => ({ status: 200, body: { items: [] } }),
    replayStripeEvent: async () => {
      throw new AppError('NOT_FOUND', 'No such event');
    },
  });
}

import { apiContract, paymentsOpsContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { createDisputesService } from './disputes.service';
import { createDepositsService } from './deposits.service';
import { createPaymentAccountService } from './payment-account.service';
import { createPaymentsService } from './payments.service';
import { createStripeEventsService } from './stripe-events.service';

const s = initServer();

export function paymentsRouter(deps: AppDeps) {
  const accounts = createPaymentAccountService(deps);
  const payments = createPaymentsService(deps);
  const deposits = createDepositsService(deps);
  const disputes = createDisputesService(deps);
  return s.router(apiContract.payments, {
    account: async () => ({ status: 200, body: await accounts.get() }),
    onboarding: async () => {
      const userId = currentContext()?.userId;
      if (!userId) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return { status: 200, body: await accounts.startOnboarding({ userId }) };
    },
    list: async ({ query }) => ({ status: 200, body: await payments.list(query) }),
    recordBalance: async ({ params, body }) => ({
      status: 200,
      body: await deposits.recordBalance(params.id, body.method, currentContext()?.userId ?? null),
    }),
    summary: async () => ({ status: 200, body: await disputes.summary() }),
    disputes: async ({ query }) => ({ status: 200, body: await disputes.list(query) }),
  });
}

export function paymentsOpsRouter(deps: AppDeps) {
  const events = createStripeEventsService(deps);
  return s.router(paymentsOpsContract, {
    stripeEvents: async ({ query }) => ({ status: 200, body: await events.list({ status: query.status, limit: query.limit }) }),
    replayStripeEvent: async ({ params }) => ({ status: 200, body: await events.replay(params.id) }),
  });
}

import { apiContract, paymentsOpsContract, type TRefund } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { authOf } from '../../platform/guard';
import { createIdempotency } from '../../platform/idempotency';
import { createDisputesService } from './disputes.service';
import { createDepositsService } from './deposits.service';
import { createPaymentAccountService } from './payment-account.service';
import { createPaymentsService } from './payments.service';
import { createRefundsWorkflow } from './refunds.workflow.service';
import { createStripeEventsService } from './stripe-events.service';

const s = initServer();

export function paymentsRouter(deps: AppDeps) {
  const accounts = createPaymentAccountService(deps);
  const payments = createPaymentsService(deps);
  const deposits = createDepositsService(deps);
  const disputes = createDisputesService(deps);
  const refunds = createRefundsWorkflow(deps);
  const idempotency = createIdempotency(deps);
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
    // The answer is recorded for the Idempotency-Key in the refund's own transaction.
    refund: ({ params, body, headers, res }) =>
      idempotency.respond<201, TRefund>('payments.refund', headers['idempotency-key'], { bookingId: params.id, ...body }, 201, (record) =>
        refunds.request(params.id, body, { userId: authOf(res).userId, idempotencyKey: headers['idempotency-key'], record }),
      ),
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

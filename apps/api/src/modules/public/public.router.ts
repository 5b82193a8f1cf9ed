import { apiContract, type TPublicBooking } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createIdempotency } from '../../platform/idempotency';
import { createPublicService } from './public.service';

const s = initServer();

export function publicRouter(deps: AppDeps) {
  const pub = createPublicService(deps);
  const idempotency = createIdempotency(deps);
  return s.router(apiContract.public, {
    tenant: async () => ({ status: 200, body: await pub.profile() }),
    services: async () => ({ status: 200, body: { items: await pub.services() } }),
    slots: async ({ params, query }) => ({ status: 200, body: await pub.slots(params.serviceId, query) }),
    // The answer is recorded for the Idempotency-Key in the booking's own transaction; for a paid
    // service, once its Checkout Session exists, with the payment row (payments.service startCheckout).
    book: ({ body, headers }) =>
      idempotency.respond<201, TPublicBooking>('booking.create:PUBLIC', headers['idempotency-key'], body, 201, (record) =>
        pub.book(body, record, { walletSession: headers['x-wallet-session'] }),
      ),
    checkoutStatus: async ({ params }) => ({ status: 200, body: await pub.checkoutStatus(params.sessionId) }),
  });
}

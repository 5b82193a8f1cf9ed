import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createPublicService } from './public.service';

const s = initServer();

export function publicRouter(deps: AppDeps) {
  const pub = createPublicService(deps);
  return s.router(apiContract.public, {
    tenant: async () => ({ status: 200, body: await pub.profile() }),
    services: async () => ({ status: 200, body: { items: await pub.services() } }),
    slots: async ({ params, query }) => ({ status: 200, body: await pub.slots(params.serviceId, query) }),
    book: async ({ body, headers }) => ({ status: 201, body: await pub.book(body, headers['idempotency-key']) }),
  });
}

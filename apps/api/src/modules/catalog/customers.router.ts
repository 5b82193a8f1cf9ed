import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createCustomersService } from './customers.service';

const s = initServer();

export function customersRouter(deps: AppDeps) {
  const customers = createCustomersService(deps);
  return s.router(apiContract.customers, {
    list: async ({ query }) => ({ status: 200, body: await customers.list(query) }),
    create: async ({ body }) => ({ status: 201, body: await customers.create(body) }),
    get: async ({ params }) => ({ status: 200, body: await customers.get(params.id) }),
    update: async ({ params, body }) => ({ status: 200, body: await customers.update(params.id, body) }),
    delete: async ({ params }) => {
      await customers.remove(params.id);
      return { status: 204, body: undefined };
    },
  });
}

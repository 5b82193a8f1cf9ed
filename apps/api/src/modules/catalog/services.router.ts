import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createServicesService } from './services.service';

const s = initServer();

export function servicesRouter(deps: AppDeps) {
  const services = createServicesService(deps);
  return s.router(apiContract.services, {
    list: async ({ query }) => ({ status: 200, body: await services.list(query) }),
    create: async ({ body }) => ({ status: 201, body: await services.create(body) }),
    get: async ({ params }) => ({ status: 200, body: await services.get(params.id) }),
    update: async ({ params, body }) => ({ status: 200, body: await services.update(params.id, body) }),
    archive: async ({ params }) => {
      await services.archive(params.id);
      return { status: 204, body: undefined };
    },
    restore: async ({ params }) => ({ status: 200, body: await services.restore(params.id) }),
    slots: async ({ params, query }) => ({
      status: 200,
      body: await services.slots(params.id, { from: query.from, to: query.to, timeZone: query.timeZone, resourceId: query.resourceId }),
    }),
  });
}

import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createResourcesService } from './resources.service';

const s = initServer();

export function resourcesRouter(deps: AppDeps) {
  const resources = createResourcesService(deps);
  return s.router(apiContract.resources, {
    list: async ({ query }) => ({ status: 200, body: await resources.list(query) }),
    create: async ({ body }) => ({ status: 201, body: await resources.create(body) }),
    get: async ({ params }) => ({ status: 200, body: await resources.get(params.id) }),
    update: async ({ params, body }) => ({ status: 200, body: await resources.update(params.id, body) }),
    getHours: async ({ params }) => ({ status: 200, body: await resources.getHours(params.id) }),
    setHours: async ({ params, body }) => ({ status: 200, body: await resources.setHours(params.id, body) }),
    listOverrides: async ({ params, query }) => ({ status: 200, body: await resources.listOverrides(params.id, query) }),
    setOverride: async ({ params, body }) => ({ status: 200, body: await resources.setOverride(params.id, body) }),
    deleteOverride: async ({ params }) => {
      await resources.deleteOverride(params.id, params.date);
      return { status: 204, body: undefined };
    },
  });
}

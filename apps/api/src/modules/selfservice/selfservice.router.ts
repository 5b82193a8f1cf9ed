import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createSelfService } from './selfservice.service';

const s = initServer();

export function selfServiceRouter(deps: AppDeps) {
  const self = createSelfService(deps);
  return s.router(apiContract.manage, {
    view: async ({ params }) => ({ status: 200, body: await self.view(params.token) }),
    cancel: async ({ params, body }) => ({ status: 200, body: await self.cancel(params.token, body) }),
    reschedule: async ({ params, body }) => ({ status: 200, body: await self.reschedule(params.token, body) }),
  });
}

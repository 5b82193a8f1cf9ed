import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createBlackoutsService } from './blackouts.service';

const s = initServer();

export function blackoutsRouter(deps: AppDeps) {
  const blackouts = createBlackoutsService(deps);
  return s.router(apiContract.blackouts, {
    list: async () => ({ status: 200, body: await blackouts.list() }),
    create: async ({ body }) => ({ status: 201, body: await blackouts.create(body) }),
    delete: async ({ params }) => {
      await blackouts.remove(params.id);
      return { status: 204, body: undefined };
    },
  });
}

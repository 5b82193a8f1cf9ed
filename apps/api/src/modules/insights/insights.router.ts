import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createInsightsService } from './insights.service';

const s = initServer();

export function insightsRouter(deps: AppDeps) {
  const insights = createInsightsService(deps);
  return s.router(apiContract.insights, {
    get: async ({ query }) => ({ status: 200, body: await insights.get(query) }),
  });
}

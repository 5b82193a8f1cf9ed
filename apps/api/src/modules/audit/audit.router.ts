import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createAuditService } from './audit.service';

const s = initServer();

export function auditRouter(deps: AppDeps) {
  const audit = createAuditService(deps);
  return s.router(apiContract.audit, {
    list: async ({ query }) => {
      const { cursor, limit, from, to, ...rest } = query;
      const filter = { ...rest, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) };
      return { status: 200, body: await audit.list(filter, cursor, limit) };
    },
    trail: async ({ params }) => ({ status: 200, body: await audit.trail(params.resourceType, params.resourceId) }),
    summary: async ({ query }) => ({ status: 200, body: await audit.summary(new Date(query.from), new Date(query.to)) }),
  });
}

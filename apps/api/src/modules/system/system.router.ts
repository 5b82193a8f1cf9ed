import { apiContract, opsContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { createFailedJobsService } from './failed-jobs.service';
import { createSystemService } from './system.service';

const s = initServer();

export function opsRouter(deps: AppDeps) {
  const system = createSystemService(deps);
  const failedJobs = createFailedJobsService(deps);
  return s.router(opsContract, {
    healthz: async () => ({ status: 200, body: { status: 'ok' as const } }),
    readyz: async () => {
      const db = await system.checkDatabase();
      if (db.database === 'down') throw new AppError('NOT_READY', 'The database does not answer');
      if (db.migrations.pending > 0) throw new AppError('NOT_READY', `${db.migrations.pending} migration(s) not applied yet`, db.migrations);
      return { status: 200, body: { status: 'ready' as const } };
    },
    failedJobs: async ({ query }) => ({
      status: 200,
      body: await failedJobs.list({ queue: query.queue, pending: query.pending === 'true', limit: query.limit }),
    }),
    replayFailedJob: async ({ params }) => ({ status: 200, body: await failedJobs.replay(params.id) }),
  });
}

export function systemRouter(deps: AppDeps) {
  const system = createSystemService(deps);
  return s.router(apiContract.system, {
    status: async () => {
      const db = await system.checkDatabase();
      const rateLimits = deps.rateLimits.status();
      const ok = db.database === 'up' && db.migrations.pending === 0 && rateLimits.healthy;
      return {
        status: 200,
        body: {
          status: ok ? ('ok' as const) : ('degraded' as const),
          version: deps.version,
          time: deps.clock.now().toISOString(),
          ...db,
          rateLimits,
        },
      };
    },
    legacyHealth: async () => {
      const db = await system.checkDatabase();
      return { status: 200, body: { ok: db.database === 'up' } };
    },
  });
}

import type { TFailedJob } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { UnknownQueueError } from '../../platform/jobs';
import { createFailedJobsRepo, type FailedJobRow } from './failed-jobs.repo';

const toFailedJob = (row: FailedJobRow): TFailedJob => ({
  ...row,
  data: row.data && typeof row.data === 'object' && !Array.isArray(row.data) ? row.data : {},
  failedAt: row.failedAt.toISOString(),
  replayedAt: row.replayedAt?.toISOString() ?? null,
});

/**
 * What operators see of jobs that failed for good (written by platform/jobs' dead-letter
 * worker), and the replay: the same payload queued again as a new job. Handlers are idempotent,
 * so a replay of work that partly happened does only the rest; each record replays once (a
 * replay that fails again is listed as a failure of its own).
 */
export function createFailedJobsService(deps: AppDeps) {
  const repo = createFailedJobsRepo(deps);
  return {
    async list(q: { queue?: string; pending?: boolean; limit: number }) {
      return { items: (await repo.unsafeList(q)).map(toFailedJob) };
    },

    async replay(id: string): Promise<TFailedJob> {
      const row = await repo.unsafeFind(id);
      if (!row) throw new AppError('NOT_FOUND', 'No failed job with this id');
      if (!(await repo.unsafeClaimReplay(id, deps.clock.now())))
        throw new AppError('CONFLICT', 'This failed job was replayed already', { replayJobId: row.replayJobId });
      let replayJobId: string;
      try {
        replayJobId = await deps.jobs.resend(row.queue, row.data);
      } catch (err) {
        await repo.unsafeReleaseReplay(id);
        if (err instanceof UnknownQueueError) throw new AppError('UNPROCESSABLE', `The queue ${row.queue} no longer exists`);
        throw err;
      }
      return toFailedJob(await repo.unsafeSetReplayJob(id, replayJobId));
    },
  };
}

import type { AppDeps } from '../../platform/deps';

const select = {
  id: true,
  queue: true,
  jobId: true,
  tenantId: true,
  data: true,
  error: true,
  retryCount: true,
  failedAt: true,
  replayedAt: true,
  replayJobId: true,
} as const;

/** The FailedJob list: platform data across tenants, for operators only (hence the raw client). */
export function createFailedJobsRepo(deps: Pick<AppDeps, 'prisma'>) {
  const { prisma } = deps;
  return {
    unsafeList: (q: { queue?: string; pending?: boolean; limit: number }) =>
      prisma.failedJob.findMany({
        where: { ...(q.queue ? { queue: q.queue } : {}), ...(q.pending ? { replayedAt: null } : {}) },
        orderBy: [{ failedAt: 'desc' }, { id: 'desc' }],
        take: q.limit,
        select,
      }),

    unsafeFind: (id: string) => prisma.failedJob.findUnique({ where: { id }, select }),

    /** Marks the record replayed, unless it already was; false then. */
    unsafeClaimReplay: async (id: string, at: Date) =>
      (await prisma.failedJob.updateMany({ where: { id, replayedAt: null }, data: { replayedAt: at } })).count === 1,

    unsafeReleaseReplay: (id: string) => prisma.failedJob.update({ where: { id }, data: { replayedAt: null }, select: { id: true } }),

    unsafeSetReplayJob: (id: string, replayJobId: string) => prisma.failedJob.update({ where: { id }, data: { replayJobId }, select }),
  };
}
export type FailedJobRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createFailedJobsRepo>['unsafeFind']>>>;

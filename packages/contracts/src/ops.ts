import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZErrorBody, ZId, type TRouteMeta } from './common';

const c = initContract();

/** A background job that failed its last retry: what failed, why, and whether it was replayed. */
export const ZFailedJob = z.object({
  id: ZId,
  /** The queue, e.g. 'email.send' or 'booking.event'. */
  queue: z.string(),
  jobId: ZId,
  tenantId: ZId.nullable(),
  /** The job's payload, as replaying it would send it again. */
  data: z.record(z.unknown()),
  /** The last attempt's error message. */
  error: z.string(),
  retryCount: z.number().int(),
  failedAt: ZDateTime,
  replayedAt: ZDateTime.nullable(),
  /** The job a replay queued. */
  replayJobId: ZId.nullable(),
});
export type TFailedJob = z.infer<typeof ZFailedJob>;

const ops = { auth: 'ops' } as const satisfies TRouteMeta;
const opsErrors = { 400: ZErrorBody, 401: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 503: ZErrorBody };

/** Probes for load balancers and orchestrators; they live outside the versioned API. */
export const opsContract = c.router(
  {
    healthz: {
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: the process is up',
      responses: { 200: z.object({ status: z.literal('ok') }) },
      metadata: { auth: 'public' } satisfies TRouteMeta,
    },
    readyz: {
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: the database answers and every migration is applied',
      responses: { 200: z.object({ status: z.literal('ready') }), 503: ZErrorBody },
      metadata: { auth: 'public' } satisfies TRouteMeta,
    },
    failedJobs: {
      method: 'GET',
      path: '/ops/failed-jobs',
      summary: 'Operators: background jobs that failed their last retry, newest first (Authorization: Bearer OPS_TOKEN)',
      query: z.object({
        queue: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(/^[\w.\-/]+$/)
          .optional(),
        /** Only those not replayed yet. */
        pending: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: { 200: z.object({ items: z.array(ZFailedJob) }), ...opsErrors },
      metadata: ops,
    },
    replayFailedJob: {
      method: 'POST',
      path: '/ops/failed-jobs/:id/replay',
      summary: "Operators: queue a failed job's payload again (its handler is idempotent); once per record",
      pathParams: z.object({ id: ZId }),
      body: c.noBody(),
      responses: { 200: ZFailedJob, ...opsErrors },
      metadata: ops,
    },
  },
  { strictStatusCodes: true },
);

import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZErrorBody, type TRouteMeta } from './common';

const c = initContract();

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
  },
  { strictStatusCodes: true },
);

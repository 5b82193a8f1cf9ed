import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, type TRouteMeta } from './common';

const c = initContract();

/**
 * Where the API's rate limits count. 'redis': shared by every instance. 'memory': this instance's memory,
 * as configured (no Redis). 'memory-fallback': Redis is configured but unreachable, so each instance
 * counts on its own until it is back (unhealthy). 'off': switched off (load tests; refused in production).
 */
export const ZRateLimitStatus = z.object({
  store: z.enum(['redis', 'memory', 'memory-fallback', 'off']),
  healthy: z.boolean(),
});
export type TRateLimitStatus = z.infer<typeof ZRateLimitStatus>;

export const ZSystemStatus = z.object({
  /** 'degraded' when the database is down, migrations are pending or the rate limits are unhealthy. */
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  time: ZDateTime,
  database: z.enum(['up', 'down']),
  migrations: z.object({ applied: z.number().int(), pending: z.number().int() }),
  rateLimits: ZRateLimitStatus,
});
export type TSystemStatus = z.infer<typeof ZSystemStatus>;

export const systemContract = c.router({
  status: {
    method: 'GET',
    path: '/system/status',
    summary: 'API and database status, for dashboards and uptime checks',
    responses: { 200: ZSystemStatus },
    metadata: { auth: 'public' } satisfies TRouteMeta,
  },
  /** Kept for early integrations; replaced by /v1/system/status. */
  legacyHealth: {
    method: 'GET',
    path: '/health',
    summary: 'Deprecated: use GET /v1/system/status',
    deprecated: true,
    responses: { 200: z.object({ ok: z.boolean() }) },
    metadata: {
      auth: 'public',
      deprecated: { since: '2026-11-01T00:00:00Z', sunset: '2027-06-30T00:00:00Z', successor: '/v1/system/status' },
    } satisfies TRouteMeta,
  },
});

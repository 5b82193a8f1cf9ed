import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZId, type TRouteMeta } from './common';

const c = initContract();
const managers = { auth: 'session', roles: ['OWNER', 'ADMIN'] } satisfies TRouteMeta;

export const ACTOR_TYPES = ['user', 'system', 'customer', 'stripe', 'google'] as const;

export const ZAuditEntry = z.object({
  id: ZId,
  actorType: z.enum(ACTOR_TYPES),
  actorId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  changes: z.object({ before: z.record(z.unknown()), after: z.record(z.unknown()) }).nullable(),
  metadata: z.record(z.unknown()).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  correlationId: z.string().nullable(),
  createdAt: ZDateTime,
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

/**
 * One step in a booking's history, for every member who can see the booking: what happened,
 * who did it and what changed; not where from (IP, user agent), which is for owners and admins.
 */
export const ZHistoryEntry = ZAuditEntry.pick({ id: true, actorType: true, actorId: true, action: true, changes: true, createdAt: true });
export type THistoryEntry = z.infer<typeof ZHistoryEntry>;

const ZPage = z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() });
const ZToken = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/);

export const auditContract = c.router({
  list: {
    method: 'GET',
    path: '/audit',
    summary: 'Audit log, newest first, with filters and cursor pagination',
    query: z
      .object({
        resourceType: ZToken.optional(),
        resourceId: ZToken.optional(),
        actor: ZToken.optional(),
        action: ZToken.optional(),
        from: ZDateTime.optional(),
        to: ZDateTime.optional(),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      })
      .strict(),
    responses: { 200: ZPage },
    metadata: managers,
  },
  trail: {
    method: 'GET',
    path: '/audit/trail/:resourceType/:resourceId',
    summary: 'Everything that happened to one resource, oldest first',
    pathParams: z.object({ resourceType: ZToken, resourceId: ZToken }),
    responses: { 200: z.object({ items: z.array(ZAuditEntry) }) },
    metadata: managers,
  },
  summary: {
    method: 'GET',
    path: '/audit/summary',
    summary: 'Counts by action over a period',
    query: z.object({ from: ZDateTime, to: ZDateTime }).strict(),
    responses: { 200: z.object({ items: z.array(z.object({ action: z.string(), count: z.number().int() })) }) },
    metadata: managers,
  },
});

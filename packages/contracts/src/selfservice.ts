import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZText, type TRouteMeta } from './common';
import { ZCancellationPolicy } from './payments';
import { ZPublicBooking, ZPublicTenant } from './scheduling';

const c = initContract();
const pub = { auth: 'public' } satisfies TRouteMeta;
const tokenParams = z.object({
  token: z
    .string()
    .min(20)
    .max(400)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'Not a manage link'),
});

export const ZManagePolicy = z.object({
  canCancel: z.boolean(),
  canReschedule: z.boolean(),
  /** Changes are possible until this instant (the tenant's cancellation cutoff before the start). */
  changeableUntil: ZDateTime,
  cutoffHours: z.number().int(),
  /** Why changes are closed, when they are. */
  reason: z.enum(['CUTOFF_PASSED', 'NOT_ACTIVE']).nullable(),
  /** The cancellation policy of this booking's service (its own or the business's). */
  cancellationPolicy: ZCancellationPolicy,
  /**
   * A paid booking: what cancelling now gives back under the policy, shown before the customer
   * confirms (null when nothing was paid online). `freeUntil`: cancelling before it refunds all.
   */
  refundOnCancel: z
    .object({
      paidMinor: z.number().int(),
      refundMinor: z.number().int(),
      percent: z.number().int(),
      currency: z.string(),
      freeUntil: ZDateTime,
    })
    .nullable(),
});

export const ZManageView = z.object({
  booking: ZPublicBooking.extend({ version: z.number().int(), serviceId: z.string().uuid() }),
  tenant: ZPublicTenant,
  policy: ZManagePolicy,
});
export type TManageView = z.infer<typeof ZManageView>;

/** Customer self-service through the signed link in their emails; no login. */
export const selfServiceContract = c.router({
  view: {
    method: 'GET',
    path: '/public/manage/:token',
    pathParams: tokenParams,
    responses: { 200: ZManageView },
    metadata: pub,
    summary: 'A booking seen through its manage link',
  },
  cancel: {
    method: 'POST',
    path: '/public/manage/:token/cancel',
    pathParams: tokenParams,
    body: z
      .object({
        reason: ZText.min(1).max(500),
        version: z.number().int().min(1),
        /** The refund the customer was shown; a different one now (the policy window passed meanwhile) answers 409 with the new amount. */
        expectedRefundMinor: z.number().int().min(0).optional(),
      })
      .strict(),
    responses: { 200: ZManageView },
    metadata: pub,
    summary: 'Cancel within the cancellation cutoff (the `version` the customer saw); a paid booking gets the refund the policy gives',
  },
  reschedule: {
    method: 'POST',
    path: '/public/manage/:token/reschedule',
    pathParams: tokenParams,
    body: z.object({ startsAt: ZDateTime, version: z.number().int().min(1) }).strict(),
    responses: { 200: ZManageView },
    metadata: { auth: 'public', rateLimit: 'publicBooking' } satisfies TRouteMeta,
    summary: 'Move to another free slot (same guarantees as booking)',
  },
});

import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZEnumList, ZErrorBody, ZId, ZIsoDate, type TRouteMeta } from './common';

const c = initContract();
const owner = { auth: 'session', roles: ['OWNER'] } satisfies TRouteMeta;
const admins = { auth: 'session', roles: ['OWNER', 'ADMIN'] } satisfies TRouteMeta;
const staff = { auth: 'session' } satisfies TRouteMeta;

/**
 * The business's Stripe connected account as we know it (kept current from `account.updated`):
 * - NOT_CONNECTED: never connected;
 * - ONBOARDING: created, Stripe still needs something before charges are enabled (`requirements`);
 * - ACTIVE: `charges_enabled` — paid services can be booked online;
 * - RESTRICTED: Stripe disabled charges (`disabledReason`);
 * - DISCONNECTED: the business removed our platform from its Stripe account.
 */
export const PAYMENT_ACCOUNT_STATUSES = ['NOT_CONNECTED', 'ONBOARDING', 'ACTIVE', 'RESTRICTED', 'DISCONNECTED'] as const;
export const ZPaymentAccountStatus = z.enum(PAYMENT_ACCOUNT_STATUSES);
export type TPaymentAccountStatus = z.infer<typeof ZPaymentAccountStatus>;

export const ZPaymentAccount = z.object({
  status: ZPaymentAccountStatus,
  accountId: z.string().optional(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  /** Stripe's `requirements.currently_due`, in plain words ("Business address", "Bank account"). */
  requirements: z.array(z.string()),
  /** Stripe's `requirements.disabled_reason`, in plain words, when charges are disabled. */
  disabledReason: z.string().nullable(),
});
export type TPaymentAccount = z.infer<typeof ZPaymentAccount>;

/**
 * A booking's payment:
 * - PENDING: a Checkout Session is open (the booking is a PENDING_PAYMENT hold);
 * - SUCCEEDED: paid; the booking is confirmed;
 * - EXPIRED: the session (and the hold) ended unpaid;
 * - REFUND_PENDING / REFUNDED: money going back (e.g. paid too late for a slot that was taken).
 */
export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'EXPIRED', 'REFUND_PENDING', 'REFUNDED'] as const;
export const ZPaymentStatus = z.enum(PAYMENT_STATUSES);
export type TPaymentStatus = z.infer<typeof ZPaymentStatus>;

/** What staff see of a booking's payment (never card data beyond brand and last four). */
export const ZBookingPayment = z.object({
  id: ZId,
  status: ZPaymentStatus,
  amountMinor: z.number().int(),
  applicationFeeMinor: z.number().int(),
  currency: z.string(),
  checkoutSessionId: z.string(),
  paymentIntentId: z.string().nullable(),
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  /** Declined or failed attempts within the session, and the last one's message. */
  failedAttempts: z.number().int(),
  lastFailureMessage: z.string().nullable(),
  paidAt: ZDateTime.nullable(),
  refundedAt: ZDateTime.nullable(),
  /** Why money went back, e.g. "Paid after the slot was taken". */
  refundReason: z.string().nullable(),
  createdAt: ZDateTime,
});
export type TBookingPayment = z.infer<typeof ZBookingPayment>;

/** A row of the Payments page: the payment and the booking it belongs to. */
export const ZPaymentListItem = ZBookingPayment.extend({
  bookingId: ZId,
  booking: z.object({
    startsAt: ZDateTime,
    timeZone: z.string(),
    status: z.string(),
    customerName: z.string(),
    serviceName: z.string(),
  }),
});
export type TPaymentListItem = z.infer<typeof ZPaymentListItem>;

/** The Checkout step of a public booking of a paid service: send the customer to `checkoutUrl`. */
export const ZCheckout = z.object({
  checkoutUrl: z.string().url(),
  checkoutSessionId: z.string(),
  /** The session and the hold end together. */
  expiresAt: ZDateTime,
  amountMinor: z.number().int(),
  applicationFeeMinor: z.number().int(),
  currency: z.string(),
});
export type TCheckout = z.infer<typeof ZCheckout>;

export const paymentsContract = c.router({
  account: {
    method: 'GET',
    path: '/payments/account',
    responses: { 200: ZPaymentAccount },
    metadata: staff,
    summary: "The business's Stripe account: connection state, what Stripe still needs",
  },
  onboarding: {
    method: 'POST',
    path: '/payments/onboarding',
    body: c.noBody(),
    responses: { 200: z.object({ url: z.string().url() }) },
    metadata: owner,
    summary: 'Connect Stripe (creates the connected account once) and get a fresh single-use onboarding link',
  },
  list: {
    method: 'GET',
    path: '/payments',
    query: z
      .object({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        /** Local dates in the tenant zone, inclusive, on the payment's creation time. */
        from: ZIsoDate.optional(),
        to: ZIsoDate.optional(),
        status: ZEnumList(PAYMENT_STATUSES).optional(),
      })
      .strict(),
    responses: { 200: z.object({ items: z.array(ZPaymentListItem), nextCursor: z.string().nullable() }) },
    metadata: admins,
    summary: 'Payments, newest first',
  },
});

/* ---------- operators ---------- */
export const STRIPE_EVENT_STATUSES = ['RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED'] as const;
/** A Stripe event as we stored it on receipt and what processing made of it. */
export const ZStripeEvent = z.object({
  id: ZId,
  stripeEventId: z.string(),
  type: z.string(),
  /** The connected account (`acct_…`) for Connect events; null for platform events. */
  account: z.string().nullable(),
  tenantId: ZId.nullable(),
  status: z.enum(STRIPE_EVENT_STATUSES),
  attempts: z.number().int(),
  error: z.string().nullable(),
  receivedAt: ZDateTime,
  processedAt: ZDateTime.nullable(),
});
export type TStripeEvent = z.infer<typeof ZStripeEvent>;

const ops = { auth: 'ops' } as const satisfies TRouteMeta;
const opsErrors = { 400: ZErrorBody, 401: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 503: ZErrorBody };

/** Operators' view of Stripe events (outside /v1, Authorization: Bearer OPS_TOKEN, like the ops contract). */
export const paymentsOpsContract = c.router(
  {
    stripeEvents: {
      method: 'GET',
      path: '/ops/stripe-events',
      summary: 'Operators: stored Stripe events, newest first (status=FAILED: those that failed their last retry)',
      query: z.object({
        status: z.enum(STRIPE_EVENT_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      responses: { 200: z.object({ items: z.array(ZStripeEvent) }), ...opsErrors },
      metadata: ops,
    },
    replayStripeEvent: {
      method: 'POST',
      path: '/ops/stripe-events/:id/replay',
      summary: 'Operators: process a stored Stripe event again (processing is idempotent)',
      pathParams: z.object({ id: ZId }),
      body: c.noBody(),
      responses: { 200: ZStripeEvent, ...opsErrors },
      metadata: ops,
    },
  },
  { strictStatusCodes: true },
);

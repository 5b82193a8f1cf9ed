import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZEnumList, ZErrorBody, ZId, ZIsoDate, ZText, type TRouteMeta } from './common';

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
 * A booking's payment, from what Stripe holds of it and of its refunds:
 * - PENDING: a Checkout Session is open (the booking is a PENDING_PAYMENT hold);
 * - SUCCEEDED: paid, nothing refunded; the booking is confirmed;
 * - EXPIRED: the session (and the hold) ended unpaid;
 * - REFUND_PENDING: a refund is on its way and none has succeeded yet;
 * - PARTIALLY_REFUNDED: refunds that succeeded add up to less than what was paid;
 * - REFUNDED: everything paid went back.
 */
export const PAYMENT_STATUSES = ['PENDING', 'SUCCEEDED', 'EXPIRED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export const ZPaymentStatus = z.enum(PAYMENT_STATUSES);
export type TPaymentStatus = z.infer<typeof ZPaymentStatus>;

/* ---------- cancellation policy and deposits ---------- */

/**
 * What a cancelled paid booking gives back. Cancelling at least `freeCancellationHours` before the
 * start refunds everything paid; later, `lateRefundPercent` of it (0: nothing). A no-show keeps
 * the payment. The tenant has one; a service may override it.
 */
export const ZCancellationPolicy = z
  .object({
    freeCancellationHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    lateRefundPercent: z.number().int().min(0).max(100),
  })
  .strict();
export type TCancellationPolicy = z.infer<typeof ZCancellationPolicy>;

/** What Checkout charges for a paid service: the full price, a fixed deposit, or a percentage of the price. */
export const PAYMENT_MODES = ['FULL', 'DEPOSIT_FIXED', 'DEPOSIT_PERCENT'] as const;
export const ZPaymentMode = z.enum(PAYMENT_MODES);
export type TPaymentMode = z.infer<typeof ZPaymentMode>;

/** How the balance of a deposit was paid at the venue. */
export const BALANCE_METHODS = ['CASH', 'CARD_TERMINAL', 'OTHER'] as const;
export const ZBalanceMethod = z.enum(BALANCE_METHODS);

/* ---------- refunds ---------- */

/** PENDING: asked of Stripe (or queued) · SUCCEEDED · FAILED (Stripe could not return it, e.g. a closed card) · CANCELLED. */
export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const ZRefundStatus = z.enum(REFUND_STATUSES);
/**
 * Who made it: STAFF (the refund button, or cancelling with a refund), CANCELLATION_POLICY (a
 * customer cancelled through their link), SYSTEM (paid too late for a taken slot), STRIPE_DASHBOARD
 * (made outside our product, learnt from Stripe's events).
 */
export const REFUND_ORIGINS = ['STAFF', 'CANCELLATION_POLICY', 'SYSTEM', 'STRIPE_DASHBOARD'] as const;
export const ZRefundOrigin = z.enum(REFUND_ORIGINS);

export const ZRefund = z.object({
  id: ZId,
  paymentId: ZId,
  bookingId: ZId,
  status: ZRefundStatus,
  origin: ZRefundOrigin,
  amountMinor: z.number().int(),
  /** The part of our application fee Stripe returns with it (in proportion to the amount). */
  applicationFeeRefundMinor: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  stripeRefundId: z.string().nullable(),
  /** Stripe's `failure_reason` in plain words, when it FAILED. */
  failureReason: z.string().nullable(),
  requestedBy: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZDateTime,
  /** When it SUCCEEDED, FAILED or was CANCELLED. */
  settledAt: ZDateTime.nullable(),
});
export type TRefund = z.infer<typeof ZRefund>;

export const ZRefundCreate = z
  .object({
    /** Omitted: everything still refundable. */
    amountMinor: z.number().int().min(1).max(100_000_000).optional(),
    reason: ZText.min(1).max(500),
    /** Cancel the booking in the same step (needs the `version` the staff member saw). */
    cancelBooking: z.boolean().optional(),
    version: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((b) => !b.cancelBooking || b.version !== undefined, { message: 'Cancelling needs the booking version', path: ['version'] });

/* ---------- disputes ---------- */

/** Stripe's dispute statuses. */
export const DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost'] as const;
export const ZDisputeStatus = z.enum(DISPUTE_STATUSES);

export const ZDispute = z.object({
  id: ZId,
  paymentId: ZId,
  bookingId: ZId,
  stripeDisputeId: z.string(),
  status: ZDisputeStatus,
  /** Stripe's reason code (`fraudulent`, `product_not_received`, …) and in plain words. */
  reason: z.string(),
  reasonText: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  /** Money Stripe took from the business for it and has not given back (funds_withdrawn minus funds_reinstated). */
  fundsWithdrawnMinor: z.number().int(),
  evidenceDueBy: ZDateTime.nullable(),
  open: z.boolean(),
  outcome: z.enum(['WON', 'LOST']).nullable(),
  createdAt: ZDateTime,
  closedAt: ZDateTime.nullable(),
});
export type TDispute = z.infer<typeof ZDispute>;

/** What staff see of a booking's payment (never card data beyond brand and last four). */
export const ZBookingPayment = z.object({
  id: ZId,
  status: ZPaymentStatus,
  /** FULL: the price was charged online · DEPOSIT: part of it, the balance is paid at the venue. */
  kind: z.enum(['FULL', 'DEPOSIT']),
  /** CHECKOUT: Stripe Checkout · SAVED_CARD: a card the customer saved with us, in one click. */
  method: z.enum(['CHECKOUT', 'SAVED_CARD']),
  /** What was charged online (the deposit, for a deposit). */
  amountMinor: z.number().int(),
  applicationFeeMinor: z.number().int(),
  currency: z.string(),
  /** The booking's price. */
  priceMinor: z.number().int(),
  /** Refunds that succeeded, and those on their way. */
  refundedMinor: z.number().int(),
  refundPendingMinor: z.number().int(),
  /** What can still be refunded: paid online, minus refunded and pending. */
  refundableMinor: z.number().int(),
  /** For a deposit: the rest of the price, until staff record it paid at the venue; else 0. */
  balanceDueMinor: z.number().int(),
  balance: z.object({ amountMinor: z.number().int(), method: ZBalanceMethod, recordedAt: ZDateTime, recordedBy: z.string().nullable() }).nullable(),
  refunds: z.array(ZRefund),
  disputes: z.array(ZDispute),
  checkoutSessionId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  cardBrand: z.string().nullable(),
  cardLast4: z.string().nullable(),
  /** Declined or failed attempts within the session, and the last one's message. */
  failedAttempts: z.number().int(),
  lastFailureMessage: z.string().nullable(),
  paidAt: ZDateTime.nullable(),
  refundedAt: ZDateTime.nullable(),
  /** Why money went back, e.g. "Paid after the slot was taken" (the first refund's reason). */
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
  /** FULL or DEPOSIT: what `amountMinor` is. */
  kind: z.enum(['FULL', 'DEPOSIT']),
  checkoutUrl: z.string().url(),
  checkoutSessionId: z.string(),
  /** The session and the hold end together. */
  expiresAt: ZDateTime,
  amountMinor: z.number().int(),
  applicationFeeMinor: z.number().int(),
  currency: z.string(),
});
export type TCheckout = z.infer<typeof ZCheckout>;

/** What the dashboard badges count. */
export const ZPaymentsSummary = z.object({
  openDisputes: z.number().int(),
  /** Open disputes whose evidence is due (needs_response / warning_needs_response). */
  disputesNeedingResponse: z.number().int(),
  /** Refunds that FAILED in the last 90 days with no refund on the same payment succeeding after them (a retry that worked clears it). */
  failedRefunds: z.number().int(),
});

const bookingParams = z.object({ id: ZId });

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
  summary: {
    method: 'GET',
    path: '/payments/summary',
    responses: { 200: ZPaymentsSummary },
    metadata: staff,
    summary: 'Counts for the dashboard badges: open disputes, failed refunds',
  },
  disputes: {
    method: 'GET',
    path: '/payments/disputes',
    query: z.object({ open: z.enum(['true', 'false']).optional() }).strict(),
    responses: { 200: z.object({ items: z.array(ZDispute.extend({ booking: ZPaymentListItem.shape.booking })) }) },
    metadata: admins,
    summary: 'Disputes, newest first (open=true: those not closed)',
  },
  refund: {
    method: 'POST',
    path: '/bookings/:id/refunds',
    pathParams: bookingParams,
    headers: z.object({
      'idempotency-key': z
        .string()
        .min(8)
        .max(200)
        .regex(/^[\x21-\x7e]+$/)
        .optional(),
    }),
    body: ZRefundCreate,
    responses: { 201: ZRefund },
    metadata: admins,
    summary: 'Refund a payment fully or partly (409 REFUND_EXCEEDS_PAYMENT beyond what is refundable), optionally cancelling the booking',
  },
  recordBalance: {
    method: 'POST',
    path: '/bookings/:id/payment/balance',
    pathParams: bookingParams,
    body: z.object({ method: ZBalanceMethod }).strict(),
    responses: { 200: ZBookingPayment },
    metadata: staff,
    summary: "Record a deposit's balance paid at the venue (409 when nothing is due)",
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

/**
 * What the rest of the API sees of Stripe: our own small types, never the SDK's objects, so the
 * domain code does not change when the SDK (or its API version) does.
 */

/** Which webhook endpoint an event came through; each has its own signing secret. */
export type StripeEndpoint = 'platform' | 'connect';

/** A connected account's state as Stripe reports it. */
export type StripeAccount = {
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  /** `requirements.currently_due`: Stripe's codes, e.g. `external_account`, `tos_acceptance.date`. */
  currentlyDue: string[];
  /** `requirements.past_due`. */
  pastDue: string[];
  /** `requirements.disabled_reason`, e.g. `requirements.past_due`. */
  disabledReason: string | null;
};

export type StripeAccountLink = { url: string; expiresAt: Date };

/** How the connected account is controlled (docs/adr/009). */
export type ConnectController = 'account' | 'platform';

export type CheckoutSessionStatus = 'open' | 'complete' | 'expired';
export type CheckoutPaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

export type StripeCheckoutSession = {
  id: string;
  /** The hosted page; null once the session is complete or expired. */
  url: string | null;
  status: CheckoutSessionStatus;
  paymentStatus: CheckoutPaymentStatus;
  paymentIntentId: string | null;
  amountTotal: number | null;
  currency: string | null;
  expiresAt: Date;
  clientReferenceId: string | null;
  customerEmail: string | null;
  metadata: Record<string, string>;
};

export type StripeRefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export type StripeRefund = {
  id: string;
  status: StripeRefundStatus;
  amount: number;
  currency: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  failureReason: string | null;
  /** Ours carry tenantId, bookingId, paymentId and refundId; one made in Stripe's dashboard has none. */
  metadata: Record<string, string>;
  created: Date | null;
};

/** A dispute (chargeback) of a charge on a connected account. */
export type StripeDispute = {
  id: string;
  /** Stripe's status: `needs_response`, `under_review`, `won`, `lost`, or for an inquiry (not yet a chargeback) `warning_…`. */
  status: string;
  /** Stripe's reason code: `fraudulent`, `product_not_received`, … */
  reason: string;
  amount: number;
  currency: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  evidenceDueBy: Date | null;
  /** Taken from the business and not given back: the amount and the dispute fee, less what a won dispute reinstated. */
  fundsWithdrawnMinor: number;
  created: Date;
};

/**
 * A verified webhook event. `object` is the event's `data.object` as Stripe sent it (JSON): the
 * handlers that need more than its id re-fetch the object through the gateway, so they act on
 * its current state rather than on the event's snapshot.
 */
export type StripeWebhookEvent = {
  id: string;
  type: string;
  /** The connected account (`acct_…`) of a Connect event; null for platform events. */
  account: string | null;
  created: Date;
  livemode: boolean;
  object: Record<string, unknown>;
  previousAttributes: Record<string, unknown> | null;
};

/**
 * Why a Stripe call failed, in the terms the domain decides on:
 * - `unavailable`: network failure, timeout, 5xx — Stripe may or may not have done the work;
 * - `rate_limited`: 429;
 * - `account_invalid`: the connected account is gone or has disconnected us (403);
 * - `not_found`: no such object (404);
 * - `invalid_request`: Stripe refused the parameters (a bug on our side, or a rule such as a
 *   session on an account whose charges are disabled);
 * - `idempotency`: an idempotency key reused with other parameters;
 * - `card`: a card error;
 * - `authentication`: the secret key is wrong or lacks permission.
 */
export type StripeFailureKind =
  'unavailable' | 'rate_limited' | 'account_invalid' | 'not_found' | 'invalid_request' | 'idempotency' | 'card' | 'authentication';

export class StripeGatewayError extends Error {
  constructor(
    readonly kind: StripeFailureKind,
    message: string,
    readonly details: {
      code?: string;
      statusCode?: number;
      requestId?: string;
      param?: string;
      /** A card error's issuer reason (`insufficient_funds`, `authentication_required`, …). */
      declineCode?: string;
      /** The PaymentIntent a card error belongs to. */
      paymentIntentId?: string;
    } = {},
  ) {
    super(message);
    this.name = 'StripeGatewayError';
  }

  /** Worth trying again later (the same call, with the same idempotency key). */
  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate_limited';
  }
}

/** A webhook whose signature is missing, forged or too old. */
export class StripeSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StripeSignatureError';
  }
}

/* ---------- saved cards (the platform's customers, setup sessions, payment methods) ---------- */

/** A card as Stripe describes it: brand, last four and expiry — never the number. */
export type StripeCard = { brand: string; last4: string; expMonth: number; expYear: number };

/** A payment method of type card; `customerId`: the customer it is attached to (on its own account), if any. */
export type StripePaymentMethod = { id: string; customerId: string | null; card: StripeCard | null };

export type StripeCustomer = { id: string; email: string | null; metadata: Record<string, string> };

/** A Checkout Session in setup mode (saving a card on the platform account), with its SetupIntent as it is now. */
export type StripeSetupSession = {
  id: string;
  url: string | null;
  status: CheckoutSessionStatus;
  customerId: string | null;
  expiresAt: Date;
  metadata: Record<string, string>;
  setupIntent: { id: string; status: string; paymentMethod: StripePaymentMethod | null } | null;
};

export type StripePaymentIntentStatus =
  'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';

/** A PaymentIntent on a connected account (a saved card's one-click payment), with its latest charge's card. */
export type StripePaymentIntent = {
  id: string;
  status: StripePaymentIntentStatus;
  amount: number;
  currency: string;
  applicationFeeMinor: number | null;
  latestChargeId: string | null;
  card: { brand: string; last4: string } | null;
  metadata: Record<string, string>;
  /** Why the last attempt failed: Stripe's `code` (`card_declined`, `authentication_required`, …) and message. */
  lastPaymentError: { code: string | null; declineCode: string | null; message: string | null } | null;
};

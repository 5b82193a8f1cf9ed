/**
 * The Stripe objects the emulator keeps, in the shape the API returns them (API version
 * `STRIPE_API_VERSION`). Only the fields Slotwise reads or that help a reader recognise the object.
 */

export const STRIPE_API_VERSION = '2026-10-28.endive';

/** Which account an object lives on: a connected account's id, or null for the platform. */
export type Scope = string | null;

export type Metadata = Record<string, string>;

type Base = { id: string; object: string; created: number; livemode: false };

export type CapabilityStatus = 'active' | 'inactive' | 'pending';

export type Requirements = {
  currently_due: string[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
  disabled_reason: string | null;
  current_deadline: number | null;
  errors: { code: string; reason: string; requirement: string }[];
};

export type Controller = {
  type: 'application' | 'account';
  is_controller: boolean;
  fees: { payer: 'account' | 'application' | 'application_custom' | 'application_express' };
  losses: { payments: 'application' | 'stripe' };
  requirement_collection: 'application' | 'stripe';
  stripe_dashboard: { type: 'express' | 'full' | 'none' };
};

export type Account = Base & {
  object: 'account';
  type: 'standard' | 'express' | 'custom' | 'none';
  controller: Controller;
  country: string;
  default_currency: string;
  email: string | null;
  business_type: string | null;
  business_profile: { name: string | null; url: string | null; mcc: string | null; support_email: string | null };
  capabilities: Record<string, CapabilityStatus>;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  requirements: Requirements;
  future_requirements: Requirements;
  metadata: Metadata;
  settings: { dashboard: { display_name: string | null; timezone: string }; payouts: { schedule: { interval: string } } };
  tos_acceptance: { date: number | null };
};

export type LineItem = {
  id: string;
  object: 'item';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  quantity: number;
  price: { id: string; object: 'price'; currency: string; unit_amount: number; product: string; type: 'one_time'; livemode: false };
};

export type CheckoutSession = Base & {
  object: 'checkout.session';
  /** null in `setup` mode, which charges nothing. */
  amount_subtotal: number | null;
  amount_total: number | null;
  cancel_url: string | null;
  success_url: string | null;
  client_reference_id: string | null;
  /** null in `setup` mode unless `currency` was given. */
  currency: string | null;
  customer: string | null;
  customer_details: { email: string | null; name: string | null } | null;
  customer_email: string | null;
  expires_at: number;
  locale: string | null;
  metadata: Metadata;
  mode: 'payment' | 'setup';
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  /** `setup` mode: the SetupIntent, made at the first attempt to save a card. */
  setup_intent: string | null;
  status: 'open' | 'complete' | 'expired';
  submit_type: string | null;
  ui_mode: 'hosted';
  url: string | null;
};

export type PaymentError = {
  /** `invalid_request_error` for a failed authentication (`payment_intent_authentication_failure`). */
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  charge?: string;
  payment_method: { id: string; object: 'payment_method'; type: 'card'; card: CardDetails };
};

export type PaymentIntent = Base & {
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application_fee_amount: number | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  currency: string;
  description: string | null;
  customer: string | null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  metadata: Metadata;
  /** Set while `requires_action`: what the customer must do (authenticate the card). */
  next_action: { type: 'use_stripe_sdk' | 'redirect_to_url'; [key: string]: unknown } | null;
  on_behalf_of: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  setup_future_usage: 'off_session' | 'on_session' | null;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'succeeded' | 'canceled';
  transfer_data: { destination: string; amount?: number } | null;
};

export type CardDetails = { brand: string; last4: string; exp_month: number; exp_year: number; country: string; funding: 'credit' | 'debit' };

export type Charge = Base & {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application_fee: string | null;
  application_fee_amount: number | null;
  balance_transaction: string | null;
  billing_details: { email: string | null; name: string | null };
  captured: boolean;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_code: string | null;
  failure_message: string | null;
  metadata: Metadata;
  outcome: { network_status: string; reason: string | null; risk_level: string; seller_message: string; type: string };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: 'card'; card: CardDetails };
  receipt_email: string | null;
  refunded: boolean;
  status: 'succeeded' | 'failed';
  transfer_data: { destination: string } | null;
};

export type Refund = Base & {
  object: 'refund';
  amount: number;
  balance_transaction: string | null;
  charge: string;
  currency: string;
  failure_reason: string | null;
  metadata: Metadata;
  payment_intent: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
};

export type FeeRefund = Base & { object: 'fee_refund'; amount: number; currency: string; fee: string; balance_transaction: string | null; metadata: Metadata };

export type ApplicationFee = Base & {
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: string | null;
  charge: string;
  currency: string;
  originating_transaction: null;
  refunded: boolean;
  refunds: { object: 'list'; data: FeeRefund[]; has_more: false; url: string };
};

/** A movement of a connected account's balance; disputes carry theirs (withdrawal, reversal) embedded. */
export type BalanceTransaction = Base & {
  object: 'balance_transaction';
  /** Negative when money leaves the balance. */
  amount: number;
  available_on: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  /** Stripe's fees on it (e.g. the dispute fee), negative when returned; net = amount − fee. */
  fee: number;
  fee_details: { amount: number; application: null; currency: string; description: string; type: 'stripe_fee' }[];
  net: number;
  reporting_category: 'dispute' | 'dispute_reversal';
  source: string;
  status: 'available' | 'pending';
  type: 'adjustment';
};

export type Address = {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
};

export type Customer = Base & {
  object: 'customer';
  address: Address | null;
  balance: number;
  currency: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: { custom_fields: null; default_payment_method: string | null; footer: null; rendering_options: null };
  metadata: Metadata;
  name: string | null;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: 'none' | 'exempt' | 'reverse';
  test_clock: null;
};

/** A card PaymentMethod. Its number is never returned; the emulator keeps it aside (Store.cardNumbers) to play the test card. */
export type PaymentMethod = Base & {
  object: 'payment_method';
  allow_redisplay: 'always' | 'limited' | 'unspecified';
  billing_details: { address: Address; email: string | null; name: string | null; phone: string | null };
  card: CardDetails & {
    checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'pass' | 'unavailable' };
    display_brand: string;
    /** Same card number → same fingerprint on one account; differs between accounts, as at Stripe. */
    fingerprint: string;
    generated_from: null;
    networks: { available: string[]; preferred: null };
    three_d_secure_usage: { supported: boolean };
    wallet: null;
  };
  customer: string | null;
  metadata: Metadata;
  type: 'card';
};

export type SetupError = {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  payment_method?: PaymentMethod;
};

export type SetupIntent = Base & {
  object: 'setup_intent';
  application: string | null;
  cancellation_reason: string | null;
  client_secret: string;
  customer: string | null;
  description: string | null;
  last_setup_error: SetupError | null;
  latest_attempt: string | null;
  mandate: null;
  metadata: Metadata;
  next_action: null;
  on_behalf_of: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  single_use_mandate: null;
  status: 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'canceled';
  usage: 'off_session' | 'on_session';
};

export type Dispute = Base & {
  object: 'dispute';
  amount: number;
  /** The withdrawal when it opened, and the reversal when it was won (full objects, as Stripe embeds them). */
  balance_transactions: BalanceTransaction[];
  charge: string;
  currency: string;
  is_charge_refundable: boolean;
  metadata: Metadata;
  payment_intent: string;
  reason: string;
  status: string;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
};

export type StripeEvent = Base & {
  object: 'event';
  account?: string;
  api_version: string;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

/** What a `setup` mode Checkout Session keeps for the SetupIntent it creates (`setup_intent_data`). */
export type SetupIntentData = { description: string | null; metadata: Metadata; on_behalf_of: string | null };

/** What a Checkout Session keeps for the PaymentIntent it creates at the first payment attempt. */
export type PaymentIntentData = {
  application_fee_amount: number | null;
  description: string | null;
  metadata: Metadata;
  receipt_email: string | null;
  transfer_data: { destination: string; amount?: number } | null;
  on_behalf_of: string | null;
  capture_method: 'automatic' | 'automatic_async';
};

export type StoredObject =
  Account | CheckoutSession | PaymentIntent | Charge | Refund | ApplicationFee | Dispute | StripeEvent | Customer | PaymentMethod | SetupIntent;

import Stripe from 'stripe';
import type { Config } from '../../config';
import { createAccountsGateway } from './accounts';
import { createCheckoutGateway } from './checkout';
import { createCustomersGateway } from './customers';
import { createPaymentIntentsGateway } from './payment-intents';
import { createPaymentMethodsGateway } from './payment-methods';
import { createDisputesGateway } from './disputes';
import { createRefundsGateway } from './refunds';
import { createSetupGateway } from './setup';
import { createWebhookVerifier } from './webhooks';

/**
 * The one place the `stripe` SDK is built (only `integrations/stripe/**` imports it). The API
 * version is pinned: the SDK's types describe this version only, and the emulator speaks it.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

/** Where the SDK sends its calls: Stripe itself, or a Stripe-compatible server such as the emulator. */
function endpointOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

type GatewayConfig = Pick<
  Config,
  | 'STRIPE_SECRET_KEY'
  | 'STRIPE_WEBHOOK_SECRET'
  | 'STRIPE_CONNECT_WEBHOOK_SECRET'
  | 'STRIPE_API_URL'
  | 'STRIPE_CONNECT_CONTROLLER'
  | 'STRIPE_TIMEOUT_MS'
  | 'STRIPE_MAX_NETWORK_RETRIES'
>;

/**
 * Our typed gateway over the SDK: every function takes and returns our types (types.ts) and
 * throws StripeGatewayError / StripeSignatureError. Null when STRIPE_SECRET_KEY is unset:
 * payments are unavailable then.
 */
export function createStripeGateway(config: GatewayConfig) {
  const key = config.STRIPE_SECRET_KEY;
  if (!key) return null;
  if (!config.STRIPE_WEBHOOK_SECRET || !config.STRIPE_CONNECT_WEBHOOK_SECRET) throw new Error('Stripe webhook secrets are required with STRIPE_SECRET_KEY');
  const stripe = new Stripe(key, {
    apiVersion: STRIPE_API_VERSION,
    ...endpointOptions(config.STRIPE_API_URL),
    timeout: config.STRIPE_TIMEOUT_MS,
    // Retries reuse the call's idempotency key (the SDK adds one to every POST), so a retry after
    // a timeout where Stripe did the work gets the first answer, not a second object.
    maxNetworkRetries: config.STRIPE_MAX_NETWORK_RETRIES,
    appInfo: { name: 'Slotwise' },
    telemetry: false,
  });
  return {
    accounts: createAccountsGateway(stripe, { controller: config.STRIPE_CONNECT_CONTROLLER }),
    checkout: createCheckoutGateway(stripe),
    refunds: createRefundsGateway(stripe),
    // Saved cards: the platform's customers and setup sessions, payment methods and their clones, one-click charges.
    customers: createCustomersGateway(stripe),
    setup: createSetupGateway(stripe),
    paymentMethods: createPaymentMethodsGateway(stripe),
    paymentIntents: createPaymentIntentsGateway(stripe),
    disputes: createDisputesGateway(stripe),
    webhooks: createWebhookVerifier(stripe, { platform: config.STRIPE_WEBHOOK_SECRET, connect: config.STRIPE_CONNECT_WEBHOOK_SECRET }),
    /** Stripe itself, or the base URL of the Stripe-compatible API in use. */
    apiUrl: config.STRIPE_API_URL ?? 'https://api.stripe.com',
  };
}
export type StripeGateway = NonNullable<ReturnType<typeof createStripeGateway>>;

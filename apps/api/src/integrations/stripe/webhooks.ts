import type Stripe from 'stripe';
import { StripeSignatureError, type StripeEndpoint, type StripeWebhookEvent } from './types';

/**
 * Verifies a webhook delivery with the endpoint's own signing secret and Stripe's default
 * tolerance (300 s), on the raw body exactly as it arrived.
 */
export function createWebhookVerifier(stripe: Stripe, secrets: Record<StripeEndpoint, string>) {
  return {
    constructEvent(raw: Buffer | string, signature: string | undefined, endpoint: StripeEndpoint): StripeWebhookEvent {
      if (!signature) throw new StripeSignatureError('No Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(raw, signature, secrets[endpoint]);
      } catch (err) {
        throw new StripeSignatureError(err instanceof Error ? err.message : 'The signature does not match');
      }
      const data = event.data as { object?: unknown; previous_attributes?: unknown };
      return {
        id: event.id,
        type: event.type,
        account: event.account ?? null,
        created: new Date(event.created * 1000),
        livemode: event.livemode,
        object: isRecord(data.object) ? data.object : {},
        previousAttributes: isRecord(data.previous_attributes) ? data.previous_attributes : null,
      };
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

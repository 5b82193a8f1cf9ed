import Stripe from 'stripe';
import { StripeGatewayError, type StripeFailureKind } from './types';

/** The SDK's error classes, mapped onto ours (types.ts), so no caller handles an SDK type. */
export function toGatewayError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  const details = {
    code: err.code,
    statusCode: err.statusCode,
    requestId: err.requestId,
    param: err.param,
    ...(err.decline_code ? { declineCode: err.decline_code } : {}),
    ...(err.payment_intent?.id ? { paymentIntentId: err.payment_intent.id } : {}),
  };
  return new StripeGatewayError(kindOf(err), `Stripe: ${err.message}`, details);
}

function kindOf(err: InstanceType<typeof Stripe.errors.StripeError>): StripeFailureKind {
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) return 'unavailable';
  if (err instanceof Stripe.errors.StripeRateLimitError || err.statusCode === 429) return 'rate_limited';
  if (err instanceof Stripe.errors.StripeAuthenticationError) return 'authentication';
  if (err instanceof Stripe.errors.StripeIdempotencyError) return 'idempotency';
  if (err instanceof Stripe.errors.StripeCardError) return 'card';
  if (err.code === 'account_invalid' || err.statusCode === 403) return 'account_invalid';
  if (err.statusCode === 404 || err.code === 'resource_missing') return 'not_found';
  if (err instanceof Stripe.errors.StripePermissionError) return 'authentication';
  if (err.statusCode !== undefined && err.statusCode >= 500) return 'unavailable';
  return 'invalid_request';
}

/** Runs an SDK call and rethrows its failure as a StripeGatewayError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGatewayError(err);
  }
}

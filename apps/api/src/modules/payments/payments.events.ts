import type { AppDeps } from '../../platform/deps';
import { createDisputesService } from './disputes.service';
import { createPaymentAccountService } from './payment-account.service';
import { createPaymentsService } from './payments.service';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-events.types';

/**
 * What each Stripe event type does, one line per type: the `stripe.event` job loads the stored
 * event, finds its tenant (from the connected account) and calls the handler for its type inside
 * that tenant's context. A type without a handler is IGNORED.
 *
 * Handlers are idempotent and act on the current state of the object (re-fetch it from Stripe,
 * or compare with what we stored), never on the order events arrive in: any event may come
 * twice, late, or before the one it follows at Stripe. They answer what they did; throwing makes
 * the job retry with backoff, and after the last try the event is FAILED for operators.
 */

export type StripeEventHandler = (event: StoredStripeEvent) => Promise<StripeEventOutcome>;

export function stripeEventHandlers(deps: AppDeps): Partial<Record<string, StripeEventHandler>> {
  const accounts = createPaymentAccountService(deps);
  const checkout = createPaymentsService(deps);
  const disputes = createDisputesService(deps);
  return {
    'account.updated': (e) => accounts.syncFromEvent(e),
    'account.application.deauthorized': (e) => accounts.disconnectFromEvent(e),
    // Paid bookings: each re-fetches the Checkout Session and acts on its current state (payments.service).
    'checkout.session.completed': (e) => checkout.onCheckoutEvent(e),
    'checkout.session.async_payment_succeeded': (e) => checkout.onCheckoutEvent(e),
    'checkout.session.async_payment_failed': (e) => checkout.onCheckoutEvent(e),
    'checkout.session.expired': (e) => checkout.onCheckoutEvent(e),
    'payment_intent.succeeded': (e) => checkout.onPaymentIntentEvent(e),
    'payment_intent.payment_failed': (e) => checkout.onPaymentIntentEvent(e),
    'charge.refunded': (e) => checkout.onChargeRefunded(e),
    // Disputes: each re-fetches the dispute and applies its current state to its payment (disputes.service).
    'charge.dispute.created': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.updated': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.closed': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.funds_withdrawn': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.funds_reinstated': (e) => disputes.onDisputeEvent(e),
  };
}

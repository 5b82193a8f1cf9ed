import type { AppDeps } from '../../platform/deps';
import { createDisputesService } from './disputes.service';
import { createPaymentAccountService } from './payment-account.service';
import { createPaymentsService } from './payments.service';
import { createRefundsWorkflow } from './refunds.workflow.service';
import { createSavedCardPaymentsService } from './saved-card-payments.service';
import type { StoredStripeEvent, StripeEventOutcome } from './stripe-events.types';
import { createWalletService } from './wallet.service';

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
  const savedCards = createSavedCardPaymentsService(deps);
  const wallet = createWalletService(deps);
  const disputes = createDisputesService(deps);
  const refunds = createRefundsWorkflow(deps);
  return {
    'account.updated': (e) => accounts.syncFromEvent(e),
    'account.application.deauthorized': (e) => accounts.disconnectFromEvent(e),
    // Paid bookings: each re-fetches the Checkout Session and acts on its current state (payments.service).
    // On the platform account (no `account`): a saved-cards setup session (wallet.service).
    'checkout.session.completed': (e) => (e.account ? checkout.onCheckoutEvent(e) : wallet.onSetupSessionEvent(e)),
    'checkout.session.async_payment_succeeded': (e) => checkout.onCheckoutEvent(e),
    'checkout.session.async_payment_failed': (e) => checkout.onCheckoutEvent(e),
    'checkout.session.expired': (e) => checkout.onCheckoutEvent(e),
    // A saved card's one-click payment has no session: its intent is settled by saved-card-payments.service.
    'payment_intent.succeeded': (e) => (savedCards.handles(e) ? savedCards.onPaymentIntentEvent(e) : checkout.onPaymentIntentEvent(e)),
    'payment_intent.payment_failed': (e) => (savedCards.handles(e) ? savedCards.onPaymentIntentEvent(e) : checkout.onPaymentIntentEvent(e)),
    // Refunds (ours, or made in Stripe's dashboard): each re-fetches the refund(s) and keeps the Refund rows in step (refunds.workflow.service).
    'charge.refunded': (e) => checkout.onChargeRefunded(e),
    'refund.created': (e) => refunds.onRefundEvent(e),
    'refund.updated': (e) => refunds.onRefundEvent(e),
    'refund.failed': (e) => refunds.onRefundEvent(e),
    // Disputes: each re-fetches the dispute and applies its current state to its payment (disputes.service).
    'charge.dispute.created': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.updated': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.closed': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.funds_withdrawn': (e) => disputes.onDisputeEvent(e),
    'charge.dispute.funds_reinstated': (e) => disputes.onDisputeEvent(e),
  };
}

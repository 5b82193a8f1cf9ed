import { randomUUID } from 'node:crypto';
import type { TBooking, TCheckout, TPublicBooking } from '@slotwise/contracts';
import { StripeGatewayError, type StripeGateway, type StripePaymentIntent } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { Recorder } from '../../platform/idempotency';
import { sqlTransaction } from '../../platform/sql';
import { requireTenantId } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { applicationFeeMinor } from './fees';
import { createPaymentsService, type HandledEvent, type PaymentsService } from './payments.service';
import { createWalletService, type WalletCardRef } from './wallet.service';

/**
 * One-click payment with a saved card (issue #15, docs/adr/011). The booking is a paid hold made
 * exactly as for Checkout (bookings.create with payments.paidHold, ADR 006); then, outside any
 * transaction, the platform's card is cloned onto the business's connected account and charged
 * there as a direct charge with our fee, confirmed off-session, under idempotency keys from the
 * booking. Succeeded → settled through the same path as a paid Checkout Session
 * (payments.settlePaidWithoutCheckout: confirmed, or refunded when paid too late). The bank wants
 * the customer (3-D Secure) → Checkout for the same hold. Declined → the hold is released and the
 * customer is asked for another card (402 CARD_DECLINED).
 */

/** A paid hold's terms as payments.paidHold found them (the account, our fee, what is charged online). */
type ChargeTerms = NonNullable<ReturnType<PaymentsService['paidHold']>['terms']>;

/** Marks our PaymentIntents, so that their events come here rather than to Checkout's reconcile. */
const SOURCE = 'saved_card';

type EventRef = { account: string | null; object: Record<string, unknown> };

type PayOptions = { slug: string; record?: Recorder<TPublicBooking> | undefined; toPublic: (b: TBooking) => TPublicBooking };

export function createSavedCardPaymentsService(deps: AppDeps) {
  const payments = createPaymentsService(deps);
  const bookings = createBookingsService(deps);
  const wallet = createWalletService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  function gateway(): StripeGateway {
    if (!deps.stripe) throw new AppError('PAYMENTS_UNAVAILABLE', 'This business cannot take card payments online right now');
    return deps.stripe;
  }

  /** What a succeeded intent records on the payment row (card brand and last four only). */
  const paidFields = (pi: StripePaymentIntent, card: { brand: string; last4: string } | null) => ({
    paymentIntentId: pi.id,
    chargeId: pi.latestChargeId,
    cardBrand: pi.card?.brand ?? card?.brand ?? null,
    cardLast4: pi.card?.last4 ?? card?.last4 ?? null,
    failedAttempts: 0,
    lastFailureMessage: null,
    paidAt: deps.clock.now(),
  });

  /** Settles a succeeded intent of `booking` on `stripeAccountId` (idempotent: the answer and the webhook may both do it). */
  async function settle(
    bookingId: string,
    pi: StripePaymentIntent,
    stripeAccountId: string,
    row: { paymentId: string; kind: 'FULL' | 'DEPOSIT'; expiresAt: Date },
  ) {
    await payments.settlePaidWithoutCheckout(bookingId, paidFields(pi, null), {
      id: row.paymentId,
      stripeAccountId,
      kind: row.kind,
      method: 'SAVED_CARD',
      checkoutSessionId: null,
      checkoutUrl: null,
      status: 'PENDING',
      amountMinor: pi.amount,
      applicationFeeMinor: Math.min(pi.applicationFeeMinor ?? 0, pi.amount),
      currency: pi.currency.toUpperCase(),
      expiresAt: row.expiresAt,
    });
  }

  return {
    /** Before the hold is made: the card to pay with (401 without a live wallet session, 404 for a card not in it). */
    cardFor: (sessionToken: string | undefined, savedCardId: string): Promise<WalletCardRef> => wallet.cardForPayment(sessionToken, savedCardId),

    /**
     * Pays the hold just made with the saved card. Answers the booking CONFIRMED (`PAID`), or with a
     * Checkout Session for the same hold (`AUTHENTICATION_REQUIRED`); a declined card releases the
     * hold and throws 402 CARD_DECLINED (`details.next: 'USE_ANOTHER_CARD'`). The Idempotency-Key
     * answer is recorded with the outcome, as startCheckout does for a session.
     */
    async pay(booking: TBooking, terms: ChargeTerms, card: WalletCardRef, opts: PayOptions): Promise<TPublicBooking> {
      const stripe = gateway();
      const tenantId = requireTenantId();
      const { kind, amountMinor } = terms.charge;
      const currency = terms.service.currency;
      const fee = applicationFeeMinor(amountMinor, terms.platformFeeBps, currency);
      const paymentId = randomUUID();
      const refs = { bookingId: booking.id, savedCardId: card.id, stripeAccountId: terms.stripeAccountId };
      let pi: StripePaymentIntent;
      try {
        const clone = await stripe.paymentMethods.clone({
          customerId: card.stripeCustomerId,
          paymentMethodId: card.stripePaymentMethodId,
          stripeAccount: terms.stripeAccountId,
          idempotencyKey: `saved-card-clone:${booking.id}`,
        });
        pi = await stripe.paymentIntents.createOffSession({
          stripeAccount: terms.stripeAccountId,
          amountMinor,
          currency,
          applicationFeeMinor: fee,
          paymentMethodId: clone.id,
          description: booking.service.name,
          metadata: { tenantId, bookingId: booking.id, paymentId, source: SOURCE },
          idempotencyKey: `saved-card-payment:${booking.id}`,
        });
      } catch (err) {
        if (
          err instanceof StripeGatewayError &&
          err.kind === 'card' &&
          (err.details.code === 'authentication_required' || err.details.declineCode === 'authentication_required')
        ) {
          log().info(refs, 'saved card needs authentication: Checkout for the same hold');
          return checkoutInstead(booking, terms, opts);
        }
        return failed(booking, err, refs, opts);
      }
      if (pi.status === 'requires_action') {
        log().info({ ...refs, paymentIntentId: pi.id }, 'saved card needs authentication: Checkout for the same hold');
        return checkoutInstead(booking, terms, opts);
      }
      if (pi.status !== 'succeeded') {
        const why = new StripeGatewayError('card', `PaymentIntent ${pi.id} is ${pi.status}`, {
          code: pi.lastPaymentError?.code ?? undefined,
          paymentIntentId: pi.id,
        });
        return failed(booking, why, refs, opts);
      }

      await settle(booking.id, pi, terms.stripeAccountId, { paymentId, kind, expiresAt: new Date(booking.holdExpiresAt!) });
      log().info({ ...refs, paymentIntentId: pi.id }, 'paid with a saved card');
      return paidAnswer(booking, opts);
    },

    /** Our saved-card PaymentIntents' events (their metadata says so); the others are Checkout's. */
    handles: ({ object }: EventRef): boolean => (object.metadata as Record<string, unknown> | undefined)?.source === SOURCE,

    /**
     * `payment_intent.succeeded` / `payment_failed` of a saved-card payment: the intent is re-read
     * from Stripe and a succeeded one settled (idempotent with the answer's own settling; a payment
     * whose answer never came back — a timeout — is settled here, paid-too-late rules included).
     * A failed one changes nothing: the booking request released the hold or sent the customer to
     * Checkout for it, and a hold nobody pays ends at its time.
     */
    async onPaymentIntentEvent({ account, object }: EventRef): Promise<HandledEvent> {
      if (!account || typeof object.id !== 'string') return 'IGNORED';
      const pi = await gateway().paymentIntents.retrieve({ stripeAccount: account, paymentIntentId: object.id });
      const { bookingId, paymentId, tenantId } = pi.metadata;
      if (!bookingId || !paymentId || tenantId !== requireTenantId()) return 'IGNORED';
      const booking = await bookings.find(bookingId);
      if (!booking) return 'IGNORED';
      if (pi.status !== 'succeeded') return 'PROCESSED';
      const kind = pi.amount < booking.priceMinor ? 'DEPOSIT' : 'FULL';
      await settle(bookingId, pi, account, { paymentId, kind, expiresAt: booking.holdExpiresAt ? new Date(booking.holdExpiresAt) : deps.clock.now() });
      return 'PROCESSED';
    },
  };

  /** The booking as settled, answered (and recorded for the Idempotency-Key) as paid with the saved card. */
  async function paidAnswer(booking: TBooking, opts: PayOptions): Promise<TPublicBooking> {
    const settled = (await bookings.find(booking.id)) ?? booking;
    const answer: TPublicBooking = { ...opts.toPublic(settled), savedCardOutcome: 'PAID' };
    if (opts.record) {
      const record = opts.record;
      await sqlTransaction(deps, async (tx) => record(tx, answer));
    }
    return answer;
  }

  /** The bank wants the customer: Checkout for the same hold (its session ends with the hold). */
  async function checkoutInstead(booking: TBooking, terms: ChargeTerms, opts: PayOptions): Promise<TPublicBooking> {
    const answer = (payment: TCheckout): TPublicBooking => ({ ...opts.toPublic(booking), payment, savedCardOutcome: 'AUTHENTICATION_REQUIRED' });
    return answer(await payments.startCheckout(booking, terms, { slug: opts.slug, record: opts.record, answer }));
  }

  /**
   * The card could not be charged: the hold goes at once (nothing kept, no answer recorded). A card
   * decline asks for another card (402); Stripe unreachable is 503 as for Checkout — if Stripe took
   * the payment anyway, its event settles it (paid too late: re-confirmed while the slot is free,
   * else refunded in full).
   */
  async function failed(booking: TBooking, err: unknown, refs: Record<string, string>, opts: PayOptions): Promise<TPublicBooking> {
    const released = await bookings.expireHold(booking.id, { early: true, reason: 'saved card not charged' });
    // Not released because the payment went through after all (Stripe answered us late, its webhook settled it first).
    if (!released && (await bookings.find(booking.id))?.payment?.status === 'SUCCEEDED') {
      log().info(refs, 'saved-card payment settled by its webhook before Stripe answered us');
      return paidAnswer(booking, opts);
    }
    if (err instanceof StripeGatewayError && err.kind === 'account_invalid') {
      log().warn({ err, ...refs }, 'Stripe refused the connected account for a saved-card payment');
      throw new AppError('PAYMENTS_UNAVAILABLE', 'This business cannot take card payments online right now');
    }
    // `invalid_request`: Stripe refused the card itself (removed meanwhile, no longer attached), which another card fixes too.
    if (err instanceof StripeGatewayError && (err.kind === 'card' || err.kind === 'invalid_request')) {
      const fields = { ...refs, code: err.details.code, declineCode: err.details.declineCode };
      if (err.kind === 'card') log().info(fields, 'saved card declined');
      else log().warn({ ...fields, err }, 'Stripe refused a saved card');
      throw new AppError('CARD_DECLINED', 'Your card was declined, so nothing was booked or charged. Please pay with another card', {
        next: 'USE_ANOTHER_CARD',
      });
    }
    log().warn({ err, ...refs }, 'Stripe unavailable during a saved-card payment');
    const e = new AppError('PAYMENT_UNAVAILABLE', 'Card payment is unavailable right now; nothing was booked. Please try again in a moment');
    e.cause = err;
    throw e;
  }
}
export type SavedCardPaymentsService = ReturnType<typeof createSavedCardPaymentsService>;

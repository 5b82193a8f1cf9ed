import { randomUUID } from 'node:crypto';
import type { TBooking, TCheckout, TPaymentListItem, TPaymentStatus, TPublicBooking, TPublicCheckoutStatus } from '@slotwise/contracts';
import type { StripeCheckoutPayment } from '../../integrations/stripe/checkout';
import { StripeGatewayError, type StripeGateway } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import { decodeCursor, encodeCursor } from '../../platform/cursor';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { Recorder } from '../../platform/idempotency';
import { jobId } from '../../platform/jobs';
import { sqlTransaction, type SqlRunner } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { addDays, startOfLocalDay } from '../../platform/time';
import { sendInTransaction, transaction } from '../../platform/transaction';
import { createBookingsService, type PaidOutcome, type PaidService } from '../bookings/bookings.service';
import { chargeOnline } from './deposit-amount';
import { applicationFeeMinor } from './fees';
import { toStaffPayment } from './payment-view';
import { createPolicyService } from './policy.service';
import { createPaymentsRepo, type ListedPaymentRow, type PaymentRow } from './payments.repo';
import { checkoutOrphanQueue, duplicateRefundQueue } from './payments.queues';
import { createRefundsService } from './refunds.service';
import { createRefundsWorkflow } from './refunds.workflow.service';

/**
 * Stripe refuses a Checkout Session that ends less than 30 minutes after it is created, and the
 * session ends when the hold does: a paid hold lasts at least this long. The 5 minutes beyond
 * Stripe's minimum cover the time between our clock reading and Stripe's (the transaction, the
 * SDK's retries within STRIPE_TIMEOUT_MS, clock skew).
 */
export const PAID_HOLD_MIN_MINUTES = 30 + 5;

/** Why a paid booking's money went back, as staff read it. */
const REFUND_REASONS = {
  SLOT_TAKEN: 'Paid after the hold ended and the slot was taken',
  CANCELLED: 'Paid for a booking that was cancelled',
  CANCELLED_AFTER_PAYMENT: 'The booking was cancelled',
  DUPLICATE: 'A second Checkout Session of the booking was paid too',
} as const;

/** What settling a paid session leaves to do after its transaction: a refund to make at once (its job retries it). */
type RefundToMake = { kind: 'refund'; id: string } | { kind: 'duplicate'; id: string } | null;

/**
 * A paid hold's terms, found while its booking is checked (`paidHold`): the account to charge on,
 * the fee, and what Checkout charges (the price, or a deposit: deposit-amount.ts).
 */
type ChargeTerms = { stripeAccountId: string; platformFeeBps: number; service: PaidService; charge: { kind: 'FULL' | 'DEPOSIT'; amountMinor: number } };

/** What a succeeded payment records on its row. */
type PaidFields = {
  paymentIntentId: string | null;
  chargeId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  failedAttempts: number;
  lastFailureMessage: string | null;
  paidAt: Date;
};
/** A payment row made when settling finds none (Prisma's create input, tenant added by the scope). */
type NewPaymentRow = Parameters<ReturnType<typeof createPaymentsRepo>['create']>[1];

/** What an event handler did (payments.events.ts records it on the stored event). */
export type HandledEvent = 'PROCESSED' | 'IGNORED';
/** What the handlers read of a stored event. */
type EventRef = { account: string | null; object: Record<string, unknown> };

const notUsable = () => new AppError('PAYMENTS_UNAVAILABLE', 'This business cannot take card payments online right now');

function toListItem(p: ListedPaymentRow): TPaymentListItem {
  return {
    ...toStaffPayment(p, p.booking),
    bookingId: p.bookingId,
    booking: {
      startsAt: p.booking.startsAt.toISOString(),
      timeZone: p.booking.timeZone,
      status: p.booking.status,
      customerName: p.booking.customerName ?? p.booking.customer.name,
      serviceName: p.booking.service.name,
    },
  };
}

/** Day and time formats per zone: building an Intl.DateTimeFormat costs far more than using one (it showed in the bench's profile). */
const slotFormats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function slotFormatsFor(timeZone: string) {
  let f = slotFormats.get(timeZone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    slotFormats.set(timeZone, f);
  }
  return f;
}

/** "Tue 5 Mar 2030, 10:00–11:00 (Europe/London)": the line item's date and time in the customer's zone. */
function describeSlot(b: TBooking): string {
  const { day, time } = slotFormatsFor(b.timeZone);
  const start = new Date(b.startsAt);
  return `${day.format(start)}, ${time.format(start)}–${time.format(new Date(b.endsAt))} (${b.timeZone}) with ${b.resource.name}`;
}

export function createPaymentsService(deps: AppDeps) {
  const repo = createPaymentsRepo(deps);
  const bookings = createBookingsService(deps);
  const refunds = createRefundsService(deps);
  const workflow = createRefundsWorkflow(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  function gateway(): StripeGateway {
    if (!deps.stripe) throw notUsable();
    return deps.stripe;
  }

  /**
   * Stripe failed while a customer booked. The hold goes at once (nothing left behind: the
   * Idempotency-Key answer was never stored, so a retry books afresh). When Stripe may have made
   * the session anyway (a timeout, a 5xx), a job looks for it a little later and expires it; if
   * it is paid before that, the paid-too-late rule applies.
   */
  async function abandonCheckout(booking: TBooking, stripeAccountId: string, err: unknown): Promise<never> {
    await bookings.expireHold(booking.id, { early: true, reason: 'payment could not be started' });
    const tenantId = requireTenantId();
    const maybeMade = !(err instanceof StripeGatewayError) || err.kind === 'unavailable' || err.kind === 'rate_limited';
    if (maybeMade) {
      await deps.jobs
        .send(
          checkoutOrphanQueue,
          { tenantId, bookingId: booking.id, stripeAccountId },
          { id: jobId('checkout-orphan', booking.id), startAfter: new Date(deps.clock.now().getTime() + 60_000) },
        )
        .catch((e: unknown) =>
          log().error({ err: e, bookingId: booking.id }, 'could not queue the orphan session check; the hold expiry sweep and paid-too-late rule remain'),
        );
    }
    if (err instanceof StripeGatewayError && (err.kind === 'account_invalid' || err.kind === 'invalid_request')) {
      log().warn({ err, bookingId: booking.id }, 'Stripe refused the Checkout Session');
      throw notUsable();
    }
    log().warn({ err, bookingId: booking.id }, 'Stripe unavailable while creating a Checkout Session');
    const e = new AppError('PAYMENT_UNAVAILABLE', 'Card payment is unavailable right now; nothing was booked. Please try again in a moment');
    e.cause = err;
    throw e;
  }

  /** The payment as it stands once Stripe says the session is paid (what SUCCEEDED records). */
  const paidFields = (s: StripeCheckoutPayment, now: Date): PaidFields => ({
    paymentIntentId: s.paymentIntent?.id ?? s.paymentIntentId,
    chargeId: s.paymentIntent?.latestChargeId ?? null,
    cardBrand: s.paymentIntent?.cardBrand ?? null,
    cardLast4: s.paymentIntent?.cardLast4 ?? null,
    failedAttempts: s.paymentIntent?.failedAttempts ?? 0,
    lastFailureMessage: s.paymentIntent?.lastFailureMessage ?? null,
    paidAt: now,
  });

  /** The booking's payment row, or one made from the session when ours was never written (a crash after the session was made). */
  async function paymentFor(tx: TenantTx, bookingId: string, s: StripeCheckoutPayment, stripeAccountId: string, priceMinor: number): Promise<PaymentRow> {
    const found = await repo.findByBooking(bookingId, tx);
    if (found) return found;
    const amount = s.amountTotal ?? 0;
    return repo.create(tx, {
      id: randomUUID(),
      bookingId,
      // Less than the price was charged: a deposit.
      kind: amount < priceMinor ? 'DEPOSIT' : 'FULL',
      stripeAccountId,
      checkoutSessionId: s.id,
      checkoutUrl: s.url ?? 'https://checkout.stripe.com/',
      status: 'PENDING',
      amountMinor: amount,
      applicationFeeMinor: Math.min(s.paymentIntent?.applicationFeeMinor ?? 0, amount),
      currency: (s.currency ?? 'usd').toUpperCase(),
      expiresAt: s.expiresAt,
    });
  }

  /**
   * A paid session, settled under the booking's locks (bookings.settlePaid): the booking is
   * confirmed (or re-confirmed, paid too late but the slot still free) and the payment SUCCEEDED,
   * or the payment goes back in full (REFUND_PENDING, then the refund job). Idempotent: a payment
   * already settled is left as it is.
   */
  async function settlePaid(bookingId: string, s: StripeCheckoutPayment, stripeAccountId: string) {
    const refund = await bookings.settlePaid(bookingId, async (tx, outcome: PaidOutcome, booking): Promise<RefundToMake> => {
      let payment = await paymentFor(tx, bookingId, s, stripeAccountId, booking.priceMinor);
      if (payment.checkoutSessionId !== s.id) {
        // Another session of the same booking was paid. While the booking's own session is unpaid,
        // this one becomes its payment (the other, if paid later, is then the duplicate); once the
        // booking has its payment, this money belongs to no booking and goes back.
        if (payment.status !== 'PENDING' && payment.status !== 'EXPIRED') return duplicatePaid(tx, booking.id, s, stripeAccountId);
        payment = await repo.update(tx, payment.id, { checkoutSessionId: s.id, checkoutUrl: s.url ?? payment.checkoutUrl, expiresAt: s.expiresAt });
      }
      return recordPaid(tx, outcome, booking, payment, paidFields(s, deps.clock.now()));
    });
    await refundNow(refund);
  }

  /**
   * A succeeded payment's outcome, under the booking's locks (the `write` of bookings.settlePaid),
   * whether Checkout or a saved card took it: SUCCEEDED with the booking confirmed, or REFUND_PENDING
   * (then the refund job) when the booking can no longer be had. A payment already settled is left as it is.
   */
  async function recordPaid(tx: TenantTx, outcome: PaidOutcome, booking: { id: string; status: string }, payment: PaymentRow, paid: PaidFields) {
    if (payment.status !== 'PENDING' && payment.status !== 'EXPIRED') return null;
    const refunding = outcome === 'REFUND';
    const reason = booking.status === 'CANCELLED' ? REFUND_REASONS.CANCELLED : REFUND_REASONS.SLOT_TAKEN;
    await repo.update(tx, payment.id, { ...paid, status: 'SUCCEEDED' });
    await deps.audit.record(tx, {
      action: refunding ? 'payment.refund_pending' : 'payment.succeeded',
      resourceType: 'booking',
      resourceId: booking.id,
      actor: { type: 'stripe' },
      before: { paymentStatus: payment.status, bookingStatus: booking.status },
      after: {
        paymentStatus: refunding ? 'REFUND_PENDING' : 'SUCCEEDED',
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        ...(refunding ? { reason } : {}),
      },
    });
    if (!refunding) return null;
    // All of it goes back: a Refund (the payment REFUND_PENDING) whose job, sent in this
    // transaction, retries it until Stripe has it; tried at once below too. Keyed on the payment,
    // as the single refund of a payment was before refunds were rows.
    const refund = await refunds.requestInTransaction(tx, {
      bookingId: booking.id,
      amountMinor: 'ALL_REFUNDABLE',
      reason,
      origin: 'SYSTEM',
      idempotencyKey: `refund:${payment.id}`,
    });
    return refund ? ({ kind: 'refund', id: refund.id } satisfies RefundToMake) : null;
  }

  /** A refund settling decided on: tried at once (its job, sent in the same transaction, retries it). */
  async function refundNow(refund: RefundToMake) {
    if (!refund) return;
    const make = refund.kind === 'refund' ? workflow.make : refundDuplicate;
    await make(refund.id).catch((err: unknown) => log().warn({ err, refund }, 'refund not made yet; its job retries'));
  }

  /**
   * A paid session that is not its booking's payment (Stripe made it although we saw the create
   * call fail, or it was made elsewhere): recorded once per session (DuplicatePayment,
   * REFUND_PENDING), audited on the booking, and refunded in full by a job retried until Stripe
   * has it. Runs under the booking's locks (settlePaid), so two deliveries record it once; one
   * still pending is tried again.
   */
  async function duplicatePaid(tx: TenantTx, bookingId: string, s: StripeCheckoutPayment, stripeAccountId: string): Promise<RefundToMake> {
    const known = await repo.duplicates.findBySession(s.id, tx);
    if (known) return known.status === 'REFUND_PENDING' ? { kind: 'duplicate', id: known.id } : null;
    const paymentIntentId = s.paymentIntent?.id ?? s.paymentIntentId;
    const amountMinor = s.amountTotal ?? 0;
    if (!paymentIntentId || amountMinor <= 0) throw new Error(`paid Checkout Session ${s.id} has no payment intent or amount`);
    const duplicate = await repo.duplicates.create(tx, {
      id: randomUUID(),
      bookingId,
      stripeAccountId,
      checkoutSessionId: s.id,
      paymentIntentId,
      status: 'REFUND_PENDING',
      amountMinor,
      applicationFeeMinor: Math.min(s.paymentIntent?.applicationFeeMinor ?? 0, amountMinor),
      currency: (s.currency ?? 'usd').toUpperCase(),
    });
    log().warn({ bookingId, sessionId: s.id, duplicatePaymentId: duplicate.id }, 'a second Checkout Session of a booking was paid; refunding it in full');
    await deps.audit.record(tx, {
      action: 'payment.refund_pending',
      resourceType: 'booking',
      resourceId: bookingId,
      actor: { type: 'stripe' },
      after: { paymentStatus: 'REFUND_PENDING', amountMinor, currency: duplicate.currency, reason: REFUND_REASONS.DUPLICATE, checkoutSessionId: s.id },
      metadata: { duplicatePaymentId: duplicate.id },
    });
    await sendInTransaction(
      deps,
      tx,
      duplicateRefundQueue,
      { tenantId: requireTenantId(), duplicatePaymentId: duplicate.id },
      { id: jobId('duplicate-refund', duplicate.id) },
    );
    return { kind: 'duplicate', id: duplicate.id };
  }

  /**
   * Gives a second paid session's money back in full, our fee included. The idempotency key comes
   * from the payment intent, so however often this runs Stripe makes one refund.
   */
  async function refundDuplicate(duplicatePaymentId: string): Promise<void> {
    const duplicate = await repo.duplicates.findById(duplicatePaymentId);
    if (duplicate?.status !== 'REFUND_PENDING') return;
    const refund = await gateway().refunds.create({
      stripeAccount: duplicate.stripeAccountId,
      paymentIntentId: duplicate.paymentIntentId,
      refundApplicationFee: true,
      metadata: { tenantId: requireTenantId(), bookingId: duplicate.bookingId, duplicatePaymentId },
      idempotencyKey: `refund:${duplicate.paymentIntentId}`,
    });
    if (refund.status === 'failed' || refund.status === 'canceled')
      throw new Error(`Stripe refund ${refund.id} ${refund.status}: ${refund.failureReason ?? 'no reason given'}`);
    if (refund.status !== 'succeeded') {
      await repo.duplicates.update(undefined, duplicatePaymentId, { refundId: refund.id });
      return; // charge.refunded finishes it
    }
    await markDuplicateRefunded(duplicatePaymentId, refund.id);
  }

  async function markDuplicateRefunded(duplicatePaymentId: string, refundId: string | null) {
    await transaction(deps, async (tx) => {
      const seen = await repo.duplicates.findById(duplicatePaymentId, tx);
      if (!seen) return;
      await bookings.lockForPayment(tx, seen.bookingId);
      const current = await repo.duplicates.findById(duplicatePaymentId, tx);
      if (current?.status !== 'REFUND_PENDING') return;
      await repo.duplicates.update(tx, duplicatePaymentId, { status: 'REFUNDED', refundedAt: deps.clock.now(), ...(refundId ? { refundId } : {}) });
      await deps.audit.record(tx, {
        action: 'payment.refunded',
        resourceType: 'booking',
        resourceId: current.bookingId,
        actor: { type: 'stripe' },
        before: { paymentStatus: 'REFUND_PENDING' },
        after: {
          paymentStatus: 'REFUNDED',
          amountMinor: current.amountMinor,
          currency: current.currency,
          refundApplicationFee: true,
          checkoutSessionId: current.checkoutSessionId,
        },
        metadata: { duplicatePaymentId },
      });
    });
  }

  /**
   * Acts on the session as Stripe has it now (re-fetched with its payment), whatever event
   * brought us here and in whatever order: paid → settled; expired unpaid → the hold is
   * released; open → failed attempts recorded. Safe to run any number of times.
   */
  async function reconcileSession(stripeAccountId: string, sessionId: string): Promise<HandledEvent> {
    const s = await gateway().checkout.retrievePayment({ stripeAccount: stripeAccountId, sessionId });
    const known = await repo.findBySession(sessionId);
    const bookingId = known?.bookingId ?? s.metadata.bookingId;
    if (!bookingId || (s.metadata.tenantId && s.metadata.tenantId !== requireTenantId())) {
      log().info({ sessionId, stripeAccountId }, 'Checkout Session of no booking of this tenant: ignored');
      return 'IGNORED';
    }
    if (!(await bookings.find(bookingId))) {
      log().info({ sessionId, bookingId }, 'Checkout Session of an unknown booking: ignored');
      return 'IGNORED';
    }
    if (s.paymentStatus === 'paid') {
      await settlePaid(bookingId, s, stripeAccountId);
      return 'PROCESSED';
    }
    if (s.status === 'expired') {
      if (known?.status === 'PENDING') {
        await transaction(deps, async (tx) => {
          await bookings.lockForPayment(tx, bookingId);
          const current = await repo.findById(known.id, tx);
          if (current?.status === 'PENDING') await repo.update(tx, known.id, { status: 'EXPIRED' });
        });
      }
      await bookings.expireHold(bookingId, { early: true, reason: 'checkout session expired' });
      return 'PROCESSED';
    }
    if (
      known &&
      s.paymentIntent &&
      (s.paymentIntent.failedAttempts !== known.failedAttempts || s.paymentIntent.lastFailureMessage !== known.lastFailureMessage)
    ) {
      await repo.update(undefined, known.id, {
        paymentIntentId: s.paymentIntent.id,
        failedAttempts: s.paymentIntent.failedAttempts,
        lastFailureMessage: s.paymentIntent.lastFailureMessage,
      });
    }
    return 'PROCESSED';
  }

  return {
    /**
     * For bookings.create: refuses a paid hold (409 PAYMENTS_UNAVAILABLE) before anything is
     * written unless the business can take charges, and remembers the terms for `startCheckout`.
     */
    paidHold() {
      let terms: ChargeTerms | null = null;
      return {
        minHoldMinutes: PAID_HOLD_MIN_MINUTES,
        async check(service: PaidService, tx: SqlRunner) {
          if (!deps.stripe) throw notUsable();
          const [account, tenant, catalog] = await Promise.all([
            repo.account(tx),
            deps.tenants.byId(requireTenantId()),
            createPolicyService(deps).termsOf(service.id, tx),
          ]);
          if (!account || !tenant || account.status !== 'ACTIVE' || !account.chargesEnabled) throw notUsable();
          // The deposit terms as read on the booking's own transaction; the price is the one booked.
          const charge = catalog ? chargeOnline({ ...catalog.payment, priceMinor: service.priceMinor, currency: service.currency }) : null;
          terms = {
            stripeAccountId: account.stripeAccountId,
            platformFeeBps: tenant.platformFeeBps,
            service,
            charge: charge ?? { kind: 'FULL', amountMinor: service.priceMinor },
          };
        },
        get terms() {
          return terms;
        },
      };
    },

    /**
     * The Checkout Session of a paid hold just made, outside any transaction: on the business's
     * connected account (a direct charge), one line item, our fee, `expires_at` = the hold's end,
     * and an idempotency key from the booking (the SDK's own retries reuse it). Then the payment
     * row and the Idempotency-Key answer (with the session) are written together: a replay answers
     * the same session. If Stripe fails, the hold is released and the answer is 503/409.
     */
    async startCheckout(
      booking: TBooking,
      terms: ChargeTerms,
      opts: { slug: string; record?: Recorder<TPublicBooking> | undefined; answer: (checkout: TCheckout) => TPublicBooking },
    ): Promise<TCheckout> {
      const tenantId = requireTenantId();
      const stripe = gateway();
      // The fee is on what is charged: the deposit, for a deposit.
      const { kind, amountMinor } = terms.charge;
      const fee = applicationFeeMinor(amountMinor, terms.platformFeeBps, terms.service.currency);
      const base = deps.config.PUBLIC_URL.replace(/\/+$/, '');
      const page = `${base}/book/${encodeURIComponent(opts.slug)}`;
      // The customer's choices come back with them (the page keeps name and email itself: no personal data in URLs).
      const choices = new URLSearchParams({
        service: booking.service.id,
        resource: booking.resource.id,
        start: booking.startsAt,
        tz: booking.timeZone,
        checkout: 'cancelled',
      });
      let session;
      try {
        session = await stripe.checkout.create({
          stripeAccount: terms.stripeAccountId,
          idempotencyKey: `checkout-session:${booking.id}`,
          lineItem: {
            name: kind === 'DEPOSIT' ? `Deposit for ${booking.service.name}` : booking.service.name,
            description: describeSlot(booking),
            amountMinor,
            currency: terms.service.currency,
          },
          applicationFeeMinor: fee,
          expiresAt: new Date(booking.holdExpiresAt!),
          successUrl: `${page}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
          cancelUrl: `${page}?${choices.toString()}`,
          customerEmail: booking.customer.email,
          clientReferenceId: `${tenantId}_${booking.id}`,
          metadata: { tenantId, bookingId: booking.id },
        });
      } catch (err) {
        return abandonCheckout(booking, terms.stripeAccountId, err);
      }
      const checkout: TCheckout = {
        kind,
        checkoutUrl: session.url!,
        checkoutSessionId: session.id,
        expiresAt: session.expiresAt.toISOString(),
        amountMinor,
        applicationFeeMinor: fee,
        currency: terms.service.currency,
      };
      try {
        await sqlTransaction(deps, async (tx) => {
          void repo.insertPending(tx, {
            id: randomUUID(),
            bookingId: booking.id,
            stripeAccountId: terms.stripeAccountId,
            checkoutSessionId: session.id,
            checkoutUrl: checkout.checkoutUrl,
            kind,
            amountMinor,
            applicationFeeMinor: fee,
            currency: terms.service.currency,
            expiresAt: session.expiresAt,
            createdAt: deps.clock.now(),
          });
          opts.record?.(tx, opts.answer(checkout));
        });
      } catch (err) {
        // E.g. a concurrent request with the same Idempotency-Key answered first: this hold and
        // its session go (the router then replays that request's answer).
        await bookings.expireHold(booking.id, { early: true, reason: 'payment could not be started' });
        await stripe.checkout
          .expire({ stripeAccount: terms.stripeAccountId, sessionId: session.id, idempotencyKey: `expire:${session.id}` })
          .catch((e: unknown) => log().error({ err: e, sessionId: session.id }, 'could not expire the session of a released hold'));
        throw err;
      }
      return checkout;
    },

    /** GET /v1/payments: newest first, local dates in the tenant's zone (on the payment's creation), status. */
    async list(q: { from?: string; to?: string; status?: string; cursor?: string; limit: number }) {
      const tenant = await deps.tenants.byId(requireTenantId());
      if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw new AppError('VALIDATION_FAILED', 'Invalid cursor', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
      const rows = await repo.list(
        {
          ...(q.from || q.to
            ? {
                createdAt: {
                  ...(q.from ? { gte: startOfLocalDay(q.from, tenant.timeZone) } : {}),
                  ...(q.to ? { lt: startOfLocalDay(addDays(q.to, 1), tenant.timeZone) } : {}),
                },
              }
            : {}),
          ...(q.status ? { status: { in: q.status.split(',') as TPaymentStatus[] } } : {}),
        },
        after,
        q.limit,
      );
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(toListItem), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    /** The page the customer returns to from Checkout polls this; 404 for a session of no booking of this tenant. */
    async checkoutStatus(sessionId: string, toPublic: (b: TBooking) => TPublicBooking): Promise<TPublicCheckoutStatus> {
      const payment = await repo.findBySession(sessionId);
      const booking = payment && (await bookings.find(payment.bookingId));
      if (!payment || !booking) throw new AppError('NOT_FOUND', 'No such checkout');
      const { payment: _p, ...rest } = toPublic(booking);
      return { booking: rest, payment: { status: payment.status, lastFailureMessage: payment.lastFailureMessage } };
    },

    /**
     * A payment taken without Checkout (a saved card's one-click charge: saved-card-payments.service),
     * settled like a paid session (recordPaid under bookings.settlePaid's locks). `row` makes the
     * payment's row when the booking has none yet; a booking whose payment is another one is left alone.
     */
    async settlePaidWithoutCheckout(bookingId: string, paid: PaidFields, row: Omit<NewPaymentRow, 'bookingId'>) {
      const refund = await bookings.settlePaid(bookingId, async (tx, outcome: PaidOutcome, booking): Promise<RefundToMake> => {
        const payment = (await repo.findByBooking(bookingId, tx)) ?? (await repo.create(tx, { ...row, bookingId }));
        if (payment.paymentIntentId && payment.paymentIntentId !== paid.paymentIntentId) {
          log().error({ bookingId, paymentIntentId: paid.paymentIntentId }, 'a booking with another payment was paid without Checkout too');
          return null;
        }
        return recordPaid(tx, outcome, booking, payment, paid);
      });
      await refundNow(refund);
    },

    reconcileSession,
    refundDuplicate,

    /** A Checkout event (`checkout.session.*`): the session's id is the event object's. */
    onCheckoutEvent: async ({ account, object }: EventRef): Promise<HandledEvent> =>
      account && typeof object.id === 'string' ? reconcileSession(account, object.id) : 'IGNORED',

    /** A payment intent event: its session, found through Stripe (the intent may be new to us), is reconciled. */
    async onPaymentIntentEvent({ account, object }: EventRef): Promise<HandledEvent> {
      if (!account || typeof object.id !== 'string') return 'IGNORED';
      const sessions = await gateway().checkout.list({ stripeAccount: account, paymentIntentId: object.id, limit: 1 });
      const session = sessions[0];
      return session ? reconcileSession(account, session.id) : 'IGNORED';
    },

    /**
     * `charge.refunded` (ours, or one made in Stripe's dashboard): the charge's refunds re-fetched
     * and kept in step (refunds workflow); a second paid session's charge fully refunded makes its
     * DuplicatePayment REFUNDED.
     */
    async onChargeRefunded(event: EventRef): Promise<HandledEvent> {
      const handled = await workflow.onChargeRefunded(event);
      if (handled) return handled;
      const pi = event.object.payment_intent as string;
      const duplicate = await repo.duplicates.findByPaymentIntent(pi);
      if (!duplicate || event.object.refunded !== true) return 'IGNORED';
      await markDuplicateRefunded(duplicate.id, null);
      return 'PROCESSED';
    },

    /** The hold ended on our side (expired, cancelled, confirmed without payment): end its session, then settle what Stripe says. */
    async endCheckout(bookingId: string): Promise<void> {
      const payment = await repo.findByBooking(bookingId);
      // A saved card's payment has no session to end.
      const sessionId = payment?.checkoutSessionId;
      if (!payment || payment.status !== 'PENDING' || !sessionId) return;
      await gateway()
        .checkout.expire({ stripeAccount: payment.stripeAccountId, sessionId, idempotencyKey: `expire:${sessionId}` })
        .catch((err: unknown) => {
          // Already complete or expired: Stripe refuses, and the reconcile below acts on what it is.
          if (!(err instanceof StripeGatewayError) || err.retryable) throw err;
        });
      await reconcileSession(payment.stripeAccountId, sessionId);
    },

    /** Open sessions Stripe made for a released booking although we saw the call fail: expired. */
    async expireOrphans(bookingId: string, stripeAccountId: string): Promise<number> {
      const stripe = gateway();
      const open = await stripe.checkout.list({ stripeAccount: stripeAccountId, status: 'open', limit: 100 });
      const orphans = open.filter((s) => s.metadata.bookingId === bookingId);
      for (const s of orphans) await stripe.checkout.expire({ stripeAccount: stripeAccountId, sessionId: s.id, idempotencyKey: `expire:${s.id}` });
      return orphans.length;
    },
  };
}
export type PaymentsService = ReturnType<typeof createPaymentsService>;

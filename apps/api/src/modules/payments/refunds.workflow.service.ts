import { createHash } from 'node:crypto';
import type { TRefund } from '@slotwise/contracts';
import { StripeGatewayError, type StripeGateway, type StripeRefund } from '../../integrations/stripe';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { Recorder } from '../../platform/idempotency';
import { prismaSqlTx } from '../../platform/sql';
import { requireTenantId, type TenantTx } from '../../platform/tenancy';
import { transaction } from '../../platform/transaction';
import { createBookingsService } from '../bookings/bookings.service';
import { toRefund } from './payment-view';
import { createRefundsService, type RefundRequest } from './refunds.service';

/**
 * A refund's life around its row (refunds.service): asked for by staff (POST /bookings/:id/refunds,
 * optionally cancelling the booking in the same transaction), made at Stripe by its job, and kept
 * in step with Stripe's refund events — each change under the booking's row lock (the bookings
 * service), Stripe called outside any transaction.
 */

/** What an event handler did (payments.events.ts records it on the stored event). */
type HandledEvent = 'PROCESSED' | 'IGNORED';
type EventRef = { account: string | null; object: Record<string, unknown> };

export type StaffRefund = { amountMinor?: number | undefined; reason: string; cancelBooking?: boolean | undefined; version?: number | undefined };

/**
 * Stripe refused the refund for good (not worth retrying): e.g. more than the charge has left
 * after a refund made in its dashboard. Not a 409 (`idempotency_key_in_use`: the same refund is
 * being made by another attempt right now), which the job retries.
 */
const refusedForGood = (err: unknown): err is StripeGatewayError =>
  err instanceof StripeGatewayError && err.details.statusCode !== 409 && ['invalid_request', 'idempotency', 'not_found', 'account_invalid'].includes(err.kind);

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export function createRefundsWorkflow(deps: AppDeps) {
  const refunds = createRefundsService(deps);
  const bookings = createBookingsService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  function gateway(): StripeGateway {
    if (!deps.stripe) throw new AppError('PAYMENTS_UNAVAILABLE', 'This business cannot take card payments online right now');
    return deps.stripe;
  }

  /** `fn` in a transaction holding the booking's row lock. */
  const underLock = <T>(bookingId: string, fn: (tx: TenantTx) => Promise<T>) =>
    transaction(deps, async (tx) => {
      await bookings.lockForPayment(tx, bookingId);
      return fn(tx);
    });

  /** Stripe's refund `s` of a payment of ours, applied under the booking's lock (`knownId`: the row it was made for). */
  async function apply(payment: { id: string; bookingId: string }, s: StripeRefund, knownId?: string) {
    await underLock(payment.bookingId, async (tx) => {
      const current = await refunds.payment(payment.id, tx);
      if (!current) return;
      const known = knownId ? await refunds.find(knownId, tx) : null;
      await refunds.applyInTransaction(tx, current, s, known);
    });
  }

  /**
   * Makes a PENDING refund at Stripe: on the connected account, the amount, our fee returned in
   * proportion (`refund_application_fee`), metadata naming it, and its row's idempotency key — so
   * however often this runs, Stripe makes one refund. A refusal for good makes it FAILED (the
   * owners are told); anything else throws and the job retries.
   */
  async function make(refundId: string): Promise<void> {
    const refund = await refunds.find(refundId);
    if (refund?.status !== 'PENDING') return;
    const payment = await refunds.payment(refund.paymentId);
    if (!payment?.paymentIntentId) throw new Error(`refund ${refundId}: its payment has no payment intent`);
    let made: StripeRefund;
    try {
      made = await gateway().refunds.create({
        stripeAccount: payment.stripeAccountId,
        paymentIntentId: payment.paymentIntentId,
        amountMinor: refund.amountMinor,
        refundApplicationFee: true,
        metadata: { tenantId: requireTenantId(), bookingId: refund.bookingId, paymentId: payment.id, refundId },
        idempotencyKey: refund.idempotencyKey ?? `refund:${refund.id}`,
      });
    } catch (err) {
      if (!refusedForGood(err)) throw err;
      log().warn({ err, refundId }, 'Stripe refused a refund; it is FAILED');
      await underLock(refund.bookingId, (tx) => refunds.refusedInTransaction(tx, refund, `Stripe refused the refund: ${err.message.replace(/^Stripe: /, '')}`));
      return;
    }
    await apply(payment, made, refundId);
  }

  /**
   * A `payment.refund` job queued before refunds were rows names the payment: a cancelled
   * booking's payment not yet asked back is asked back in full (keyed as the old call was, so
   * Stripe answers any refund it already made), then its pending refunds are made.
   */
  async function makeForPayment(paymentId: string): Promise<void> {
    const payment = await refunds.payment(paymentId);
    if (!payment) return;
    if (payment.status === 'SUCCEEDED') {
      await underLock(payment.bookingId, async (tx) => {
        if ((await bookings.find(payment.bookingId, tx))?.status !== 'CANCELLED') return;
        await refunds.requestInTransaction(tx, {
          bookingId: payment.bookingId,
          amountMinor: 'ALL_REFUNDABLE',
          reason: 'The booking was cancelled',
          origin: 'SYSTEM',
          idempotencyKey: `refund:${paymentId}`,
        });
      });
    }
    for (const r of await refunds.pendingOfPayment(paymentId)) await make(r.id);
  }

  /** A refund of ours or not, re-fetched from Stripe, applied to its payment (IGNORED when the payment is none of ours). */
  async function sync(account: string, s: StripeRefund): Promise<HandledEvent> {
    const payment = s.paymentIntentId ? await refunds.paymentByIntent(s.paymentIntentId) : null;
    if (payment?.stripeAccountId !== account) return 'IGNORED';
    await apply(payment, s);
    return 'PROCESSED';
  }

  /** The payment's returned fee brought in step with Stripe's ApplicationFee (job payment.fee-sync). */
  async function syncFee(paymentId: string): Promise<void> {
    const payment = await refunds.payment(paymentId);
    if (!payment?.paymentIntentId) return;
    const fee = await gateway().refunds.feeRefunded({ stripeAccount: payment.stripeAccountId, paymentIntentId: payment.paymentIntentId });
    if (!fee) return;
    await underLock(payment.bookingId, (tx) => refunds.followStripeFeeInTransaction(tx, paymentId, fee.refundedMinor));
  }

  return {
    make,
    makeForPayment,
    syncFee,

    /**
     * POST /bookings/:id/refunds. `amountMinor` omitted: all that is refundable. `cancelBooking`
     * cancels the booking in the same transaction (the bookings service, version-checked), with
     * this refund instead of the cancel's own. One refund per click: with an Idempotency-Key the
     * refund's key is made from it (and the router replays the answer); without one, from the
     * request itself (amount, reason, cancel) and how many of the payment's refunds failed — an
     * identical request is the same refund until one fails; nothing is taken from the time.
     * The refund is tried at Stripe at once; its job retries it.
     */
    async request(bookingId: string, body: StaffRefund, opts: { userId: string; idempotencyKey?: string | undefined; record?: Recorder<TRefund> | undefined }) {
      let refundId: string | null = null;
      const ask = async (tx: TenantTx) => {
        const payment = await refunds.paymentOfBooking(bookingId, tx);
        const failed = payment?.refunds.filter((r) => r.status === 'FAILED' || r.status === 'CANCELLED').length ?? 0;
        const key = opts.idempotencyKey
          ? `staff-refund:${bookingId}:key:${opts.idempotencyKey}`
          : `staff-refund:${bookingId}:same:${sha([body.amountMinor ?? 'ALL', body.reason, Boolean(body.cancelBooking), failed])}`;
        const request: RefundRequest = {
          bookingId,
          amountMinor: body.amountMinor ?? 'ALL_REFUNDABLE',
          reason: body.reason,
          origin: 'STAFF',
          requestedByUserId: opts.userId,
          idempotencyKey: key,
        };
        const refund = await refunds.requestInTransaction(tx, request);
        if (!refund) {
          if (!payment || !refunds.isPaid(payment.status)) throw new AppError('CONFLICT', 'This booking has no paid payment to refund');
          throw new AppError('REFUND_EXCEEDS_PAYMENT', 'Nothing is left to refund on this payment', { refundableMinor: 0 });
        }
        refundId = refund.id;
        if (opts.record) {
          const sql = prismaSqlTx(tx);
          opts.record(sql.tx, toRefund((await refunds.view(refund.id, tx))!));
          await sql.settle();
        }
      };
      if (body.cancelBooking) {
        await bookings.cancel(bookingId, body.reason, body.version ?? 0, { type: 'user', id: opts.userId }, { refund: ask });
      } else {
        await underLock(bookingId, async (tx) => {
          if (!(await bookings.find(bookingId, tx))) throw new AppError('NOT_FOUND', 'Booking not found');
          await ask(tx);
        });
      }
      const id = refundId as string | null;
      if (!id) throw new Error('refund request ended without a refund');
      await make(id).catch((err: unknown) => log().warn({ err, refundId: id }, 'refund not made yet; its job retries'));
      return toRefund((await refunds.view(id))!);
    },

    /** `refund.created` / `refund.updated` / `refund.failed`: the refund re-fetched and applied. */
    async onRefundEvent({ account, object }: EventRef): Promise<HandledEvent> {
      if (!account || typeof object.id !== 'string') return 'IGNORED';
      return sync(account, await gateway().refunds.retrieve({ stripeAccount: account, refundId: object.id }));
    },

    /**
     * `charge.refunded`: every refund of the charge re-fetched and applied, oldest first — a refund
     * made in Stripe's dashboard becomes a row. Null when the charge is no payment of ours (the
     * payments service then looks for a duplicate payment).
     */
    async onChargeRefunded({ account, object }: EventRef): Promise<HandledEvent | null> {
      const pi = typeof object.payment_intent === 'string' ? object.payment_intent : null;
      if (!account || !pi) return 'IGNORED';
      const payment = await refunds.paymentByIntent(pi);
      if (!payment) return null;
      if (payment.stripeAccountId !== account) return 'IGNORED';
      const all = await gateway().refunds.list({ stripeAccount: account, paymentIntentId: pi });
      for (const s of all) await apply(payment, s);
      return 'PROCESSED';
    },
  };
}
export type RefundsWorkflow = ReturnType<typeof createRefundsWorkflow>;

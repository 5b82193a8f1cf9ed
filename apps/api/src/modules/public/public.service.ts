import type { TBooking, TCheckout, TManageView, TPublicBooking } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { SqlTx } from '../../platform/sql';
import { createAvailabilityService } from '../availability/availability.service';
import { createBookingsService, type CreateBookingInput } from '../bookings/bookings.service';
import { createPaymentAccountService } from '../payments/payment-account.service';
import { createPaymentsService } from '../payments/payments.service';
import { createSavedCardPaymentsService } from '../payments/saved-card-payments.service';
import { chargeOnline, effectivePolicy } from '../payments';
import { createPublicRepo } from './public.repo';

/**
 * Only what a customer may see of a booking. The name is the one typed for the booking: whoever
 * books with a known email learns nothing of that customer's record.
 */
export function toPublicBooking(b: TBooking): TPublicBooking {
  return {
    id: b.id,
    status: b.status,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    timeZone: b.timeZone,
    holdExpiresAt: b.holdExpiresAt,
    priceMinor: b.priceMinor,
    currency: b.currency,
    service: b.service,
    resource: b.resource,
    customer: { name: b.customerName ?? b.customer.name, email: b.customer.email },
  };
}

/**
 * The public booking page's API. The guard resolved the tenant from the slug into the request
 * context; everything here runs in that tenant's scope and answers public fields only.
 */
export function createPublicService(deps: AppDeps) {
  const availability = createAvailabilityService(deps);
  const bookings = createBookingsService(deps);
  const payments = createPaymentsService(deps);
  const savedCards = createSavedCardPaymentsService(deps);
  const repo = createPublicRepo(deps);

  /** The business as its public page shows it, its cancellation policy included. */
  async function profile(): Promise<TManageView['tenant']> {
    const row = await repo.profile();
    if (!row) throw new AppError('NOT_FOUND', 'No business at this address');
    const { freeCancellationHours, lateRefundPercent, ...rest } = row;
    return { ...rest, cancellationPolicy: { freeCancellationHours, lateRefundPercent } };
  }

  return {
    /** The tenant of the request, resolved from the slug by the guard. */
    profile,

    async services() {
      const [rows, tenant] = await Promise.all([repo.activeServices(), profile()]);
      // A paid service is bookable online only while the business can take card payments (Stripe connected and active).
      const isPaid = (s: (typeof rows)[number]) => s.requiresPayment && s.priceMinor > 0;
      const takesPayments = rows.some(isPaid) && (await createPaymentAccountService(deps).canTakePayments());
      const resourceIds = [...new Set(rows.flatMap((r) => r.resources.map((x) => x.resourceId)))];
      const resources = await repo.activeResourceNames(resourceIds);
      const names = new Map(resources.map((r) => [r.id, r.name]));
      return rows
        .map((s) => ({
          id: s.id,
          name: s.name,
          description: s.description,
          durationMin: s.durationMin,
          priceMinor: s.priceMinor,
          currency: s.currency,
          requiresPayment: s.requiresPayment,
          bookableOnline: !isPaid(s) || takesPayments,
          paymentMode: s.paymentMode,
          payOnlineMinor: isPaid(s) ? chargeOnline(s).amountMinor : 0,
          cancellationPolicy: effectivePolicy(s, tenant.cancellationPolicy),
          resources: s.resources.filter((r) => names.has(r.resourceId)).map((r) => ({ id: r.resourceId, name: names.get(r.resourceId)! })),
        }))
        .filter((s) => s.resources.length > 0);
    },

    slots: (serviceId: string, q: { from: string; to: string; timeZone: string; resourceId?: string }) => availability.slots({ serviceId, ...q }),

    /**
     * `alsoWrite`: writes for the booking's transaction, given the answer (the router's
     * Idempotency-Key record). A paid service's hold is answered with its Checkout Session: the
     * payments module makes it after the hold's transaction and records the answer with it.
     */
    book: async (
      { payWith, ...input }: CreateBookingInput & { timeZone: string; payWith?: { savedCardId: string } | undefined },
      alsoWrite?: (tx: SqlTx, booking: TPublicBooking) => void,
      opts: { walletSession?: string | undefined } = {},
    ) => {
      // A saved card is checked before anything is held: 401 without a wallet session, 404 for a card not in it.
      const card = payWith ? await savedCards.cardFor(opts.walletSession, payWith.savedCardId) : null;
      const paidHold = payments.paidHold();
      const booking = await bookings.create(input, {
        source: 'PUBLIC',
        actor: { type: 'customer' },
        alsoWrite: alsoWrite && ((tx, b) => alsoWrite(tx, toPublicBooking(b))),
        paidHold,
      });
      const terms = paidHold.terms;
      if (!terms || booking.status !== 'PENDING_PAYMENT') return toPublicBooking(booking);
      const answer = (payment: TCheckout): TPublicBooking => ({ ...toPublicBooking(booking), payment });
      const slug = (await repo.profile())?.slug ?? '';
      if (card) return savedCards.pay(booking, terms, card, { slug, record: alsoWrite, toPublic: toPublicBooking });
      return answer(await payments.startCheckout(booking, terms, { slug, record: alsoWrite, answer }));
    },

    /** After Checkout: the booking and what we know of its payment (404 for a session of no booking here). */
    checkoutStatus: (sessionId: string) => payments.checkoutStatus(sessionId, toPublicBooking),
  };
}

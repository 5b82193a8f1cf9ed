import type { BALANCE_METHODS, TBookingPayment } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { transaction } from '../../platform/transaction';
import { createBookingsService } from '../bookings/bookings.service';
import { createPolicyRepo } from './policy.repo';

type BalanceMethod = (typeof BALANCE_METHODS)[number];

/** Payments whose deposit may have its balance recorded: paid, and not all of it refunded. */
const BALANCE_PAYMENT_STATUSES = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED']);
/** Bookings whose balance can be paid at the venue: not cancelled nor expired. */
const BALANCE_BOOKING_STATUSES = new Set(['CONFIRMED', 'COMPLETED', 'NO_SHOW']);

/** A deposit's balance paid at the venue (cash, card terminal), recorded by staff. */
export function createDepositsService(deps: AppDeps) {
  const repo = createPolicyRepo(deps);
  const bookings = createBookingsService(deps);

  return {
    /**
     * Records the rest of the price (the booking's price minus the deposit charged online) as
     * paid at the venue by `method`, under the booking's lock, audited. 409 INVALID_TRANSITION
     * when there is nothing to record: no deposit, not paid (or all refunded), the balance
     * recorded already, or the booking cancelled or expired.
     */
    async recordBalance(bookingId: string, method: BalanceMethod, userId: string | null): Promise<TBookingPayment> {
      await transaction(deps, async (tx) => {
        await bookings.lockForPayment(tx, bookingId);
        const booking = await bookings.find(bookingId, tx);
        if (!booking) throw new AppError('NOT_FOUND', 'Booking not found');
        const payment = await repo.paymentOfBooking(bookingId, tx);
        const refuse = (why: string) => new AppError('INVALID_TRANSITION', why, { paymentStatus: payment?.status ?? null, bookingStatus: booking.status });
        if (!payment || payment.kind !== 'DEPOSIT') throw refuse('This booking has no deposit: there is no balance to record');
        if (payment.balancePaidMinor !== null) throw refuse('The balance of this deposit is recorded already');
        if (!BALANCE_PAYMENT_STATUSES.has(payment.status)) throw refuse('Only a paid deposit has a balance to record');
        if (!BALANCE_BOOKING_STATUSES.has(booking.status)) throw refuse(`A ${booking.status.toLowerCase()} booking has no balance to pay`);
        const balanceMinor = booking.priceMinor - payment.amountMinor;
        if (balanceMinor <= 0) throw refuse('Nothing is left to pay on this booking');
        const now = deps.clock.now();
        await repo.recordBalance(tx, payment.id, { balancePaidMinor: balanceMinor, balanceMethod: method, balancePaidAt: now, balanceRecordedBy: userId });
        await deps.audit.record(tx, {
          action: 'payment.balance_recorded',
          resourceType: 'booking',
          resourceId: bookingId,
          before: { balancePaidMinor: null },
          after: { balancePaidMinor: balanceMinor, balanceMethod: method, currency: payment.currency, depositMinor: payment.amountMinor },
        });
      });
      const payment = (await bookings.get(bookingId)).payment;
      if (!payment) throw new Error(`booking ${bookingId} lost its payment`);
      return payment;
    },
  };
}

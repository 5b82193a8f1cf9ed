import { ACTIVE_BOOKING_STATUSES, effectiveBookingStatus, type TBooking, type TManageView } from '@slotwise/contracts';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { withTenant } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { createPolicyService } from '../payments/policy.service';
import { createPublicService, toPublicBooking } from '../public/public.service';
import { verifyManageToken } from './manage-link';

/**
 * Customer self-service through the signed manage link: the token names the booking and its
 * tenant, so every call runs inside that tenant's scope. Changes close `cancellationCutoffHours`
 * before the start.
 */
export function createSelfService(deps: AppDeps) {
  const bookings = createBookingsService(deps);
  const publicPage = createPublicService(deps);
  const policies = createPolicyService(deps);

  /** The booking as the manage page shows it; a hold past its expiry reads as expired. */
  const toManageBooking = (b: TBooking, now: Date): TManageView['booking'] => ({
    ...toPublicBooking(b),
    status: effectiveBookingStatus(b, now),
    version: b.version,
    serviceId: b.serviceId,
  });

  /**
   * Error bodies are not checked against the contract, and the bookings module's version conflict
   * names the staff view of the booking (notes, phone, who cancelled). Under the manage link it
   * names the booking as the customer sees it, so their page can show what changed.
   */
  function customerFacing(err: unknown): never {
    if (err instanceof AppError && err.code === 'VERSION_CONFLICT') {
      const { expected, actual, current } = (err.details ?? {}) as { expected?: number; actual?: number; current?: TBooking };
      throw new AppError('VERSION_CONFLICT', err.message, { expected, actual, ...(current ? { current: toManageBooking(current, deps.clock.now()) } : {}) });
    }
    throw err;
  }

  function inBookingTenant<T>(token: string, fn: (bookingId: string) => Promise<T>): Promise<T> {
    const claims = verifyManageToken(deps, token, deps.clock.now());
    if (!claims) throw new AppError('NOT_FOUND', 'This link is invalid or has expired');
    return withTenant(claims.tenantId, () => fn(claims.bookingId).catch(customerFacing));
  }

  async function view(bookingId: string): Promise<TManageView> {
    const booking = await bookings.get(bookingId);
    const now = deps.clock.now();
    const [tenant, money] = await Promise.all([publicPage.profile(), policies.manageView(booking, now)]);
    const changeableUntil = new Date(Date.parse(booking.startsAt) - tenant.cancellationCutoffHours * 3_600_000);
    // A hold past its expiry is shown and judged as expired, whether or not the sweep has run.
    const status = effectiveBookingStatus(booking, now);
    const active = ACTIVE_BOOKING_STATUSES.includes(status);
    const beforeCutoff = now < changeableUntil;
    const open = active && beforeCutoff;
    return {
      booking: toManageBooking(booking, now),
      tenant,
      policy: {
        canCancel: open,
        canReschedule: open,
        changeableUntil: changeableUntil.toISOString(),
        cutoffHours: tenant.cancellationCutoffHours,
        reason: !active ? 'NOT_ACTIVE' : beforeCutoff ? null : 'CUTOFF_PASSED',
        cancellationPolicy: money.cancellationPolicy,
        refundOnCancel: money.refundOnCancel,
      },
    };
  }

  async function assertChangeable(bookingId: string) {
    const current = await view(bookingId);
    if (current.policy.reason === 'CUTOFF_PASSED') {
      throw new AppError('UNPROCESSABLE', `Changes are possible until ${current.policy.cutoffHours} hours before the appointment`, {
        reason: 'CUTOFF_PASSED',
        changeableUntil: current.policy.changeableUntil,
      });
    }
    return current;
  }

  return {
    view: (token: string) => inBookingTenant(token, view),

    /** `version`: the one the customer saw; a change since then answers 409 VERSION_CONFLICT. */
    /**
     * A paid booking gets the refund its cancellation policy gives, asked for in the cancel's own
     * transaction. `expectedRefundMinor`: the refund the customer was shown; a different one now
     * (the free window closed meanwhile) is 409 CONFLICT with both amounts, and nothing changes.
     */
    cancel: (token: string, input: { reason: string; version: number; expectedRefundMinor?: number | undefined }) =>
      inBookingTenant(token, async (bookingId) => {
        await assertChangeable(bookingId);
        await bookings.cancel(
          bookingId,
          input.reason,
          input.version,
          { type: 'customer' },
          { refund: 'POLICY', expectedRefundMinor: input.expectedRefundMinor },
        );
        return view(bookingId);
      }),

    reschedule: (token: string, input: { startsAt: string; version: number }) =>
      inBookingTenant(token, async (bookingId) => {
        await assertChangeable(bookingId);
        await bookings.update(bookingId, { version: input.version, startsAt: input.startsAt }, { type: 'customer' }, { source: 'PUBLIC' });
        return view(bookingId);
      }),
  };
}

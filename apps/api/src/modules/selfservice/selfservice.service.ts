import type { TManageView } from '@slotwise/contracts';
import type { AppDeps } from '../../app';
import { AppError } from '../../platform/errors';
import { withTenant } from '../../platform/tenancy';
import { createBookingsService } from '../bookings/bookings.service';
import { ACTIVE_STATUSES, effectiveStatus } from '../bookings/booking-status';
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

  function inBookingTenant<T>(token: string, fn: (bookingId: string) => Promise<T>): Promise<T> {
    const claims = verifyManageToken(deps, token, deps.clock.now());
    if (!claims) throw new AppError('NOT_FOUND', 'This link is invalid or has expired');
    return withTenant(claims.tenantId, () => fn(claims.bookingId));
  }

  async function view(bookingId: string): Promise<TManageView> {
    const booking = await bookings.get(bookingId);
    const tenant = await publicPage.profile();
    const changeableUntil = new Date(Date.parse(booking.startsAt) - tenant.cancellationCutoffHours * 3_600_000);
    const now = deps.clock.now();
    // A hold past its expiry is shown and judged as expired, whether or not the sweep has run.
    const status = effectiveStatus(booking, now);
    const active = ACTIVE_STATUSES.includes(status);
    const beforeCutoff = now < changeableUntil;
    const open = active && beforeCutoff;
    return {
      booking: { ...toPublicBooking(booking), status, version: booking.version, serviceId: booking.serviceId },
      tenant,
      policy: {
        canCancel: open,
        canReschedule: open,
        changeableUntil: changeableUntil.toISOString(),
        cutoffHours: tenant.cancellationCutoffHours,
        reason: !active ? 'NOT_ACTIVE' : beforeCutoff ? null : 'CUTOFF_PASSED',
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
    cancel: (token: string, input: { reason: string; version: number }) =>
      inBookingTenant(token, async (bookingId) => {
        await assertChangeable(bookingId);
        await bookings.cancel(bookingId, input.reason, input.version, { type: 'customer' });
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

import type { TBooking, TBookingPayment, TPaymentStatus, TRefund } from '@slotwise/contracts';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiResponseError, tsr, type ApiFailure } from './api';
import { applyBookingEverywhere, findBooking } from './bookings/cache';
import { bookingKeys } from './bookings/keys';
import { useSession } from './session';

/*
 * A booking's money after the payment, shared by the booking panel (features/bookings), the
 * Payments page (features/payments) and the dashboard's navigation badge (app/). Money changes are
 * not optimistic: a refund shows once the API has accepted it (as PENDING until Stripe confirms),
 * then every copy of the booking, the payments lists and the badge counts are fetched again.
 */

/** Filters of the Payments page; `from`/`to` are local dates in the business's zone, inclusive. */
export type PaymentFilters = { from?: string; to?: string; status?: readonly TPaymentStatus[] };

/** Query keys of payments; components never build keys themselves. */
export const paymentKeys = {
  all: ['payments'] as const,
  account: () => [...paymentKeys.all, 'account'] as const,
  list: (filters: PaymentFilters) => [...paymentKeys.all, 'list', filters] as const,
  summary: () => [...paymentKeys.all, 'summary'] as const,
  disputes: (open: boolean) => [...paymentKeys.all, 'disputes', { open }] as const,
};

export const paymentMutationKeys = {
  refund: () => ['payments', 'change', 'refund'] as const,
  balance: () => ['payments', 'change', 'balance'] as const,
};

/** How often the navigation badge asks for the counts. */
export const SUMMARY_POLL_MS = 60_000;

/**
 * GET /v1/payments/summary: open disputes and failed refunds, for the navigation badge. Polled
 * every minute while the tab is visible.
 */
export function usePaymentsSummary({ enabled = true }: { enabled?: boolean } = {}) {
  return tsr.payments.summary.useQuery({
    queryKey: paymentKeys.summary(),
    enabled,
    refetchInterval: SUMMARY_POLL_MS,
    refetchIntervalInBackground: false,
    select: (response) => response.body,
  });
}

export type RefundRequest = {
  bookingId: string;
  amountMinor: number;
  reason: string;
  /** Cancel the booking in the same step, at the `version` the staff member saw. */
  cancel?: { version: number };
  /** One per refund the person means to make: the same key again answers the refund already made. */
  idempotencyKey: string;
};

/**
 * POST /v1/bookings/:id/refunds (owners and admins). The refund comes back PENDING; the booking's
 * cached copies take it at once, then everything it changes is fetched again.
 */
export function useRefundPayment(options: { onSuccess?: (refund: TRefund) => void } = {}) {
  const queryClient = useQueryClient();
  const zone = useSession().tenant.timeZone;
  return useMutation<TRefund, ApiFailure, RefundRequest>({
    mutationKey: paymentMutationKeys.refund(),
    mutationFn: async ({ bookingId, amountMinor, reason, cancel, idempotencyKey }) => {
      const response = await tsr.payments.refund.mutate({
        params: { id: bookingId },
        headers: { 'idempotency-key': idempotencyKey },
        body: { amountMinor, reason, ...(cancel ? { cancelBooking: true, version: cancel.version } : {}) },
      });
      if (response.status !== 201) throw new ApiResponseError(response);
      return response.body;
    },
    onSuccess: (refund, { bookingId, cancel, reason }) => {
      const booking = findBooking(queryClient, bookingId);
      if (booking?.payment) {
        const cancelled: Partial<TBooking> = cancel ? { status: 'CANCELLED', cancellationReason: reason, cancelledBy: 'staff' } : {};
        applyBookingEverywhere(queryClient, { ...booking, ...cancelled, payment: withPendingRefund(booking.payment, refund) }, { insert: false, zone });
      }
      options.onSuccess?.(refund);
    },
    onSettled: (_refund, _error, { bookingId }) => refetchMoneyOf(queryClient, bookingId),
  });
}

/** POST /v1/bookings/:id/payment/balance: the rest of a deposit paid at the venue. */
export function useRecordBalance(options: { onSuccess?: (payment: TBookingPayment) => void } = {}) {
  const queryClient = useQueryClient();
  const zone = useSession().tenant.timeZone;
  return useMutation<TBookingPayment, ApiFailure, { bookingId: string; method: 'CASH' | 'CARD_TERMINAL' | 'OTHER' }>({
    mutationKey: paymentMutationKeys.balance(),
    mutationFn: async ({ bookingId, method }) => {
      const response = await tsr.payments.recordBalance.mutate({ params: { id: bookingId }, body: { method } });
      if (response.status !== 200) throw new ApiResponseError(response);
      return response.body;
    },
    onSuccess: (payment, { bookingId }) => {
      const booking = findBooking(queryClient, bookingId);
      if (booking) applyBookingEverywhere(queryClient, { ...booking, payment }, { insert: false, zone });
      options.onSuccess?.(payment);
    },
    onSettled: (_payment, _error, { bookingId }) => refetchMoneyOf(queryClient, bookingId),
  });
}

/** Everything a change of a booking's money shows in: the booking, its history, the lists, the payments pages and badge. */
export function refetchMoneyOf(queryClient: QueryClient, bookingId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: bookingKeys.detail(bookingId) }),
    queryClient.invalidateQueries({ queryKey: bookingKeys.history(bookingId) }),
    queryClient.invalidateQueries({ queryKey: bookingKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: paymentKeys.all }),
  ]);
}

/** A payment with a refund the API just accepted: counted as on its way until Stripe settles it. */
export function withPendingRefund(payment: TBookingPayment, refund: TRefund): TBookingPayment {
  if (payment.refunds.some((r) => r.id === refund.id)) return payment;
  const pending = refund.status === 'PENDING' ? refund.amountMinor : 0;
  const succeeded = refund.status === 'SUCCEEDED' ? refund.amountMinor : 0;
  const refundedMinor = payment.refundedMinor + succeeded;
  const status: TPaymentStatus =
    refundedMinor >= payment.amountMinor ? 'REFUNDED' : refundedMinor > 0 ? 'PARTIALLY_REFUNDED' : pending > 0 ? 'REFUND_PENDING' : payment.status;
  return {
    ...payment,
    status,
    refundedMinor,
    refundPendingMinor: payment.refundPendingMinor + pending,
    refundableMinor: Math.max(0, payment.refundableMinor - refund.amountMinor),
    refunds: [...payment.refunds, refund],
  };
}

import { tsr } from '../../lib/api';
import { paymentKeys, type PaymentFilters } from '../../lib/payments';

/**
 * GET /v1/payments/account: the business's Stripe account as the API last heard of it (from
 * Stripe's `account.updated`). `watchUntil`: ask again every 2 s until then while it isn't
 * active — just back from Stripe, its event may still be on the way.
 */
export function usePaymentAccount({ watchUntil = 0 }: { watchUntil?: number } = {}) {
  return tsr.payments.account.useQuery({
    queryKey: paymentKeys.account(),
    refetchInterval: (query) => (query.state.data?.body.status !== 'ACTIVE' && Date.now() < watchUntil ? 2_000 : false),
  });
}

/**
 * POST /v1/payments/onboarding (owners): connects Stripe the first time and hands out a fresh,
 * single-use onboarding link; the caller sends the browser there.
 */
export function useStartOnboarding() {
  return tsr.payments.onboarding.useMutation();
}

/** GET /v1/payments, newest first, page by page. */
export function usePayments(filters: PaymentFilters) {
  return tsr.payments.list.useInfiniteQuery({
    queryKey: paymentKeys.list(filters),
    queryData: ({ pageParam }) => ({
      query: {
        limit: 50,
        ...(filters.from ? { from: filters.from } : {}),
        ...(filters.to ? { to: filters.to } : {}),
        ...(filters.status && filters.status.length > 0 ? { status: filters.status.join(',') } : {}),
        ...(typeof pageParam === 'string' ? { cursor: pageParam } : {}),
      },
    }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { body: { nextCursor: string | null } }) => last.body.nextCursor ?? undefined,
  });
}

/** GET /v1/payments/disputes: disputes, newest first; `open` keeps those not closed. */
export function useDisputes({ open }: { open: boolean }) {
  return tsr.payments.disputes.useQuery({
    queryKey: paymentKeys.disputes(open),
    queryData: { query: open ? { open: 'true' } : {} },
    select: (response) => response.body.items,
  });
}

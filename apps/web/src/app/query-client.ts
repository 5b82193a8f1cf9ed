import { hashKey, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isFetchError } from '@ts-rest/react-query/v5';
import { sessionKeys } from '../lib/session';

const MAX_RETRIES = 2;

/**
 * Retry only what may pass on a second try: network failures and 5xx answers, not 4xx. An answer
 * is judged by its status first, since our own query functions reject with an ApiResponseError,
 * which is an Error too.
 */
function retryTransientFailures(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  const status = statusOf(error);
  if (status !== undefined) return status >= 500;
  return isFetchError(error);
}

function statusOf(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  return typeof status === 'number' ? status : undefined;
}

export function createQueryClient(): QueryClient {
  /**
   * A 401 from any request means the session ended (expired, revoked, signed out in another
   * tab). Asking for `me` again lets the session guard see the 401 and send the person to the
   * sign-in page; on public pages nothing observes `me`, so nothing happens there.
   */
  const recheckSessionOn401 = (error: unknown) => {
    if (statusOf(error) === 401) void queryClient.invalidateQueries({ queryKey: sessionKeys.me(), exact: true });
  };
  const meHash = hashKey(sessionKeys.me());
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryHash !== meHash) recheckSessionOn401(error);
      },
    }),
    mutationCache: new MutationCache({ onError: recheckSessionOn401 }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: retryTransientFailures },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

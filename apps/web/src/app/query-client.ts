import { QueryClient } from '@tanstack/react-query';
import { isFetchError } from '@ts-rest/react-query/v5';

const MAX_RETRIES = 2;

/** Retry only what may pass on a second try: network failures and 5xx answers, not 4xx. */
function retryTransientFailures(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false;
  if (isFetchError(error)) return true;
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  return typeof status === 'number' && status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: retryTransientFailures },
      mutations: { retry: false },
    },
  });
}

import { apiContract, ZErrorBody } from '@slotwise/contracts';
import { initTsrReactQuery, isFetchError } from '@ts-rest/react-query/v5';

/**
 * The one API client of the web app. The API serves the app on the same origin (and the dev
 * server proxies /v1), so the base URL is empty and the session cookie goes along.
 */
export const tsr = initTsrReactQuery(apiContract, {
  baseUrl: '',
  baseHeaders: {},
  credentials: 'include',
});

/** What a query or mutation hook can fail with: a non-2xx response, or a network error. */
type ApiFailure = Error | { status: number; body: unknown };

/** The HTTP status of a failed call, or undefined when no response arrived. */
export function apiErrorStatus(error: ApiFailure): number | undefined {
  return isFetchError(error) ? undefined : error.status;
}

/** A sentence for a person about why a call failed; the API's own message when it sent one. */
export function describeApiError(error: ApiFailure): string {
  if (isFetchError(error)) return 'The server did not answer. Check your connection and try again.';
  const parsed = ZErrorBody.safeParse(error.body);
  if (parsed.success) return parsed.data.error.message;
  return `The server answered with an unexpected error (HTTP ${error.status}).`;
}

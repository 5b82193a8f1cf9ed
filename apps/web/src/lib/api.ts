import { apiContract, ZErrorBody, type TErrorBody } from '@slotwise/contracts';
import { initTsrReactQuery, isFetchError } from '@ts-rest/react-query/v5';
import { z } from 'zod';

/**
 * The one API client of the web app. The API serves the app on the same origin (and the dev
 * server proxies /v1), so the base URL is empty and the session cookie goes along.
 */
export const tsr = initTsrReactQuery(apiContract, {
  baseUrl: '',
  baseHeaders: {},
  credentials: 'include',
});

/**
 * A non-2xx answer that our own code rejects with: a query function that checks the response itself
 * (paging, a detail read) throws it as an Error, so the rejection has a stack and lint's
 * only-throw-error holds, and keeps the status and body the helpers below read.
 */
export class ApiResponseError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(response: { status: number; body: unknown }) {
    super(`The API answered HTTP ${response.status}`);
    this.name = 'ApiResponseError';
    this.status = response.status;
    this.body = response.body;
  }
}

/**
 * What a query or mutation hook can fail with: a non-2xx response (the plain object ts-rest's own
 * hooks reject with, or an ApiResponseError), or a network error.
 */
export type ApiFailure = Error | { status: number; body: unknown };

/** The answer behind a failure, or undefined when no response arrived (ts-rest's hooks reject with a bare Error then). */
function responseOf(error: ApiFailure): { status: number; body: unknown } | undefined {
  if (error instanceof ApiResponseError) return error;
  return isFetchError(error) ? undefined : error;
}

/** The HTTP status of a failed call, or undefined when no response arrived. */
export function apiErrorStatus(error: ApiFailure): number | undefined {
  return responseOf(error)?.status;
}

/** A sentence for a person about why a call failed; the API's own message when it sent one. */
export function describeApiError(error: ApiFailure): string {
  const response = responseOf(error);
  if (!response) return 'The server did not answer. Check your connection and try again.';
  const parsed = ZErrorBody.safeParse(response.body);
  if (parsed.success) return parsed.data.error.message;
  return `The server answered with an unexpected error (HTTP ${response.status}).`;
}

/** The API's error (code, message, details) when the failure is one of its JSON error answers. */
export function apiErrorOf(error: ApiFailure): TErrorBody['error'] | undefined {
  const response = responseOf(error);
  if (!response) return undefined;
  const parsed = ZErrorBody.safeParse(response.body);
  return parsed.success ? parsed.data.error : undefined;
}

const ZFieldDetails = z.union([z.array(z.object({ path: z.string(), message: z.string() })), z.object({ field: z.string() })]);

/**
 * Messages the API attached to particular fields, keyed by field name: validation errors list
 * `{ path: 'body.email', message }`, conflicts name one field as `{ field: 'slug' }`.
 */
export function apiFieldErrors(error: ApiFailure): Record<string, string> {
  const apiError = apiErrorOf(error);
  if (!apiError) return {};
  const parsed = ZFieldDetails.safeParse(apiError.details);
  if (!parsed.success) return {};
  if (!Array.isArray(parsed.data)) return { [parsed.data.field]: apiError.message };
  const errors: Record<string, string> = {};
  for (const { path, message } of parsed.data) {
    const field = path.replace(/^body\./, '').split('.')[0];
    if (field && !(field in errors)) errors[field] = message;
  }
  return errors;
}

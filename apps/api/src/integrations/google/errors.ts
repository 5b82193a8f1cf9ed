/**
 * A failed Google call as our code sees it (the SDK's GaxiosError mapped here, so no caller
 * handles an SDK type). `kind` is what callers branch on.
 */
export type GoogleFailureKind =
  /** The grant was revoked or expired (`invalid_grant` at the token endpoint): only a new consent helps. */
  | 'invalid_grant'
  /** 429, 403 rateLimitExceeded/userRateLimitExceeded, 5xx, or the network: try again later. */
  | 'unavailable'
  /** 401 after the client's own refresh-and-retry, or 403 insufficient permissions. */
  | 'unauthorized'
  | 'not_found'
  /** 410: a deleted event deleted again, or a sync token that is no longer valid. */
  | 'gone'
  /** 409: an id already used in the calendar (deleted events included). */
  | 'conflict'
  | 'invalid_request';

export class GoogleApiError extends Error {
  constructor(
    readonly kind: GoogleFailureKind,
    readonly status: number,
    /** Google's reason (`duplicate`, `fullSyncRequired`, `rateLimitExceeded`, `invalid_grant`, …). */
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }
}

type ErrorBody = { error?: string | { code?: number; message?: string; errors?: { reason?: string }[] }; error_description?: string };

/** Maps whatever gaxios / google-auth-library threw onto GoogleApiError; anything else passes through. */
export function toGoogleError(err: unknown): unknown {
  if (err instanceof GoogleApiError) return err;
  if (!(err instanceof Error)) return err;
  const e = err as Error & { status?: number; code?: string | number; response?: { status?: number; data?: unknown } };
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const data = (typeof e.response?.data === 'object' && e.response.data !== null ? e.response.data : {}) as ErrorBody;
  if (data.error === 'invalid_grant' || /invalid_grant/.test(e.message)) {
    return new GoogleApiError('invalid_grant', status ?? 400, 'invalid_grant', data.error_description ?? 'Token has been expired or revoked.');
  }
  if (status === undefined) {
    // No answer at all: connection refused, reset, timeout.
    return new GoogleApiError('unavailable', 0, typeof e.code === 'string' ? e.code : undefined, `Google could not be reached: ${e.message}`);
  }
  const apiError = typeof data.error === 'object' ? data.error : undefined;
  const reason = apiError?.errors?.[0]?.reason ?? (typeof data.error === 'string' ? data.error : undefined);
  const message = apiError?.message ?? data.error_description ?? e.message;
  return new GoogleApiError(kindOf(status, reason), status, reason, `Google: ${message}`);
}

export function kindOf(status: number, reason: string | undefined): GoogleFailureKind {
  if (status === 429 || status >= 500) return 'unavailable';
  if (status === 403 && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || reason === 'quotaExceeded')) return 'unavailable';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 410) return 'gone';
  return 'invalid_request';
}

/** Runs an SDK call and rethrows its failure as a GoogleApiError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toGoogleError(err);
  }
}

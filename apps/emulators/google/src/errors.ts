/**
 * Errors in the shapes Google answers with. Calendar API errors are
 * `{ error: { errors: [{ domain, reason, message }], code, message } }`; the OAuth endpoints answer
 * `{ error, error_description }`. Handlers throw these; the HTTP front renders them.
 */

export type ErrorItem = { domain: string; reason: string; message: string; locationType?: string; location?: string };

export class GoogleApiError extends Error {
  readonly status: number;
  readonly errors: ErrorItem[];
  readonly headers: Record<string, string>;
  constructor(status: number, reason: string, message: string, opts: { domain?: string; location?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    const item: ErrorItem = { domain: opts.domain ?? 'global', reason, message };
    if (opts.location) Object.assign(item, { locationType: opts.location === 'Authorization' ? 'header' : 'parameter', location: opts.location });
    this.errors = [item];
    this.headers = opts.headers ?? {};
  }

  body(): { error: { errors: ErrorItem[]; code: number; message: string } } {
    return { error: { errors: this.errors, code: this.status, message: this.message } };
  }
}

export const badRequest = (message = 'Bad Request', location?: string) => new GoogleApiError(400, 'badRequest', message, { location });
export const invalid = (message: string, location?: string) => new GoogleApiError(400, 'invalid', message, { location });
export const required = (message: string, location?: string) => new GoogleApiError(400, 'required', message, { location });
export const notFound = () => new GoogleApiError(404, 'notFound', 'Not Found');
export const duplicate = () => new GoogleApiError(409, 'duplicate', 'The requested identifier already exists.');
export const deleted = () => new GoogleApiError(410, 'deleted', 'Resource has been deleted');
export const fullSyncRequired = () =>
  new GoogleApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', { domain: 'calendar', location: 'syncToken' });
export const unauthorized = () =>
  new GoogleApiError(401, 'authError', 'Invalid Credentials', {
    location: 'Authorization',
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
  });
export const insufficientScopes = () => new GoogleApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');

/** What an injected fault answers, as Google does for that status. */
export function faultError(status: number): GoogleApiError {
  if (status === 429) return new GoogleApiError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' });
  if (status === 403) return new GoogleApiError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' });
  if (status === 503) return new GoogleApiError(503, 'backendError', 'The service is currently unavailable.');
  return new GoogleApiError(500, 'backendError', 'Backend Error');
}

/** An OAuth endpoint error (`/token`, `/revoke`, `/tokeninfo`): `{ error, error_description }`. */
export class OAuthError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, description: string) {
    super(description);
    this.status = status;
    this.code = code;
  }

  body(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

/** A test control refused its input: `{ error: { message } }` with 400 or 404. */
export class ControlError extends Error {
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

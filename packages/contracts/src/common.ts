import { z } from 'zod';

/**
 * The closed set of error codes the API can answer with. The API maps each one to
 * exactly one HTTP status (apps/api/src/platform/errors.ts); clients switch on them.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_REJECTED',
  'NOT_FOUND',
  'CONFLICT',
  'SLOT_UNAVAILABLE',
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'IDEMPOTENCY_MISMATCH',
  'UNPROCESSABLE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_READY',
  'BUSY',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
] as const;
export const ZErrorCode = z.enum(ERROR_CODES);
export type TErrorCode = z.infer<typeof ZErrorCode>;

export const ZErrorBody = z.object({
  error: z.object({
    code: ZErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** Responses every route can give; merged into each route by the root router. */
export const commonResponses = {
  400: ZErrorBody,
  401: ZErrorBody,
  403: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  413: ZErrorBody,
  415: ZErrorBody,
  422: ZErrorBody,
  429: ZErrorBody,
  500: ZErrorBody,
  503: ZErrorBody,
} as const;

/**
 * An instant as an ISO-8601 string that carries its offset (`Z` or `±hh:mm`). A precompiled
 * pattern: zod 3's `.datetime()` rebuilds its regex on every parse, which shows in profiles of
 * slot lists with hundreds of instants.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
export const ZDateTime = z
  .string()
  .regex(DATE_TIME, 'Expected a date-time with an offset, e.g. 2030-03-05T10:00:00Z')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Not a valid date-time');

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'Not a calendar date');

/** Zones already checked; building an Intl formatter per parse is slow and the set is small. */
const knownZones = new Map<string, boolean>();
function isKnownZone(value: string): boolean {
  let known = knownZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      known = value.includes('/') || value === 'UTC';
    } catch {
      known = false;
    }
    if (knownZones.size < 2000) knownZones.set(value, known);
  }
  return known;
}

/** An IANA time zone name that this runtime knows (e.g. `Europe/London`). */
export const ZTimeZone = z.string().min(1).max(64).refine(isKnownZone, 'Unknown IANA time zone');

export const ZId = z.string().uuid();

export const ZEmpty = z.object({}).strict();

/** Route metadata read by the API (auth, roles, deprecation) and the OpenAPI generator. */
export type TRouteMeta = {
  /** Who may call the route. Defaults to `session` inside `/v1`. */
  auth?: 'public' | 'session';
  /** Roles allowed on a session route; absent means any member of the current tenant. */
  roles?: readonly ('OWNER' | 'ADMIN' | 'STAFF')[];
  /** Marks the route deprecated: the API adds Deprecation, Sunset and Link headers. */
  deprecated?: { since: string; sunset: string; successor: string };
  /** A session route that also works before the user has a current tenant. */
  tenantOptional?: boolean;
  /** Name of the rate-limit policy applied on top of the defaults. */
  rateLimit?: 'signup' | 'login' | 'publicBooking' | 'accountEmail';
  /**
   * The handler builds this (large) answer field by field from the contract's own types, so
   * the API does not parse it against the schema again before sending (for slot lists that
   * re-check costs as much as computing them). A test parses these answers with the schema.
   */
  skipResponseValidation?: true;
};

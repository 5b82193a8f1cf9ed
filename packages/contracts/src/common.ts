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
  /** 409: the business cannot take card payments now (Stripe not connected, incomplete, restricted). */
  'PAYMENTS_UNAVAILABLE',
  /** 503: Stripe could not be reached or refused; nothing was kept, retry with the same Idempotency-Key. */
  'PAYMENT_UNAVAILABLE',
  /** 409: a refund larger than what is left to refund (`details.refundableMinor`). */
  'REFUND_EXCEEDS_PAYMENT',
  /** 402: the card was declined or needs the customer (authentication); `details.next`: what to do. */
  'CARD_DECLINED',
  /** 503: Google Calendar is not configured, or Google could not be reached; nothing was changed, try again. */
  'CALENDAR_UNAVAILABLE',
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
  402: ZErrorBody,
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
 * The dates the API accepts, as instants and as calendar dates: far enough apart for any
 * booking and any filter ("everything until 2999"), close enough that every date in it, a few
 * days either way, has the four-digit year the time module, JavaScript and PostgreSQL agree on
 * (year 0001 or 9999 input failed there as a 500).
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2999-12-31';
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const AFTER_LATEST_MS = Date.parse(`${LATEST_DATE}T00:00:00Z`) + 86_400_000;
const DATE_RANGE_MESSAGE = `Dates from ${EARLIEST_DATE} to ${LATEST_DATE} only`;

const isCalendarDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * An instant as an ISO-8601 string that carries its offset (`Z` or `±hh:mm`), naming a time
 * that exists (no 2026-02-30, no 24:00) within the accepted dates. A precompiled pattern: zod
 * 3's `.datetime()` rebuilds its regex on every parse, which shows in profiles of slot lists
 * with hundreds of instants.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
export const ZDateTime = z
  .string()
  .regex(DATE_TIME, 'Expected a date-time with an offset, e.g. 2030-03-05T10:00:00Z')
  .superRefine((value, ctx) => {
    const m = DATE_TIME.exec(value);
    if (!m) return; // the pattern reports it
    const [y, mo, d, h, min, s = 0, oh = 0, om = 0] = m.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
    const ms = Date.parse(value);
    if (!isCalendarDate(y!, mo!, d!) || h! > 23 || min! > 59 || s > 59 || oh > 23 || om > 59 || Number.isNaN(ms)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Not a valid date-time' });
    } else if (ms < EARLIEST_MS || ms >= AFTER_LATEST_MS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: DATE_RANGE_MESSAGE });
    }
  });

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30), within the accepted dates. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const ZIsoDate = z
  .string()
  .regex(ISO_DATE, 'Expected a date as YYYY-MM-DD')
  .superRefine((value, ctx) => {
    const m = ISO_DATE.exec(value);
    if (!m) return; // the pattern reports it
    if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Not a calendar date' });
    else if (value < EARLIEST_DATE || value > LATEST_DATE) ctx.addIssue({ code: z.ZodIssueCode.custom, message: DATE_RANGE_MESSAGE });
  });

/**
 * Characters that never belong in text people type: C0 controls (NUL among them, which
 * PostgreSQL refuses with 22021), DEL, and halves of a UTF-16 surrogate pair without the
 * other half (not a character at all). `LINE` also refuses tabs and line breaks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT = /^(?:[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
// eslint-disable-next-line no-control-regex -- as above
const LINE = /^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/**
 * One line of text a person types (a name, a title, a reason, a search term), trimmed; no
 * control characters or line breaks. Chain `.min()`/`.max()`. Every string the API stores or
 * searches with goes through `ZLine` or `ZText`, or a stricter pattern of its own.
 */
export const ZLine = z.string().trim().regex(LINE, 'Only one line of text, without control characters');

/** Text that may span lines (notes, descriptions), trimmed; tabs and line breaks are kept, other control characters refused. */
export const ZText = z.string().trim().regex(TEXT, 'Text without control characters');

/**
 * A comma-separated list of members of `values` (`CONFIRMED,PENDING_PAYMENT`), as one query
 * parameter; each member must be known.
 */
export const ZEnumList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(values.join(',').length)
    .refine((list) => list.split(',').every((member) => (values as readonly string[]).includes(member)), {
      message: `One or more of ${values.join(', ')}, separated by commas`,
    });

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
  /**
   * Who may call the route. Defaults to `session` inside `/v1`. `ops`: the platform's operators,
   * with `Authorization: Bearer <OPS_TOKEN>` (refused for everyone while OPS_TOKEN is unset).
   */
  auth?: 'public' | 'session' | 'ops';
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

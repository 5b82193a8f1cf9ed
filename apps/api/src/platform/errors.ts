import type { TErrorBody, TErrorCode } from '@slotwise/contracts';
import { ZodError } from 'zod';

/** The HTTP status of every error code; exhaustive, so a new code cannot ship unmapped. */
const STATUS_BY_CODE: Record<TErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SLOT_UNAVAILABLE: 409,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_MISMATCH: 422,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
  PAYMENTS_UNAVAILABLE: 409,
  PAYMENT_UNAVAILABLE: 503,
  REFUND_EXCEEDS_PAYMENT: 409,
  CARD_DECLINED: 402,
  CALENDAR_UNAVAILABLE: 503,
};

export function statusOf(code: TErrorCode): number {
  return STATUS_BY_CODE[code];
}

/** The error domain code throws. The funnel turns it into the JSON error body. */
export class AppError extends Error {
  constructor(
    public readonly code: TErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', `${what} not found`);

type Mapped = { status: number; body: TErrorBody; expected: boolean };

/** Issues of a ZodError as `{ path, message }` pairs; `prefix` names where the input came from. */
export function zodDetails(err: ZodError, prefix?: string) {
  return err.issues.map((i) => ({
    path: [...(prefix ? [prefix] : []), ...i.path].join('.'),
    message: i.message,
  }));
}

/** PostgreSQL SQLSTATE behind a Prisma error, read from the driver adapter (Prisma codes alone are ambiguous). */
export function pgCodeOf(err: unknown): string | undefined {
  const e = err as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
    cause?: { originalCode?: unknown };
  };
  const fromAdapter = e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode;
  if (typeof fromAdapter === 'string') return fromAdapter;
  // Errors from `pg` itself carry the SQLSTATE as `code`.
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

function prismaCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code) ? code : undefined;
}

/**
 * The database cannot be reached or dropped the connection: a restart, a crash, a failover, a
 * network cut. Not a bug, and nothing to fix in the request: the answer is 503
 * DATABASE_UNAVAILABLE and the client retries. Recognised by the codes each layer gives it:
 * - SQLSTATE from the server: shutting down or starting up (57P01–57P03) and class 08
 *   (connection exceptions), from `pg` directly or through Prisma's driver adapter;
 * - the socket's own error (`pg` passes it on as it is);
 * - Prisma's "can't reach database" codes, and the kinds its driver adapter sorts socket
 *   errors into (P2010 on a raw query carries only the kind);
 * - the errors `pg` raises itself when a connection ends under it, which carry no code at all:
 *   matched by their exact texts (lib/client.js), never by a pattern.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
const PG_CONNECTION_LOST = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: { kind?: unknown } };
  const pgCode = pgCodeOf(err);
  if (pgCode && UNAVAILABLE_SQLSTATES.has(pgCode)) return true;
  if (typeof e?.code === 'string' && (UNAVAILABLE_SOCKET_CODES.has(e.code) || UNAVAILABLE_PRISMA_CODES.has(e.code))) return true;
  const kind = e?.meta?.driverAdapterError?.cause?.kind ?? e?.cause?.kind;
  if (typeof kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
  return err instanceof Error && err.constructor === Error && e.code === undefined && PG_CONNECTION_LOST.has(err.message);
}

/** How long a client should wait before retrying while the database is unavailable (a restart takes seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The one error funnel: anything thrown anywhere becomes a status and the JSON error body.
 * `expected` is false for errors that are our fault (logged at error level).
 */
export function toHttpError(err: unknown, requestId: string): Mapped {
  const make = (code: TErrorCode, message: string, details?: unknown, expected = true): Mapped => ({
    status: statusOf(code),
    body: { error: { code, message, ...(details === undefined ? {} : { details }), requestId } },
    expected,
  });

  if (err instanceof AppError) return make(err.code, err.message, err.details, err.code !== 'INTERNAL');
  if (err instanceof ZodError) return make('VALIDATION_FAILED', 'The request is not valid', zodDetails(err));

  // body-parser errors (express.json)
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.parse.failed') return make('MALFORMED_JSON', 'The request body is not valid JSON');
  if (type === 'entity.too.large') return make('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MB');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return make('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request encoding');
  if (type === 'request.aborted') return make('VALIDATION_FAILED', 'The request was aborted');
  // Express decoding a path parameter with malformed percent-encoding (`/tenants/%ff`).
  if (err instanceof URIError) return make('VALIDATION_FAILED', 'The address contains malformed percent-encoding');

  if (isDatabaseUnavailable(err))
    return make('DATABASE_UNAVAILABLE', 'The database is unavailable; try again in a moment', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });

  const pgCode = pgCodeOf(err);
  if (pgCode === '23P01') return make('CONFLICT', 'This overlaps an existing entry');
  if (pgCode === '23505') return make('CONFLICT', 'This already exists');
  if (pgCode === '23503') return make('CONFLICT', 'This refers to something that does not exist or is still in use');
  if (pgCode === '23514') return make('VALIDATION_FAILED', 'A value is outside its allowed range');
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') return make('VALIDATION_FAILED', 'A value has the wrong format');
  // The contracts refuse these first (ZLine, ZText, lengths); this is the backstop: a NUL or a
  // character the database encoding lacks (22021, 22P05), a value too long for its column or
  // index (22001, 54000), a number out of its type's range (22003).
  if (pgCode === '22021' || pgCode === '22P05') return make('VALIDATION_FAILED', 'A value contains a character that cannot be stored');
  if (pgCode === '22001' || pgCode === '54000' || pgCode === '22003') return make('VALIDATION_FAILED', 'A value is too large');
  // Lost a deadlock or a serialization conflict to a concurrent request: nothing was written
  // and the same request may well succeed a moment later. Not 409 CONFLICT, which tells the
  // client its request disagrees with the data and must change; this is BUSY with Retry-After,
  // as when no connection is free. (Booking writes take their locks in one order to avoid it.)
  if (pgCode === '40P01' || pgCode === '40001') return make('BUSY', 'The server is busy; try again in a moment', { retryAfterSeconds: 2 });

  const prismaCode = prismaCodeOf(err);
  // No connection or transaction slot in time (P2028, P2024), or a write conflict or deadlock
  // Prisma reports without its SQLSTATE (P2034): overload, not a bug. The client may retry.
  if (prismaCode === 'P2028' || prismaCode === 'P2024' || prismaCode === 'P2034')
    return make('BUSY', 'The server is busy; try again in a moment', { retryAfterSeconds: 2 });
  if (prismaCode === 'P2025' || prismaCode === 'P2001') return make('NOT_FOUND', 'Resource not found');
  if (prismaCode === 'P2002') return make('CONFLICT', 'This already exists');

  return make('INTERNAL', 'Something went wrong on our side. Quote the request id when you contact support.', undefined, false);
}

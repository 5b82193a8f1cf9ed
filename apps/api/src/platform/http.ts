import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { RequestValidationError } from '@ts-rest/express';
import type { TErrorBody, TRouteMeta } from '@slotwise/contracts';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { currentContext, runWithContext } from './context';
import { AppError, toHttpError, zodDetails } from './errors';
import type { RateLimits } from './rate-limit';

const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function headerId(req: Request, name: string): string | undefined {
  const value = req.get(name);
  return value && WELL_FORMED_ID.test(value) ? value : undefined;
}

/**
 * Opens the request context (ids, child logger) for everything after it, and echoes the ids.
 * Must be the first middleware.
 */
export function requestContext(rootLogger: Logger): RequestHandler[] {
  const httpLogger = pinoHttp({
    logger: rootLogger,
    genReqId: (req) => (req as unknown as { id: string }).id,
    customProps: (req) => ({ correlationId: (req as Request).get('x-correlation-id') }),
    // 503 is the answer to a condition, not a failure of ours (busy, database unavailable, not ready).
    customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  const open: RequestHandler = (req, res, next) => {
    const requestId = headerId(req, 'x-request-id') ?? randomUUID();
    const correlationId = headerId(req, 'x-correlation-id') ?? requestId;
    (req as unknown as { id: string }).id = requestId;
    res.setHeader('X-Request-ID', requestId);
    res.setHeader('X-Correlation-ID', correlationId);
    runWithContext(
      {
        requestId,
        correlationId,
        logger: rootLogger.child({ requestId, correlationId }),
        ip: req.ip,
        userAgent: req.get('user-agent'),
      },
      () => next(),
    );
  };
  return [open, httpLogger];
}

export function sendError(res: Response, err: unknown): void {
  const ctx = currentContext();
  const requestId = ctx?.requestId ?? String(res.getHeader('X-Request-ID') ?? 'unknown');
  const mapped = toHttpError(err, requestId);
  const log = ctx?.logger;
  const { code } = mapped.body.error;
  if (!mapped.expected) log?.error({ err }, 'unhandled error');
  // Worth an operator's eye, but not a bug: no stack, and only the last line of Prisma's message (the reason, after its code frame).
  else if (code === 'DATABASE_UNAVAILABLE')
    log?.warn({ code, reason: (err instanceof Error ? err.message : String(err)).trim().split('\n').at(-1) }, 'database unavailable');
  else log?.debug({ code }, 'request rejected');
  if (res.headersSent) return;
  const retryAfter = retryAfterSecondsOf(mapped.body);
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  res.status(mapped.status).json(mapped.body);
}

/**
 * A 503 the client should simply retry (BUSY, DATABASE_UNAVAILABLE) says when, in `Retry-After`:
 * the `retryAfterSeconds` its details carry, or 2 s for a BUSY without them. (RATE_LIMITED
 * sets its own header before it reaches here.)
 */
function retryAfterSecondsOf(body: TErrorBody): number | undefined {
  const { code, details } = body.error;
  if (code !== 'BUSY' && code !== 'DATABASE_UNAVAILABLE') return undefined;
  const seconds = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : 2;
}

/** The last middleware: every error, from anywhere, leaves through the one funnel. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => sendError(res, err);

/** ts-rest's request validation failures as our 400 with field details. */
export function validationErrorHandler(err: RequestValidationError, _req: Request, res: Response, _next: NextFunction) {
  const details = [
    ...(err.pathParams ? zodDetails(err.pathParams, 'params') : []),
    ...(err.headers ? zodDetails(err.headers, 'headers') : []),
    ...(err.query ? zodDetails(err.query, 'query') : []),
    ...(err.body ? zodDetails(err.body, 'body') : []),
  ];
  sendError(res, new AppError('VALIDATION_FAILED', 'The request is not valid', details));
}

export const notFoundHandler: RequestHandler = (req, _res, next) =>
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`));

export function routeMeta(req: Request): TRouteMeta {
  return (req as unknown as { tsRestRoute?: { metadata?: TRouteMeta } }).tsRestRoute?.metadata ?? {};
}

/**
 * Deprecated routes (metadata.deprecated in the contract) announce it on every response:
 * `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and a `Link` to the successor.
 */
export const deprecationHeaders: RequestHandler = (req, res, next) => {
  const deprecated = routeMeta(req).deprecated;
  if (deprecated) {
    res.setHeader('Deprecation', `@${Math.floor(new Date(deprecated.since).getTime() / 1000)}`);
    res.setHeader('Sunset', new Date(deprecated.sunset).toUTCString());
    res.setHeader('Link', `<${deprecated.successor}>; rel="successor-version"`);
  }
  next();
};

/** Same-origin by default; extra origins from CORS_ORIGINS. Unlisted origins get no CORS headers. */
export function cors(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE');
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.get('access-control-request-headers') ?? 'Content-Type, Idempotency-Key, X-Request-ID, X-Correlation-ID',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/**
 * The rate limits a route's contract names (`metadata.rateLimit`), then the per-tenant API
 * budget for authenticated calls (after the guard has put the tenant in the context).
 */
export function routeRateLimits(limits: RateLimits): RequestHandler {
  const byPolicy: Record<NonNullable<TRouteMeta['rateLimit']>, RequestHandler[]> = {
    signup: [limits.signup],
    login: [limits.loginByIp, limits.loginByEmail],
    publicBooking: [limits.publicBooking],
    accountEmail: [limits.accountEmail],
  };
  return (req, res, next) => {
    const meta = routeMeta(req);
    const policy = meta.rateLimit ? byPolicy[meta.rateLimit] : meta.auth === 'public' && req.method === 'GET' ? [limits.publicRead] : [];
    const chain = [...policy, ...(res.locals.auth ? [limits.tenantApi] : [])];
    const step = (i: number): void => {
      if (i >= chain.length) return next();
      chain[i]!(req, res, (err?: unknown) => (err ? next(err) : step(i + 1)));
    };
    step(0);
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountAccessError, accountRoutes } from './accounts';
import { checkoutRoutes, expireDueSessions } from './checkout';
import { customerRoutes } from './customers';
import { disputeRoutes } from './disputes';
import { runControl, type Controls } from './controls';
import { StripeApiError, idempotencyError, invalidRequest, type StripeErrorBody } from './errors';
import { eventRoutes } from './events';
import type { ArmedFault, Faults } from './faults';
import { ParamReader, canonical, parseForm } from './forms';
import { handlePage } from './pages';
import { paymentIntentRoutes } from './payment-intents';
import { paymentMethodRoutes } from './payment-methods';
import { paymentRoutes } from './payments';
import { refundRoutes } from './refunds';
import { matchRoute, type Core, type Route } from './router';
import { setupRoutes } from './setup';
import { randomId } from './store';
import { STRIPE_API_VERSION } from './types';

/**
 * The HTTP front: `/v1/…` is the API (auth, Stripe-Version, Stripe-Account, injected faults,
 * idempotency, routing, `expand`), `/c/pay/…` and `/connect/onboarding/…` are hosted pages,
 * `/_emulator/…` are the JSON test controls.
 */

const API_ROUTES: Route[] = [
  ...accountRoutes,
  ...checkoutRoutes,
  ...paymentRoutes,
  ...paymentIntentRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...setupRoutes,
  ...refundRoutes,
  ...disputeRoutes,
  ...eventRoutes,
];
const MAX_BODY = 1024 * 1024;
const IDEMPOTENCY_TTL_S = 24 * 3600;

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type SavedReply = Reply & { fingerprint: string; requestId: string; savedAt: number };

export type HttpState = { core: Core; faults: Faults; controls: Controls; idempotency: Map<string, SavedReply> };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(invalidRequest('Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body, null, 2);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...reply.headers });
  res.end(text);
}

function errorReply(err: unknown): Reply {
  if (err instanceof StripeApiError) return { status: err.status, body: { error: err.body } };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { type: 'api_error', message: `The emulator failed: ${message}` } satisfies StripeErrorBody } };
}

function apiKeyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = header.match(/^Bearer\s+(\S+)$/i);
  if (bearer) return bearer[1] as string;
  const basic = header.match(/^Basic\s+(\S+)$/i);
  if (basic)
    return (
      Buffer.from(basic[1] as string, 'base64')
        .toString('utf8')
        .split(':')[0] ?? null
    );
  return null;
}

function authenticate(req: IncomingMessage): void {
  const key = apiKeyFrom(req.headers.authorization);
  const unauthorized = (message: string) => new StripeApiError(401, { type: 'invalid_request_error', message });
  if (!key)
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  if (/^(sk|rk)_live_/.test(key)) throw unauthorized('The Stripe emulator accepts test mode keys only (sk_test_…).');
  if (!/^(sk|rk)_test_\S+$/.test(key))
    throw unauthorized(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function applyFault(fault: ArmedFault): Promise<Reply | 'hang' | 'continue'> {
  if (fault.type === 'server_error')
    return { status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred (injected by the Stripe emulator).' } } };
  if (fault.type === 'rate_limit') {
    return {
      status: 429,
      body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded (injected by the Stripe emulator).' } },
    };
  }
  if (fault.delayMs === null) return 'hang';
  // A client that gives up meanwhile does not stop the work, as with the real Stripe.
  await new Promise<void>((resolve) => setTimeout(resolve, fault.delayMs as number));
  return 'continue';
}

async function handleApi(state: HttpState, req: IncomingMessage, url: URL, requestId: string): Promise<Reply | 'hang'> {
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  const fault = state.faults.take(method, url.pathname);
  if (fault) {
    const outcome = await applyFault(fault);
    if (outcome !== 'continue') return outcome;
  }
  authenticate(req);
  const version = header(req, 'stripe-version');
  if (version && version !== STRIPE_API_VERSION) {
    throw invalidRequest(
      `The Stripe emulator speaks API version ${STRIPE_API_VERSION} only; this request asked for ${version}. Pin the SDK's apiVersion to ${STRIPE_API_VERSION}.`,
    );
  }
  const { core } = state;
  const scope = header(req, 'stripe-account') || null;
  if (scope && (!core.store.get('account', scope, null) || core.store.deauthorized.has(scope))) throw accountAccessError(scope);

  const match = matchRoute(API_ROUTES, method, url.pathname);
  if (!match || match === 'method_not_allowed') {
    return {
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${url.pathname}). The Stripe emulator implements only the endpoints listed in its README.`,
        },
      },
    };
  }
  const params = method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(body);
  const idempotencyKey = method === 'POST' ? (header(req, 'idempotency-key') ?? null) : null;
  const now = core.now();
  let cacheKey: string | null = null;
  const fingerprint = `${method} ${url.pathname} ${canonical(params)}`;
  if (idempotencyKey) {
    if (idempotencyKey.length > 255) throw invalidRequest('Idempotency-Key must be at most 255 characters long.');
    cacheKey = `${scope ?? 'platform'}\u0000${idempotencyKey}`;
    const saved = state.idempotency.get(cacheKey);
    if (saved && saved.savedAt + IDEMPOTENCY_TTL_S > now) {
      if (saved.fingerprint !== fingerprint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      return { status: saved.status, body: saved.body, headers: { 'idempotent-replayed': 'true', 'original-request': saved.requestId } };
    }
  }

  const reader = new ParamReader(params);
  const expand = reader.strList('expand');
  delete params.expand;
  let reply: Reply;
  try {
    const ctx = { scope, now, requestId, idempotencyKey };
    const result = match.route.handler({ core, ctx, params: match.params, input: reader, expand });
    reply = {
      status: 200,
      body: core.store.expand(
        result,
        expand.filter((p) => p !== 'line_items' && p !== 'data.line_items'),
        scope,
      ),
    };
  } catch (err) {
    reply = errorReply(err);
  }
  // Like Stripe, a request that failed validation saves no result; one that ran (2xx, card errors) does.
  if (cacheKey && (reply.status < 300 || reply.status === 402)) {
    state.idempotency.set(cacheKey, { ...reply, fingerprint, requestId, savedAt: now });
  }
  return reply;
}

async function handleControl(state: HttpState, req: IncomingMessage, url: URL): Promise<Reply> {
  const text = await readBody(req);
  let body: Record<string, unknown> = {};
  if (text.trim()) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      throw invalidRequest('Test controls take a JSON object body.');
    }
  }
  const outcome = await runControl(state.controls, req.method ?? 'GET', url.pathname, body, url.searchParams);
  if (!outcome.found)
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `No emulator control at ${req.method} ${url.pathname}.` } } };
  return { status: 200, body: outcome.result ?? { ok: true } };
}

export function createRequestHandler(state: HttpState) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const requestId = randomId('req_', 14);
    const common = { 'request-id': requestId, 'stripe-version': STRIPE_API_VERSION };
    const run = async () => {
      expireDueSessions(state.core);
      if (url.pathname.startsWith('/v1/')) {
        const reply = await handleApi(state, req, url, requestId);
        if (reply === 'hang') return; // never answered; the socket closes when the client gives up or the emulator stops
        const idem = header(req, 'idempotency-key');
        sendJson(res, { ...reply, headers: { ...common, ...(idem && req.method === 'POST' ? { 'idempotency-key': idem } : {}), ...reply.headers } });
        return;
      }
      if (url.pathname.startsWith('/_emulator/')) {
        sendJson(res, { ...(await handleControl(state, req, url)), headers: common });
        return;
      }
      const page = handlePage(state.core, req.method ?? 'GET', url.pathname, req.method === 'POST' ? await readBody(req) : '');
      if (page) {
        res.writeHead(page.status, { ...(page.html ? { 'content-type': 'text/html; charset=utf-8' } : {}), 'cache-control': 'no-store', ...page.headers });
        res.end(page.html ?? '');
        return;
      }
      if (url.pathname === '/') {
        sendJson(res, { status: 200, body: { name: 'Stripe emulator', api_version: STRIPE_API_VERSION, livemode: false } });
        return;
      }
      sendJson(res, {
        status: 404,
        body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } },
        headers: common,
      });
    };
    run().catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, { ...errorReply(err), headers: common });
    });
  };
}

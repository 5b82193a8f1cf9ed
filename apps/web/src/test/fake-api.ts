import type { TErrorCode } from '@slotwise/contracts';
import { afterEach, beforeEach, expect, vi } from 'vitest';

/** A request as the fake API saw it. */
export type FakeRequest = { method: string; path: string; query: URLSearchParams; body: unknown; init: RequestInit | undefined };
type Handler = (request: FakeRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** An error answer in the API's one error shape. */
export function apiError(status: number, code: TErrorCode, message: string, details?: unknown): Response {
  return json(status, { error: { code, message, ...(details === undefined ? {} : { details }), requestId: 'req-test' } });
}

/**
 * A stand-in for the API in place of `globalThis.fetch`, for the current test file only.
 * Tests register answers by "METHOD /path"; a request nobody answers fails the test.
 */
export function installFakeApi() {
  const handlers = new Map<string, Handler>();
  const requests: FakeRequest[] = [];
  const unexpected: string[] = [];
  const realFetch = globalThis.fetch;

  const fetchDouble = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = new URL(href, 'http://localhost');
    const path = url.pathname;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method, path, query: url.searchParams, body, init };
    requests.push(request);
    const handler = handlers.get(`${method} ${path}`);
    if (!handler) {
      unexpected.push(`${method} ${path}`);
      throw new Error(`The test did not expect ${method} ${path}`);
    }
    return handler(request);
  });

  beforeEach(() => {
    handlers.clear();
    // The dashboard shell's own background request (the Payments badge's counts): nothing to count, unless a test answers it.
    handlers.set('GET /v1/payments/summary', () => json(200, { openDisputes: 0, disputesNeedingResponse: 0, failedRefunds: 0 }));
    requests.length = 0;
    unexpected.length = 0;
    globalThis.fetch = fetchDouble;
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
    expect(unexpected, 'requests the test did not answer').toEqual([]);
  });

  return {
    /** Answers `METHOD /path` (e.g. "POST /v1/auth/login") with what `handler` returns, every time. */
    on(route: string, handler: Handler) {
      handlers.set(route, handler);
    },
    /** The requests made to `METHOD /path`, oldest first. */
    requestsTo(route: string): FakeRequest[] {
      return requests.filter((request) => `${request.method} ${request.path}` === route);
    },
  };
}

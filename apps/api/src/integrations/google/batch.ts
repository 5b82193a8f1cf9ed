import { randomBytes } from 'node:crypto';
import { GoogleApiError } from './errors';
import type { GoogleBatchCall, GoogleBatchResult, GoogleRawRequest } from './types';

/**
 * Google's batch endpoint (`POST /batch/calendar/v3`): the googleapis client has none, so the
 * request is built and its answer parsed here, and sent on the authenticated client's `request`
 * (which adds the Authorization header and refreshes the token like any other call).
 *
 * Request: `multipart/mixed`, one `application/http` part per call, each with a `Content-ID`
 * (`<item-N>`, N from 1) and a full HTTP request inside (request line, headers, blank line, JSON
 * body). Answer: `multipart/mixed` with one `application/http` part per call, its `Content-ID`
 * prefixed with `response-`, holding that call's own HTTP response. Each call succeeds or fails
 * alone; the batch itself answers 200. Parts are matched by Content-ID, not by position.
 */

/** Google's limit; the caller chooses a much smaller batch (ADR 012). */
export const MAX_BATCH_CALLS = 1000;

const CRLF = '\r\n';

/** The multipart body for `calls` with `boundary` (exported for the format's unit tests). */
export function buildBatchBody(boundary: string, calls: GoogleBatchCall[]): string {
  const parts = calls.map((c, i) => {
    const head = [`--${boundary}`, 'Content-Type: application/http', `Content-ID: <item-${i + 1}>`, '', `${c.method} ${c.path} HTTP/1.1`];
    if (c.body === undefined) return `${[...head, '', ''].join(CRLF)}`;
    const json = JSON.stringify(c.body);
    return `${[...head, 'Content-Type: application/json; charset=UTF-8', `Content-Length: ${Buffer.byteLength(json)}`, '', json].join(CRLF)}${CRLF}`;
  });
  return `${parts.join('')}--${boundary}--${CRLF}`;
}

/** The boundary of a `multipart/mixed` content type (quoted or not), or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/mixed\b/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Splits "headers, blank line, rest" (CRLF or LF line ends). */
function splitHead(text: string): { head: string[]; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  return { head: head.split(/\r?\n/).filter((l) => l.trim() !== ''), rest: m ? text.slice(m.index + m[0].length) : '' };
}

function headerValue(lines: string[], name: string): string | undefined {
  const prefix = `${name.toLowerCase()}:`;
  const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/**
 * The calls' results, in the order of the calls, from a multipart answer for `count` calls. A call
 * whose part is missing or unreadable gets status 0 (treated like an unavailable Google: retried).
 */
export function parseBatchResponse(contentType: string | undefined, text: string, count: number): GoogleBatchResult[] {
  const boundary = boundaryOf(contentType);
  if (!boundary)
    throw new GoogleApiError('unavailable', 0, 'badBatchResponse', `Google: the batch answer is not multipart/mixed (${contentType ?? 'no content type'})`);
  const results: GoogleBatchResult[] = Array.from({ length: count }, () => ({ status: 0, body: null }));
  const chunks = text.split(`--${boundary}`);
  for (const raw of chunks.slice(1)) {
    if (raw.startsWith('--')) break;
    const outer = splitHead(raw.replace(/^\r?\n/, ''));
    const id = headerValue(outer.head, 'content-id');
    const n = id ? /^<?response-item-(\d+)>?$/.exec(id)?.[1] : undefined;
    const index = n ? Number(n) - 1 : -1;
    if (index < 0 || index >= count) continue;
    const inner = splitHead(outer.rest);
    const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(inner.head[0] ?? '')?.[1] ?? 0);
    const bodyText = inner.rest.replace(/\r?\n$/, '').trim();
    let body: unknown = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    results[index] = { status, body };
  }
  return results;
}

/**
 * Sends `calls` (paths under the API root, `/calendar/v3/…`) as one batch request and answers
 * each call's result in order. A failure of the whole request (429, 5xx, network) throws
 * GoogleApiError like any call; a failure of one call is only in its result.
 */
export async function sendBatch(request: GoogleRawRequest, rootUrl: string, calls: GoogleBatchCall[]): Promise<GoogleBatchResult[]> {
  if (calls.length === 0) return [];
  if (calls.length > MAX_BATCH_CALLS) throw new RangeError(`A Google batch holds at most ${MAX_BATCH_CALLS} calls, not ${calls.length}`);
  const boundary = `batch_slotwise_${randomBytes(12).toString('hex')}`;
  const res = await request({
    url: `${rootUrl.replace(/\/+$/, '')}/batch/calendar/v3`,
    method: 'POST',
    headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` },
    body: buildBatchBody(boundary, calls),
  });
  return parseBatchResponse(res.headers['content-type'], res.body, calls.length);
}

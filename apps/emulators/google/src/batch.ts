import { GoogleApiError, badRequest } from './errors';
import { executeCall, type ApiReply } from './api';
import type { Core } from './router';
import { randomToken } from './store';

/**
 * Google's batch endpoint, `POST /batch/calendar/v3`: a `multipart/mixed` body whose parts are
 * `application/http` requests, each with a `Content-ID`; the answer is `multipart/mixed` with one
 * `application/http` response per part, in order, its `Content-ID` prefixed with `response-`.
 * Headers of the outer request (Authorization) apply to every part that does not set its own.
 * At most 1,000 parts. Each part is a call of its own: logged, checked and possibly failed alone.
 */

export const MAX_BATCH_PARTS = 1000;

type Part = { contentId: string | null; method: string; target: string; headers: Record<string, string>; body: string };

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : '';
  return { head: head.split(/\r?\n/).filter((l) => l !== ''), body };
}

function headerMap(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/mixed\b/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function parseBatch(body: string, boundary: string): Part[] {
  const chunks = body.split(`--${boundary}`);
  const parts: Part[] = [];
  for (const raw of chunks.slice(1)) {
    if (raw.startsWith('--')) break;
    const chunk = raw.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    const outer = splitHead(chunk);
    const partHeaders = headerMap(outer.head);
    const inner = splitHead(outer.body);
    const [requestLine, ...headerLines] = inner.head;
    const m = requestLine ? /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/.exec(requestLine.trim()) : null;
    if (!m) throw badRequest('Each part of a batch must hold one HTTP request: "METHOD /path HTTP/1.1", headers, a blank line and the body.');
    parts.push({ contentId: partHeaders['content-id'] ?? null, method: m[1]!, target: m[2]!, headers: headerMap(headerLines), body: inner.body });
  }
  return parts;
}

function responseId(contentId: string | null, index: number): string {
  if (!contentId) return `<response-${index + 1}>`;
  const bracketed = /^<(.*)>$/.exec(contentId);
  return bracketed ? `<response-${bracketed[1]}>` : `response-${contentId}`;
}

function httpResponse(reply: ApiReply): string {
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_TEXT[reply.status] ?? ''}`.trimEnd()];
  if (reply.status === 204 || reply.body === null || reply.body === undefined) return `${lines.join('\r\n')}\r\n\r\n`;
  const text = JSON.stringify(reply.body, null, 1);
  lines.push('Content-Type: application/json; charset=UTF-8', 'Vary: Origin', 'Vary: X-Origin', 'Vary: Referer', `Content-Length: ${Buffer.byteLength(text)}`);
  return `${lines.join('\r\n')}\r\n\r\n${text}`;
}

/** Runs a batch; returns the multipart answer, or throws a 400 for a malformed or too large batch. */
export function runBatch(
  core: Core,
  contentType: string | undefined,
  outerHeaders: Record<string, string | undefined>,
  body: string,
): { contentType: string; body: string; parts: number } {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw badRequest('A batch request must be multipart/mixed with a boundary.');
  const parts = parseBatch(body, boundary);
  if (parts.length === 0) throw badRequest('The batch request has no parts.');
  if (parts.length > MAX_BATCH_PARTS) {
    throw new GoogleApiError(400, 'badRequest', `A batch request may hold at most ${MAX_BATCH_PARTS} calls; this one has ${parts.length}.`);
  }
  const out = `batch_${randomToken(12).replace(/[-_]/g, '0')}`;
  const sections = parts.map((part, i) => {
    const url = new URL(part.target, 'http://batch.invalid');
    const reply = executeCall(
      core,
      {
        method: part.method,
        pathname: url.pathname,
        query: url.searchParams,
        headers: { authorization: outerHeaders.authorization, ...part.headers },
        body: part.body,
      },
      true,
    );
    return `--${out}\r\nContent-Type: application/http\r\nContent-ID: ${responseId(part.contentId, i)}\r\n\r\n${httpResponse(reply)}\r\n`;
  });
  return { contentType: `multipart/mixed; boundary=${out}`, body: `${sections.join('')}--${out}--\r\n`, parts: parts.length };
}

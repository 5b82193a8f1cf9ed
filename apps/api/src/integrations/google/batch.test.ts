import { startGoogleEmulator, type GoogleEmulator } from '@slotwise/emulator-google';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBatchBody, parseBatchResponse, sendBatch } from './batch';
import type { GoogleBatchCall, GoogleRawRequest } from './types';

/**
 * The batch format (Google's "Sending batch requests" guide): the body we build, the answers we
 * read, and a round trip through the Google emulator, which parses and answers with code of its
 * own.
 */

describe('buildBatchBody', () => {
  it('writes one application/http part per call with a Content-ID, the request line, and a JSON body when there is one', () => {
    const calls: GoogleBatchCall[] = [
      { method: 'POST', path: '/calendar/v3/calendars/primary/events?sendUpdates=none', body: { id: 'abc12', summary: 'Cut — Ada' } },
      { method: 'DELETE', path: '/calendar/v3/calendars/primary/events/abc13?sendUpdates=all' },
    ];
    const json = JSON.stringify({ id: 'abc12', summary: 'Cut — Ada' });
    expect(buildBatchBody('b0', calls)).toBe(
      [
        '--b0',
        'Content-Type: application/http',
        'Content-ID: <item-1>',
        '',
        'POST /calendar/v3/calendars/primary/events?sendUpdates=none HTTP/1.1',
        'Content-Type: application/json; charset=UTF-8',
        // Bytes, not characters: the dash is three bytes in UTF-8.
        `Content-Length: ${json.length + 2}`,
        '',
        json,
        '--b0',
        'Content-Type: application/http',
        'Content-ID: <item-2>',
        '',
        'DELETE /calendar/v3/calendars/primary/events/abc13?sendUpdates=all HTTP/1.1',
        '',
        '--b0--',
        '',
      ].join('\r\n'),
    );
  });
});

describe('parseBatchResponse', () => {
  it('matches parts by Content-ID (not position), reads statuses and JSON bodies, and marks a missing part 0', () => {
    const answer = [
      '--batch_xyz',
      'Content-Type: application/http',
      'Content-ID: <response-item-3>',
      '',
      'HTTP/1.1 409 Conflict',
      'Content-Type: application/json; charset=UTF-8',
      '',
      '{"error":{"code":409,"message":"The requested identifier already exists.","errors":[{"reason":"duplicate"}]}}',
      '--batch_xyz',
      'Content-Type: application/http',
      'Content-ID: <response-item-1>',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json; charset=UTF-8',
      'Content-Length: 31',
      '',
      '{"id":"abc12","status":"confirmed"}',
      '--batch_xyz',
      'Content-Type: application/http',
      'Content-ID: <response-item-4>',
      '',
      'HTTP/1.1 204 No Content',
      '',
      '',
      '--batch_xyz--',
      '',
    ].join('\r\n');
    expect(parseBatchResponse('multipart/mixed; boundary="batch_xyz"', answer, 4)).toEqual([
      { status: 200, body: { id: 'abc12', status: 'confirmed' } },
      // Item 2 has no part in the answer: 0, which callers retry like an unavailable Google.
      { status: 0, body: null },
      { status: 409, body: { error: { code: 409, message: 'The requested identifier already exists.', errors: [{ reason: 'duplicate' }] } } },
      { status: 204, body: null },
    ]);
  });

  it('reads LF line ends and an unquoted boundary too', () => {
    const answer = '--b\nContent-Type: application/http\nContent-ID: response-item-1\n\nHTTP/1.1 503 Service Unavailable\n\n{"error":{"code":503}}\n--b--\n';
    expect(parseBatchResponse('multipart/mixed; boundary=b', answer, 1)).toEqual([{ status: 503, body: { error: { code: 503 } } }]);
  });

  it('refuses an answer that is not multipart/mixed', () => {
    expect(() => parseBatchResponse('application/json', '{}', 1)).toThrow(/not multipart\/mixed/);
  });
});

describe('sendBatch against the Google emulator', () => {
  let emulator: GoogleEmulator;
  let request: GoogleRawRequest;
  const EMAIL = 'ana@salon.test';

  beforeAll(async () => {
    emulator = await startGoogleEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.controls.reset();
    const { access_token } = emulator.controls.issueTokens({ email: EMAIL });
    // What the gateway's `request` does (the authenticated client adds the bearer token).
    request = async ({ url, method, headers, body }) => {
      const res = await fetch(url, { method, headers: { ...headers, authorization: `Bearer ${access_token}` }, body: body ?? null });
      const out: Record<string, string> = {};
      res.headers.forEach((v, k) => (out[k] = v));
      return { status: res.status, headers: out, body: await res.text() };
    };
    emulator.controls.clearRequests();
  });

  const insert = (n: number): GoogleBatchCall => ({
    method: 'POST',
    path: '/calendar/v3/calendars/primary/events?sendUpdates=none',
    body: {
      id: `bk${String(n).padStart(6, '0')}`,
      summary: `Booking ${n}`,
      start: { dateTime: `2031-01-0${1 + (n % 9)}T09:00:00Z` },
      end: { dateTime: `2031-01-0${1 + (n % 9)}T10:00:00Z` },
    },
  });

  it('sends 50 calls in one HTTP request and hands back each result in order; injected faults fail their calls alone', async () => {
    emulator.controls.fault({ status: 503, count: 1, path: '/calendar/v3/calendars/primary/events', method: 'POST' });
    const calls = Array.from({ length: 50 }, (_, i) => insert(i + 1));
    const results = await sendBatch(request, `${emulator.url}/`, calls);
    expect(results).toHaveLength(50);
    expect(results[0]!.status).toBe(503);
    expect(results.slice(1).every((r) => r.status === 200)).toBe(true);
    expect((results[7]!.body as { id: string }).id).toBe('bk000008');
    const log = emulator.controls.requests();
    expect(log.byPath).toEqual({ 'POST /batch/calendar/v3': 1 });
    expect(log.batchItems).toBe(50);

    // Again: 409 for the 49 ids now taken, 200 for the one that failed; deletes answer 204 without a body.
    const again = await sendBatch(request, `${emulator.url}/`, [
      insert(1),
      insert(2),
      { method: 'DELETE', path: '/calendar/v3/calendars/primary/events/bk000003?sendUpdates=none' },
    ]);
    expect(again.map((r) => r.status)).toEqual([200, 409, 204]);
    expect(again[2]!.body).toBeNull();
  });

  it('throws for a batch over 1,000 calls without sending it', async () => {
    await expect(
      sendBatch(
        request,
        emulator.url,
        Array.from({ length: 1001 }, (_, i) => insert(i)),
      ),
    ).rejects.toThrow(/at most 1000/);
    expect(emulator.controls.requests().httpRequests).toBe(0);
  });
});

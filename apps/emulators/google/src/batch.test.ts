import type { OAuth2Client } from 'google-auth-library';
import type { calendar_v3 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { connect, startEmulator } from './testing/harness';

let emulator: GoogleEmulator;
let client: OAuth2Client;
let calendar: calendar_v3.Calendar;
const EMAIL = 'ana@salon.test';

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.controls.reset();
  ({ client, calendar } = await connect(emulator, { email: EMAIL }));
  emulator.controls.clearRequests();
});

type Call = { id: string; method: string; path: string; body?: unknown; headers?: Record<string, string> };
type GoogleError = { code: number; message: string; errors: { domain: string; reason: string }[] };
type Answer = { contentId: string; status: number; body: { kind?: string; id?: string; summary?: string; error?: GoogleError } | null };

/** Google's batch request body: one application/http part per call. */
function batchBody(boundary: string, calls: Call[]): string {
  const parts = calls.map((c) => {
    const headers = Object.entries({ 'Content-Type': 'application/json', ...c.headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    return `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <${c.id}>\r\n\r\n${c.method} ${c.path} HTTP/1.1\r\n${headers}\r\n${c.body === undefined ? '' : JSON.stringify(c.body)}\r\n`;
  });
  return `${parts.join('')}--${boundary}--\r\n`;
}

/** A small multipart/mixed parser of our own, so the emulator's answer is read independently of its code. */
function parseMultipart(contentType: string, text: string): Answer[] {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)![1]!;
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...rest] = part.trim().split('\r\n\r\n');
      const contentId = /^Content-ID: (.+)$/im.exec(head!)![1]!.trim();
      const [statusLine, ...bodyParts] = rest.join('\r\n\r\n').split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine!)![1]);
      const body = bodyParts.join('\r\n\r\n').trim();
      return { contentId, status, body: body ? (JSON.parse(body) as Answer['body']) : null };
    });
}

/** Sends a batch on the authenticated client's `request`, as Slotwise does (googleapis has no batch support). */
async function sendBatch(calls: Call[]): Promise<{ status: number; answers: Answer[] }> {
  const boundary = 'batch_slotwise_test';
  const res = await client.request<string>({
    url: `${emulator.url}/batch/calendar/v3`,
    method: 'POST',
    headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` },
    data: batchBody(boundary, calls),
    responseType: 'text',
  });
  return { status: res.status, answers: parseMultipart(res.headers.get('content-type')!, res.data) };
}

const insertCall = (n: number): Call => ({
  id: `item-${n}`,
  method: 'POST',
  path: '/calendar/v3/calendars/primary/events?sendUpdates=none',
  body: {
    id: `bk${String(n).padStart(6, '0')}`,
    summary: `Booking ${n}`,
    start: { dateTime: `2026-12-01T${String(8 + (n % 10)).padStart(2, '0')}:00:00Z` },
    end: { dateTime: `2026-12-01T${String(9 + (n % 10)).padStart(2, '0')}:00:00Z` },
  },
});

describe('batch requests (POST /batch/calendar/v3)', () => {
  it('runs 50 inserts in one HTTP request; 3 injected failures fail alone, in their own parts, and succeed when retried alone', async () => {
    emulator.controls.fault({ status: 503, count: 3 });
    const calls = Array.from({ length: 50 }, (_, i) => insertCall(i + 1));
    const { status, answers } = await sendBatch(calls);
    expect(status).toBe(200);
    expect(answers.map((a) => a.contentId)).toEqual(calls.map((c) => `<response-${c.id}>`));
    const failed = answers.filter((a) => a.status !== 200);
    expect(failed.map((a) => [a.contentId, a.status, a.body?.error?.errors[0]?.reason])).toEqual([
      ['<response-item-1>', 503, 'backendError'],
      ['<response-item-2>', 503, 'backendError'],
      ['<response-item-3>', 503, 'backendError'],
    ]);
    const succeeded = answers.filter((a) => a.status === 200);
    expect(succeeded).toHaveLength(47);
    expect(succeeded[0]!.body).toMatchObject({ kind: 'calendar#event', id: 'bk000004', summary: 'Booking 4' });

    const requests = emulator.controls.requests();
    expect(requests.httpRequests).toBe(1);
    expect(requests.byPath).toEqual({ 'POST /batch/calendar/v3': 1 });
    expect(requests.batchItems).toBe(50);

    const retried = await sendBatch(calls.slice(0, 3));
    expect(retried.answers.map((a) => a.status)).toEqual([200, 200, 200]);
    // Retrying one that had succeeded answers 409 in its part: no duplicate.
    const again = await sendBatch([calls[10]!]);
    expect(again.answers).toEqual([
      { contentId: '<response-item-11>', status: 409, body: expect.objectContaining({ error: expect.objectContaining({ code: 409 }) }) },
    ]);
    const all = await calendar.events.list({ calendarId: 'primary', maxResults: 2500 });
    expect(all.data.items).toHaveLength(50);
  });

  it('fails the parts that injected faults aim at by path, wherever they are in the batch', async () => {
    for (let n = 1; n <= 50; n++) emulator.controls.createEvent(EMAIL, insertCall(n).body);
    for (const n of [7, 23, 41]) emulator.controls.fault({ status: 429, path: `/calendar/v3/calendars/primary/events/bk${String(n).padStart(6, '0')}` });
    const patches = Array.from({ length: 50 }, (_, i) => ({
      id: `patch-${i + 1}`,
      method: 'PATCH',
      path: `/calendar/v3/calendars/primary/events/bk${String(i + 1).padStart(6, '0')}`,
      body: { summary: 'Moved' },
    }));
    const { answers } = await sendBatch(patches);
    expect(answers.filter((a) => a.status === 429).map((a) => a.contentId)).toEqual(['<response-patch-7>', '<response-patch-23>', '<response-patch-41>']);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(47);
    expect(answers.find((a) => a.status === 429)!.body?.error?.errors[0]).toMatchObject({ domain: 'usageLimits', reason: 'rateLimitExceeded' });
  });

  it('refuses more than 1,000 calls with 400 and runs none of them', async () => {
    const calls = Array.from({ length: 1200 }, (_, i) => insertCall(i + 1));
    const res = await fetch(`${emulator.url}/batch/calendar/v3`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/mixed; boundary=b1200', authorization: `Bearer ${client.credentials.access_token}` },
      body: batchBody('b1200', calls),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: GoogleError }).error.message).toContain('at most 1000');
    expect((await calendar.events.list({ calendarId: 'primary' })).data.items).toEqual([]);
  });

  it('applies the outer Authorization to parts without their own; a part with a bad token fails alone', async () => {
    const { answers } = await sendBatch([
      { id: 'a', method: 'GET', path: '/calendar/v3/users/me/calendarList' },
      { id: 'b', method: 'GET', path: '/calendar/v3/users/me/calendarList', headers: { Authorization: 'Bearer ya29.forged' } },
      { id: 'c', method: 'GET', path: 'https://www.googleapis.com/calendar/v3/calendars/primary/events/nothere00' },
      { id: 'd', method: 'DELETE', path: '/calendar/v3/calendars/primary/events/nothere00' },
    ]);
    expect(answers.map((a) => [a.contentId, a.status])).toEqual([
      ['<response-a>', 200],
      ['<response-b>', 401],
      ['<response-c>', 404],
      ['<response-d>', 404],
    ]);
  });

  it('answers 400 to a body that is not multipart/mixed, and an armed fault on /batch fails the whole request', async () => {
    const plain = await fetch(`${emulator.url}/batch/calendar/v3`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(plain.status).toBe(400);
    emulator.controls.fault({ status: 500, path: '/batch/calendar/v3' });
    const failed = await fetch(`${emulator.url}/batch/calendar/v3`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/mixed; boundary=x' },
      body: batchBody('x', [insertCall(1)]),
    });
    expect(failed.status).toBe(500);
    expect(emulator.controls.requests().batchItems).toBe(0);
  });
});

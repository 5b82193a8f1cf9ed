import type { OAuth2Client } from 'google-auth-library';
import type { calendar_v3 } from 'googleapis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { connect, failure, startEmulator } from './testing/harness';

let emulator: GoogleEmulator;
let calendar: calendar_v3.Calendar;
let client: OAuth2Client;
const EMAIL = 'ana@salon.test';

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.controls.reset();
  ({ calendar, client } = await connect(emulator, { email: EMAIL }));
});

const event = (id: string): calendar_v3.Schema$Event => ({ id, start: { dateTime: '2026-12-01T10:00:00Z' }, end: { dateTime: '2026-12-01T11:00:00Z' } });
const control = (path: string, body: unknown) => fetch(`${emulator.url}/_emulator${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('injected faults', () => {
  it('fails the next N calls with the armed status in Google’s error shape, then lets calls through', async () => {
    expect((await control('/faults', { status: 429, count: 2 })).status).toBe(200);
    // googleapis does not retry a POST: each insert meets one fault.
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: event('fault00001') }))).toMatchObject({
      status: 429,
      reason: 'rateLimitExceeded',
    });
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: event('fault00001') }))).toMatchObject({ status: 429 });
    expect((await calendar.events.insert({ calendarId: 'primary', requestBody: event('fault00001') })).status).toBe(200);
  });

  it('is retried by googleapis for a GET (5xx), which the request log shows', async () => {
    await control('/faults', { status: 500, count: 1 });
    emulator.controls.clearRequests();
    expect((await calendar.events.list({ calendarId: 'primary' })).status).toBe(200);
    const log = emulator.controls.requests();
    expect(log.log.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/calendar/v3/calendars/primary/events', 500],
      ['GET', '/calendar/v3/calendars/primary/events', 200],
    ]);
  });

  it('aims by path and method; 503 and 403 rateLimitExceeded as Google sends them; clear disarms', async () => {
    const second = emulator.controls.createCalendar({ owner: EMAIL, summary: 'Other' });
    await control('/faults', { status: 503, count: 1, path: `/calendar/v3/calendars/${second.id}`, method: 'POST' });
    expect((await calendar.events.insert({ calendarId: 'primary', requestBody: event('fine000001') })).status).toBe(200);
    expect(await failure(calendar.events.insert({ calendarId: second.id, requestBody: event('hit0000001') }))).toMatchObject({
      status: 503,
      message: 'The service is currently unavailable.',
    });

    await control('/faults', { status: 403, count: 5 });
    expect(await failure(calendar.events.insert({ calendarId: 'primary', requestBody: event('quota00001') }))).toMatchObject({
      status: 403,
      reason: 'rateLimitExceeded',
    });
    expect((await control('/faults/clear', {})).status).toBe(200);
    expect((await calendar.events.insert({ calendarId: 'primary', requestBody: event('quota00001') })).status).toBe(200);
    expect((await control('/faults', { status: 418 })).status).toBe(400);
  });

  it('reaches the token endpoint only when aimed at it', async () => {
    const { client: bo } = await connect(emulator, { email: 'bo@salon.test' });
    await control('/faults', { status: 503, count: 1, path: '/token' });
    // google-auth-library retries the token call itself.
    const refreshed = await bo.refreshAccessToken();
    expect(refreshed.credentials.access_token).toMatch(/^ya29\./);
    expect(
      emulator.controls
        .requests()
        .log.filter((r) => r.path === '/token')
        .map((r) => r.status),
    ).toEqual([200, 200, 503, 200]);
  });

  it('resets everything: people, events, channels, faults and the request log', async () => {
    await calendar.events.insert({ calendarId: 'primary', requestBody: event('reset00001') });
    await control('/faults', { status: 500, count: 9 });
    expect((await control('/reset', {})).status).toBe(200);
    expect(emulator.controls.faults()).toEqual([]);
    expect(emulator.controls.calendars()).toEqual([]);
    expect(emulator.controls.requests().httpRequests).toBe(0);
    const old = await fetch(`${emulator.url}/calendar/v3/calendars/primary/events`, {
      headers: { authorization: `Bearer ${client.credentials.access_token}` },
    });
    expect(old.status).toBe(401);
  });
});

import type { calendar_v3 } from 'googleapis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { connect, failure, manualClock, startEmulator, startReceiver, type Push, type Receiver } from './testing/harness';

const clock = manualClock('2026-11-02T09:00:00Z');
let emulator: GoogleEmulator;
let receiver: Receiver;
let calendar: calendar_v3.Calendar;
const EMAIL = 'ana@salon.test';

beforeAll(async () => {
  emulator = await startEmulator({ clock: clock.clock });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.controls.reset();
  clock.set('2026-11-02T09:00:00Z');
  receiver = await startReceiver();
  ({ calendar } = await connect(emulator, { email: EMAIL }));
});
afterEach(async () => {
  await receiver.stop();
});

const externalEvent = (hour: number) => ({
  summary: 'Dentist',
  start: { dateTime: `2026-11-10T${hour}:00:00Z` },
  end: { dateTime: `2026-11-10T${hour}:30:00Z` },
});
const of = (channelId: string) => (p: Push) => p.headers['x-goog-channel-id'] === channelId;
/** State and number of each message, by number: deliveries run concurrently, so arrival order is not guaranteed (nor at Google). */
const numbers = (pushes: Push[]) =>
  pushes.map((p) => [p.headers['x-goog-resource-state'], p.headers['x-goog-message-number']]).sort((a, b) => Number(a[1]) - Number(b[1]));

async function watch(id: string, extra: Partial<calendar_v3.Schema$Channel> = {}) {
  return (
    await calendar.events.watch({
      calendarId: 'primary',
      requestBody: { id, type: 'web_hook', address: `${receiver.url}/v1/webhooks/google`, token: `secret-${id}`, ...extra },
    })
  ).data;
}

describe('events.watch and push notifications', () => {
  it('answers with the channel, sends sync, then exists on every change with growing message numbers and Google’s headers', async () => {
    const channel = await watch('chan-1', { params: { ttl: '3600' } });
    expect(channel).toEqual({
      kind: 'api#channel',
      id: 'chan-1',
      resourceId: expect.any(String),
      resourceUri: `${emulator.url}/calendar/v3/calendars/primary/events?alt=json`,
      token: 'secret-chan-1',
      expiration: String(Date.parse('2026-11-02T10:00:00Z')),
    });
    const [sync] = await receiver.waitFor(of('chan-1'));
    expect(sync!.path).toBe('/v1/webhooks/google');
    expect(sync!.body).toBe('');
    expect(sync!.headers).toMatchObject({
      'x-goog-channel-id': 'chan-1',
      'x-goog-channel-token': 'secret-chan-1',
      'x-goog-channel-expiration': 'Mon, 02 Nov 2026 10:00:00 GMT',
      'x-goog-resource-id': channel.resourceId,
      'x-goog-resource-uri': channel.resourceUri,
      'x-goog-resource-state': 'sync',
      'x-goog-message-number': '1',
    });

    emulator.controls.createEvent(EMAIL, externalEvent(10));
    await calendar.events.insert({ calendarId: 'primary', requestBody: { id: 'booking001', ...externalEvent(12) } });
    await fetch(`${emulator.url}/_emulator/calendars/${EMAIL}/events/booking001`, { method: 'DELETE' });
    const pushes = await receiver.waitFor(of('chan-1'), 4);
    expect(numbers(pushes)).toEqual([
      ['sync', '1'],
      ['exists', '2'],
      ['exists', '3'],
      ['exists', '4'],
    ]);
  });

  it('numbers messages per channel; two channels on one calendar (a renewal overlap) both hear a change', async () => {
    const old = await watch('chan-old');
    const renewed = await watch('chan-new');
    expect(renewed.resourceId).toBe(old.resourceId);
    await receiver.waitFor(of('chan-new'));
    emulator.controls.createEvent(EMAIL, externalEvent(10));
    expect(numbers(await receiver.waitFor(of('chan-old'), 2))).toEqual([
      ['sync', '1'],
      ['exists', '2'],
    ]);
    expect(numbers(await receiver.waitFor(of('chan-new'), 2))).toEqual([
      ['sync', '1'],
      ['exists', '2'],
    ]);
  });

  it('stops sending after channels.stop; stopping twice or with the wrong resource id is 404', async () => {
    const channel = await watch('chan-stop');
    await receiver.waitFor(of('chan-stop'));
    const stopped = await calendar.channels.stop({ requestBody: { id: 'chan-stop', resourceId: channel.resourceId } });
    expect(stopped.status).toBe(204);
    emulator.controls.createEvent(EMAIL, externalEvent(10));
    await emulator.controls.notificationsIdle();
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.received.filter(of('chan-stop'))).toHaveLength(1);
    expect(emulator.controls.channels()).toEqual([expect.objectContaining({ id: 'chan-stop', state: 'stopped' })]);
    expect(await failure(calendar.channels.stop({ requestBody: { id: 'chan-stop', resourceId: channel.resourceId } }))).toMatchObject({ status: 404 });
    // A stopped channel may still deliver for a while at Google: the control sends one anyway.
    await fetch(`${emulator.url}/_emulator/channels/chan-stop/notify`, { method: 'POST', body: '{}' });
    expect(numbers(await receiver.waitFor(of('chan-stop'), 2))).toEqual([
      ['sync', '1'],
      ['exists', '2'],
    ]);
  });

  it('expires channels on time by the emulator clock, and on demand', async () => {
    await watch('chan-ttl', { params: { ttl: '60' } });
    await watch('chan-long');
    await receiver.waitFor(of('chan-long'));
    clock.advance(59_000);
    emulator.controls.createEvent(EMAIL, externalEvent(10));
    await receiver.waitFor(of('chan-ttl'), 2);
    clock.advance(1_000);
    emulator.controls.createEvent(EMAIL, externalEvent(11));
    await receiver.waitFor(of('chan-long'), 3);
    await emulator.controls.notificationsIdle();
    expect(receiver.received.filter(of('chan-ttl'))).toHaveLength(2);
    expect(emulator.controls.channels().map((c) => [c.id, c.state])).toEqual([
      ['chan-ttl', 'expired'],
      ['chan-long', 'active'],
    ]);

    const expired = await fetch(`${emulator.url}/_emulator/channels/chan-long/expire`, { method: 'POST' });
    expect(((await expired.json()) as { state: string }).state).toBe('expired');
    emulator.controls.createEvent(EMAIL, externalEvent(12));
    await emulator.controls.notificationsIdle();
    expect(receiver.received.filter(of('chan-long'))).toHaveLength(3);
  });

  it('caps the lifetime at 30 days (default 7) and moves with the clock control', async () => {
    const week = await watch('chan-default');
    expect(Number(week.expiration)).toBe(Date.parse('2026-11-09T09:00:00Z'));
    const capped = await watch('chan-capped', { params: { ttl: String(90 * 24 * 3600) } });
    expect(Number(capped.expiration)).toBe(Date.parse('2026-12-02T09:00:00Z'));
    await fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 8 * 24 * 3600 }) });
    expect(emulator.controls.channels().map((c) => c.state)).toEqual(['expired', 'active']);
  });

  it('refuses a reused channel id, and retries a receiver that fails', async () => {
    await watch('chan-dup');
    expect(await failure(watch('chan-dup'))).toMatchObject({ status: 400, reason: 'channelIdNotUnique' });
    await receiver.waitFor(of('chan-dup'));
    let failures = 1;
    receiver.respond(() => (failures-- > 0 ? 503 : 200));
    emulator.controls.createEvent(EMAIL, externalEvent(10));
    const twice = await receiver.waitFor((p) => of('chan-dup')(p) && p.headers['x-goog-message-number'] === '2', 2);
    expect(twice).toHaveLength(2);
    await emulator.controls.notificationsIdle();
    expect(emulator.controls.notifications('chan-dup').map((n) => [n.messageNumber, n.attempt, n.status])).toEqual([
      [1, 1, 200],
      [2, 1, 503],
      [2, 2, 200],
    ]);
  });

  it('closes without waiting for a push retry', async () => {
    const slow = await startEmulator({ push: { baseDelayMs: 5000 } });
    const tokens = slow.controls.issueTokens({ email: EMAIL });
    receiver.respond(() => 503);
    const watched = await fetch(`${slow.url}/calendar/v3/calendars/primary/events/watch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'chan-slow', type: 'web_hook', address: receiver.url }),
    });
    expect(watched.status).toBe(200);
    await receiver.waitFor(of('chan-slow'));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('tells channels of a deleted calendar not_exists', async () => {
    const second = emulator.controls.createCalendar({ owner: EMAIL, summary: 'Extra' });
    await calendar.events.watch({ calendarId: second.id, requestBody: { id: 'chan-cal', type: 'web_hook', address: receiver.url } });
    await receiver.waitFor(of('chan-cal'));
    await fetch(`${emulator.url}/_emulator/calendars/${encodeURIComponent(second.id)}`, { method: 'DELETE' });
    const [, gone] = await receiver.waitFor(of('chan-cal'), 2);
    expect(gone!.headers['x-goog-resource-state']).toBe('not_exists');
    expect(gone!.headers['x-goog-channel-token']).toBeUndefined();
  });
});

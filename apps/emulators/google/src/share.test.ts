import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { connect, failure, startEmulator } from './testing/harness';

let emulator: GoogleEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.controls.reset());

describe('shared calendars', () => {
  it("a calendar shared with someone appears in their list with the role given; its events stay the owner's", async () => {
    const team = emulator.controls.createCalendar({ owner: 'boss@salon.test', summary: 'Team rota' });
    const res = await fetch(`${emulator.url}/_emulator/calendars/${encodeURIComponent(team.id)}/share`, {
      method: 'POST',
      body: JSON.stringify({ email: 'ana@salon.test', role: 'reader' }),
    });
    expect(res.status).toBe(200);
    const { calendar } = await connect(emulator, { email: 'ana@salon.test' });
    const items = (await calendar.calendarList.list()).data.items!;
    expect(items.map((c) => [c.id, c.accessRole, c.primary ?? false])).toEqual([
      ['ana@salon.test', 'owner', true],
      [team.id, 'reader', false],
    ]);
    // Not emulated: reading a shared calendar's events (404 as for any calendar one cannot see).
    expect((await failure(calendar.events.list({ calendarId: team.id }))).status).toBe(404);
    const bad = await fetch(`${emulator.url}/_emulator/calendars/${encodeURIComponent(team.id)}/share`, {
      method: 'POST',
      body: JSON.stringify({ email: 'x@y.test', role: 'owner' }),
    });
    expect(bad.status).toBe(400);
  });
});

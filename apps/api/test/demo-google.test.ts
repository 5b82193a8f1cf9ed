import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { runWithContext } from '../src/platform/context';
import { setUpGoogle } from '../src/platform/google-setup';
import { DEMO, seedDemoIfEmpty } from '../src/seed/demo';
import { connectDemoToGoogle, DEMO_GOOGLE_EMAIL } from '../src/seed/demo-google';
import { createTestApp, type TestApp } from './app';

/** What `pnpm start` does with the local Google emulator: the demo's first stylist has a connected calendar with events of their own. */
describe('the demo tenant and the local Google emulator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ google: true });
  });
  afterAll(() => t.close());

  const ctx = () => ({ requestId: 'test-dev', correlationId: 'test-dev', logger: t.deps.logger });
  const emulator = () => ({
    approve: (url: string, email: string) => t.google!.controls.approve({ url, email }),
    createEvent: (calendarId: string, event: Record<string, unknown>) => t.google!.controls.createEvent(calendarId, event),
  });

  it("connects the first stylist's calendar through the OAuth service calls, with a few busy events and a free one; anew after a restart", async () => {
    await runWithContext(ctx(), () => seedDemoIfEmpty(t.deps));
    await connectDemoToGoogle(t.deps, emulator());
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { slug: DEMO.slug } });
    const alex = await t.prisma.resource.findFirstOrThrow({ where: { tenantId: tenant.id, name: 'Alex' } });
    const first = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { resourceId: alex.id } });
    expect(first).toMatchObject({ status: 'CONNECTED', accountEmail: DEMO_GOOGLE_EMAIL, busyCalendarIds: [DEMO_GOOGLE_EMAIL] });
    const events = t.google!.controls.events(DEMO_GOOGLE_EMAIL) as { summary: string; transparency?: string; start: { dateTime: string } }[];
    expect(events.map((e) => e.summary)).toEqual(['Lunch with Jo', 'Dentist', 'School run', 'Order more colour (reminder)']);
    expect(events.filter((e) => e.transparency === 'transparent').map((e) => e.summary)).toEqual(['Order more colour (reminder)']);
    // In the coming days, in working hours of the business's zone.
    for (const e of events) expect(Date.parse(e.start.dateTime)).toBeGreaterThan(Date.now());
    const jobs = await t.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM pgboss.job WHERE data->>'connectionId' = ${first.id} AND name IN ('calendar.backfill', 'calendar.channels-ensure') ORDER BY name`;
    expect(jobs.map((j) => j.name)).toEqual(['calendar.backfill', 'calendar.channels-ensure']);

    // A restart: the emulator's memory is gone; the same connection row gets the new grant.
    t.google!.controls.reset();
    await connectDemoToGoogle(t.deps, emulator());
    const second = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { resourceId: alex.id } });
    expect(second).toMatchObject({ id: first.id, status: 'CONNECTED' });
    expect(second.encryptedRefreshToken).not.toBe(first.encryptedRefreshToken);
    expect(t.google!.controls.grants(DEMO_GOOGLE_EMAIL)).toEqual([expect.objectContaining({ revoked: false })]);
    expect(t.google!.controls.events(DEMO_GOOGLE_EMAIL)).toHaveLength(4);
  });

  it('starts the emulator only without Google credentials and outside production; GET /dev/emulators lists it', async () => {
    const logger = pino({ level: 'silent' });
    const dev = await setUpGoogle(loadConfig({ NODE_ENV: 'development', PORT: '3999' }), logger);
    try {
      expect(dev.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(dev.config).toMatchObject({
        GOOGLE_API_URL: dev.emulator!.url,
        GOOGLE_OAUTH_URL: dev.emulator!.url,
        GOOGLE_PUSH_URL: 'http://127.0.0.1:3999/v1/webhooks/google',
        GOOGLE_REDIRECT_URL: 'http://localhost:3000/v1/calendar/oauth/callback',
      });
      expect(dev.config.GOOGLE_CLIENT_ID).toBeTruthy();
      const app = createApp({ ...t.deps, devEmulators: { google: { url: dev.emulator!.url } } });
      expect((await supertest(app).get('/dev/emulators').expect(200)).body).toEqual({ google: { url: dev.emulator!.url } });
    } finally {
      await dev.stop();
    }
    const configured = loadConfig({ NODE_ENV: 'development', GOOGLE_CLIENT_ID: 'real-id', GOOGLE_CLIENT_SECRET: 'real-secret' });
    expect(await setUpGoogle(configured, logger)).toMatchObject({ config: configured });
    expect((await setUpGoogle(configured, logger)).emulator).toBeUndefined();
    const production = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'a-real-secret-for-this-test-0123456789' });
    expect((await setUpGoogle(production, logger)).emulator).toBeUndefined();
  });
});

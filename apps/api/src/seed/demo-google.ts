import { randomUUID } from 'node:crypto';
import { createResourcesService } from '../modules/catalog/resources.service';
import { createCalendarConnectionService } from '../modules/calendar/connection.service';
import { createTenantService } from '../modules/tenant/tenant.service';
import { runWithContext } from '../platform/context';
import type { AppDeps } from '../platform/deps';
import { withTenant } from '../platform/tenancy';
import { addDays, localDateOf, zonedToInstant } from '../platform/time';
import { DEMO } from './demo';

/** The demo stylist's Google account on the local emulator. */
export const DEMO_GOOGLE_EMAIL = 'alex@demo.test';

/**
 * Development only (server.ts, with the local Google emulator it started): the emulator forgets
 * everything when it stops, so at every start the demo tenant's first stylist is connected anew —
 * through the same service calls the OAuth callback makes, with the emulator's Approve standing in
 * for the browser — and a few of their own appointments are put in their Google Calendar (the
 * sync turns them into busy blocks, so those slots disappear from the booking page; the "free"
 * reminder blocks nothing).
 */
export async function connectDemoToGoogle(
  deps: AppDeps,
  emulator: { approve(url: string, email: string): { redirectUrl: string }; createEvent(calendarId: string, event: Record<string, unknown>): unknown },
): Promise<void> {
  const logger = deps.logger.child({ component: 'demo-google' });
  await runWithContext({ requestId: `dev-google-${randomUUID()}`, correlationId: 'dev-google', logger }, async () => {
    const demo = await deps.tenants.bySlug(DEMO.slug);
    if (!demo) return;
    await withTenant(demo.id, async () => {
      const owner = (await createTenantService(deps).listMembers()).find((m) => m.role === 'OWNER');
      const { items } = await createResourcesService(deps).list({ limit: 10 });
      const stylist = items.find((r) => r.name === 'Alex') ?? items[0];
      if (!owner || !stylist) return;
      const calendar = createCalendarConnectionService(deps);
      const actor = { userId: owner.user.id, role: 'OWNER' as const, sessionHash: `demo-seed-${randomUUID()}` };
      const { url } = await calendar.connect(stylist.id, actor);
      const back = new URL(emulator.approve(url, DEMO_GOOGLE_EMAIL).redirectUrl);
      const outcome = await calendar.completeOAuth({
        state: back.searchParams.get('state') ?? undefined,
        code: back.searchParams.get('code') ?? undefined,
        error: back.searchParams.get('error') ?? undefined,
        sessionHash: actor.sessionHash,
      });
      if (outcome.outcome !== 'connect') {
        logger.warn({ outcome }, 'demo stylist not connected to the Google emulator');
        return;
      }
      await calendar.storeGrant(outcome);

      // Their own appointments, on the next working days (Mon–Sat), in the business's zone.
      const zone = stylist.timeZone;
      const days: string[] = [];
      for (let d = addDays(localDateOf(deps.clock.now(), zone), 1); days.length < 3; d = addDays(d, 1)) {
        if (new Date(`${d}T12:00:00Z`).getUTCDay() !== 0) days.push(d);
      }
      const at = (day: string, time: string) => zonedToInstant(day, time, zone).toISOString();
      const events = [
        { summary: 'Lunch with Jo', start: at(days[0]!, '12:00'), end: at(days[0]!, '13:00') },
        { summary: 'Dentist', start: at(days[1]!, '15:00'), end: at(days[1]!, '16:30') },
        { summary: 'School run', start: at(days[2]!, '09:00'), end: at(days[2]!, '10:00') },
        { summary: 'Order more colour (reminder)', start: at(days[2]!, '14:00'), end: at(days[2]!, '14:30'), transparency: 'transparent' },
      ];
      for (const e of events) {
        emulator.createEvent(DEMO_GOOGLE_EMAIL, {
          summary: e.summary,
          start: { dateTime: e.start, timeZone: zone },
          end: { dateTime: e.end, timeZone: zone },
          ...(e.transparency ? { transparency: e.transparency } : {}),
        });
      }
      logger.info(
        { resource: stylist.name, account: DEMO_GOOGLE_EMAIL },
        `demo stylist ${stylist.name} connected to the Google emulator with ${events.length} events of their own`,
      );
    });
  });
}

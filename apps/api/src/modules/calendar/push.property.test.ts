import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { setUpBookable, WEEKDAYS_9_TO_5 } from '../../../test/booking-factories';
import { connectCalendar } from '../../../test/calendar-factories';
import { as, ORIGIN, type Staff } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { calendarPushJob } from './push.jobs';
import type { CalendarPushJob } from './push.queues';

/**
 * A fast-check property of the push side: after any sequence of bookings made, moved in time or
 * to the other staff member, cancelled, pushes run while Google fails (500, 503, 429 on any
 * call), some pushes left for later and some run twice, and staff deleting our events in Google —
 * once Google is back and every push ran: each active booking has exactly one live event, in its
 * resource's calendar, at its times; a cancelled one has none; nothing else of ours is there. A
 * booking whose event staff deleted and that did not change since stays without one (we do not
 * fight staff; the sync side flags it).
 */

const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock, google: true });
});
afterAll(() => t?.close());

const hourArb = fc.integer({ min: 9, max: 16 });
const dayArb = fc.constantFrom('2030-03-05', '2030-03-06');
const commandArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('book' as const), day: dayArb, hour: hourArb, resource: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reschedule' as const), pick: fc.nat(), day: dayArb, hour: hourArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('staffDeletes' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      status: fc.constantFrom(429 as const, 500 as const, 503 as const),
      count: fc.integer({ min: 1, max: 3 }),
      method: fc.constantFrom('POST', 'PATCH', 'DELETE', undefined),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('runPushes' as const), share: fc.constantFrom(0.5, 1), twice: fc.boolean() }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

type World = { owner: Staff; serviceId: string; resources: { id: string; calendarId: string }[] };

async function world(): Promise<World> {
  const w = await setUpBookable(t, { resources: 2, hours: WEEKDAYS_9_TO_5 });
  const resources = [];
  for (const r of w.resources) {
    const { calendarId } = await connectCalendar(t, w.owner, r.id, { email: `p-${randomUUID().slice(0, 8)}@salon.test` });
    resources.push({ id: r.id, calendarId });
  }
  return { owner: w.owner, serviceId: w.service.id, resources };
}

/** The tenant's queued push jobs not run successfully yet (a share of them, in random-ish order), each once or twice. */
const done = new Set<string>();
async function runPushes(w: World, share: number, twice: boolean): Promise<number> {
  const jobs = await t.prisma.$queryRaw<{ id: string; data: CalendarPushJob }[]>`
    SELECT id::text, data FROM pgboss.job WHERE name = 'calendar.push' AND state = 'created' AND data->>'tenantId' = ${w.owner.tenantId} ORDER BY id`;
  let failed = 0;
  for (const [i, job] of jobs.entries()) {
    if (done.has(job.id) || (share < 1 && i % 2 === 1)) continue;
    for (let k = 0; k < (twice ? 2 : 1); k++) {
      try {
        await t.jobs.runNow(calendarPushJob(t.deps), job.data);
        done.add(job.id);
      } catch {
        failed += 1;
      }
    }
  }
  return failed;
}

type Ours = { id: string; status: string; start: string; end: string; calendarId: string };
function ourEvents(w: World): Ours[] {
  return w.resources.flatMap((r) =>
    t.google!.controls.events(r.calendarId).flatMap((e) => {
      const bookingId = (e.extendedProperties as { private?: Record<string, string> } | undefined)?.private?.slotwiseBookingId;
      const start = (e.start as { dateTime?: string } | undefined)?.dateTime;
      const end = (e.end as { dateTime?: string } | undefined)?.dateTime;
      return bookingId && e.status !== 'cancelled'
        ? [{ id: bookingId, status: String(e.status), start: start ?? '', end: end ?? '', calendarId: r.calendarId }]
        : [];
    }),
  );
}

it('leaves exactly one event per active booking, in its calendar at its times, whatever happened on the way', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: 16 }), async (commands: Command[]) => {
      const w = await world();
      const controls = t.google!.controls;
      const ids: string[] = [];
      /** Bookings whose event staff deleted, unchanged since. */
      const deletedByStaff = new Set<string>();
      const current = async (pick: number) => {
        if (!ids.length) return null;
        const id = ids[pick % ids.length]!;
        return (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body as { id: string; version: number; status: string; resourceId: string };
      };
      try {
        for (const c of commands) {
          if (c.kind === 'book') {
            const res = await t.http
              .post(`/v1/public/tenants/${w.owner.slug}/bookings`)
              .set('Origin', ORIGIN)
              .send({
                serviceId: w.serviceId,
                resourceId: w.resources[c.resource]!.id,
                startsAt: `${c.day}T${String(c.hour).padStart(2, '0')}:00:00Z`,
                timeZone: 'Europe/London',
                customer: { name: 'Prop', email: `prop-${randomUUID().slice(0, 6)}@example.test` },
              });
            expect([201, 409]).toContain(res.status);
            if (res.status === 201) ids.push(res.body.id as string);
          } else if (c.kind === 'reschedule' || c.kind === 'move') {
            const b = await current(c.pick);
            if (!b || b.status !== 'CONFIRMED') continue;
            const patch =
              c.kind === 'reschedule'
                ? { startsAt: `${c.day}T${String(c.hour).padStart(2, '0')}:00:00Z` }
                : { resourceId: w.resources.find((r) => r.id !== b.resourceId)!.id };
            const res = await as(t, w.owner)
              .patch(`/v1/bookings/${b.id}`)
              .send({ version: b.version, ...patch });
            expect([200, 409]).toContain(res.status);
            if (res.status === 200) deletedByStaff.delete(b.id);
          } else if (c.kind === 'cancel') {
            const b = await current(c.pick);
            if (!b || b.status !== 'CONFIRMED') continue;
            await as(t, w.owner).post(`/v1/bookings/${b.id}/cancel`).send({ reason: 'prop', version: b.version }).expect(200);
            deletedByStaff.delete(b.id);
          } else if (c.kind === 'staffDeletes') {
            const b = await current(c.pick);
            const event = b && ourEvents(w).find((e) => e.id === b.id);
            const row = b && (await t.prisma.bookingCalendarEvent.findUnique({ where: { bookingId: b.id } }));
            // Only an event the booking's row knows as its current one, and no push pending (staff act on what they see).
            if (!b || !event || !row?.eventId || row.state !== 'SYNCED') continue;
            controls.deleteEvent(event.calendarId, row.eventId);
            deletedByStaff.add(b.id);
          } else if (c.kind === 'fault') {
            controls.fault({ status: c.status, count: c.count, ...(c.method ? { method: c.method } : {}) });
          } else {
            await runPushes(w, c.share, c.twice);
          }
        }

        // Google is back; every push runs until none fails.
        controls.clearFaults();
        for (let round = 0; round < 5 && (await runPushes(w, 1, false)) > 0; round++);
        expect(await runPushes(w, 1, false)).toBe(0);

        const events = ourEvents(w);
        for (const id of ids) {
          const b = (await as(t, w.owner).get(`/v1/bookings/${id}`).expect(200)).body as {
            status: string;
            startsAt: string;
            endsAt: string;
            resourceId: string;
            calendarSync: { state: string };
          };
          const mine = events.filter((e) => e.id === id);
          if (b.status === 'CANCELLED' || deletedByStaff.has(id)) {
            expect(mine, `booking ${id} (${b.status}) has no live event`).toEqual([]);
            continue;
          }
          const calendarId = w.resources.find((r) => r.id === b.resourceId)!.calendarId;
          expect(mine, `booking ${id}: exactly one event`).toHaveLength(1);
          expect(mine[0]).toMatchObject({ calendarId, start: b.startsAt.replace('.000Z', 'Z'), end: b.endsAt.replace('.000Z', 'Z') });
          expect(b.calendarSync.state).toBe('SYNCED');
        }
        // Nothing of ours that is not a booking of this world.
        expect(events.filter((e) => !ids.includes(e.id))).toEqual([]);
      } finally {
        controls.clearFaults();
      }
    }),
    { numRuns: 25 },
  );
}, 240_000);

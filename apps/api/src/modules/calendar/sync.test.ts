import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable, type Bookable } from '../../../test/booking-factories';
import { connectCalendar } from '../../../test/calendar-factories';
import { as, ORIGIN } from '../../../test/factories';
import { jobDefinitions } from '../../jobs';
import { ManualClock } from '../../platform/clock';
import { ENDED_GRACE_MS } from './channels.service';
import { channelRenewalJob, reconciliationJob } from './sync.jobs';

/**
 * Google → us through HTTP and the Google emulator: watch channels, push notifications to
 * POST /v1/webhooks/google, incremental sync into busy blocks, and availability subtracting them.
 * Calendar job workers run (the harness's), so a notification is processed as in production.
 */

// Monday 2030-03-04 08:00 London (UTC in winter).
const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await createTestApp({ clock, google: { workers: true } });
});
afterAll(() => t.close());
beforeEach(() => clock.set(START));

const google = () => t.google!;
const PENDING_STATES = ['created', 'retry', 'active'];

/** Calendar jobs with a handler in this process (others, e.g. a queue no one works yet, never finish). */
const workedQueues = () =>
  jobDefinitions(t.deps)
    .filter((d) => d.name.startsWith('calendar.') && !d.cron)
    .map((d) => d.name);

const pendingJobs = async (queues: string[]) =>
  (
    await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ANY(${queues}) AND state::text = ANY(${PENDING_STATES})`
  )[0]!.n;

/** Waits until the emulator has nothing in flight and the calendar jobs are done (twice in a row). */
async function settle(timeoutMs = 20_000) {
  const queues = workedQueues();
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) {
      const left = await t.prisma
        .$queryRaw`SELECT name, state::text, retry_count, output FROM pgboss.job WHERE name = ANY(${queues}) AND state::text = ANY(${PENDING_STATES})`;
      throw new Error(`calendar jobs did not settle: ${JSON.stringify(left)}`);
    }
    await google().controls.notificationsIdle(5000);
    quiet = (await pendingJobs(queues)) === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const syncJobsTotal = async () => (await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'calendar.sync'`)[0]!.n;

type Setup = Bookable & { calendarId: string; connectionId: string };

/** A bookable resource (Mon–Fri 9–5 London, 60-minute service) whose calendar is connected, its channel made and the first sync done. */
async function connected(opts: Parameters<typeof setUpBookable>[1] = {}): Promise<Setup> {
  const b = await setUpBookable(t, opts);
  const { connection, calendarId } = await connectCalendar(t, b.owner, b.resource.id, { email: `stylist-${++n}@salon.test` });
  await settle();
  return { ...b, calendarId, connectionId: connection.id };
}

async function slotStarts(s: Setup, date: string): Promise<string[]> {
  const res = await t.http.get(`/v1/public/tenants/${s.owner.slug}/services/${s.service.id}/slots?from=${date}&to=${date}&timeZone=UTC`).expect(200);
  return res.body.slots.map((x: { startsAt: string }) => x.startsAt.slice(11, 16));
}

const book = (s: Setup, startsAt: string, who: number | string = ++n) =>
  t.http
    .post(`/v1/public/tenants/${s.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .send({ serviceId: s.service.id, startsAt, timeZone: 'UTC', customer: customer(who) });

const blocks = (s: Setup) =>
  t.prisma.busyBlock.findMany({
    where: { connectionId: s.connectionId },
    orderBy: [{ startsAt: 'asc' }],
    select: { externalEventId: true, startsAt: true, endsAt: true, allDay: true },
  });

const timed = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
  summary: 'Dentist',
  start: { dateTime: start },
  end: { dateTime: end },
  ...extra,
});

const channelsOf = (s: Setup) => t.prisma.calendarChannel.findMany({ where: { connectionId: s.connectionId }, orderBy: { createdAt: 'asc' } });

/** A push notification as Google sends it (headers only). */
const notify = (headers: Record<string, string>) => t.http.post('/v1/webhooks/google').set(headers).send();

describe('Google Calendar → busy blocks', () => {
  it('makes a channel on connect and syncs the calendar in full', async () => {
    const b = await setUpBookable(t);
    const email = `stylist-${++n}@salon.test`;
    // An appointment that exists before the calendar is connected.
    google().controls.createEvent(email, timed('2030-03-05T13:00:00Z', '2030-03-05T14:00:00Z'));
    const { connection } = await connectCalendar(t, b.owner, b.resource.id, { email });
    await settle();
    const s = { ...b, calendarId: email, connectionId: connection.id };
    const [channel] = await channelsOf(s);
    expect(channel).toMatchObject({ calendarId: email, stoppedAt: null });
    expect(channel!.expiresAt.getTime()).toBe(new Date(START).getTime() + 7 * 24 * 3600_000);
    expect(google().controls.channels(email)).toEqual([expect.objectContaining({ id: channel!.channelId, stoppedAt: null })]);
    expect(await blocks(s)).toEqual([
      expect.objectContaining({ startsAt: new Date('2030-03-05T13:00:00Z'), endsAt: new Date('2030-03-05T14:00:00Z'), allDay: false }),
    ]);
    expect(await slotStarts(s, '2030-03-05')).toEqual(['09:00', '10:00', '11:00', '12:00', '14:00', '15:00', '16:00']);
    const cursor = await t.prisma.calendarCursor.findFirstOrThrow({ where: { connectionId: connection.id, calendarId: email } });
    expect(cursor.syncToken).toBeTruthy();
    expect(cursor.lastFullSyncAt).toEqual(new Date(START));
    const health = await as(t, b.owner).get(`/v1/resources/${b.resource.id}/calendar`).expect(200);
    expect(health.body).toMatchObject({ lastSyncedAt: new Date(START).toISOString(), channelExpiresAt: channel!.expiresAt.toISOString() });
  });

  it('an external event blocks its slot after one notification: slot lists and bookings (public and staff) answer 409', async () => {
    const s = await connected();
    expect(await slotStarts(s, '2030-03-05')).toContain('10:00');
    const moved = (await book(s, '2030-03-05T15:00:00Z')).body;
    await settle();
    const before = google().controls.notifications().length;

    google().controls.createEvent(s.calendarId, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await settle();

    const delivered = google().controls.notifications().slice(before);
    expect(delivered.map((x) => [x.state, x.status])).toEqual([['exists', 200]]);
    expect(await slotStarts(s, '2030-03-05')).toEqual(['09:00', '11:00', '12:00', '13:00', '14:00', '16:00']);
    const refused = await book(s, '2030-03-05T10:00:00Z');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SLOT_UNAVAILABLE', details: { reason: 'CALENDAR_BUSY' } });
    expect(refused.body.error.message).toMatch(/busy .* in their calendar/);
    const staff = await as(t, s.owner)
      .post('/v1/bookings')
      .send({
        serviceId: s.service.id,
        resourceId: s.resource.id,
        startsAt: '2030-03-05T10:30:00Z',
        customer: customer('walk-in'),
        overrideNoticeAndHorizon: true,
      });
    expect(staff.status).toBe(409);
    expect(staff.body.error.details).toMatchObject({ reason: 'CALENDAR_BUSY' });
    const move = await as(t, s.owner).patch(`/v1/bookings/${moved.id}`).send({ version: 1, startsAt: '2030-03-05T10:00:00Z' });
    expect(move.status).toBe(409);
    expect(move.body.error).toMatchObject({ code: 'SLOT_UNAVAILABLE', details: { reason: 'CALENDAR_BUSY' } });
    // Touching the event is fine (half-open intervals), as between bookings.
    expect((await book(s, '2030-03-05T11:00:00Z')).status).toBe(201);
  });

  it('all-day events block whole days in the calendar’s zone; transparent and declined events block nothing', async () => {
    const s = await connected();
    google().controls.updateCalendar(s.calendarId, { timeZone: 'America/New_York' });
    // 2030-03-06 in New York is 05:00Z on the 6th to 05:00Z on the 7th.
    google().controls.createEvent(s.calendarId, { summary: 'Holiday', start: { date: '2030-03-06' }, end: { date: '2030-03-07' } });
    google().controls.createEvent(s.calendarId, timed('2030-03-05T09:00:00Z', '2030-03-05T10:00:00Z', { summary: 'Maybe lunch', transparency: 'transparent' }));
    google().controls.createEvent(
      s.calendarId,
      timed('2030-03-05T12:00:00Z', '2030-03-05T13:00:00Z', {
        summary: 'Declined meeting',
        organizer: { email: 'boss@elsewhere.test' },
        attendees: [
          { email: 'boss@elsewhere.test', responseStatus: 'accepted' },
          { email: s.calendarId, responseStatus: 'declined' },
        ],
      }),
    );
    const accepted = google().controls.createEvent(
      s.calendarId,
      timed('2030-03-05T14:00:00Z', '2030-03-05T15:00:00Z', { summary: 'Accepted meeting', attendees: [{ email: s.calendarId, responseStatus: 'accepted' }] }),
    );
    await settle();
    expect(await blocks(s)).toEqual([
      { externalEventId: accepted.id, startsAt: new Date('2030-03-05T14:00:00Z'), endsAt: new Date('2030-03-05T15:00:00Z'), allDay: false },
      { externalEventId: expect.any(String), startsAt: new Date('2030-03-06T05:00:00Z'), endsAt: new Date('2030-03-07T05:00:00Z'), allDay: true },
    ]);
    expect(await slotStarts(s, '2030-03-05')).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '15:00', '16:00']);
    expect(await slotStarts(s, '2030-03-06')).toEqual([]);
    expect(await slotStarts(s, '2030-03-07')).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect((await book(s, '2030-03-06T09:00:00Z')).status).toBe(409);
    expect((await book(s, '2030-03-05T09:00:00Z')).status).toBe(201); // over the transparent one
  });

  it('recurring events are expanded, up to the booking horizon for endless series; a changed occurrence moves its block', async () => {
    const s = await connected({ service: { maxAdvanceDays: 30 } });
    const weekly = google().controls.createEvent(s.calendarId, {
      summary: 'Pilates',
      start: { dateTime: '2030-03-07T14:00:00Z', timeZone: 'UTC' },
      end: { dateTime: '2030-03-07T15:00:00Z', timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=3'],
    });
    const daily = google().controls.createEvent(s.calendarId, {
      summary: 'School run',
      start: { dateTime: '2030-03-04T16:30:00Z', timeZone: 'UTC' },
      end: { dateTime: '2030-03-04T17:00:00Z', timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=DAILY'],
    });
    await settle();
    const all = await blocks(s);
    const pilates = all.filter((x) => x.externalEventId.startsWith(`${String(weekly.id)}_`));
    expect(pilates.map((x) => x.startsAt.toISOString())).toEqual(['2030-03-07T14:00:00.000Z', '2030-03-14T14:00:00.000Z', '2030-03-21T14:00:00.000Z']);
    const school = all.filter((x) => x.externalEventId.startsWith(`${String(daily.id)}_`));
    // Horizon: 30 days of the service + 14 days of margin from 2030-03-04T08:00Z.
    expect(school).toHaveLength(44);
    expect(school.at(-1)!.startsAt.toISOString()).toBe('2030-04-16T16:30:00.000Z');
    expect(await slotStarts(s, '2030-03-14')).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '15:00']);

    // Staff move one occurrence: its block moves, the others stay.
    google().controls.updateEvent(s.calendarId, `${String(weekly.id)}_20300314T140000Z`, {
      start: { dateTime: '2030-03-14T09:00:00Z' },
      end: { dateTime: '2030-03-14T10:00:00Z' },
    });
    await settle();
    expect(await slotStarts(s, '2030-03-14')).toEqual(['10:00', '11:00', '12:00', '13:00', '14:00', '15:00']);
    expect((await blocks(s)).filter((x) => x.externalEventId.startsWith(`${String(weekly.id)}_`))).toHaveLength(3);
  });

  it('a cancelled (deleted) event removes its block, and the slot is offered again', async () => {
    const s = await connected();
    const event = google().controls.createEvent(s.calendarId, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await settle();
    expect(await slotStarts(s, '2030-03-05')).not.toContain('10:00');
    google().controls.deleteEvent(s.calendarId, String(event.id));
    await settle();
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toContain('10:00');
    expect((await book(s, '2030-03-05T10:00:00Z')).status).toBe(201);
  });

  it('410 from Google (sync token no longer valid) → a full list: new events blocked, blocks of events Google no longer has deleted', async () => {
    const s = await connected();
    const [cursorBefore] = await t.prisma.calendarCursor.findMany({ where: { connectionId: s.connectionId } });
    // A block whose event Google does not have (lost while the token was stale).
    await t.prisma.busyBlock.create({
      data: {
        tenantId: s.owner.tenantId,
        resourceId: s.resource.id,
        connectionId: s.connectionId,
        calendarId: s.calendarId,
        externalEventId: 'gonefromgoogle1',
        startsAt: new Date('2030-03-05T15:00:00Z'),
        endsAt: new Date('2030-03-05T16:00:00Z'),
      },
    });
    google().controls.invalidateSyncTokens(s.calendarId);
    clock.advanceMinutes(5);
    google().controls.createEvent(s.calendarId, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await settle();
    expect((await blocks(s)).map((x) => x.startsAt.toISOString())).toEqual(['2030-03-05T10:00:00.000Z']);
    const cursor = await t.prisma.calendarCursor.findFirstOrThrow({ where: { connectionId: s.connectionId } });
    expect(cursor.syncToken).toBeTruthy();
    expect(cursor.syncToken).not.toBe(cursorBefore!.syncToken);
    expect(cursor.lastFullSyncAt).toEqual(clock.now());
    // And the new token works incrementally.
    google().controls.createEvent(s.calendarId, timed('2030-03-05T12:00:00Z', '2030-03-05T13:00:00Z'));
    await settle();
    expect((await blocks(s)).map((x) => x.startsAt.toISOString())).toEqual(['2030-03-05T10:00:00.000Z', '2030-03-05T12:00:00.000Z']);
    expect((await t.prisma.calendarCursor.findFirstOrThrow({ where: { connectionId: s.connectionId } })).lastFullSyncAt).toEqual(clock.now());
  });
});

/** The booking id our push puts on its events (extendedProperties.private), if any. */
const bookingIdOf = (e: { extendedProperties?: unknown }) =>
  (e.extendedProperties as { private?: Record<string, string> } | undefined)?.private?.slotwiseBookingId;
/** Our events for a booking in the calendar (the push side's: extendedProperties.private.slotwiseBookingId). */
const oursFor = (s: Setup, bookingId: string) =>
  google()
    .controls.events(s.calendarId)
    .filter((e) => bookingIdOf(e) === bookingId);
const staffView = async (s: Setup, id: string) => (await as(t, s.owner).get(`/v1/bookings/${id}`).expect(200)).body;

describe('our own events in Google', () => {
  it('are never busy: the booking pushed to Google comes back in the sync and blocks nothing beyond the booking itself', async () => {
    const s = await connected();
    const cursor = () => t.prisma.calendarCursor.findFirstOrThrow({ where: { connectionId: s.connectionId } });
    const tokenBefore = (await cursor()).syncToken;
    const [channel] = await channelsOf(s);
    const created = await book(s, '2030-03-05T10:00:00Z').expect(201);
    await settle();
    const [event] = oursFor(s, created.body.id);
    expect(event).toMatchObject({ status: 'confirmed', start: { dateTime: '2030-03-05T10:00:00Z' } });
    // Its notification was heard and the calendar synced after the push (a new sync token).
    expect(
      google()
        .controls.notifications(channel!.channelId)
        .filter((x) => x.state === 'exists')
        .map((x) => x.status),
    ).toContain(200);
    expect((await cursor()).syncToken).not.toBe(tokenBefore);
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toEqual(['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect((await staffView(s, created.body.id)).calendarSync).toMatchObject({ state: 'SYNCED' });

    // Cancelled: our event goes from Google, the slot is free again, still no block.
    await as(t, s.owner).post(`/v1/bookings/${created.body.id}/cancel`).send({ reason: 'Customer called', version: 1 }).expect(200);
    await settle();
    expect(oursFor(s, created.body.id).map((e) => e.status)).toEqual(['cancelled']);
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toContain('10:00');
  });

  it('an event another business on Slotwise pushed (a person working for two) is busy like any appointment', async () => {
    const s = await connected();
    const other = { slotwiseTenantId: '00000000-0000-4000-8000-000000000001', slotwiseBookingId: '00000000-0000-4000-8000-000000000002' };
    google().controls.createEvent(s.calendarId, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z', { extendedProperties: { private: other } }));
    await settle();
    expect((await blocks(s)).map((x) => x.startsAt.toISOString())).toEqual(['2030-03-05T10:00:00.000Z']);
    expect((await book(s, '2030-03-05T10:00:00Z')).status).toBe(409);
  });

  it('moved or deleted by staff in Google: the booking is flagged for attention and audited, never changed or cancelled', async () => {
    const s = await connected();
    const created = await book(s, '2030-03-05T10:00:00Z').expect(201);
    await settle();
    const [event] = oursFor(s, created.body.id);
    const before = await staffView(s, created.body.id);

    clock.advanceMinutes(1);
    google().controls.updateEvent(s.calendarId, String(event!.id), { start: { dateTime: '2030-03-05T14:00:00Z' }, end: { dateTime: '2030-03-05T15:00:00Z' } });
    await settle();
    const moved = await staffView(s, created.body.id);
    expect(moved).toMatchObject({ status: 'CONFIRMED', startsAt: before.startsAt, endsAt: before.endsAt, version: before.version });
    expect(moved.calendarSync).toMatchObject({ attention: 'MOVED_IN_GOOGLE' });
    // Still ours: not busy where staff put it, and the booking still holds its own slot.
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toEqual(['09:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    const history = (await as(t, s.owner).get(`/v1/bookings/${created.body.id}/history`).expect(200)).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'booking.calendar-attention', actorType: 'google' });

    clock.advanceMinutes(1);
    google().controls.deleteEvent(s.calendarId, String(event!.id));
    await settle();
    const deleted = await staffView(s, created.body.id);
    expect(deleted).toMatchObject({ status: 'CONFIRMED', startsAt: before.startsAt, version: before.version });
    expect(deleted.calendarSync).toMatchObject({ attention: 'DELETED_IN_GOOGLE' });
    expect(
      (await as(t, s.owner).get(`/v1/bookings/${created.body.id}/history`).expect(200)).body.items.filter(
        (h: { action: string }) => h.action === 'booking.calendar-attention',
      ),
    ).toHaveLength(2);
  });
});

describe('POST /v1/webhooks/google', () => {
  it('refuses a forged token (401) and an unknown channel (404), and queues nothing; junk never answers 500', async () => {
    const s = await connected();
    const [channel] = await channelsOf(s);
    const emulated = google().controls.channels(s.calendarId)[0]!;
    const before = await syncJobsTotal();
    const headers = {
      'X-Goog-Channel-ID': channel!.channelId,
      'X-Goog-Resource-ID': channel!.googleResourceId,
      'X-Goog-Resource-State': 'exists',
      'X-Goog-Message-Number': '2',
    };
    const forged = await notify({ ...headers, 'X-Goog-Channel-Token': 'guessed' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('UNAUTHENTICATED');
    expect((await notify(headers)).status).toBe(401); // no token at all
    expect((await notify({ ...headers, 'X-Goog-Channel-Token': emulated.token!, 'X-Goog-Resource-ID': 'another-resource' })).status).toBe(401);
    const unknown = await notify({ ...headers, 'X-Goog-Channel-ID': '3f1c1a52-0000-4000-8000-000000000000', 'X-Goog-Channel-Token': emulated.token! });
    expect(unknown.status).toBe(404);
    expect((await notify({})).status).toBe(404);
    expect((await notify({ 'X-Goog-Channel-ID': 'x'.repeat(5000) })).status).toBe(404);
    const junkBody = await t.http
      .post('/v1/webhooks/google')
      .set({ ...headers, 'Content-Type': 'application/json' })
      .send('{not json');
    expect(junkBody.status).toBe(401);
    expect(await syncJobsTotal()).toBe(before);

    // The real token: acknowledged; `sync` queues nothing, `exists` queues a sync.
    expect((await notify({ ...headers, 'X-Goog-Channel-Token': emulated.token!, 'X-Goog-Resource-State': 'sync' })).body).toEqual({
      received: true,
      outcome: 'acknowledged',
    });
    expect(await syncJobsTotal()).toBe(before);
    expect((await notify({ ...headers, 'X-Goog-Channel-Token': emulated.token! })).body).toEqual({ received: true, outcome: 'queued' });
    expect(await syncJobsTotal()).toBe(before + 1);
    await settle();
  });

  it('a burst of 20 notifications queues one sync', async () => {
    const s = await connected();
    const [channel] = await channelsOf(s);
    await google().stopWorkers();
    try {
      const before = await syncJobsTotal();
      for (let i = 0; i < 20; i++) google().controls.notifyChannel(channel!.channelId, 'exists');
      await google().controls.notificationsIdle(5000);
      const answers = google()
        .controls.notifications(channel!.channelId)
        .filter((x) => x.state === 'exists');
      expect(answers).toHaveLength(20);
      expect(answers.every((x) => x.status === 200)).toBe(true);
      expect(await syncJobsTotal()).toBe(before + 1);
    } finally {
      await google().startWorkers();
    }
    await settle();
  });
});

describe('channel renewal', () => {
  it('renews a day before expiry (new channel first, then the old stopped); the old one is heard during the overlap and for an hour after', async () => {
    const s = await connected();
    const [first] = await channelsOf(s);
    const renew = () => t.jobs.runNow(channelRenewalJob(t.deps), {});

    // Five days in: not due.
    clock.set(new Date(new Date(START).getTime() + 5 * 24 * 3600_000));
    await renew();
    expect((await channelsOf(s)).map((c) => c.stoppedAt)).toEqual([null]);

    // Six days and one hour in: within a day of the expiry.
    const renewedAt = new Date(new Date(START).getTime() + (6 * 24 + 1) * 3600_000);
    clock.set(renewedAt);
    await renew();
    const [old, next] = await channelsOf(s);
    expect(old!.channelId).toBe(first!.channelId);
    expect(old!.stoppedAt).toEqual(renewedAt);
    expect(next).toMatchObject({ calendarId: s.calendarId, stoppedAt: null });
    expect(next!.expiresAt.getTime()).toBe(renewedAt.getTime() + 7 * 24 * 3600_000);
    const emulated = google().controls.channels(s.calendarId);
    expect(emulated.find((c) => c.id === old!.channelId)!.stoppedAt).not.toBeNull();
    expect(emulated.find((c) => c.id === next!.channelId)!.stoppedAt).toBeNull();
    // Running it again changes nothing.
    await renew();
    expect(await channelsOf(s)).toHaveLength(2);
    await settle();

    // A change is heard on the new channel (and synced).
    google().controls.createEvent(s.calendarId, timed('2030-03-12T10:00:00Z', '2030-03-12T11:00:00Z'));
    await settle();
    expect(
      google()
        .controls.notifications(next!.channelId)
        .filter((x) => x.state === 'exists')
        .map((x) => x.status),
    ).toEqual([200]);
    expect(await blocks(s)).toHaveLength(1);

    // A straggler from the stopped channel within the grace: accepted and synced.
    const before = await syncJobsTotal();
    google().controls.notifyChannel(old!.channelId, 'exists');
    await settle();
    expect(google().controls.notifications(old!.channelId).at(-1)).toMatchObject({ state: 'exists', status: 200 });
    expect(await syncJobsTotal()).toBe(before + 1);

    // After the grace: refused, nothing queued.
    clock.set(new Date(renewedAt.getTime() + ENDED_GRACE_MS + 60_000));
    google().controls.notifyChannel(old!.channelId, 'exists');
    await google().controls.notificationsIdle(5000);
    expect(google().controls.notifications(old!.channelId).at(-1)).toMatchObject({ state: 'exists', status: 404 });
    expect(await syncJobsTotal()).toBe(before + 1);
  });

  it('busy calendars picked in settings get channels; calendars dropped lose theirs and their blocks', async () => {
    const s = await connected();
    const second = google().controls.createCalendar({ owner: s.calendarId, summary: 'Personal' });
    google().controls.createEvent(second.id, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await as(t, s.owner)
      .patch(`/v1/resources/${s.resource.id}/calendar`)
      .send({ busyCalendarIds: [s.calendarId, second.id] })
      .expect(200);
    await settle();
    expect(
      (await channelsOf(s))
        .filter((c) => !c.stoppedAt)
        .map((c) => c.calendarId)
        .sort(),
    ).toEqual([s.calendarId, second.id].sort());
    expect(await slotStarts(s, '2030-03-05')).not.toContain('10:00');

    // Bookings still go to the primary calendar, so it stays watched; the personal one goes.
    await as(t, s.owner)
      .patch(`/v1/resources/${s.resource.id}/calendar`)
      .send({ busyCalendarIds: [s.calendarId] })
      .expect(200);
    await settle();
    const live = (await channelsOf(s)).filter((c) => !c.stoppedAt);
    expect(live.map((c) => c.calendarId)).toEqual([s.calendarId]);
    expect(
      google()
        .controls.channels(second.id)
        .every((c) => c.stoppedAt !== null),
    ).toBe(true);
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toContain('10:00');
  });
});

describe('a busy calendar deleted in Google', () => {
  it('hears not_exists, and the calendar’s blocks go', async () => {
    const s = await connected();
    const second = google().controls.createCalendar({ owner: s.calendarId, summary: 'Team rota' });
    google().controls.createEvent(second.id, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await as(t, s.owner)
      .patch(`/v1/resources/${s.resource.id}/calendar`)
      .send({ busyCalendarIds: [s.calendarId, second.id] })
      .expect(200);
    await settle();
    expect(await slotStarts(s, '2030-03-05')).not.toContain('10:00');
    const channel = (await channelsOf(s)).find((c) => c.calendarId === second.id)!;

    google().controls.deleteCalendar(second.id);
    await settle();
    expect(
      google()
        .controls.notifications(channel.channelId)
        .map((x) => [x.state, x.status]),
    ).toContainEqual(['not_exists', 200]);
    expect(await blocks(s)).toEqual([]);
    expect(await slotStarts(s, '2030-03-05')).toContain('10:00');
  });
});

describe('reconciliation', () => {
  it('syncs calendars not synced for 6 hours even without a notification', async () => {
    const s = await connected();
    const [channel] = await channelsOf(s);
    // A change whose notification never arrived (Google gave up, or we were down).
    google().controls.expireChannel(channel!.channelId);
    google().controls.createEvent(s.calendarId, timed('2030-03-05T10:00:00Z', '2030-03-05T11:00:00Z'));
    await settle();
    expect(await blocks(s)).toEqual([]);

    const reconcile = () => t.jobs.runNow(reconciliationJob(t.deps), {});
    clock.set(new Date(new Date(START).getTime() + 5 * 3600_000));
    await reconcile();
    await settle();
    expect(await blocks(s)).toEqual([]); // not due yet
    clock.set(new Date(new Date(START).getTime() + 6 * 3600_000 + 60_000));
    await reconcile();
    await settle();
    expect((await blocks(s)).map((x) => x.startsAt.toISOString())).toEqual(['2030-03-05T10:00:00.000Z']);
  });
});

describe('property: both directions settle consistently', () => {
  type Command =
    | { kind: 'book'; hour: number }
    | { kind: 'move'; pick: number; hour: number }
    | { kind: 'cancel'; pick: number }
    | { kind: 'external'; hour: number; minutes: 30 | 60 | 90; transparent: boolean }
    | { kind: 'external-move'; pick: number; hour: number }
    | { kind: 'external-delete'; pick: number }
    | { kind: 'staff-moves-ours'; pick: number; hour: number }
    | { kind: 'settle' };
  const hour = fc.integer({ min: 9, max: 16 });
  const pick = fc.nat({ max: 20 });
  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('book' as const), hour }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), pick, hour }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('external' as const),
        hour,
        minutes: fc.constantFrom(30 as const, 60 as const, 90 as const),
        transparent: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('external-move' as const), pick, hour }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('external-delete' as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('staff-moves-ours' as const), pick, hour }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
  );
  const DAY = '2030-03-05';
  const at = (h: number, m = 0) => new Date(Date.UTC(2030, 2, 5, h, m));

  it('Google holds exactly one event per active booking, busy blocks mirror the external busy events, and no free slot overlaps either', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 10 }), async (commands) => {
        clock.set(START);
        const s = await connected();
        const bookingIds: string[] = [];
        const externalIds: string[] = [];
        const of = <T>(list: T[], i: number) => (list.length ? list[i % list.length] : undefined);
        for (const c of commands) {
          if (c.kind === 'book') {
            const res = await book(s, at(c.hour).toISOString());
            expect([201, 409]).toContain(res.status);
            if (res.status === 201) bookingIds.push(res.body.id);
          } else if (c.kind === 'move' || c.kind === 'cancel') {
            const id = of(bookingIds, c.pick);
            if (!id) continue;
            const current = await staffView(s, id);
            const res =
              c.kind === 'move'
                ? await as(t, s.owner)
                    .patch(`/v1/bookings/${id}`)
                    .send({ version: current.version, startsAt: at(c.hour).toISOString() })
                : await as(t, s.owner).post(`/v1/bookings/${id}/cancel`).send({ version: current.version, reason: 'Changed plans' });
            expect([200, 409]).toContain(res.status);
          } else if (c.kind === 'external') {
            const event = google().controls.createEvent(
              s.calendarId,
              timed(at(c.hour).toISOString(), at(c.hour, c.minutes).toISOString(), c.transparent ? { transparency: 'transparent' } : {}),
            );
            externalIds.push(String(event.id));
          } else if (c.kind === 'external-move' || c.kind === 'external-delete') {
            const id = of(externalIds, c.pick);
            if (
              !id ||
              google()
                .controls.events(s.calendarId)
                .find((e) => e.id === id)?.status === 'cancelled'
            )
              continue;
            if (c.kind === 'external-delete') google().controls.deleteEvent(s.calendarId, id);
            else
              google().controls.updateEvent(s.calendarId, id, {
                start: { dateTime: at(c.hour).toISOString() },
                end: { dateTime: at(c.hour, 45).toISOString() },
              });
          } else if (c.kind === 'staff-moves-ours') {
            const id = of(bookingIds, c.pick);
            const live = id ? oursFor(s, id).filter((e) => e.status !== 'cancelled') : [];
            if (!live[0]) continue;
            google().controls.updateEvent(s.calendarId, String(live[0].id), {
              start: { dateTime: at(c.hour).toISOString() },
              end: { dateTime: at(c.hour + 1).toISOString() },
            });
          } else {
            await settle();
          }
        }
        await settle();

        // Google: exactly one live event per active booking, none for the others.
        const bookings = await Promise.all(bookingIds.map((id) => staffView(s, id)));
        const active = bookings.filter((b) => b.status === 'CONFIRMED');
        for (const b of bookings) {
          const live = oursFor(s, b.id).filter((e) => e.status !== 'cancelled');
          expect(live, `events of booking ${b.id} (${b.status})`).toHaveLength(b.status === 'CONFIRMED' ? 1 : 0);
        }
        // Busy blocks: exactly the external events that are busy now, at their times.
        const external = google()
          .controls.events(s.calendarId)
          .filter((e) => !bookingIdOf(e))
          .filter((e) => e.status !== 'cancelled' && e.transparency !== 'transparent');
        const expected = external
          .map((e) => ({ id: String(e.id), start: Date.parse(String((e.start as { dateTime: string }).dateTime)) }))
          .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
        const actual = (await blocks(s))
          .map((b) => ({ id: b.externalEventId, start: b.startsAt.getTime() }))
          .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
        expect(actual).toEqual(expected);
        // No slot offered as free overlaps a busy block or an active booking.
        const taken = [
          ...(await blocks(s)).map((b) => [b.startsAt.getTime(), b.endsAt.getTime()]),
          ...active.map((b) => [Date.parse(b.startsAt), Date.parse(b.endsAt)]),
        ];
        for (const start of await slotStarts(s, DAY)) {
          const from = Date.parse(`${DAY}T${start}:00Z`);
          const to = from + 60 * 60_000;
          expect(
            taken.filter(([a, b]) => a! < to && from < b!),
            `slot ${start}`,
          ).toEqual([]);
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  });
});

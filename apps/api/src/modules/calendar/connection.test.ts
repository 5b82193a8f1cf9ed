import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { connectCalendar, followCallback } from '../../../test/calendar-factories';
import { createResource } from '../../../test/catalog-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { TEST_GOOGLE_CLIENT_ID, TEST_GOOGLE_CLIENT_SECRET } from '../../../test/google';
import { ConfigError, loadConfig } from '../../config';
import { ManualClock } from '../../platform/clock';
import { runWithContext } from '../../platform/context';
import { connectionBrokenEmailJob, oauthStatesCleanupJob } from './calendar.jobs';
import { CalendarConnectionBroken } from './connection.errors';
import { createCalendarConnectionService } from './connection.service';
import { createTokenCipher } from './crypto';

/**
 * Connecting a resource's Google Calendar, through HTTP against the Google emulator: consent with
 * a single-use state bound to the session, tokens encrypted at rest under a named key (rotation),
 * the calendars picked, disconnecting, a revoked grant, and who may do what.
 */

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const SCOPES = ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly'];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const clock = new ManualClock(new Date());
let t: TestApp;
let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // k2 encrypts; k1 (an older key) still decrypts.
  t = await createTestApp({
    clock,
    google: true,
    env: { SMTP_URL: smtp.url, CALENDAR_TOKEN_KEYS: `k2:${K2.toString('base64')},k1:${K1.toString('base64')}` },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

const google = () => t.google!;
const aad = (tenantId: string, resourceId: string) => `${tenantId}:${resourceId}`;

async function ownerWithResource(opts: { userId?: string | null; owner?: Staff } = {}) {
  const owner = opts.owner ?? (await signUpTenant(t));
  const resource = await createResource(t, owner, { userId: opts.userId ?? null });
  return { owner, resource };
}

/** The emulator's token endpoint, as google-auth-library would refresh. */
async function refresh(refreshToken: string) {
  const res = await fetch(`${google().url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: TEST_GOOGLE_CLIENT_ID,
      client_secret: TEST_GOOGLE_CLIENT_SECRET,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function queued(name: string, connectionId: string) {
  return t.prisma.$queryRaw<{ data: Record<string, string> }[]>`
    SELECT data FROM pgboss.job WHERE name = ${name} AND data->>'connectionId' = ${connectionId} ORDER BY created_on`;
}

/** A second session of the same person (signing in again in another browser). */
async function signInAgain(who: Staff): Promise<Staff> {
  const res = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: who.email, password: who.password }).expect(200);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('slotwise_session='))!;
  return { ...who, cookie: cookie.split(';')[0]! };
}

function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return runWithContext({ requestId: randomUUID(), correlationId: randomUUID(), logger: t.deps.logger, tenantId }, fn);
}

describe('connecting', () => {
  it("gives Google's consent URL for offline access with a single-use state; the callback stores the refresh token encrypted under the current key", async () => {
    const { owner, resource } = await ownerWithResource();
    const res = await as(t, owner).post(`/v1/resources/${resource.id}/calendar/connect`).expect(200);
    const url = new URL(res.body.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${google().url}/o/oauth2/v2/auth`);
    const q = url.searchParams;
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(TEST_GOOGLE_CLIENT_ID);
    expect(q.get('redirect_uri')).toBe('http://localhost:3000/v1/calendar/oauth/callback');
    expect(q.get('scope')!.split(' ').sort()).toEqual(SCOPES);
    const state = q.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the state's hash is stored, with a 10-minute expiry.
    const stored = await t.prisma.calendarOAuthState.findFirstOrThrow({ where: { resourceId: resource.id } });
    expect(stored.stateHash).toBe(sha256(state));
    expect(stored.expiresAt.getTime() - clock.now().getTime()).toBe(10 * 60_000);

    const approved = google().controls.approve({ url: res.body.url, email: 'ana@salon.test' });
    const back = await followCallback(t, owner, approved.redirectUrl).expect(303);
    expect(back.headers.location).toBe(`http://localhost:3000/services/resources/${resource.id}?calendar=connected`);

    const row = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { resourceId: resource.id } });
    expect(row).toMatchObject({
      status: 'CONNECTED',
      accountEmail: 'ana@salon.test',
      tokenKeyId: 'k2',
      busyCalendarIds: ['ana@salon.test'],
      targetCalendarId: null,
    });
    expect(row.scopes.sort()).toEqual(SCOPES);
    const refreshToken = createTokenCipher([{ id: 'k2', key: K2 }]).decrypt(row.encryptedRefreshToken, aad(owner.tenantId, resource.id));
    expect(refreshToken).toMatch(/^1\/\//);
    expect(row.encryptedRefreshToken).not.toContain(refreshToken);
    expect(row.encryptedRefreshToken.startsWith('k2.')).toBe(true);
    // It is the grant's real refresh token: Google (the emulator) gives an access token for it.
    expect((await refresh(refreshToken)).status).toBe(200);
    // Bound to its row: the same ciphertext does not decrypt as another resource's.
    expect(() => createTokenCipher([{ id: 'k2', key: K2 }]).decrypt(row.encryptedRefreshToken, aad(owner.tenantId, randomUUID()))).toThrow();

    // The backfill and the channels are asked for; the change is audited.
    expect(await queued('calendar.backfill', row.id)).toEqual([{ data: expect.objectContaining({ tenantId: owner.tenantId, connectionId: row.id }) }]);
    expect(await queued('calendar.channels-ensure', row.id)).toHaveLength(1);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { tenantId: owner.tenantId, action: 'calendar.connected' } });
    expect(audit).toMatchObject({ actorType: 'user', actorId: owner.userId, resourceId: resource.id });
    expect(JSON.stringify(audit.changes)).not.toContain('ana@salon.test');

    const view = await as(t, owner).get(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(view.body).toMatchObject({
      resourceId: resource.id,
      status: 'CONNECTED',
      accountEmail: 'ana@salon.test',
      busyCalendarIds: ['ana@salon.test'],
      calendars: [{ id: 'ana@salon.test', primary: true, accessRole: 'owner' }],
      lastError: null,
      channelExpiresAt: null,
    });
  });

  it('refuses a state used before, from another session, without a session, or older than 10 minutes; nothing is connected', async () => {
    const { owner, resource } = await ownerWithResource();
    const start = async (who: Staff) => (await as(t, who).post(`/v1/resources/${resource.id}/calendar/connect`).expect(200)).body.url as string;
    const messageOf = (location: string) => new URL(location).searchParams.get('message');

    // From another session of the same person: refused, and the state is spent.
    const other = await signInAgain(owner);
    const first = google().controls.approve({ url: await start(owner) }).redirectUrl;
    const wrongSession = await followCallback(t, other, first).expect(303);
    expect(new URL(wrongSession.headers.location!).searchParams.get('calendar')).toBe('error');
    expect(messageOf(wrongSession.headers.location!)).toContain('another session');
    const reused = await followCallback(t, owner, first).expect(303);
    expect(messageOf(reused.headers.location!)).toContain('used already');

    // Without a session cookie at all.
    const noCookie = await followCallback(t, null, google().controls.approve({ url: await start(owner) }).redirectUrl).expect(303);
    expect(messageOf(noCookie.headers.location!)).toContain('another session');

    // Too late.
    const late = google().controls.approve({ url: await start(owner) }).redirectUrl;
    clock.set(new Date(clock.now().getTime() + 10 * 60_000 + 1000));
    const expired = await followCallback(t, owner, late).expect(303);
    expect(messageOf(expired.headers.location!)).toContain('took too long');

    // A made-up state.
    const forged = await followCallback(t, owner, `http://localhost:3000/v1/calendar/oauth/callback?state=${'x'.repeat(43)}&code=abc`).expect(303);
    expect(forged.headers.location).toMatch(/^http:\/\/localhost:3000\/services\/resources\?calendar=error&message=/);
    expect(await t.prisma.calendarConnection.count({ where: { resourceId: resource.id } })).toBe(0);

    // A used state stays used even when presented in the right session.
    const good = google().controls.approve({ url: await start(owner) }).redirectUrl;
    await followCallback(t, owner, good).expect(303);
    const again = await followCallback(t, owner, good).expect(303);
    expect(messageOf(again.headers.location!)).toContain('used already');
    expect(await t.prisma.calendarConnection.count({ where: { resourceId: resource.id } })).toBe(1);
  });

  it('an hourly job deletes states past their 10 minutes, and only those', async () => {
    const { owner, resource } = await ownerWithResource();
    await as(t, owner).post(`/v1/resources/${resource.id}/calendar/connect`).expect(200);
    clock.set(new Date(clock.now().getTime() + 10 * 60_000 + 1000));
    await as(t, owner).post(`/v1/resources/${resource.id}/calendar/connect`).expect(200);
    await t.jobs.runNow(oauthStatesCleanupJob(t.deps), {});
    const left = await t.prisma.calendarOAuthState.findMany({ where: { resourceId: resource.id } });
    expect(left).toHaveLength(1);
    expect(left[0]!.expiresAt.getTime()).toBeGreaterThan(clock.now().getTime());
  });

  it('Deny on the consent page goes back to the resource page with a message; nothing is stored', async () => {
    const { owner, resource } = await ownerWithResource();
    const url = (await as(t, owner).post(`/v1/resources/${resource.id}/calendar/connect`).expect(200)).body.url as string;
    const denied = google().controls.deny({ url });
    const back = await followCallback(t, owner, denied.redirectUrl).expect(303);
    const location = new URL(back.headers.location!);
    expect(location.pathname).toBe(`/services/resources/${resource.id}`);
    expect(location.searchParams.get('calendar')).toBe('denied');
    expect(location.searchParams.get('message')).toBe('Google Calendar was not connected: access was declined on the Google page.');
    expect(await t.prisma.calendarConnection.count({ where: { resourceId: resource.id } })).toBe(0);
    expect((await as(t, owner).get(`/v1/resources/${resource.id}/calendar`).expect(200)).body.status).toBe('NOT_CONNECTED');
  });
});

describe('picking calendars', () => {
  it('bookings go to a calendar the person can edit (a read-only one is refused); busy calendars must be theirs to see', async () => {
    const { owner, resource } = await ownerWithResource();
    const email = `pick-${randomUUID().slice(0, 8)}@salon.test`;
    const work = google().controls.createCalendar({ owner: email, summary: 'Work' });
    const rota = google().controls.createCalendar({ owner: 'manager@salon.test', summary: 'Team rota' });
    google().controls.shareCalendar(rota.id, { email, role: 'reader' });
    await connectCalendar(t, owner, resource.id, { email });
    const path = `/v1/resources/${resource.id}/calendar`;

    const view = await as(t, owner).get(path).expect(200);
    expect(view.body.calendars).toEqual([
      { id: email, summary: email, primary: true, accessRole: 'owner', timeZone: 'UTC' },
      { id: work.id, summary: 'Work', primary: false, accessRole: 'owner', timeZone: 'UTC' },
      { id: rota.id, summary: 'Team rota', primary: false, accessRole: 'reader', timeZone: 'UTC' },
    ]);

    const readOnly = await as(t, owner).patch(path).send({ targetCalendarId: rota.id }).expect(400);
    expect(readOnly.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Bookings can only go to a calendar you can edit; "Team rota" is read-only',
    });
    const unknown = await as(t, owner)
      .patch(path)
      .send({ busyCalendarIds: ['someone-else@salon.test'] })
      .expect(400);
    expect(unknown.body.error.details).toMatchObject({ field: 'busyCalendarIds' });

    const picked = await as(t, owner)
      .patch(path)
      .send({ targetCalendarId: work.id, busyCalendarIds: [email, rota.id, email] })
      .expect(200);
    expect(picked.body).toMatchObject({ status: 'CONNECTED', targetCalendarId: work.id, busyCalendarIds: [email, rota.id] });
    const row = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { resourceId: resource.id } });
    expect(row).toMatchObject({ targetCalendarId: work.id, busyCalendarIds: [email, rota.id] });
    // New busy calendars: channels are seen to again.
    expect(await queued('calendar.channels-ensure', row.id)).toHaveLength(2);
    const updated = await t.prisma.auditLog.findFirstOrThrow({ where: { tenantId: owner.tenantId, action: 'calendar.updated', resourceId: resource.id } });
    expect(updated.changes).toEqual({ before: { target: 'primary', busyCalendars: 1 }, after: { target: 'secondary', busyCalendars: 2 } });
  });
});

describe('disconnecting', () => {
  it("stops the watch channels at Google, revokes the grant, deletes the connection; the bookings' events become NOT_CONNECTED", async () => {
    const bookable = await setUpBookable(t);
    const { owner, resource } = bookable;
    const { connection, email } = await connectCalendar(t, owner, resource.id, { email: `bye-${randomUUID().slice(0, 8)}@salon.test` });
    // A live channel on the primary calendar, made as the sync side makes them.
    const service = createCalendarConnectionService(t.deps);
    const channelId = randomUUID();
    const channel = await inTenant(owner.tenantId, () =>
      service.withCalendar(connection.id, (gcal) => gcal.watch(email, { id: channelId, address: `${google().appUrl}/v1/webhooks/google`, token: 'secret' })),
    );
    await t.prisma.calendarChannel.create({
      data: {
        tenantId: owner.tenantId,
        connectionId: connection.id,
        calendarId: email,
        channelId,
        googleResourceId: channel.resourceId,
        tokenHash: sha256('secret'),
        expiresAt: channel.expiresAt,
      },
    });
    expect((await as(t, owner).get(`/v1/resources/${resource.id}/calendar`).expect(200)).body.channelExpiresAt).toBe(channel.expiresAt.toISOString());
    // A booking already in Google.
    const booking = await t.http
      .post(`/v1/public/tenants/${owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: bookable.service.id, startsAt: nextWeekdayAt10(), timeZone: 'UTC', customer: customer('gcal') })
      .expect(201);
    await t.prisma.bookingCalendarEvent.upsert({
      where: { bookingId: booking.body.id },
      create: {
        bookingId: booking.body.id,
        tenantId: owner.tenantId,
        connectionId: connection.id,
        calendarId: email,
        eventId: booking.body.id.replace(/-/g, ''),
        state: 'SYNCED',
      },
      update: { connectionId: connection.id, calendarId: email, eventId: booking.body.id.replace(/-/g, ''), state: 'SYNCED' },
    });
    const refreshToken = createTokenCipher([{ id: 'k2', key: K2 }]).decrypt(connection.encryptedRefreshToken, aad(owner.tenantId, resource.id));

    const res = await as(t, owner).delete(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(res.body).toMatchObject({ status: 'NOT_CONNECTED', accountEmail: null, calendars: [] });
    expect(google().controls.channels(email)).toEqual([expect.objectContaining({ id: channelId, state: 'stopped' })]);
    expect(google().controls.grants(email)).toEqual([expect.objectContaining({ revoked: true })]);
    expect(await refresh(refreshToken)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await t.prisma.calendarConnection.count({ where: { resourceId: resource.id } })).toBe(0);
    expect(await t.prisma.calendarChannel.count({ where: { connectionId: connection.id } })).toBe(0);
    expect(await t.prisma.bookingCalendarEvent.findUniqueOrThrow({ where: { bookingId: booking.body.id } })).toMatchObject({
      state: 'NOT_CONNECTED',
      connectionId: null,
    });
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId, action: 'calendar.disconnected', resourceId: resource.id } })).toBe(1);
    // Connecting again works from scratch.
    await connectCalendar(t, owner, resource.id, { email });
  });
});

describe('a revoked grant', () => {
  it('marks the connection BROKEN on its next use, says why in plain words, and emails the staff member and the owners once', async () => {
    const owner = await signUpTenant(t);
    const stylist = await addMember(t, owner, 'STAFF');
    const coOwner = await addMember(t, owner, 'OWNER');
    const admin = await addMember(t, owner, 'ADMIN');
    const { resource } = await ownerWithResource({ owner, userId: stylist.userId });
    const email = `revoked-${randomUUID().slice(0, 8)}@salon.test`;
    const { connection } = await connectCalendar(t, stylist, resource.id, { email });
    google().controls.revokeGrants(email);

    // The next use (here the calendar list of the settings page; a push or sync job alike).
    const view = await as(t, stylist).get(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(view.body).toMatchObject({ status: 'BROKEN', calendars: [], lastErrorAt: clock.now().toISOString() });
    expect(view.body.lastError).toMatch(/^Google no longer accepts this connection: access was removed in the Google account, or it expired\./);
    const service = createCalendarConnectionService(t.deps);
    await expect(inTenant(owner.tenantId, () => service.withCalendar(connection.id, (gcal) => gcal.calendarList()))).rejects.toBeInstanceOf(
      CalendarConnectionBroken,
    );
    await as(t, owner).get(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId, action: 'calendar.broken' } })).toBe(1);

    // One email job for the breakage, however often the connection was used since.
    const jobs = await queued('calendar.connection-broken-email', connection.id);
    expect(jobs).toHaveLength(1);
    await t.jobs.runNow(connectionBrokenEmailJob(t.deps), jobs[0]!.data as never);
    await t.jobs.runNow(connectionBrokenEmailJob(t.deps), jobs[0]!.data as never);
    const mails = smtp.messages().filter((m) => m.subject.includes(resource.name));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([owner.email, coOwner.email, stylist.email].sort());
    expect(mails.map((m) => m.to[0])).not.toContain(admin.email);
    expect(mails[0]!.subject).toMatch(/: Google Calendar sync stopped for /);
    expect(mails[0]!.text).toContain('Bookings are not affected');
    expect(mails[0]!.text).toContain(`http://localhost:3000/services/resources/${resource.id}`);

    // Reconnecting clears it; a later breakage is a new one with emails of its own.
    await connectCalendar(t, stylist, resource.id, { email });
    const healthy = await as(t, stylist).get(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(healthy.body).toMatchObject({ status: 'CONNECTED', lastError: null });
  });
});

describe('token keys', () => {
  it('a token encrypted under an older key still decrypts, and is written again under the current key on the next use', async () => {
    const { owner, resource } = await ownerWithResource();
    const { connection } = await connectCalendar(t, owner, resource.id, { email: `rot-${randomUUID().slice(0, 8)}@salon.test` });
    const context = aad(owner.tenantId, resource.id);
    const current = createTokenCipher([{ id: 'k2', key: K2 }]);
    const old = createTokenCipher([{ id: 'k1', key: K1 }]);
    const refreshToken = current.decrypt(connection.encryptedRefreshToken, context);
    const accessToken = current.decrypt(connection.encryptedAccessToken!, context);
    // As it was stored before k2 existed.
    await t.prisma.calendarConnection.update({
      where: { id: connection.id },
      data: { encryptedRefreshToken: old.encrypt(refreshToken, context), encryptedAccessToken: old.encrypt(accessToken, context), tokenKeyId: 'k1' },
    });

    const view = await as(t, owner).get(`/v1/resources/${resource.id}/calendar`).expect(200);
    expect(view.body.calendars).toHaveLength(1);
    const row = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.tokenKeyId).toBe('k2');
    expect(row.encryptedRefreshToken.startsWith('k2.')).toBe(true);
    expect(current.decrypt(row.encryptedRefreshToken, context)).toBe(refreshToken);
    expect(current.decrypt(row.encryptedAccessToken!, context)).toBe(accessToken);
  });

  it('config: keys are kid:base64 of 32 bytes, and required in production with Google configured', () => {
    const base = { DATABASE_URL: 'postgres://x/y', GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' };
    expect(() => loadConfig({ ...base, CALENDAR_TOKEN_KEYS: 'k1:c2hvcnQ=' })).toThrow(/key k1 must be 32 bytes/);
    expect(() => loadConfig({ ...base, CALENDAR_TOKEN_KEYS: `k1:${K1.toString('base64')},k1:${K2.toString('base64')}` })).toThrow(/appears twice/);
    const production = { ...base, NODE_ENV: 'production', SECRET_KEY: 'a-real-secret-for-this-test-0123456789' };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/CALENDAR_TOKEN_KEYS: required with GOOGLE_CLIENT_ID in production/);
    expect(() => loadConfig({ ...base, GOOGLE_CLIENT_SECRET: undefined })).toThrow(/go together/);
  });
});

describe('who may manage a calendar', () => {
  it("the resource's own staff member, an OWNER or an ADMIN; another STAFF member 403; another business 404", async () => {
    const owner = await signUpTenant(t);
    const stylist = await addMember(t, owner, 'STAFF');
    const colleague = await addMember(t, owner, 'STAFF');
    const admin = await addMember(t, owner, 'ADMIN');
    const { resource: own } = await ownerWithResource({ owner, userId: stylist.userId });
    const { resource: theirs } = await ownerWithResource({ owner, userId: colleague.userId });
    const { resource: nobodys } = await ownerWithResource({ owner });

    await as(t, stylist).post(`/v1/resources/${own.id}/calendar/connect`).expect(200);
    for (const id of [theirs.id, nobodys.id]) {
      const refused = await as(t, stylist).post(`/v1/resources/${id}/calendar/connect`).expect(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      await as(t, stylist).get(`/v1/resources/${id}/calendar`).expect(403);
      await as(t, stylist).patch(`/v1/resources/${id}/calendar`).send({ busyCalendarIds: [] }).expect(403);
      await as(t, stylist).delete(`/v1/resources/${id}/calendar`).expect(403);
    }
    await connectCalendar(t, admin, theirs.id, { email: `adm-${randomUUID().slice(0, 8)}@salon.test` });
    expect((await as(t, colleague).get(`/v1/resources/${theirs.id}/calendar`).expect(200)).body.status).toBe('CONNECTED');

    const stranger = await signUpTenant(t);
    const foreign = await as(t, stranger).post(`/v1/resources/${own.id}/calendar/connect`).expect(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    await as(t, stranger).get(`/v1/resources/${theirs.id}/calendar`).expect(404);
    await as(t, stranger).delete(`/v1/resources/${theirs.id}/calendar`).expect(404);
    expect(await t.prisma.calendarConnection.count({ where: { resourceId: theirs.id } })).toBe(1);
  });
});

/** 10:00 UTC on a weekday a week or so ahead (the bookable hours are weekdays 9–17 in London). */
function nextWeekdayAt10(): string {
  const d = new Date(clock.now().getTime() + 7 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return `${d.toISOString().slice(0, 10)}T10:00:00Z`;
}

import { randomUUID } from 'node:crypto';
import { outboxRouter, startSmtpCapture, type CapturedMail, type SmtpCapture } from '@slotwise/emulator-smtp';
import express from 'express';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable, type Bookable } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, type Staff } from '../../../test/factories';
import { createApp } from '../../app';
import type { AppDeps } from '../../platform/deps';
import { ManualClock } from '../../platform/clock';
import { runWithContext } from '../../platform/context';
import { jobId } from '../../platform/jobs';
import { createMailer, MailDisabledError } from '../../platform/mailer';
import { withTenant } from '../../platform/tenancy';
import { verifyManageToken } from '../selfservice/manage-link';
import { bookingEventJob, emailJob } from './notifications.jobs';
import type { BookingEvent, EmailJobData } from './notifications.queues';
import { dedupeKeys, type EmailKind } from './notifications.keys';
import { createNotifier } from './notifications.service';

// Monday 2030-03-04 08:00 UTC. London is on GMT, New York on EST (DST starts 2030-03-10).
const START = '2030-03-04T08:00:00Z';
const clock = new ManualClock(START);
let smtp: SmtpCapture;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
beforeEach(() => clock.set(START));

type World = Bookable & { admin: Staff; staff: Staff; bookingId: string; customerEmail: string };

/** A London business with an owner, an admin and a staff member, and one confirmed booking by a New Yorker. */
async function setUp(startsAt = '2030-03-05T10:00:00Z'): Promise<World> {
  const bookable = await setUpBookable(t, { timeZone: 'Europe/London' });
  await as(t, bookable.owner).patch('/v1/tenant').send({ brandDisplayName: 'Clip & Co <London>', brandAccentColor: '#0b7a75' }).expect(200);
  const admin = await addMember(t, bookable.owner, 'ADMIN');
  const staff = await addMember(t, bookable.owner, 'STAFF');
  const customerEmail = `c-${randomUUID().slice(0, 8)}@example.test`;
  const res = await t.http
    .post(`/v1/public/tenants/${bookable.owner.slug}/bookings`)
    .set('Origin', ORIGIN)
    .set('X-Correlation-ID', 'test-correlation')
    .send({ serviceId: bookable.service.id, startsAt, timeZone: 'America/New_York', customer: { ...customer('ny'), email: customerEmail } })
    .expect(201);
  await drainBookingEvents();
  return { ...bookable, admin, staff, bookingId: res.body.id, customerEmail };
}

/**
 * The deps these tests run handlers with. A booking event sends its emails itself as it queues
 * them (jobs.sendAndRun); here it only queues them, as when its process dies before sending, so
 * that each test can run the email jobs one by one (the last describe covers sending at once).
 */
const queueOnly = (): AppDeps => ({ ...t.deps, jobs: { ...t.jobs, sendAndRun: (queue, items) => t.jobs.sendMany(queue, items) } });

/**
 * Booking changes announce themselves with one `booking.event` job (workers are off in tests);
 * run the ones not run yet, as the worker would, so their emails get queued.
 */
const drained = new Set<string>();
async function drainBookingEvents(): Promise<void> {
  const events = await t.prisma.$queryRaw<{ id: string; data: BookingEvent }[]>`
    SELECT id::text, data FROM pgboss.job WHERE name = 'booking.event' AND state = 'created' ORDER BY created_on`;
  for (const e of events) {
    if (drained.has(e.id)) continue;
    drained.add(e.id);
    await t.jobs.runNow(bookingEventJob(queueOnly()), e.data);
  }
}

/**
 * bookings.service calls the notifier after each change (the HTTP calls below); these direct
 * calls repeat it, as a retried request would, to show repeats queue nothing new.
 */
function asTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return runWithContext({ requestId: randomUUID(), correlationId: 'test-correlation', logger: pino({ level: 'silent' }) }, () => withTenant(tenantId, fn));
}
const notifier = (w: World) => ({
  confirmed: () => asTenant(w.owner.tenantId, () => createNotifier(queueOnly()).bookingConfirmed(w.bookingId)),
  cancelled: () => asTenant(w.owner.tenantId, () => createNotifier(queueOnly()).bookingCancelled(w.bookingId)),
  rescheduled: (version: number, previousStartsAt: string) =>
    asTenant(w.owner.tenantId, () => createNotifier(queueOnly()).bookingRescheduled(w.bookingId, version, previousStartsAt)),
});

type QueuedJob = { id: string; data: EmailJobData; state: string; startAfter: string };
// start_after as UTC text: $queryRaw misreads timestamptz when the session's TimeZone isn't UTC.
const queued = (bookingId: string, kind?: EmailKind) =>
  t.prisma.$queryRaw<QueuedJob[]>`
    SELECT id::text, data, state::text, to_char(start_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startAfter"
    FROM pgboss.job
    WHERE name = 'email.send' AND data->>'bookingId' = ${bookingId} AND (${kind ?? null}::text IS NULL OR data->>'kind' = ${kind ?? null})
    ORDER BY created_on`;

/** Runs each queued email job of that kind twice, as a retry after a lost acknowledgement would. */
async function runTwice(bookingId: string, kind: EmailKind): Promise<void> {
  const jobs = (await queued(bookingId, kind)).filter((j) => j.state === 'created');
  expect(jobs.length).toBeGreaterThan(0);
  for (const job of jobs) {
    await t.jobs.runNow(emailJob(t.deps), job.data);
    await t.jobs.runNow(emailJob(t.deps), job.data);
  }
}

const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));
function onlyMail(address: string, subjectStart: string): CapturedMail {
  const found = mailTo(address).filter((m) => m.subject.startsWith(subjectStart));
  expect(found, `${subjectStart}… to ${address}`).toHaveLength(1);
  return found[0]!;
}

/** Properties of the single VEVENT, after unfolding continuation lines. */
function parseIcs(content: Buffer): Record<string, string> {
  const lines = content
    .toString('utf8')
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  const props: Record<string, string> = {};
  for (const line of lines) {
    const m = /^([A-Z-]+)(?:;[^:]*)?:(.*)$/.exec(line);
    if (m && !(m[1]! in props)) props[m[1]!] = m[2]!;
  }
  return props;
}

function expectManageLink(mail: CapturedMail, w: World): string {
  const url = /http:\/\/localhost:3000\/manage\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text)?.[0];
  expect(url, 'manage link in the text part').toBeDefined();
  expect(mail.html).toContain(url!);
  const token = url!.split('/').pop()!;
  expect(verifyManageToken(t.deps, token, clock.now())).toEqual({ bookingId: w.bookingId, tenantId: w.owner.tenantId });
  return url!;
}

describe('booking confirmed', () => {
  it('sends the customer a confirmation with an .ics, in their zone, exactly once', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    await runTwice(w.bookingId, 'booking.confirmation');

    const mail = onlyMail(w.customerEmail, 'Confirmed:');
    expect(mail.to).toEqual([w.customerEmail]);
    expect(mail.from).toContain('no-reply@slotwise.local');
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@slotwise\.local>$/);
    // 10:00 UTC is 5:00 AM in New York, and the zone is named.
    expect(mail.subject).toBe(`Confirmed: ${w.service.name} on Tue, Mar 5, 5:00 AM EST`);
    expect(mail.text).toContain('Tuesday, March 5, 2030, 5:00 AM – 6:00 AM EST');
    expect(mail.text).toContain('America/New_York');
    expect(mail.text).toContain('Clip & Co <London>');
    expect(mail.html).toContain('Clip &amp; Co &lt;London&gt;');
    expect(mail.html).not.toContain('<London>');
    expect(mail.html).toContain('#0b7a75');
    expect(mail.html).toContain('5:00 AM – 6:00 AM EST');
    expectManageLink(mail, w);

    expect(mail.attachments).toHaveLength(1);
    const [ics] = mail.attachments;
    expect(ics).toMatchObject({ filename: 'booking.ics', contentType: 'text/calendar' });
    const event = parseIcs(ics!.content);
    expect(event).toMatchObject({
      METHOD: 'PUBLISH',
      UID: `${w.bookingId}@slotwise`,
      DTSTART: '20300305T100000Z',
      DTEND: '20300305T110000Z',
      SEQUENCE: '1',
      SUMMARY: `${w.service.name} with Clip & Co <London>`,
    });
    expect(event.DESCRIPTION).toContain('/manage/');

    const log = await t.prisma.emailLog.findMany({ where: { bookingId: w.bookingId } });
    expect(log).toMatchObject([
      { kind: 'booking.confirmation', dedupeKey: `confirm:${w.bookingId}`, recipient: w.customerEmail, status: 'SENT', tenantId: w.owner.tenantId },
    ]);
  });

  it("tells each owner and admin in an email of their own, not staff, in the tenant's zone and without the customer's link", async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    await runTwice(w.bookingId, 'tenant.new_booking');

    const mail = onlyMail(w.owner.email, 'New booking:');
    const toAdmin = onlyMail(w.admin.email, 'New booking:');
    // Nobody learns who else was told: one recipient each, in the header and the envelope.
    expect(mail.to).toEqual([w.owner.email]);
    expect(toAdmin.to).toEqual([w.admin.email]);
    expect(mail.messageId).not.toBe(toAdmin.messageId);
    expect(toAdmin.subject).toBe(mail.subject);
    const log = await t.prisma.emailLog.findMany({ where: { bookingId: w.bookingId, kind: 'tenant.new_booking' }, orderBy: { recipient: 'asc' } });
    expect(log.map((l) => [l.recipient, l.dedupeKey]).sort()).toEqual(
      [
        [w.owner.email, dedupeKeys.tenantNewBooking(w.bookingId, w.owner.userId)],
        [w.admin.email, dedupeKeys.tenantNewBooking(w.bookingId, w.admin.userId)],
      ].sort(),
    );
    expect(mailTo(w.staff.email)).toHaveLength(0);
    expect(mailTo(w.customerEmail)).toHaveLength(0);
    expect(mail.subject).toBe(`New booking: Customer ny, ${w.service.name} on Tue, Mar 5, 10:00 AM GMT`);
    expect(mail.text).toContain('Tuesday, March 5, 2030, 10:00 AM – 11:00 AM GMT');
    expect(mail.text).toContain('Europe/London');
    expect(mail.text).toContain(w.customerEmail);
    expect(mail.text).toContain('http://localhost:3000/bookings');
    expect(mail.text).not.toContain('/manage/');
    expect(mail.html).toContain('10:00 AM – 11:00 AM GMT');
    expect(mail.attachments).toHaveLength(0);
  });

  it('turns a staff email queued for everyone at once (before this release) into one job per owner and admin', async () => {
    const w = await setUp();
    // An admin who joined after the booking event ran: only the old-style job can name them now.
    const late = await addMember(t, w.owner, 'ADMIN');
    const legacy: EmailJobData = { tenantId: w.owner.tenantId, kind: 'tenant.new_booking', bookingId: w.bookingId, dedupeKey: `tenant-new:${w.bookingId}` };
    await t.jobs.runNow(emailJob(t.deps), legacy);
    expect(
      smtp
        .messages()
        .filter(
          (m) =>
            m.subject.startsWith('New booking:') &&
            m.subject.includes('Customer ny') &&
            m.to.some((a) => [w.owner.email, w.admin.email, late.email].includes(a)),
        ),
    ).toHaveLength(0);
    const jobs = await queued(w.bookingId, 'tenant.new_booking');
    expect(jobs.map((j) => j.data.recipientUserId).sort()).toEqual([w.owner.userId, w.admin.userId, late.userId].sort());
    await runTwice(w.bookingId, 'tenant.new_booking');
    for (const who of [w.owner, w.admin, late]) expect(onlyMail(who.email, 'New booking:').to).toEqual([who.email]);
  });

  it('queues each email once however often it is notified, with the correlation id', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    await notifier(w).confirmed();
    const jobs = await queued(w.bookingId);
    expect(jobs.map((j) => j.data.kind).sort()).toEqual(['booking.confirmation', 'booking.reminder', 'tenant.new_booking', 'tenant.new_booking']);
    expect(jobs.find((j) => j.data.kind === 'booking.confirmation')).toMatchObject({
      id: jobId(dedupeKeys.confirmation(w.bookingId)),
      data: { tenantId: w.owner.tenantId, dedupeKey: `confirm:${w.bookingId}`, correlationId: 'test-correlation' },
    });
  });

  it('does not confirm a booking that was cancelled before the email went out', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    await as(t, w.owner).post(`/v1/bookings/${w.bookingId}/cancel`).send({ reason: 'Changed plans', version: 1 }).expect(200);
    await drainBookingEvents();
    const [job] = await queued(w.bookingId, 'booking.confirmation');
    await t.jobs.runNow(emailJob(t.deps), job!.data);
    expect(mailTo(w.customerEmail)).toHaveLength(0);
    expect(await t.prisma.emailLog.count({ where: { bookingId: w.bookingId } })).toBe(0);
  });
});

describe('booking cancelled', () => {
  it('tells the customer and the tenant once each, and drops the reminder', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    const [reminder] = await queued(w.bookingId, 'booking.reminder');
    await as(t, w.owner).post(`/v1/bookings/${w.bookingId}/cancel`).send({ reason: 'Stylist is ill', version: 1 }).expect(200);
    await drainBookingEvents();
    await notifier(w).cancelled();
    await runTwice(w.bookingId, 'booking.cancellation');
    await runTwice(w.bookingId, 'tenant.cancellation');

    const toCustomer = onlyMail(w.customerEmail, 'Cancelled:');
    expect(toCustomer.subject).toBe(`Cancelled: ${w.service.name} on Tue, Mar 5, 5:00 AM EST`);
    expect(toCustomer.text).toContain(`http://localhost:3000/book/${w.owner.slug}`);
    expect(toCustomer.html).toContain('Your booking was cancelled');
    expectManageLink(toCustomer, w);

    const toTenant = onlyMail(w.owner.email, 'Cancelled:');
    expect(toTenant.to).toEqual([w.owner.email]);
    expect(onlyMail(w.admin.email, 'Cancelled:').to).toEqual([w.admin.email]);
    expect(toTenant.text).toContain('Reason:');
    expect(toTenant.text).toContain('Stylist is ill');
    expect(toTenant.text).toContain('10:00 AM – 11:00 AM GMT');
    expect(toTenant.html).toContain('Stylist is ill');

    const [after] = await t.prisma.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'email.send' AND id = ${reminder!.id}::uuid`;
    expect(after?.state).toBe('cancelled');
    // Even if it ran, the reminder would find the booking cancelled.
    await t.jobs.runNow(emailJob(t.deps), reminder!.data);
    expect(mailTo(w.customerEmail).filter((m) => m.subject.startsWith('Reminder:'))).toHaveLength(0);
  });
});

describe('booking rescheduled', () => {
  it('sends an updated .ics with the new times and a higher SEQUENCE, once', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    const moved = await as(t, w.owner).patch(`/v1/bookings/${w.bookingId}`).send({ version: 1, startsAt: '2030-03-06T14:00:00Z' }).expect(200);
    await drainBookingEvents();
    expect(moved.body.version).toBe(2);
    await notifier(w).rescheduled(2, '2030-03-05T10:00:00Z');
    await runTwice(w.bookingId, 'booking.rescheduled');

    const mail = onlyMail(w.customerEmail, 'Rescheduled:');
    expect(mail.subject).toBe(`Rescheduled: ${w.service.name}, now Wed, Mar 6, 9:00 AM EST`);
    expect(mail.text).toContain('Wednesday, March 6, 2030, 9:00 AM – 10:00 AM EST');
    expectManageLink(mail, w);
    const event = parseIcs(mail.attachments[0]!.content);
    expect(event).toMatchObject({ METHOD: 'PUBLISH', UID: `${w.bookingId}@slotwise`, DTSTART: '20300306T140000Z', DTEND: '20300306T150000Z', SEQUENCE: '2' });
    expect(await t.prisma.emailLog.findMany({ where: { bookingId: w.bookingId }, select: { dedupeKey: true } })).toEqual([
      { dedupeKey: `reschedule:${w.bookingId}:2` },
    ]);
  });
});

describe('reminders', () => {
  const reminderState = async (bookingId: string) =>
    (await queued(bookingId, 'booking.reminder')).map((j) => ({ state: j.state, startAfter: j.startAfter, key: j.data.dedupeKey }));

  it('is queued for 24 hours before the start and sent once, in the customer zone', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    expect(await reminderState(w.bookingId)).toEqual([
      { state: 'created', startAfter: '2030-03-04T10:00:00.000Z', key: `reminder:${w.bookingId}:2030-03-05T10:00:00.000Z` },
    ]);
    clock.set('2030-03-04T10:00:00Z');
    await runTwice(w.bookingId, 'booking.reminder');
    const mail = onlyMail(w.customerEmail, 'Reminder:');
    expect(mail.subject).toBe(`Reminder: ${w.service.name} on Tue, Mar 5, 5:00 AM EST`);
    expect(mail.attachments).toHaveLength(0);
    expectManageLink(mail, w);
  });

  it('moves with the booking: the old one is cancelled and does nothing if it runs anyway', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    const [old] = await queued(w.bookingId, 'booking.reminder');
    await as(t, w.owner).patch(`/v1/bookings/${w.bookingId}`).send({ version: 1, startsAt: '2030-03-07T12:00:00Z' }).expect(200);
    await drainBookingEvents();
    expect(await reminderState(w.bookingId)).toEqual([
      { state: 'cancelled', startAfter: '2030-03-04T10:00:00.000Z', key: `reminder:${w.bookingId}:2030-03-05T10:00:00.000Z` },
      { state: 'created', startAfter: '2030-03-06T12:00:00.000Z', key: `reminder:${w.bookingId}:2030-03-07T12:00:00.000Z` },
    ]);
    clock.set('2030-03-04T10:00:00Z');
    await t.jobs.runNow(emailJob(t.deps), old!.data);
    expect(mailTo(w.customerEmail)).toHaveLength(0);
  });

  it('is queued again when a booking moves back to a start it had before', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    await as(t, w.owner).patch(`/v1/bookings/${w.bookingId}`).send({ version: 1, startsAt: '2030-03-07T12:00:00Z' }).expect(200);
    await drainBookingEvents();
    await as(t, w.owner).patch(`/v1/bookings/${w.bookingId}`).send({ version: 2, startsAt: '2030-03-05T10:00:00Z' }).expect(200);
    await drainBookingEvents();
    await notifier(w).rescheduled(3, '2030-03-07T12:00:00Z');
    const live = (await reminderState(w.bookingId)).filter((r) => r.state === 'created');
    expect(live).toEqual([{ state: 'created', startAfter: '2030-03-04T10:00:00.000Z', key: `reminder:${w.bookingId}:2030-03-05T10:00:00.000Z` }]);
    clock.set('2030-03-04T10:00:00Z');
    await runTwice(w.bookingId, 'booking.reminder');
    onlyMail(w.customerEmail, 'Reminder:');
  });

  it('is skipped when the booking starts within 24 hours', async () => {
    const w = await setUp('2030-03-04T16:00:00Z');
    await notifier(w).confirmed();
    expect(await reminderState(w.bookingId)).toEqual([]);
    expect((await queued(w.bookingId)).map((j) => j.data.kind).sort()).toEqual(['booking.confirmation', 'tenant.new_booking', 'tenant.new_booking']);
  });

  // Every zone changes its clocks on a Sunday, so these businesses open every day.
  const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
  it.each([
    // Sunday 10:00 EDT, the day the clocks went forward: Saturday 10:00 EST is 23 hours before.
    { zone: 'America/New_York', startsAt: '2030-03-10T14:00:00Z', reminder: '2030-03-09T15:00:00.000Z' },
    { zone: 'Europe/London', startsAt: '2030-03-31T09:00:00Z', reminder: '2030-03-30T10:00:00.000Z' },
    // Sunday 10:00 +10:30, the day summer time ended: Saturday 10:00 (+11:00) is 24½ hours before.
    { zone: 'Australia/Lord_Howe', startsAt: '2030-04-06T23:30:00Z', reminder: '2030-04-05T23:00:00.000Z' },
    // No DST: exactly 24 hours.
    { zone: 'Asia/Kolkata', startsAt: '2030-03-10T04:30:00Z', reminder: '2030-03-09T04:30:00.000Z' },
  ])("goes out the day before at the booking's local time in the business's zone ($zone), across a DST change", async ({ zone, startsAt, reminder }) => {
    const bookable = await setUpBookable(t, { timeZone: zone, hours: EVERY_DAY });
    const res = await t.http
      .post(`/v1/public/tenants/${bookable.owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: bookable.service.id, startsAt, timeZone: 'America/New_York', customer: customer(`dst-${randomUUID().slice(0, 6)}`) })
      .expect(201);
    await drainBookingEvents();
    expect(await reminderState(res.body.id)).toEqual([
      { state: 'created', startAfter: reminder, key: `reminder:${res.body.id}:${new Date(startsAt).toISOString()}` },
    ]);
  });
});

describe('sending at once', () => {
  it('sends the emails from the booking event itself, once, leaving only the reminder queued', async () => {
    const bookable = await setUpBookable(t, { timeZone: 'Europe/London' });
    const email = `c-${randomUUID().slice(0, 8)}@example.test`;
    const res = await t.http
      .post(`/v1/public/tenants/${bookable.owner.slug}/bookings`)
      .set('Origin', ORIGIN)
      .send({ serviceId: bookable.service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'Europe/London', customer: { ...customer('now'), email } })
      .expect(201);
    const [event] = await t.prisma.$queryRaw<{ data: BookingEvent }[]>`
      SELECT data FROM pgboss.job WHERE name = 'booking.event' AND data->>'bookingId' = ${res.body.id}`;
    await t.jobs.runNow(bookingEventJob(t.deps), event!.data);
    // Run again, as a retried event would: nothing is sent twice.
    await t.jobs.runNow(bookingEventJob(t.deps), event!.data);

    expect(onlyMail(email, 'Confirmed:').attachments.map((a) => a.filename)).toEqual(['booking.ics']);
    onlyMail(bookable.owner.email, 'New booking:');
    expect((await queued(res.body.id)).map((j) => [j.data.kind, j.state]).sort()).toEqual([
      ['booking.confirmation', 'completed'],
      ['booking.reminder', 'created'],
      ['tenant.new_booking', 'completed'],
    ]);
    expect(await t.prisma.emailLog.count({ where: { bookingId: res.body.id, status: 'SENT' } })).toBe(2);
  });
});

describe('delivery failures', () => {
  it('fails the job (so pg-boss retries) when email is disabled, and records nothing', async () => {
    const w = await setUp();
    await notifier(w).confirmed();
    const [job] = await queued(w.bookingId, 'booking.confirmation');
    const disabled = { ...t.deps, mailer: createMailer({ SMTP_URL: undefined, MAIL_FROM: t.config.MAIL_FROM }) };
    await expect(t.jobs.runNow(emailJob(disabled), job!.data)).rejects.toBeInstanceOf(MailDisabledError);
    expect(await t.prisma.emailLog.count({ where: { bookingId: w.bookingId } })).toBe(0);
    // Once mail works again the retry sends it.
    await t.jobs.runNow(emailJob(t.deps), job!.data);
    onlyMail(w.customerEmail, 'Confirmed:');
  });
});

describe('dev outbox', () => {
  it('lists captured mail newest first, escaped, without scripts, through the app', async () => {
    const mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Slotwise <no-reply@slotwise.local>' });
    const marker = randomUUID();
    await mailer.send({ to: 'x@example.test', subject: `<script>alert(1)</script> ${marker}`, text: 'Hello <b>', html: '<p onclick="x()">Hi</p>' });
    await mailer.send({ to: 'y@example.test', subject: `second ${marker}`, text: 'Second', html: '<p>Second</p>' });
    const app = createApp({ ...t.deps, devOutbox: outboxRouter(smtp) });

    const page = await supertest(app).get('/dev/outbox').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain(`&lt;script&gt;alert(1)&lt;/script&gt; ${marker}`);
    expect(page.text).toContain('Hello &lt;b&gt;');
    expect(page.text.indexOf(`second ${marker}`)).toBeLessThan(page.text.indexOf(`alert(1)&lt;/script&gt; ${marker}`));

    const json = await supertest(app).get('/dev/outbox.json').expect(200);
    const mine = json.body.messages.filter((m: { subject: string }) => m.subject.endsWith(marker));
    expect(mine.map((m: { to: string[] }) => m.to)).toEqual([['y@example.test'], ['x@example.test']]);

    const html = await supertest(app).get(`/dev/outbox/${mine[1].id}/html`).expect(200);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(html.text).toBe('<p onclick="x()">Hi</p>');
    mailer.close();
  });

  it('is not mounted unless given', async () => {
    await supertest(createApp(t.deps)).get('/dev/outbox.json').expect(404);
    await supertest(express().use(outboxRouter(smtp)))
      .get('/dev/outbox/nope/html')
      .expect(404);
  });
});

describe('manage link', () => {
  it('verifies its own tokens and refuses tampered, expired and garbage ones', async () => {
    const { manageUrl } = await import('../selfservice/manage-link');
    const booking = { id: randomUUID(), tenantId: randomUUID(), endsAt: new Date('2030-03-05T11:00:00Z') };
    const token = manageUrl(t.deps, booking).split('/manage/')[1]!;
    const now = new Date('2030-03-05T12:00:00Z');
    expect(verifyManageToken(t.deps, token, now)).toEqual({ bookingId: booking.id, tenantId: booking.tenantId });
    expect(verifyManageToken(t.deps, token, new Date('2030-04-04T11:00:01Z'))).toBeNull();
    const [payload, sig] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ b: booking.id, t: randomUUID(), e: 9_999_999_999 })).toString('base64url');
    expect(verifyManageToken(t.deps, `${forged}.${sig}`, now)).toBeNull();
    expect(verifyManageToken(t.deps, `${payload}.${sig.slice(0, -2)}AA`, now)).toBeNull();
    expect(verifyManageToken({ config: { ...t.config, SECRET_KEY: 'another-secret-key-of-at-least-32-chars' } }, token, now)).toBeNull();
    for (const garbage of ['', '.', 'abc', 'a.b.c', `${payload}.`, `.${sig}`]) expect(verifyManageToken(t.deps, garbage, now)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { as, ORIGIN } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { housekeepingJob, unsafePurgeExpired } from './housekeeping.jobs';

describe('housekeeping job', () => {
  const clock = new ManualClock('2030-03-04T08:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '72', SESSION_ABSOLUTE_DAYS: '30' } });
  });
  afterAll(() => t.close());

  const book = (slug: string, body: object, key: string) =>
    t.http.post(`/v1/public/tenants/${slug}/bookings`).set('Idempotency-Key', key).send(body).expect(201);
  const keysOf = async (tenantId: string) => (await t.prisma.idempotencyKey.findMany({ where: { tenantId }, orderBy: { key: 'asc' } })).map((k) => k.key);
  const sessionsOf = (userId: string) => t.prisma.session.count({ where: { userId } });
  const at = (date: string, hour: number) => `${date}T${String(hour).padStart(2, '0')}:00:00Z`;

  it('purges expired Idempotency-Keys and dead sessions, and nothing that can still be used', async () => {
    const { owner, service } = await setUpBookable(t);
    const slot = (hour: number) => ({ serviceId: service.id, startsAt: at('2030-03-07', hour), timeZone: 'UTC', customer: customer(hour) });
    await book(owner.slug, slot(9), 'key-old-0001');
    // A second sign-in, then signed out: revoked.
    const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password }).expect(200);
    const second = String(login.headers['set-cookie']).split(';')[0]!;
    await t.http.post('/v1/auth/logout').set('Cookie', second).set('Origin', ORIGIN).expect(204);
    clock.advanceMinutes(25 * 60);
    await book(owner.slug, slot(10), 'key-new-0002');
    await as(t, owner).get('/v1/me').expect(200); // keeps the owner's first session in use
    expect(await sessionsOf(owner.userId)).toBe(2);

    await t.jobs.runNow(housekeepingJob(t.deps), {});

    expect(await keysOf(owner.tenantId)).toEqual(['key-new-0002']);
    expect(await sessionsOf(owner.userId)).toBe(1);
    await as(t, owner).get('/v1/me').expect(200);
    // A retry inside the 24 hours still replays; the bookings themselves are untouched.
    expect((await book(owner.slug, slot(10), 'key-new-0002')).body.startsAt).toBe('2030-03-07T10:00:00.000Z');
    expect(await t.prisma.booking.count({ where: { tenantId: owner.tenantId } })).toBe(2);

    // Idle for longer than the idle timeout: the session can never be resumed, so it goes too.
    clock.advanceMinutes(73 * 60);
    await t.jobs.runNow(housekeepingJob(t.deps), {});
    expect(await sessionsOf(owner.userId)).toBe(0);
    expect(await keysOf(owner.tenantId)).toEqual([]);
    await as(t, owner).get('/v1/me').expect(401);
  });

  it('works through a backlog in batches until none is left', async () => {
    const { owner, service } = await setUpBookable(t);
    for (let hour = 9; hour < 14; hour++) {
      await book(
        owner.slug,
        { serviceId: service.id, startsAt: at('2030-03-12', hour), timeZone: 'UTC', customer: customer(`b${hour}`) },
        `backlog-key-${hour}`,
      );
    }
    clock.advanceMinutes(25 * 60);

    const purged = await unsafePurgeExpired(t.deps, 2);

    expect(purged.idempotencyKeys).toBe(5);
    expect(await keysOf(owner.tenantId)).toEqual([]);
  });

  it('is registered as an hourly scheduled job', () => {
    expect(housekeepingJob(t.deps).cron).toBe('41 * * * *');
  });
});

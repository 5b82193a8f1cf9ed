import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { customer, setUpBookable } from '../../../test/booking-factories';
import { addMember, as, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUpTenant(t);
  for (let i = 0; i < 5; i++)
    await as(t, owner)
      .patch('/v1/tenant')
      .send({ name: `Name ${i}` });
  await addMember(t, owner, 'STAFF');
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records actor, request ids, ip and user agent for each change', async () => {
    const res = await as(t, owner).patch('/v1/tenant').set('X-Correlation-ID', 'corr-audit-0001').set('User-Agent', 'audit-test/1').send({ name: 'Traced' });
    const list = await as(t, owner).get('/v1/audit?action=tenant.updated&limit=1').expect(200);
    expect(list.body.items[0]).toMatchObject({
      actorType: 'user',
      actorId: owner.userId,
      action: 'tenant.updated',
      requestId: res.headers['x-request-id'],
      correlationId: 'corr-audit-0001',
      userAgent: 'audit-test/1',
      changes: { after: { name: 'Traced' } },
    });
    expect(list.body.items[0].ip).toBeTruthy();
  });

  it('stores emails as HMACs, never in clear', async () => {
    const rows = await t.prisma.auditLog.findMany({ where: { tenantId: owner.tenantId } });
    const text = JSON.stringify(rows);
    expect(text).not.toContain('@example.test');
    expect(text).toMatch(/hmac:[0-9a-f]{32}/);
  });

  it('pages through entries newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await as(t, owner)
        .get(`/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = await t.prisma.auditLog.findMany({ where: { tenantId: owner.tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(seen).toEqual(all.map((r) => r.id));
    expect(seen.length).toBeGreaterThanOrEqual(8);
  });

  it('filters by action, actor, resource and date range', async () => {
    const byAction = await as(t, owner).get('/v1/audit?action=invitation.created').expect(200);
    expect(byAction.body.items).toHaveLength(1);
    const byActor = await as(t, owner).get(`/v1/audit?actor=${owner.userId}&limit=200`).expect(200);
    expect(byActor.body.items.every((e: { actorId: string }) => e.actorId === owner.userId)).toBe(true);
    const byResource = await as(t, owner).get(`/v1/audit?resourceType=tenant&resourceId=${owner.tenantId}&limit=200`).expect(200);
    expect(byResource.body.items.length).toBeGreaterThanOrEqual(6);
    const future = await as(t, owner).get('/v1/audit?from=2999-01-01T00:00:00Z').expect(200);
    expect(future.body.items).toEqual([]);
  });

  it('summarises counts by action over a period', async () => {
    const res = await as(t, owner).get(`/v1/audit/summary?from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`).expect(200);
    const counts = Object.fromEntries(res.body.items.map((i: { action: string; count: number }) => [i.action, i.count]));
    expect(counts['tenant.created']).toBe(1);
    expect(counts['tenant.updated']).toBeGreaterThanOrEqual(5);
    expect(counts['invitation.accepted']).toBe(1);
    const bad = await as(t, owner).get(`/v1/audit/summary?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z`);
    expect(bad.status).toBe(400);
  });

  it('is for owners and admins: staff get 403 on the list, the summary and the trail', async () => {
    const staff = await addMember(t, owner, 'STAFF');
    const admin = await addMember(t, owner, 'ADMIN');
    const paths = ['/v1/audit', '/v1/audit/summary?from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z', `/v1/audit/trail/tenant/${owner.tenantId}`];
    for (const path of paths) {
      const denied = await as(t, staff).get(path);
      expect(denied.status, path).toBe(403);
      expect(denied.body.error.code).toBe('FORBIDDEN');
      expect(JSON.stringify(denied.body)).not.toContain('tenant.updated');
      await as(t, admin).get(path).expect(200);
      await as(t, owner).get(path).expect(200);
    }
  });

  it('rejects a forged cursor with 400', async () => {
    const res = await as(t, owner).get('/v1/audit?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
  });
});

describe('booking history', () => {
  // Monday 2030-03-04 08:00 London.
  const clock = new ManualClock('2030-03-04T08:00:00Z');
  let b: TestApp;
  beforeAll(async () => {
    b = await createTestApp({ clock });
  });
  afterAll(() => b.close());

  it("shows staff a booking's history (what, who, what changed) without IPs or user agents", async () => {
    const { owner: boss, service } = await setUpBookable(b);
    const staff = await addMember(b, boss, 'STAFF');
    const booked = await b.http
      .post(`/v1/public/tenants/${boss.slug}/bookings`)
      .set('Origin', ORIGIN)
      .set('User-Agent', 'customer-browser/1')
      .send({ serviceId: service.id, startsAt: '2030-03-05T10:00:00Z', timeZone: 'UTC', customer: customer('history') })
      .expect(201);
    clock.advanceMinutes(5); // entries are ordered by time
    await as(b, staff).patch(`/v1/bookings/${booked.body.id}`).send({ version: 1, notes: 'Window seat' }).expect(200);

    const history = await as(b, staff).get(`/v1/bookings/${booked.body.id}/history`).expect(200);
    expect(history.body.items).toMatchObject([
      { action: 'booking.created', actorType: 'customer', actorId: null },
      { action: 'booking.updated', actorType: 'user', actorId: staff.userId, changes: { before: { notes: null }, after: { notes: 'Window seat' } } },
    ]);
    for (const item of history.body.items) expect(Object.keys(item).sort()).toEqual(['action', 'actorId', 'actorType', 'changes', 'createdAt', 'id']);
    expect(JSON.stringify(history.body)).not.toContain('customer-browser');
    await as(b, staff).get(`/v1/audit/trail/booking/${booked.body.id}`).expect(403);
    // An unknown booking is a 404, as everywhere.
    await as(b, staff).get('/v1/bookings/00000000-0000-4000-8000-000000000000/history').expect(404);
  });
});

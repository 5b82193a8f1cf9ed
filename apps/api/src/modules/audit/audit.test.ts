import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { addMember, as, signUpTenant, type Staff } from '../../../test/factories';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUpTenant(t);
  for (let i = 0; i < 5; i++) await as(t, owner).patch('/v1/tenant').send({ name: `Name ${i}` });
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

  it('rejects a forged cursor with 400', async () => {
    const res = await as(t, owner).get('/v1/audit?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { addMember, as, signUpTenant, type Staff } from '../../../test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const add = async (who: Staff, body: { startDate: string; endDate: string; reason: string }) =>
  (await as(t, who).post('/v1/blackouts').send(body).expect(201)).body;

describe('blackouts', () => {
  it('creates closures and lists them by start date', async () => {
    const owner = await signUpTenant(t);
    const summer = await add(owner, { startDate: '2031-08-01', endDate: '2031-08-14', reason: 'Summer break' });
    expect(summer).toEqual({ id: expect.any(String), startDate: '2031-08-01', endDate: '2031-08-14', reason: 'Summer break', createdAt: expect.any(String) });
    await add(owner, { startDate: '2031-12-25', endDate: '2031-12-25', reason: 'Christmas' });
    await add(owner, { startDate: '2031-01-01', endDate: '2031-01-01', reason: '  New year  ' });
    const list = await as(t, owner).get('/v1/blackouts').expect(200);
    expect(list.body.items.map((b: { startDate: string; reason: string }) => [b.startDate, b.reason])).toEqual([
      ['2031-01-01', 'New year'],
      ['2031-08-01', 'Summer break'],
      ['2031-12-25', 'Christmas'],
    ]);
    const trail = await as(t, owner).get(`/v1/audit/trail/blackout/${summer.id}`).expect(200);
    expect(trail.body.items).toMatchObject([
      { action: 'blackout.created', changes: { before: {}, after: { startDate: '2031-08-01', endDate: '2031-08-14', reason: 'Summer break' } } },
    ]);
  });

  it('validates dates and reason with 400, writing nothing', async () => {
    const owner = await signUpTenant(t);
    for (const [body, path] of [
      [{ startDate: '2031-05-02', endDate: '2031-05-01', reason: 'Backwards' }, 'body.endDate'],
      [{ startDate: '2031-02-29', endDate: '2031-03-01', reason: 'No leap day' }, 'body.startDate'],
      [{ startDate: '2031-05-01', endDate: '2031-05-01', reason: '   ' }, 'body.reason'],
      [{ startDate: '2031-05-01', endDate: '2031-05-01', reason: 'x', tenantId: owner.tenantId }, 'body'],
    ] as const) {
      const res = await as(t, owner).post('/v1/blackouts').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.prisma.blackoutDate.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('deletes a closure once; 404 after, audited', async () => {
    const owner = await signUpTenant(t);
    const b = await add(owner, { startDate: '2031-04-18', endDate: '2031-04-21', reason: 'Easter' });
    await as(t, owner).delete(`/v1/blackouts/${b.id}`).expect(204);
    await as(t, owner).delete(`/v1/blackouts/${b.id}`).expect(404);
    expect((await as(t, owner).get('/v1/blackouts')).body.items).toEqual([]);
    const trail = await as(t, owner).get(`/v1/audit/trail/blackout/${b.id}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['blackout.created', 'blackout.deleted']);
    expect(trail.body.items[1].changes.before).toEqual({ startDate: '2031-04-18', endDate: '2031-04-21', reason: 'Easter' });
  });

  it('STAFF can list; only OWNER and ADMIN create and delete', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    const b = await add(admin, { startDate: '2031-06-01', endDate: '2031-06-01', reason: 'Inventory' });
    expect((await as(t, staff).get('/v1/blackouts').expect(200)).body.items).toHaveLength(1);
    expect((await as(t, staff).post('/v1/blackouts').send({ startDate: '2031-06-02', endDate: '2031-06-02', reason: 'No' })).status).toBe(403);
    expect((await as(t, staff).delete(`/v1/blackouts/${b.id}`)).status).toBe(403);
    await as(t, admin).delete(`/v1/blackouts/${b.id}`).expect(204);
  });

  it("answers 404 for another tenant's closure and keeps lists apart", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const theirs = await add(other, { startDate: '2031-07-04', endDate: '2031-07-04', reason: 'Holiday' });
    await as(t, owner).delete(`/v1/blackouts/${theirs.id}`).expect(404);
    await as(t, owner).delete('/v1/blackouts/00000000-0000-4000-8000-000000000000').expect(404);
    expect((await as(t, owner).get('/v1/blackouts')).body.items).toEqual([]);
    expect((await as(t, other).get('/v1/blackouts')).body.items).toEqual([theirs]);
  });
});

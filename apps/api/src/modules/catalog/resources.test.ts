import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { createResource, setWeekHours } from '../../../test/catalog-factories';
import { addMember, as, signUpTenant } from '../../../test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type AuditItem = { action: string; changes: { before: Record<string, unknown>; after: Record<string, unknown> } | null; metadata: unknown };
const trail = async (who: Parameters<typeof as>[1], id: string) =>
  (await as(t, who).get(`/v1/audit/trail/resource/${id}`).expect(200)).body.items as AuditItem[];

describe('resources', () => {
  it('creates a resource in the tenant zone by default, or in the zone given', async () => {
    const owner = await signUpTenant(t, { timeZone: 'America/New_York' });
    const res = await as(t, owner).post('/v1/resources').send({ name: '  Alice  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Alice', timeZone: 'America/New_York', userId: null, active: true });
    const room = await createResource(t, owner, { name: 'Room 1', timeZone: 'Asia/Kolkata', active: false });
    expect(room.timeZone).toBe('Asia/Kolkata');
    const entries = await trail(owner, res.body.id);
    expect(entries.map((e) => e.action)).toEqual(['resource.created']);
    expect(entries[0]!.changes!.after).toEqual({ name: 'Alice', timeZone: 'America/New_York', userId: null, active: true });
  });

  it('links a member of the tenant as the resource user, and refuses anyone else with 400', async () => {
    const owner = await signUpTenant(t);
    const staff = await addMember(t, owner, 'STAFF');
    const stranger = await signUpTenant(t);
    const linked = await createResource(t, owner, { userId: staff.userId });
    expect(linked.userId).toBe(staff.userId);

    const res = await as(t, owner).post('/v1/resources').send({ name: 'Nope', userId: stranger.userId });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body.userId', message: expect.any(String) }]);
    const patch = await as(t, owner).patch(`/v1/resources/${linked.id}`).send({ userId: stranger.userId });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details[0].path).toBe('body.userId');
    expect(await t.prisma.resource.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    expect((await as(t, owner).get(`/v1/resources/${linked.id}`)).body.userId).toBe(staff.userId);
  });

  it('validates the body', async () => {
    const owner = await signUpTenant(t);
    for (const [body, path] of [
      [{ name: '' }, 'body.name'],
      [{ name: 'X', timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ name: 'X', userId: 'not-a-uuid' }, 'body.userId'],
      [{ name: 'X', extra: 1 }, 'body'],
    ] as const) {
      const res = await as(t, owner).post('/v1/resources').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.prisma.resource.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('updates a resource and audits only the changed fields', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner, { name: 'Bob' });
    const res = await as(t, owner).patch(`/v1/resources/${r.id}`).send({ name: 'Robert', active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: r.id, name: 'Robert', active: false, timeZone: r.timeZone });
    const updated = (await trail(owner, r.id)).find((e) => e.action === 'resource.updated')!;
    expect(updated.changes).toEqual({ before: { name: 'Bob', active: true }, after: { name: 'Robert', active: false } });
  });

  it('lists by name with a cursor, hiding inactive resources unless asked', async () => {
    const owner = await signUpTenant(t);
    for (const name of ['Dora', 'Ann', 'Cleo', 'Bea']) await createResource(t, owner, { name });
    await createResource(t, owner, { name: 'Abe', active: false });

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await as(t, owner)
        .get('/v1/resources')
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      names.push(...page.body.items.map((r) => r.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Ann', 'Bea', 'Cleo', 'Dora']);

    const all = await as(t, owner).get('/v1/resources').query({ includeInactive: 'true' }).expect(200);
    expect(all.body.items.map((r: { name: string }) => r.name)).toEqual(['Abe', 'Ann', 'Bea', 'Cleo', 'Dora']);
    expect(all.body.nextCursor).toBeNull();

    const bad = await as(t, owner).get('/v1/resources').query({ cursor: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'query.cursor', message: 'Invalid cursor' }]);
    expect((await as(t, owner).get('/v1/resources').query({ limit: 0 })).status).toBe(400);
  });

  it('STAFF can read resources, hours and overrides; only OWNER and ADMIN change them', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    const r = await createResource(t, admin, { name: 'By admin' });
    await as(t, staff).get('/v1/resources').expect(200);
    await as(t, staff).get(`/v1/resources/${r.id}`).expect(200);
    await as(t, staff).get(`/v1/resources/${r.id}/hours`).expect(200);
    await as(t, staff).get(`/v1/resources/${r.id}/overrides`).expect(200);
    const attempts = [
      as(t, staff).post('/v1/resources').send({ name: 'X' }),
      as(t, staff).patch(`/v1/resources/${r.id}`).send({ name: 'X' }),
      as(t, staff).put(`/v1/resources/${r.id}/hours`).send([]),
      as(t, staff).post(`/v1/resources/${r.id}/overrides`).send({ date: '2031-01-01', ranges: [] }),
      as(t, staff).delete(`/v1/resources/${r.id}/overrides/2031-01-01`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    await as(t, admin).patch(`/v1/resources/${r.id}`).send({ name: 'Renamed' }).expect(200);
  });

  it("answers 404 for another tenant's resource and for unknown ids, on every route", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const theirs = await createResource(t, other);
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
      const results = await Promise.all([
        as(t, owner).get(`/v1/resources/${id}`),
        as(t, owner).patch(`/v1/resources/${id}`).send({ name: 'Mine now' }),
        as(t, owner).get(`/v1/resources/${id}/hours`),
        as(t, owner)
          .put(`/v1/resources/${id}/hours`)
          .send([{ weekday: 1, start: '09:00', end: '17:00' }]),
        as(t, owner).get(`/v1/resources/${id}/overrides`),
        as(t, owner).post(`/v1/resources/${id}/overrides`).send({ date: '2031-01-01', ranges: [] }),
        as(t, owner).delete(`/v1/resources/${id}/overrides/2031-01-01`),
      ]);
      for (const res of results) expect(res.status).toBe(404);
    }
    expect(await t.prisma.resource.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: theirs.name });
    expect(await t.prisma.availabilityRule.count({ where: { resourceId: theirs.id } })).toBe(0);
    expect(await t.prisma.dateOverride.count({ where: { resourceId: theirs.id } })).toBe(0);
    const theirList = await as(t, owner).get('/v1/resources').query({ includeInactive: 'true' }).expect(200);
    expect(theirList.body.items).toEqual([]);
  });
});

describe('weekly hours', () => {
  it('replaces the whole week atomically, returns it sorted and audits before and after', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const first = await setWeekHours(t, owner, r.id, [
      { weekday: 2, start: '13:00', end: '17:00' },
      { weekday: 1, start: '09:00', end: '17:00' },
      { weekday: 2, start: '09:00', end: '13:00' }, // touching 13:00 is fine
      { weekday: 5, start: '20:00', end: '24:00' },
    ]);
    expect(first).toEqual([
      { weekday: 1, start: '09:00', end: '17:00' },
      { weekday: 2, start: '09:00', end: '13:00' },
      { weekday: 2, start: '13:00', end: '17:00' },
      { weekday: 5, start: '20:00', end: '24:00' },
    ]);
    const second = await setWeekHours(t, owner, r.id, [{ weekday: 0, start: '10:00', end: '12:00' }]);
    expect(second).toEqual([{ weekday: 0, start: '10:00', end: '12:00' }]);
    expect((await as(t, owner).get(`/v1/resources/${r.id}/hours`).expect(200)).body).toEqual(second);

    const audits = (await trail(owner, r.id)).filter((e) => e.action === 'resource.hours_updated');
    expect(audits).toHaveLength(2);
    expect(audits[1]!.changes).toEqual({ before: { hours: first }, after: { hours: second } });

    await setWeekHours(t, owner, r.id, []);
    expect((await as(t, owner).get(`/v1/resources/${r.id}/hours`)).body).toEqual([]);
  });

  it('rejects overlapping ranges on one weekday with 400 and keeps the old week', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const week = [{ weekday: 1, start: '09:00', end: '17:00' }];
    await setWeekHours(t, owner, r.id, week);
    const res = await as(t, owner)
      .put(`/v1/resources/${r.id}/hours`)
      .send([
        { weekday: 3, start: '09:00', end: '12:00' },
        { weekday: 4, start: '10:00', end: '11:00' },
        { weekday: 3, start: '11:30', end: '14:00' },
      ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([{ path: 'body.2', message: expect.any(String) }]);
    expect((await as(t, owner).get(`/v1/resources/${r.id}/hours`)).body).toEqual(week);
    expect((await trail(owner, r.id)).filter((e) => e.action === 'resource.hours_updated')).toHaveLength(1);
  });

  it('validates each rule', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    for (const [rule, path] of [
      [{ weekday: 7, start: '09:00', end: '10:00' }, 'body.0.weekday'],
      [{ weekday: 1, start: '9:00', end: '10:00' }, 'body.0.start'],
      [{ weekday: 1, start: '10:00', end: '09:00' }, 'body.0.end'],
      [{ weekday: 1, start: '24:00', end: '24:00' }, 'body.0.start'],
    ] as const) {
      const res = await as(t, owner).put(`/v1/resources/${r.id}/hours`).send([rule]);
      expect(res.status, JSON.stringify(rule)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await as(t, owner).put(`/v1/resources/${r.id}/hours`).send({ weekday: 1 })).status).toBe(400);
  });
});

describe('date overrides', () => {
  it('sets, replaces, lists by range and deletes the hours of single dates', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const base = `/v1/resources/${r.id}/overrides`;
    const closed = await as(t, owner).post(base).send({ date: '2031-12-25', ranges: [] }).expect(200);
    expect(closed.body).toEqual({ id: expect.any(String), date: '2031-12-25', ranges: [] });
    const short = await as(t, owner)
      .post(base)
      .send({
        date: '2031-12-24',
        ranges: [
          { start: '13:00', end: '15:00' },
          { start: '09:00', end: '12:00' },
        ],
      })
      .expect(200);
    expect(short.body.ranges).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '15:00' },
    ]);
    const replaced = await as(t, owner)
      .post(base)
      .send({ date: '2031-12-25', ranges: [{ start: '10:00', end: '12:00' }] })
      .expect(200);
    expect(replaced.body.id).toBe(closed.body.id);
    await as(t, owner).post(base).send({ date: '2032-01-02', ranges: [] }).expect(200);

    const all = await as(t, owner).get(base).expect(200);
    expect(all.body.items.map((o: { date: string }) => o.date)).toEqual(['2031-12-24', '2031-12-25', '2032-01-02']);
    const december = await as(t, owner).get(base).query({ from: '2031-12-25', to: '2031-12-31' }).expect(200);
    expect(december.body.items).toEqual([{ id: closed.body.id, date: '2031-12-25', ranges: [{ start: '10:00', end: '12:00' }] }]);

    await as(t, owner).delete(`${base}/2031-12-25`).expect(204);
    await as(t, owner).delete(`${base}/2031-12-25`).expect(404);
    expect((await as(t, owner).get(base)).body.items.map((o: { date: string }) => o.date)).toEqual(['2031-12-24', '2032-01-02']);

    const actions = (await trail(owner, r.id)).map((e) => e.action);
    expect(actions.filter((a) => a === 'resource.override_set')).toHaveLength(4);
    expect(actions.filter((a) => a === 'resource.override_deleted')).toHaveLength(1);
    const replacedAudit = (await trail(owner, r.id)).filter((e) => e.action === 'resource.override_set')[2]!;
    expect(replacedAudit.changes).toEqual({ before: { ranges: [] }, after: { ranges: [{ start: '10:00', end: '12:00' }] } });
    expect(replacedAudit.metadata).toEqual({ date: '2031-12-25' });
  });

  it('rejects overlapping ranges and bad dates with 400, writing nothing', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const base = `/v1/resources/${r.id}/overrides`;
    const overlap = await as(t, owner)
      .post(base)
      .send({
        date: '2031-03-01',
        ranges: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.details).toEqual([{ path: 'body.ranges.1', message: expect.any(String) }]);
    const badDate = await as(t, owner).post(base).send({ date: '2031-02-30', ranges: [] });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('body.date');
    expect((await as(t, owner).get(base).query({ from: 'tomorrow' })).status).toBe(400);
    expect((await as(t, owner).delete(`${base}/2031-02-30`)).status).toBe(400);
    expect(await t.prisma.dateOverride.count({ where: { resourceId: r.id } })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { createResource, createService } from '../../../test/catalog-factories';
import { addMember, as, signUpTenant, type Staff } from '../../../test/factories';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type AuditItem = { action: string; changes: { before: Record<string, unknown>; after: Record<string, unknown> } | null };
const trail = async (who: Staff, id: string) => (await as(t, who).get(`/v1/audit/trail/service/${id}`).expect(200)).body.items as AuditItem[];
const sorted = (ids: string[]) => [...ids].sort();

describe('services', () => {
  it('creates a service with defaults and its resources', async () => {
    const owner = await signUpTenant(t);
    const [a, b] = [await createResource(t, owner), await createResource(t, owner)];
    const res = await as(t, owner)
      .post('/v1/services')
      .send({ name: 'Haircut', durationMin: 45, priceMinor: 3000, currency: 'GBP', resourceIds: [a.id, b.id, a.id] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Haircut',
      description: null,
      durationMin: 45,
      priceMinor: 3000,
      currency: 'GBP',
      bufferBeforeMin: 0,
      bufferAfterMin: 0,
      minNoticeMin: 60,
      maxAdvanceDays: 60,
      slotIntervalMin: 45,
      maxPerDay: null,
      requiresPayment: false,
      paymentMode: 'FULL',
      depositMinor: null,
      depositPercent: null,
      cancellationPolicy: null,
      resourceIds: sorted([a.id, b.id]),
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await t.prisma.serviceResource.findMany({ where: { serviceId: res.body.id }, select: { tenantId: true } })).toEqual([
      { tenantId: owner.tenantId },
      { tenantId: owner.tenantId },
    ]);
    const created = (await trail(owner, res.body.id))[0]!;
    expect(created.action).toBe('service.created');
    expect(created.changes!.after).toMatchObject({ name: 'Haircut', resourceIds: sorted([a.id, b.id]), slotIntervalMin: 45 });

    const custom = await createService(t, owner, { resourceIds: [a.id], slotIntervalMin: 15, requiresPayment: true, maxPerDay: 4 });
    expect(custom).toMatchObject({ slotIntervalMin: 15, requiresPayment: true, maxPerDay: 4 });
  });

  it("refuses resources that aren't the tenant's, and other invalid bodies, with 400 and writes nothing", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const mine = await createResource(t, owner);
    const theirs = await createResource(t, other);
    const valid = { name: 'Massage', durationMin: 60, priceMinor: 5000, currency: 'EUR', resourceIds: [mine.id] };

    const foreign = await as(t, owner)
      .post('/v1/services')
      .send({ ...valid, resourceIds: [mine.id, theirs.id] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([{ path: 'body.resourceIds', message: expect.stringContaining(theirs.id) }]);

    for (const [body, path] of [
      [{ ...valid, resourceIds: [] }, 'body.resourceIds'],
      [{ ...valid, requiresPayment: true, priceMinor: 0 }, 'body.priceMinor'],
      [{ ...valid, durationMin: 4 }, 'body.durationMin'],
      [{ ...valid, durationMin: 0 }, 'body.durationMin'],
      [{ ...valid, durationMin: -30 }, 'body.durationMin'],
      [{ ...valid, bufferAfterMin: -5 }, 'body.bufferAfterMin'],
      [{ ...valid, currency: 'eur' }, 'body.currency'],
      [{ ...valid, slotIntervalMin: 1 }, 'body.slotIntervalMin'],
      [{ ...valid, tenantId: other.tenantId }, 'body'],
    ] as const) {
      const res = await as(t, owner).post('/v1/services').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.prisma.service.count({ where: { tenantId: { in: [owner.tenantId, other.tenantId] } } })).toBe(0);
  });

  it('updates fields, replaces the resource set, and audits only what changed', async () => {
    const owner = await signUpTenant(t);
    const [a, b, c] = [await createResource(t, owner), await createResource(t, owner), await createResource(t, owner)];
    const s = await createService(t, owner, { resourceIds: [a.id, b.id], priceMinor: 2000 });
    const res = await as(t, owner)
      .patch(`/v1/services/${s.id}`)
      .send({ priceMinor: 2500, description: 'Longer', resourceIds: [c.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ priceMinor: 2500, description: 'Longer', resourceIds: [c.id], durationMin: s.durationMin });
    expect((await as(t, owner).get(`/v1/services/${s.id}`)).body.resourceIds).toEqual([c.id]);
    const updated = (await trail(owner, s.id)).find((e) => e.action === 'service.updated')!;
    expect(updated.changes).toEqual({
      before: { priceMinor: 2000, description: null, resourceIds: sorted([a.id, b.id]) },
      after: { priceMinor: 2500, description: 'Longer', resourceIds: [c.id] },
    });
  });

  it('refuses updates that would leave it invalid, changing nothing', async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const mine = await createResource(t, owner);
    const theirs = await createResource(t, other);
    const s = await createService(t, owner, { resourceIds: [mine.id], priceMinor: 0 });
    const paid = await as(t, owner).patch(`/v1/services/${s.id}`).send({ requiresPayment: true });
    expect(paid.status).toBe(400);
    expect(paid.body.error.details).toEqual([{ path: 'body.priceMinor', message: expect.any(String) }]);
    const foreign = await as(t, owner)
      .patch(`/v1/services/${s.id}`)
      .send({ resourceIds: [theirs.id], name: 'Hijack' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].path).toBe('body.resourceIds');
    expect((await as(t, owner).patch(`/v1/services/${s.id}`).send({ maxPerDay: 0 })).status).toBe(400);
    expect((await as(t, owner).get(`/v1/services/${s.id}`)).body).toEqual(s);
    expect((await trail(owner, s.id)).map((e) => e.action)).toEqual(['service.created']);
  });

  it('archives (soft delete) and restores', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    const s = await createService(t, owner, { resourceIds: [r.id], name: 'Beta' });
    await createService(t, owner, { resourceIds: [r.id], name: 'Alpha' });

    await as(t, owner).post(`/v1/services/${s.id}/restore`).expect(404); // not archived
    await as(t, owner).delete(`/v1/services/${s.id}`).expect(204);
    await as(t, owner).get(`/v1/services/${s.id}`).expect(404);
    await as(t, owner).patch(`/v1/services/${s.id}`).send({ name: 'Ghost' }).expect(404);
    await as(t, owner).delete(`/v1/services/${s.id}`).expect(404);
    expect((await t.prisma.service.findUniqueOrThrow({ where: { id: s.id } })).deletedAt).toBeInstanceOf(Date);

    const live = await as(t, owner).get('/v1/services').expect(200);
    expect(live.body.items.map((x: { name: string }) => x.name)).toEqual(['Alpha']);
    const withArchived = await as(t, owner).get('/v1/services').query({ includeArchived: 'true' }).expect(200);
    expect(withArchived.body.items.map((x: { name: string }) => x.name)).toEqual(['Alpha', 'Beta']);

    const restored = await as(t, owner).post(`/v1/services/${s.id}/restore`).expect(200);
    expect(restored.body).toMatchObject({ id: s.id, name: 'Beta', resourceIds: [r.id] });
    await as(t, owner).get(`/v1/services/${s.id}`).expect(200);

    const entries = await trail(owner, s.id);
    expect(entries.map((e) => e.action)).toEqual(['service.created', 'service.archived', 'service.restored']);
    expect(entries[1]!.changes!.before).toEqual({ deletedAt: null });
    expect(entries[2]!.changes!.after).toEqual({ deletedAt: null });
  });

  it('lists by name with a cursor that survives archiving the last row seen', async () => {
    const owner = await signUpTenant(t);
    const r = await createResource(t, owner);
    for (const name of ['C', 'A', 'D', 'B']) await createService(t, owner, { resourceIds: [r.id], name });
    const first = await as(t, owner).get('/v1/services').query({ limit: 2 }).expect(200);
    expect(first.body.items.map((x: { name: string }) => x.name)).toEqual(['A', 'B']);
    await as(t, owner).delete(`/v1/services/${first.body.items[1].id}`).expect(204);
    const second = await as(t, owner).get('/v1/services').query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((x: { name: string }) => x.name)).toEqual(['C', 'D']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('STAFF can read services; only OWNER and ADMIN change them', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    const r = await createResource(t, owner);
    const s = await createService(t, admin, { resourceIds: [r.id] });
    await as(t, staff).get('/v1/services').expect(200);
    await as(t, staff).get(`/v1/services/${s.id}`).expect(200);
    const attempts = await Promise.all([
      as(t, staff)
        .post('/v1/services')
        .send({ name: 'X', durationMin: 30, priceMinor: 0, currency: 'EUR', resourceIds: [r.id] }),
      as(t, staff).patch(`/v1/services/${s.id}`).send({ name: 'X' }),
      as(t, staff).delete(`/v1/services/${s.id}`),
      as(t, staff).post(`/v1/services/${s.id}/restore`),
    ]);
    for (const res of attempts) expect(res.status).toBe(403);
    await as(t, admin).delete(`/v1/services/${s.id}`).expect(204);
    await as(t, admin).post(`/v1/services/${s.id}/restore`).expect(200);
  });

  it("answers 404 for another tenant's service and for unknown ids", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const r = await createResource(t, other);
    const theirs = await createService(t, other, { resourceIds: [r.id] });
    const archived = await createService(t, other, { resourceIds: [r.id] });
    await as(t, other).delete(`/v1/services/${archived.id}`).expect(204);
    for (const id of [theirs.id, archived.id, '00000000-0000-4000-8000-000000000000']) {
      const results = await Promise.all([
        as(t, owner).get(`/v1/services/${id}`),
        as(t, owner).patch(`/v1/services/${id}`).send({ name: 'Mine' }),
        as(t, owner).delete(`/v1/services/${id}`),
        as(t, owner).post(`/v1/services/${id}/restore`),
      ]);
      for (const res of results) expect(res.status).toBe(404);
    }
    expect((await as(t, owner).get('/v1/services').query({ includeArchived: 'true' })).body.items).toEqual([]);
    expect((await as(t, other).get(`/v1/services/${theirs.id}`)).body).toEqual(theirs);
    expect((await t.prisma.service.findUniqueOrThrow({ where: { id: archived.id } })).deletedAt).not.toBeNull();
  });
});

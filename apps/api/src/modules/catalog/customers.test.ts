import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { createCustomer } from '../../../test/catalog-factories';
import { addMember, as, signUpTenant, type Staff } from '../../../test/factories';
import { runWithContext } from '../../platform/context';
import { findOrCreateCustomer, type FindOrCreateInput } from './customers.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type AuditItem = { action: string; changes: { before: Record<string, unknown>; after: Record<string, unknown> } | null };
const trail = async (who: Staff, id: string) => (await as(t, who).get(`/v1/audit/trail/customer/${id}`).expect(200)).body.items as AuditItem[];
const names = (body: { items: { name: string }[] }) => body.items.map((c) => c.name);

describe('customers', () => {
  it('creates a customer with a normalised email, audited with the email and phone hashed', async () => {
    const owner = await signUpTenant(t);
    const staff = await addMember(t, owner, 'STAFF');
    const res = await as(t, staff)
      .post('/v1/customers')
      .send({ name: ' Jane Doe ', email: '  Jane.Doe@Example.TEST ', phone: '+44 20 7946 0000', timeZone: 'Europe/London' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Jane Doe',
      email: 'jane.doe@example.test',
      phone: '+44 20 7946 0000',
      timeZone: 'Europe/London',
      notes: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [created] = await trail(owner, res.body.id);
    expect(created!.action).toBe('customer.created');
    expect(created!.changes!.after).toMatchObject({ name: 'Jane Doe', email: expect.stringMatching(/^hmac:/), phone: expect.stringMatching(/^hmac:/) });
    expect(JSON.stringify(created)).not.toContain('example.test');
  });

  it('allows one live customer per email: 409 on a duplicate, free again after deletion', async () => {
    const owner = await signUpTenant(t);
    const first = await createCustomer(t, owner, { email: 'dup@example.test' });
    const dup = await as(t, owner).post('/v1/customers').send({ name: 'Other', email: 'DUP@example.test' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'email' } });

    const second = await createCustomer(t, owner, { email: 'second@example.test' });
    const clash = await as(t, owner).patch(`/v1/customers/${second.id}`).send({ email: 'dup@example.test' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual({ field: 'email' });
    // keeping one's own email is no clash
    await as(t, owner).patch(`/v1/customers/${first.id}`).send({ email: 'Dup@Example.test', name: 'Renamed' }).expect(200);

    // another tenant may have a customer with the same email
    const other = await signUpTenant(t);
    await createCustomer(t, other, { email: 'dup@example.test' });

    await as(t, owner).delete(`/v1/customers/${first.id}`).expect(204);
    const again = await createCustomer(t, owner, { email: 'dup@example.test' });
    expect(again.id).not.toBe(first.id);
    expect(await t.prisma.customer.count({ where: { tenantId: owner.tenantId, email: 'dup@example.test' } })).toBe(2);
  });

  it('concurrent creates with one email give one customer and 409s', async () => {
    const owner = await signUpTenant(t);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        as(t, owner)
          .post('/v1/customers')
          .send({ name: `Racer ${i}`, email: 'race@example.test' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await t.prisma.customer.count({ where: { tenantId: owner.tenantId } })).toBe(1);
  });

  it('updates and audits only changed fields', async () => {
    const owner = await signUpTenant(t);
    const c = await createCustomer(t, owner, { name: 'Old', phone: '+1 555 0100' });
    const res = await as(t, owner).patch(`/v1/customers/${c.id}`).send({ name: 'New', phone: null, notes: 'VIP' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'New', phone: null, notes: 'VIP', email: c.email });
    const updated = (await trail(owner, c.id)).find((e) => e.action === 'customer.updated')!;
    expect(updated.changes).toEqual({
      before: { name: 'Old', phone: expect.stringMatching(/^hmac:/), notes: null },
      after: { name: 'New', phone: null, notes: 'VIP' },
    });
  });

  it('validates the body', async () => {
    const owner = await signUpTenant(t);
    for (const [body, path] of [
      [{ name: 'A', email: 'not-an-email' }, 'body.email'],
      [{ name: '', email: 'a@example.test' }, 'body.name'],
      [{ name: 'A', email: 'a@example.test', phone: 'call me' }, 'body.phone'],
      [{ name: 'A', email: 'a@example.test', timeZone: 'Nowhere/Town' }, 'body.timeZone'],
      [{ name: 'A', email: 'a@example.test', vip: true }, 'body'],
    ] as const) {
      const res = await as(t, owner).post('/v1/customers').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await t.prisma.customer.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('searches name, email and phone case-insensitively, treating % and _ literally', async () => {
    const owner = await signUpTenant(t);
    await createCustomer(t, owner, { name: 'Zoë Smith', email: 'zoe@example.test' });
    await createCustomer(t, owner, { name: 'Adam Jones', email: 'adam.smithers@example.test' });
    await createCustomer(t, owner, { name: 'Carl 100% Real', email: 'carl@example.test', phone: '+49 30 1234567' });
    await createCustomer(t, owner, { name: 'Dana 1000', email: 'dana_x@example.test' });
    await createCustomer(t, owner, { name: 'Eve', email: 'eveyx@example.test' });

    const q = async (text: string) => names((await as(t, owner).get('/v1/customers').query({ q: text }).expect(200)).body);
    expect(await q('smith')).toEqual(['Adam Jones', 'Zoë Smith']);
    expect(await q('SMITH')).toEqual(['Adam Jones', 'Zoë Smith']);
    expect(await q('30 1234')).toEqual(['Carl 100% Real']);
    expect(await q('100%')).toEqual(['Carl 100% Real']);
    expect(await q('_x@')).toEqual(['Dana 1000']);
    expect(await q('  ')).toHaveLength(5);
    expect(await q('nobody')).toEqual([]);
  });

  it('lists by name with a cursor and hides deleted customers', async () => {
    const owner = await signUpTenant(t);
    const made = [];
    for (const name of ['Eve', 'Bob', 'Dan', 'Ann', 'Cat']) made.push(await createCustomer(t, owner, { name }));
    await as(t, owner).delete(`/v1/customers/${made[0]!.id}`).expect(204);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await as(t, owner)
        .get('/v1/customers')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...names(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Ann', 'Bob', 'Cat', 'Dan']);
    expect((await as(t, owner).get('/v1/customers').query({ cursor: 'bm9wZQ' })).status).toBe(400);
  });

  it('soft-deletes: admins only, gone from get and list, kept in the database, audited', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    const c = await createCustomer(t, staff);
    await as(t, staff).patch(`/v1/customers/${c.id}`).send({ notes: 'staff may edit' }).expect(200);
    await as(t, staff).get(`/v1/customers/${c.id}`).expect(200);
    expect((await as(t, staff).delete(`/v1/customers/${c.id}`)).status).toBe(403);
    await as(t, admin).delete(`/v1/customers/${c.id}`).expect(204);
    await as(t, admin).delete(`/v1/customers/${c.id}`).expect(404);
    await as(t, staff).get(`/v1/customers/${c.id}`).expect(404);
    await as(t, staff).patch(`/v1/customers/${c.id}`).send({ name: 'Zombie' }).expect(404);
    expect((await as(t, staff).get('/v1/customers')).body.items).toEqual([]);
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: c.id } })).deletedAt).toBeInstanceOf(Date);
    expect((await trail(owner, c.id)).map((e) => e.action)).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
  });

  it("answers 404 for another tenant's customer and for unknown ids", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const theirs = await createCustomer(t, other);
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
      const results = await Promise.all([
        as(t, owner).get(`/v1/customers/${id}`),
        as(t, owner).patch(`/v1/customers/${id}`).send({ name: 'Mine' }),
        as(t, owner).delete(`/v1/customers/${id}`),
      ]);
      for (const res of results) expect(res.status).toBe(404);
    }
    expect((await as(t, owner).get('/v1/customers').query({ q: theirs.email })).body.items).toEqual([]);
    expect((await as(t, other).get(`/v1/customers/${theirs.id}`)).body).toEqual(theirs);
  });
});

describe('findOrCreateCustomer (for bookings)', () => {
  const inTenant = <T>(tenantId: string, fn: () => Promise<T>) =>
    runWithContext({ requestId: randomUUID(), correlationId: randomUUID(), logger: pino({ level: 'silent' }), tenantId }, fn);
  const call = (tenantId: string, input: FindOrCreateInput, fillMissing = true) =>
    inTenant(tenantId, () => t.deps.sql.transaction((tx) => findOrCreateCustomer(tx, input, t.deps, { fillMissing })));

  it('creates a new customer, then finds it by email keeping the name and filling a missing phone', async () => {
    const owner = await signUpTenant(t);
    const created = await call(owner.tenantId, { name: 'Walk In', email: 'Walk.In@Example.test' });
    expect(created).toEqual({ id: expect.any(String), name: 'Walk In', email: 'walk.in@example.test', phone: null });
    const again = await call(owner.tenantId, { name: 'Someone Else', email: 'walk.in@example.test', phone: '+1 555 0101', timeZone: 'Asia/Kolkata' });
    expect(again).toEqual({ ...created, phone: '+1 555 0101' });
    const third = await call(owner.tenantId, { name: 'X', email: 'walk.in@example.test', phone: '+1 555 9999' });
    expect(third.phone).toBe('+1 555 0101');
    expect((await as(t, owner).get(`/v1/customers/${created.id}`)).body).toMatchObject({ timeZone: 'Asia/Kolkata' });
    expect((await trail(owner, created.id)).map((e) => e.action)).toEqual(['customer.created', 'customer.updated']);
  });

  it('without fillMissing (a public booking), finds a known customer and leaves the record as it is', async () => {
    const owner = await signUpTenant(t);
    const created = await call(owner.tenantId, { name: 'Known', email: 'known@example.test' }, false);
    const again = await call(owner.tenantId, { name: 'Impostor', email: 'known@example.test', phone: '+1 555 0199', timeZone: 'Asia/Kolkata' }, false);
    expect(again).toEqual(created);
    expect((await as(t, owner).get(`/v1/customers/${created.id}`)).body).toMatchObject({ name: 'Known', phone: null, timeZone: null });
    expect((await trail(owner, created.id)).map((e) => e.action)).toEqual(['customer.created']);
  });

  it('gives concurrent callers with one new email the same customer', async () => {
    const owner = await signUpTenant(t);
    const results = await Promise.all(Array.from({ length: 4 }, () => call(owner.tenantId, { name: 'Same', email: 'same@example.test' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await t.prisma.customer.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { tenantId: owner.tenantId, action: 'customer.created' } })).toBe(1);
  });

  it('ignores deleted customers and other tenants', async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const theirs = await createCustomer(t, other, { email: 'shared@example.test' });
    const deleted = await createCustomer(t, owner, { email: 'shared@example.test' });
    await as(t, owner).delete(`/v1/customers/${deleted.id}`).expect(204);
    const found = await call(owner.tenantId, { name: 'Fresh', email: 'shared@example.test' });
    expect([theirs.id, deleted.id]).not.toContain(found.id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { addMember, as, invitationLinkToken, signUpTenant } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('tenant settings', () => {
  it('owners update settings and the change is audited with only the changed fields', async () => {
    const owner = await signUpTenant(t);
    const res = await as(t, owner).patch('/v1/tenant').send({ timeZone: 'America/New_York', brandAccentColor: '#1f6feb' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'America/New_York', brandAccentColor: '#1f6feb' });
    const trail = await as(t, owner).get(`/v1/audit/trail/tenant/${owner.tenantId}`).expect(200);
    const updated = trail.body.items.find((e: { action: string }) => e.action === 'tenant.updated');
    expect(updated.changes).toEqual({
      before: { timeZone: 'Europe/London', brandAccentColor: null },
      after: { timeZone: 'America/New_York', brandAccentColor: '#1f6feb' },
    });
  });

  it('refuses unknown fields and bad values with 400 and changes nothing', async () => {
    const owner = await signUpTenant(t);
    for (const body of [{ plan: 'ENTERPRISE' }, { brandAccentColor: 'red' }, { holdMinutes: 5 }, { brandLogoUrl: 'http://insecure.example/logo.png' }]) {
      const res = await as(t, owner).patch('/v1/tenant').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const tenant = await t.prisma.tenant.findUniqueOrThrow({ where: { id: owner.tenantId } });
    expect(tenant).toMatchObject({ plan: 'BASIC', brandAccentColor: null, holdMinutes: 30, brandLogoUrl: null });
  });
});

describe('roles', () => {
  it('STAFF and ADMIN cannot change tenant settings, members or invitations; OWNER can', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    const staff = await addMember(t, owner, 'STAFF');
    for (const who of [admin, staff]) {
      const res = await as(t, who).patch('/v1/tenant').send({ name: 'Nope' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await as(t, who).post('/v1/invitations').send({ email: 'z@example.test', role: 'STAFF' })).status).toBe(403);
    }
    expect((await as(t, staff).get('/v1/audit')).status).toBe(403);
    expect((await as(t, admin).get('/v1/audit')).status).toBe(200);
    expect((await as(t, staff).get('/v1/members')).status).toBe(200);
    expect((await as(t, owner).patch('/v1/tenant').send({ name: 'Yes' })).status).toBe(200);
  });
});

describe('members', () => {
  it('lists members, changes roles, removes members, and protects the last owner', async () => {
    const owner = await signUpTenant(t);
    const staff = await addMember(t, owner, 'STAFF');
    const list = await as(t, owner).get('/v1/members').expect(200);
    expect(list.body.items.map((m: { role: string }) => m.role).sort()).toEqual(['OWNER', 'STAFF']);
    const ownerMembership = list.body.items.find((m: { role: string }) => m.role === 'OWNER');
    const staffMembership = list.body.items.find((m: { role: string }) => m.role === 'STAFF');

    const demoteSelf = await as(t, owner).patch(`/v1/members/${ownerMembership.id}`).send({ role: 'ADMIN' });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.error.details).toEqual({ reason: 'LAST_OWNER' });
    expect((await as(t, owner).delete(`/v1/members/${ownerMembership.id}`)).status).toBe(409);

    const promoted = await as(t, owner).patch(`/v1/members/${staffMembership.id}`).send({ role: 'OWNER' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('OWNER');
    // now there are two owners, so one may step down
    expect((await as(t, owner).patch(`/v1/members/${ownerMembership.id}`).send({ role: 'ADMIN' })).status).toBe(200);

    const removed = await as(t, staff).delete(`/v1/members/${ownerMembership.id}`);
    expect(removed.status).toBe(204);
    // the removed member's session no longer reaches the tenant
    const after = await as(t, owner).get('/v1/tenant');
    expect(after.status).toBe(403);
  });

  it('two owners demoting each other at once leave at least one owner', async () => {
    const owner = await signUpTenant(t);
    const second = await addMember(t, owner, 'OWNER');
    const members = (await as(t, owner).get('/v1/members')).body.items as { id: string; user: { id: string } }[];
    const mine = members.find((m) => m.user.id === owner.userId)!;
    const theirs = members.find((m) => m.user.id === second.userId)!;
    const results = await Promise.all([
      as(t, owner).patch(`/v1/members/${theirs.id}`).send({ role: 'STAFF' }),
      as(t, second).patch(`/v1/members/${mine.id}`).send({ role: 'STAFF' }),
    ]);
    expect(results.map((r) => r.status).sort()).toContain(200);
    expect(await t.prisma.membership.count({ where: { tenantId: owner.tenantId, role: 'OWNER' } })).toBeGreaterThanOrEqual(1);
  });
});

describe('invitations', () => {
  it('are listed while pending, can be revoked, and expire', async () => {
    const clock = new ManualClock('2031-05-01T10:00:00Z');
    // sessions outlive the invitation here, so the owner stays signed in across the week
    const ct = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '720' } });
    try {
      const owner = await signUpTenant(ct);
      const inv = await as(ct, owner).post('/v1/invitations').send({ email: 'Later@Example.test', role: 'ADMIN' });
      expect(inv.status).toBe(201);
      expect(inv.body).toMatchObject({ email: 'later@example.test', role: 'ADMIN', expiresAt: '2031-05-08T10:00:00.000Z' });
      // Only the invitee's mailbox gets the link: neither answer carries it.
      const token = await invitationLinkToken(ct, inv.body.id);
      expect(JSON.stringify(inv.body)).not.toContain(token);
      expect(inv.body.acceptUrl).toBeUndefined();
      const pending = await as(ct, owner).get('/v1/invitations').expect(200);
      expect(pending.body.items).toHaveLength(1);
      expect(JSON.stringify(pending.body)).not.toContain(token);
      await ct.http.get(`/v1/public/invitations/${token}`).expect(200);
      clock.advanceMinutes(7 * 24 * 60 + 1);
      await ct.http.get(`/v1/public/invitations/${token}`).expect(404);
      expect((await as(ct, owner).get('/v1/invitations')).body.items).toHaveLength(0);

      const second = await as(ct, owner).post('/v1/invitations').send({ email: 'x@example.test', role: 'STAFF' });
      await as(ct, owner).delete(`/v1/invitations/${second.body.id}`).expect(204);
      await ct.http.get(`/v1/public/invitations/${await invitationLinkToken(ct, second.body.id)}`).expect(404);
      await as(ct, owner).delete(`/v1/invitations/${second.body.id}`).expect(404);
    } finally {
      await ct.close();
    }
  });

  it('refuses to invite an existing member', async () => {
    const owner = await signUpTenant(t);
    const staff = await addMember(t, owner, 'STAFF');
    const res = await as(t, owner).post('/v1/invitations').send({ email: staff.email, role: 'ADMIN' });
    expect(res.status).toBe(409);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { addMember, as, invitationLinkToken, latestLinkToken, ORIGIN, signUpTenant } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { sha256 } from '../../platform/session';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('slotwise_session='));

describe('sign-up', () => {
  it('creates nothing until the emailed link is followed; the link creates tenant and verified owner and signs in with a safe cookie', async () => {
    const started = await t.http.post('/v1/auth/signup').set('Origin', ORIGIN).send({
      tenantName: 'Studio Nord',
      slug: 'studio-nord',
      timeZone: 'Europe/Berlin',
      name: 'Nora',
      email: '  Nora@Example.TEST ',
    });
    expect(started.status).toBe(202);
    expect(cookieOf(started)).toBeUndefined();
    expect(await t.prisma.tenant.count({ where: { slug: 'studio-nord' } })).toBe(0);
    expect(await t.prisma.user.count({ where: { email: 'nora@example.test' } })).toBe(0);

    const token = await latestLinkToken(t, 'nora@example.test', 'SIGNUP');
    const res = await t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token, password: 'long enough password' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'nora@example.test', name: 'Nora', emailVerified: true });
    expect(res.body.currentTenant).toMatchObject({ slug: 'studio-nord', timeZone: 'Europe/Berlin', plan: 'BASIC', platformFeeBps: 500 });
    const cookie = cookieOf(res)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http in tests
    const me = await t.http.get('/v1/me').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(me.body).toMatchObject({ role: 'OWNER', currentTenant: { slug: 'studio-nord' } });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'nora@example.test' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ['reserved slug', { slug: 'admin' }, 'body.slug'],
    ['uppercase slug', { slug: 'Studio' }, 'body.slug'],
    ['short slug', { slug: 'ab' }, 'body.slug'],
    ['unknown zone', { timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    ['bad email', { email: 'not-an-email' }, 'body.email'],
  ])('refuses a %s with 400 and writes nothing', async (_label, override, path) => {
    const before = await t.prisma.accountToken.count();
    const res = await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send({ tenantName: 'X', slug: 'valid-slug-x', timeZone: 'UTC', name: 'X', email: 'x@example.test', ...override });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await t.prisma.accountToken.count()).toBe(before);
  });

  it('refuses a taken slug with 409 and creates no user', async () => {
    const first = await signUpTenant(t);
    const res = await t.http.post('/v1/auth/signup').set('Origin', ORIGIN).send({
      tenantName: 'Copy',
      slug: first.slug,
      timeZone: 'UTC',
      name: 'C',
      email: 'copy@example.test',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ field: 'slug' });
    expect(await t.prisma.accountToken.count({ where: { email: 'copy@example.test' } })).toBe(0);
  });
});

describe('login and logout', () => {
  it('logs in with any email casing, rotates the session and revokes it at logout', async () => {
    const owner = await signUpTenant(t);
    const login = await t.http
      .post('/v1/auth/login')
      .set('Origin', ORIGIN)
      .set('Cookie', owner.cookie)
      .send({ email: owner.email.toUpperCase(), password: owner.password });
    expect(login.status).toBe(200);
    expect(login.body.currentTenant.id).toBe(owner.tenantId);
    const fresh = cookieOf(login)!.split(';')[0]!;
    expect(fresh).not.toBe(owner.cookie);
    // the session presented at login was replaced
    await t.http.get('/v1/me').set('Cookie', owner.cookie).expect(401);
    await t.http.get('/v1/me').set('Cookie', fresh).expect(200);
    await t.http.post('/v1/auth/logout').set('Cookie', fresh).set('Origin', ORIGIN).expect(204);
    const after = await t.http.get('/v1/me').set('Cookie', fresh).expect(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
    const row = await t.prisma.session.findUniqueOrThrow({ where: { tokenHash: sha256(fresh.split('=')[1]!) } });
    expect(row.revokedAt).not.toBeNull();
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const owner = await signUpTenant(t);
    const wrong = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: 'not the password' });
    const unknown = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: 'nobody@example.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(cookieOf(wrong)).toBeUndefined();
  });

  it('refuses a forged or missing cookie on session routes', async () => {
    await t.http.get('/v1/me').expect(401);
    await t.http
      .get('/v1/me')
      .set('Cookie', `slotwise_session=${'A'.repeat(43)}`)
      .expect(401);
    await t.http.get('/v1/tenant').set('Cookie', 'slotwise_session=garbage').expect(401);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing cookie request from another origin or without Origin/Referer', async () => {
    const owner = await signUpTenant(t);
    const evil = await t.http.patch('/v1/tenant').set('Cookie', owner.cookie).set('Origin', 'https://evil.example').send({ name: 'Pwned' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('CSRF_REJECTED');
    const bare = await t.http.patch('/v1/tenant').set('Cookie', owner.cookie).send({ name: 'Pwned' });
    expect(bare.status).toBe(403);
    const viaReferer = await t.http.patch('/v1/tenant').set('Cookie', owner.cookie).set('Referer', `${ORIGIN}/settings`).send({ name: 'Fine' });
    expect(viaReferer.status).toBe(200);
    expect((await t.prisma.tenant.findUniqueOrThrow({ where: { id: owner.tenantId } })).name).toBe('Fine');
  });

  it('refuses a cross-site login attempt', async () => {
    const res = await t.http.post('/v1/auth/login').set('Origin', 'https://evil.example').send({ email: 'a@b.test', password: 'x' });
    expect(res.status).toBe(403);
  });
});

describe('session expiry', () => {
  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    const clock = new ManualClock('2030-01-01T00:00:00Z');
    const ct = await createTestApp({ clock, env: { SESSION_IDLE_HOURS: '2', SESSION_ABSOLUTE_DAYS: '1' } });
    try {
      const owner = await signUpTenant(ct);
      clock.advanceMinutes(119);
      await ct.http.get('/v1/me').set('Cookie', owner.cookie).expect(200); // touches lastSeenAt
      clock.advanceMinutes(119);
      await ct.http.get('/v1/me').set('Cookie', owner.cookie).expect(200); // still within idle of the last touch
      clock.advanceMinutes(121);
      await ct.http.get('/v1/me').set('Cookie', owner.cookie).expect(401); // idle

      const login = await ct.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password });
      const cookie = cookieOf(login)!.split(';')[0]!;
      for (let i = 0; i < 13; i++) {
        clock.advanceMinutes(110);
        await ct.http.get('/v1/me').set('Cookie', cookie).expect(200);
      }
      clock.advanceMinutes(110); // 25h23m after login: past the 1-day absolute lifetime
      await ct.http.get('/v1/me').set('Cookie', cookie).expect(401);
    } finally {
      await ct.close();
    }
  });
});

describe('password change', () => {
  it('revokes every other session and keeps the caller signed in with a new one', async () => {
    const owner = await signUpTenant(t);
    const other = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password });
    const otherCookie = cookieOf(other)!.split(';')[0]!;
    const wrong = await as(t, owner).post('/v1/me/password').send({ currentPassword: 'nope', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(400);
    const res = await as(t, owner).post('/v1/me/password').send({ currentPassword: owner.password, newPassword: 'a brand new password' });
    expect(res.status).toBe(204);
    const rotated = cookieOf(res)!.split(';')[0]!;
    await t.http.get('/v1/me').set('Cookie', otherCookie).expect(401);
    await t.http.get('/v1/me').set('Cookie', owner.cookie).expect(401);
    await t.http.get('/v1/me').set('Cookie', rotated).expect(200);
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: 'a brand new password' }).expect(200);
  });
});

describe('several tenants per user', () => {
  it('switches between tenants the user belongs to, and only those', async () => {
    const a = await signUpTenant(t);
    const b = await signUpTenant(t);
    const staffInB = await addMember(t, b, 'STAFF');
    // Invite the same person (by email) into A as ADMIN: they accept signed in as their account.
    const inv = await as(t, a).post('/v1/invitations').send({ email: staffInB.email, role: 'ADMIN' });
    expect(inv.status).toBe(201);
    const token = await invitationLinkToken(t, inv.body.id);
    const info = await t.http.get(`/v1/public/invitations/${token}`).expect(200);
    expect(info.body).toMatchObject({ email: staffInB.email, role: 'ADMIN', userExists: true });
    const acc = await as(t, staffInB).post(`/v1/public/invitations/${token}/accept`).send({});
    expect(acc.status).toBe(200);
    expect(acc.body.memberships).toHaveLength(2);
    // The session they accepted in now works in A.
    const me = staffInB;
    expect((await as(t, me).get('/v1/me')).body.currentTenant.id).toBe(a.tenantId);
    const sw = await as(t, me).post('/v1/me/tenant').send({ tenantId: b.tenantId });
    expect(sw.status).toBe(200);
    expect(sw.body).toMatchObject({ role: 'STAFF', currentTenant: { id: b.tenantId } });
    const foreign = await signUpTenant(t);
    const denied = await as(t, me).post('/v1/me/tenant').send({ tenantId: foreign.tenantId });
    expect(denied.status).toBe(404);
    // the token is spent
    await as(t, me).post(`/v1/public/invitations/${token}/accept`).send({}).expect(404);
  });
});

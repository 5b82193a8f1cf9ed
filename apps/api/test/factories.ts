import { randomUUID } from 'node:crypto';
import { accountToken } from '../src/modules/auth/account-links';
import { invitationToken } from '../src/modules/tenant/invitation-links';
import type { TestApp } from './app';

/** The Origin a browser on our own site sends; state-changing cookie requests need it (CSRF). */
export const ORIGIN = 'http://localhost:3000';

export type Staff = {
  cookie: string;
  userId: string;
  tenantId: string;
  slug: string;
  email: string;
  password: string;
};

const uniq = () => randomUUID().slice(0, 8);

function sessionCookie(setCookie: string[] | string | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = list.find((c) => c.startsWith('slotwise_session='));
  if (!found) throw new Error('no session cookie in response');
  return found.split(';')[0]!;
}

/**
 * The token of the newest sign-up, verification or reset link sent to `email`, as the emailed
 * link carries it (derived like the email job derives it; the database holds only its hash).
 */
export async function latestLinkToken(t: TestApp, email: string, purpose: 'SIGNUP' | 'VERIFY_EMAIL' | 'RESET_PASSWORD'): Promise<string> {
  const row = await t.prisma.accountToken.findFirst({ where: { email: email.toLowerCase(), purpose }, orderBy: { createdAt: 'desc' } });
  if (!row) throw new Error(`no ${purpose} link for ${email}`);
  return accountToken(t.config, row);
}

/** The token of an invitation's current link, as its email carries it. */
export async function invitationLinkToken(t: TestApp, invitationId: string): Promise<string> {
  const invitation = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: { id: true, linkVersion: true } });
  return invitationToken(t.config, invitation);
}

/**
 * Signs up a new tenant with its owner through the API, as a person does: the sign-up, then
 * the emailed link with a password. Returns the owner's session.
 */
export async function signUpTenant(
  t: TestApp,
  overrides: Partial<{ slug: string; timeZone: string; tenantName: string; email: string; password: string; name: string }> = {},
): Promise<Staff> {
  const id = uniq();
  const body = {
    tenantName: `Tenant ${id}`,
    slug: `t-${id}`,
    timeZone: 'Europe/London',
    name: `Owner ${id}`,
    email: `owner-${id}@example.test`,
    password: 'correct horse battery',
    ...overrides,
  };
  const { password, ...signup } = body;
  const started = await t.http.post('/v1/auth/signup').set('Origin', ORIGIN).send(signup);
  if (started.status !== 202) throw new Error(`signup failed: ${started.status} ${JSON.stringify(started.body)}`);
  const token = await latestLinkToken(t, body.email, 'SIGNUP');
  const res = await t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token, password });
  if (res.status !== 201) throw new Error(`signup confirm failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    cookie: sessionCookie(res.headers['set-cookie']),
    userId: res.body.user.id,
    tenantId: res.body.currentTenant.id,
    slug: body.slug,
    email: body.email.toLowerCase(),
    password: body.password,
  };
}

/** Invites a new member with `role` into the owner's tenant and accepts; returns their session. */
export async function addMember(t: TestApp, owner: Staff, role: 'OWNER' | 'ADMIN' | 'STAFF'): Promise<Staff> {
  const email = `${role.toLowerCase()}-${uniq()}@example.test`;
  const inv = await t.http.post('/v1/invitations').set('Cookie', owner.cookie).set('Origin', ORIGIN).send({ email, role });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const token = await invitationLinkToken(t, inv.body.id);
  const password = 'another good password';
  const acc = await t.http
    .post(`/v1/public/invitations/${token}/accept`)
    .set('Origin', ORIGIN)
    .send({ name: `${role} person`, password });
  if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
  return { cookie: sessionCookie(acc.headers['set-cookie']), userId: acc.body.user.id, tenantId: owner.tenantId, slug: owner.slug, email, password };
}

/** A supertest request as `who`, with the cookie and our Origin. */
export function as(t: TestApp, who: Staff) {
  return {
    get: (url: string) => t.http.get(url).set('Cookie', who.cookie),
    post: (url: string) => t.http.post(url).set('Cookie', who.cookie).set('Origin', ORIGIN),
    put: (url: string) => t.http.put(url).set('Cookie', who.cookie).set('Origin', ORIGIN),
    patch: (url: string) => t.http.patch(url).set('Cookie', who.cookie).set('Origin', ORIGIN),
    delete: (url: string) => t.http.delete(url).set('Cookie', who.cookie).set('Origin', ORIGIN),
  };
}

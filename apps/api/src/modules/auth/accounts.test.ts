import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { addMember, as, invitationLinkToken, latestLinkToken, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { accountEmailJob } from './account-email.jobs';
import { createAuthService } from './auth.service';

/**
 * Accounts: sign-up that does not tell whether an address has an account, password reset and
 * email verification by single-use emailed links, invitations that cannot claim an address,
 * the password policy, and links that never travel in a job's payload.
 */

const START = '2031-03-01T09:00:00Z';
const clock = new ManualClock(START);
let smtp: SmtpCapture;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
beforeEach(() => clock.set(START));

type QueuedJob = { name: string; data: Record<string, unknown> };
const queuedJobs = () =>
  t.prisma.$queryRaw<QueuedJob[]>`
    SELECT name, data FROM pgboss.job WHERE name IN ('account.email', 'invitation.email') AND state = 'created' ORDER BY created_on`;

/**
 * Sends what the account email jobs have queued, as the worker would. A link's job runs twice,
 * as a retry after a lost acknowledgement would, and sends once; the sign-in note has no link
 * to record against and is at-least-once, like any email whose sending is not recorded.
 */
async function sendAccountEmails() {
  for (const job of await queuedJobs()) {
    if (job.name !== 'account.email') continue;
    await t.jobs.runNow(accountEmailJob(t.deps), job.data as never);
    if (job.data.kind === 'link') await t.jobs.runNow(accountEmailJob(t.deps), job.data as never);
    await t.prisma.$executeRaw`UPDATE pgboss.job SET state = 'completed' WHERE name = 'account.email' AND data = ${JSON.stringify(job.data)}::jsonb`;
  }
}
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));
const linkIn = (text: string, path: string) => new RegExp(`(http://localhost:3000${path}\\?token=[A-Za-z0-9_-]{43})`).exec(text)?.[1];
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
const cookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[])
    .concat((res.headers['set-cookie'] as string[] | undefined) ?? [])
    .find((c) => c.startsWith('slotwise_session='))
    ?.split(';')[0];

let n = 0;
const fresh = (label: string) => `${label}-${Date.now().toString(36)}-${n++}@example.test`;
const signupBody = (email: string, slug: string) => ({ tenantName: 'Fern Studio', slug, timeZone: 'Europe/Lisbon', name: 'Fern Alves', email });

describe('sign-up does not tell whether an address has an account', () => {
  it('answers an address with an account exactly as a new one, creates nothing for it, and emails each what applies', async () => {
    const owner = await signUpTenant(t);
    const newcomer = fresh('newcomer');
    const known = await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send(signupBody(owner.email, `known-${n++}`));
    const unknown = await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send(signupBody(newcomer, `unknown-${n++}`));

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(cookieOf(known)).toBeUndefined();
    expect(cookieOf(unknown)).toBeUndefined();
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    // Neither booking address was taken, so checking it afterwards tells nothing either.
    expect(await t.prisma.tenant.count({ where: { slug: { in: [`known-${n - 2}`, `unknown-${n - 1}`] } } })).toBe(0);

    await sendAccountEmails();
    const note = mailTo(owner.email);
    expect(note).toHaveLength(1);
    expect(note[0]!.subject).toBe('You already have a Slotwise account');
    expect(note[0]!.text).toContain('Sign in: http://localhost:3000/login');
    expect(note[0]!.text).toContain('Forgot your password?: http://localhost:3000/forgot-password');
    expect(note[0]!.text).not.toContain('token=');
    const invite = mailTo(newcomer);
    expect(invite).toHaveLength(1);
    expect(invite[0]!.subject).toBe('Finish creating your Slotwise account');
    expect(linkIn(invite[0]!.text, '/finish-signup')).toBeDefined();
    // The existing account is as it was.
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password }).expect(200);
  });

  it('finishes once, from the link, within 24 hours', async () => {
    const email = fresh('late');
    await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send(signupBody(email, `late-${n++}`))
      .expect(202);
    await sendAccountEmails();
    const token = tokenOf(linkIn(mailTo(email)[0]!.text, '/finish-signup')!);

    clock.advanceMinutes(24 * 60 + 1);
    const expired = await t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token, password: 'quiet river lantern' });
    expect(expired.status).toBe(404);

    const email2 = fresh('prompt');
    await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send(signupBody(email2, `prompt-${n++}`))
      .expect(202);
    const token2 = await latestLinkToken(t, email2, 'SIGNUP');
    const done = await t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token: token2, password: 'quiet river lantern' });
    expect(done.status).toBe(201);
    expect(done.body.user.emailVerified).toBe(true);
    const again = await t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token: token2, password: 'quiet river lantern' });
    expect(again.status).toBe(404);
    expect(await t.prisma.tenant.count({ where: { slug: `prompt-${n - 1}` } })).toBe(1);
  });
});

describe('password reset', () => {
  it('answers a known and an unknown address identically and emails only the account', async () => {
    const owner = await signUpTenant(t);
    const nobody = fresh('nobody');
    const known = await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: owner.email.toUpperCase() });
    const unknown = await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: nobody });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());

    await sendAccountEmails();
    expect(mailTo(nobody)).toEqual([]);
    const mails = mailTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Reset your Slotwise password');
    expect(mails[0]!.text).toContain('The link works once, for 30 minutes');
    expect(linkIn(mails[0]!.text, '/reset-password')).toBeDefined();
  });

  it('sets the password once, signs the account out everywhere, and leaves a refused password unused', async () => {
    const owner = await signUpTenant(t);
    const other = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password }).expect(200);
    await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: owner.email }).expect(202);
    await sendAccountEmails();
    const token = tokenOf(linkIn(mailTo(owner.email)[0]!.text, '/reset-password')!);

    const common = await t.http.post('/v1/auth/password-reset/confirm').set('Origin', ORIGIN).send({ token, password: 'password12' });
    expect(common.status).toBe(400);
    expect(common.body.error.details).toEqual([{ path: 'body.password', message: expect.stringMatching(/too easy to guess/) }]);

    const res = await t.http.post('/v1/auth/password-reset/confirm').set('Origin', ORIGIN).send({ token, password: 'marble orchard compass' });
    expect(res.status).toBe(204);
    await t.http.get('/v1/me').set('Cookie', owner.cookie).expect(401);
    await t.http.get('/v1/me').set('Cookie', cookieOf(other)!).expect(401);
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: owner.password }).expect(401);
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: 'marble orchard compass' }).expect(200);

    const again = await t.http.post('/v1/auth/password-reset/confirm').set('Origin', ORIGIN).send({ token, password: 'another fine password' });
    expect(again.status).toBe(404);
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: 'marble orchard compass' }).expect(200);
  });

  it('expires after 30 minutes, and sends nothing for a link that expired before its email went out', async () => {
    const owner = await signUpTenant(t);
    await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: owner.email }).expect(202);
    const token = await latestLinkToken(t, owner.email, 'RESET_PASSWORD');
    clock.advanceMinutes(31);
    await sendAccountEmails();
    expect(mailTo(owner.email)).toEqual([]);
    const res = await t.http.post('/v1/auth/password-reset/confirm').set('Origin', ORIGIN).send({ token, password: 'marble orchard compass' });
    expect(res.status).toBe(404);
    await t.http.get('/v1/me').set('Cookie', owner.cookie).expect(200);
  });
});

describe('email verification', () => {
  /** An account from before verification existed: signed up, then its address marked unverified. */
  async function unverifiedOwner(): Promise<Staff> {
    const owner = await signUpTenant(t);
    await t.prisma.user.update({ where: { id: owner.userId }, data: { emailVerifiedAt: null } });
    return owner;
  }

  it('an unverified owner uses the dashboard, cannot pass the verified-owner check, and verifies from a resent link once', async () => {
    const owner = await unverifiedOwner();
    const auth = createAuthService(t.deps);
    expect((await as(t, owner).get('/v1/me').expect(200)).body.user.emailVerified).toBe(false);
    await as(t, owner).get('/v1/bookings').expect(200);
    await expect(auth.requireVerifiedOwner(owner.userId, owner.tenantId)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { reason: 'EMAIL_NOT_VERIFIED' },
    });

    await as(t, owner).post('/v1/me/email-verification').expect(202);
    await sendAccountEmails();
    const mails = mailTo(owner.email);
    expect(mails.map((m) => m.subject)).toEqual(['Verify your email address for Slotwise']);
    const token = tokenOf(linkIn(mails[0]!.text, '/verify-email')!);

    await t.http.post('/v1/auth/verify-email').set('Origin', ORIGIN).send({ token }).expect(204);
    expect((await as(t, owner).get('/v1/me')).body.user.emailVerified).toBe(true);
    await expect(auth.requireVerifiedOwner(owner.userId, owner.tenantId)).resolves.toBeUndefined();
    await t.http.post('/v1/auth/verify-email').set('Origin', ORIGIN).send({ token }).expect(404);
    const twice = await as(t, owner).post('/v1/me/email-verification');
    expect(twice.status).toBe(409);
  });

  it('a verified member who is not an owner does not pass the verified-owner check', async () => {
    const owner = await signUpTenant(t);
    const admin = await addMember(t, owner, 'ADMIN');
    await expect(createAuthService(t.deps).requireVerifiedOwner(admin.userId, owner.tenantId)).rejects.toMatchObject({ details: { reason: 'NOT_OWNER' } });
  });

  it('following a password reset link verifies the address too', async () => {
    const owner = await unverifiedOwner();
    await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: owner.email }).expect(202);
    const token = await latestLinkToken(t, owner.email, 'RESET_PASSWORD');
    await t.http.post('/v1/auth/password-reset/confirm').set('Origin', ORIGIN).send({ token, password: 'marble orchard compass' }).expect(204);
    const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: owner.email, password: 'marble orchard compass' }).expect(200);
    expect(login.body.user.emailVerified).toBe(true);
  });
});

describe('invitations cannot claim an address', () => {
  it('an invitation to an address with an account is accepted only by that account, signed in', async () => {
    const inviter = await signUpTenant(t);
    const invitee = await signUpTenant(t);
    const stranger = await signUpTenant(t);
    const inv = await as(t, inviter).post('/v1/invitations').send({ email: invitee.email, role: 'ADMIN' }).expect(201);
    expect(JSON.stringify(inv.body)).not.toMatch(/accept-invitation|token/i);
    const token = await invitationLinkToken(t, inv.body.id);
    // The page learns whether the caller is the invitee, and only the caller's own address.
    expect((await t.http.get(`/v1/public/invitations/${token}`)).body).toMatchObject({ userExists: true, signedInAs: null });
    expect((await as(t, stranger).get(`/v1/public/invitations/${token}`)).body.signedInAs).toBe(stranger.email);

    const anonymous = await t.http.post(`/v1/public/invitations/${token}/accept`).set('Origin', ORIGIN).send({ password: 'marble orchard compass' });
    expect(anonymous.status).toBe(401);
    expect(cookieOf(anonymous)).toBeUndefined();
    const withName = await t.http
      .post(`/v1/public/invitations/${token}/accept`)
      .set('Origin', ORIGIN)
      .send({ name: 'Mallory', password: 'marble orchard compass' });
    expect(withName.status).toBe(401);
    const asStranger = await as(t, stranger).post(`/v1/public/invitations/${token}/accept`).send({});
    expect(asStranger.status).toBe(403);
    // Nothing changed for the invitee: same password, no membership yet.
    await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: invitee.email, password: invitee.password }).expect(200);
    expect(await t.prisma.membership.count({ where: { userId: invitee.userId } })).toBe(1);

    const accepted = await as(t, invitee).post(`/v1/public/invitations/${token}/accept`).send({});
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'ADMIN', currentTenant: { id: inviter.tenantId } });
    expect(cookieOf(accepted)).toBeUndefined(); // the same session, now in the inviting business
    expect((await as(t, invitee).get('/v1/me')).body.currentTenant.id).toBe(inviter.tenantId);
  });

  it('an account created from an invitation counts as verified: the link reached the address', async () => {
    const owner = await signUpTenant(t);
    const staff = await addMember(t, owner, 'STAFF');
    expect((await as(t, staff).get('/v1/me')).body.user.emailVerified).toBe(true);
  });
});

describe('password policy', () => {
  it('refuses common, blank, short and personal passwords wherever one is chosen', async () => {
    const email = fresh('glow');
    await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send({ ...signupBody(email, `glow-${n++}`), tenantName: 'Glow Studio' })
      .expect(202);
    const token = await latestLinkToken(t, email, 'SIGNUP');
    const attempt = (password: string) => t.http.post('/v1/auth/signup/confirm').set('Origin', ORIGIN).send({ token, password });

    for (const [password, message] of [
      ['password12', /too easy to guess/],
      ['qwertyuiop', /too easy to guess/],
      [' '.repeat(10), /only spaces/],
      ['   short   ', /At least 10 characters/],
      ['glowstudio-is-the-best', /business's name/],
      [`${email.split('@')[0]}!!`, /email address/],
    ] as const) {
      const res = await attempt(password);
      expect(res.status, password).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([{ path: 'body.password', message: expect.stringMatching(message) }]);
    }
    await attempt('quiet river lantern').expect(201);

    const owner = await signUpTenant(t);
    const change = await as(t, owner).post('/v1/me/password').send({ currentPassword: owner.password, newPassword: 'password12' });
    expect(change.status).toBe(400);
    expect(change.body.error.details).toEqual([{ path: 'body.newPassword', message: expect.stringMatching(/too easy to guess/) }]);

    const inv = await as(t, owner)
      .post('/v1/invitations')
      .send({ email: fresh('joiner'), role: 'STAFF' })
      .expect(201);
    const joinToken = await invitationLinkToken(t, inv.body.id);
    const join = await t.http.post(`/v1/public/invitations/${joinToken}/accept`).set('Origin', ORIGIN).send({ name: 'Joiner', password: 'password12' });
    expect(join.status).toBe(400);
    expect(join.body.error.details).toEqual([{ path: 'body.password', message: expect.stringMatching(/too easy to guess/) }]);
  });
});

describe('links never travel in job payloads', () => {
  it('sign-up, reset, verification and invitation jobs name rows; the links are derived when the email is sent', async () => {
    await t.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name IN ('account.email', 'invitation.email')`;
    const email = fresh('payload');
    await t.http
      .post('/v1/auth/signup')
      .set('Origin', ORIGIN)
      .send(signupBody(email, `payload-${n++}`))
      .expect(202);
    const owner = await signUpTenant(t);
    await t.http.post('/v1/auth/password-reset').set('Origin', ORIGIN).send({ email: owner.email }).expect(202);
    await t.prisma.user.update({ where: { id: owner.userId }, data: { emailVerifiedAt: null } });
    await as(t, owner).post('/v1/me/email-verification').expect(202);
    const inv = await as(t, owner)
      .post('/v1/invitations')
      .send({ email: fresh('invitee'), role: 'STAFF' })
      .expect(201);

    const tokens = [
      await latestLinkToken(t, email, 'SIGNUP'),
      await latestLinkToken(t, owner.email, 'RESET_PASSWORD'),
      await latestLinkToken(t, owner.email, 'VERIFY_EMAIL'),
      await invitationLinkToken(t, inv.body.id),
    ];
    const jobs = await queuedJobs();
    expect(jobs.length).toBeGreaterThanOrEqual(5);
    for (const job of jobs) {
      const payload = JSON.stringify(job.data);
      for (const token of tokens) expect(payload).not.toContain(token);
      expect(payload).not.toMatch(/token=|accept-invitation|https?:/i);
    }
    // The links still go out.
    await sendAccountEmails();
    expect(linkIn(mailTo(email)[0]!.text, '/finish-signup')).toBe(`http://localhost:3000/finish-signup?token=${tokens[0]}`);
  });
});

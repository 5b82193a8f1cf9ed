import { startSmtpCapture, type SmtpCapture } from '@slotwise/emulator-smtp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { as, invitationLinkToken, ORIGIN, signUpTenant, type Staff } from '../../../test/factories';
import { ManualClock } from '../../platform/clock';
import { invitationEmailJob } from './invitation-email.jobs';

const START = '2031-05-01T10:00:00Z';
const clock = new ManualClock(START);
let smtp: SmtpCapture;
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // Sessions outlive the invitation, so the owner stays signed in across the week.
  t = await createTestApp({ clock, env: { SMTP_URL: smtp.url, SESSION_IDLE_HOURS: '720' } });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});
beforeEach(() => clock.set(START));

type Queued = { id: string; data: { invitationId: string; linkVersion: number }; state: string };
const queued = (invitationId: string) =>
  t.prisma.$queryRaw<Queued[]>`
    SELECT id::text, data, state::text FROM pgboss.job
    WHERE name = 'invitation.email' AND data->>'invitationId' = ${invitationId} ORDER BY created_on`;

/** Runs the invitation's queued email jobs twice each, as a retry after a lost acknowledgement would. */
async function runQueued(invitationId: string) {
  for (const job of await queued(invitationId)) {
    await t.jobs.runNow(invitationEmailJob(t.deps), job.data as never);
    await t.jobs.runNow(invitationEmailJob(t.deps), job.data as never);
  }
}
const mailTo = (address: string) => smtp.messages().filter((m) => m.to.includes(address));
const linkIn = (text: string) => /Accept the invitation: (\S+)/.exec(text)?.[1];

/** The link the invitee's email carries (the owner's answer has none). */
const currentLink = async (id: string) => `http://localhost:3000/accept-invitation/${await invitationLinkToken(t, id)}`;

async function invite(owner: Staff, email: string) {
  const res = await as(t, owner).post('/v1/invitations').send({ email, role: 'STAFF' }).expect(201);
  const body = res.body as { id: string; expiresAt: string };
  return { ...body, acceptUrl: await currentLink(body.id) };
}

describe('invitation emails', () => {
  it('emails the accept link once, named for the business and who invited', async () => {
    const owner = await signUpTenant(t, { tenantName: 'Glow Studio', name: 'Olivia Owner' });
    const inv = await invite(owner, 'Nadia@Example.test');

    const jobs = await queued(inv.id);
    expect(jobs).toHaveLength(1); // written with the invitation
    // The job names the invitation and its link version; the link itself is derived when it sends.
    expect(jobs[0]!.data).toEqual({ tenantId: owner.tenantId, invitationId: inv.id, linkVersion: 1, correlationId: expect.any(String) });
    expect(JSON.stringify(jobs[0]!.data)).not.toContain(inv.acceptUrl.split('/').pop()!);
    await runQueued(inv.id);

    const mails = mailTo('nadia@example.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Join Glow Studio on Slotwise');
    expect(mails[0]!.text).toContain('Olivia Owner has invited you to join Glow Studio on Slotwise as a staff member');
    expect(mails[0]!.text).toContain('until 8 May 2031');
    expect(linkIn(mails[0]!.text)).toBe(inv.acceptUrl);
    expect(mails[0]!.html).toContain(`href="${inv.acceptUrl}"`);
    // The link in the email works.
    await t.http.get(`/v1/public/invitations/${inv.acceptUrl.split('/').pop()}`).expect(200);
  });

  it('re-sends with a new link and a fresh week; the old link and its stale job stop working', async () => {
    const owner = await signUpTenant(t);
    const inv = await invite(owner, 'late@example.test');
    clock.advanceMinutes(6 * 24 * 60);

    const again = await as(t, owner).post(`/v1/invitations/${inv.id}/resend`).expect(200);

    expect(again.body).toMatchObject({ id: inv.id, email: 'late@example.test', role: 'STAFF', expiresAt: '2031-05-14T10:00:00.000Z' });
    const newLink = await currentLink(inv.id);
    expect(newLink).not.toBe(inv.acceptUrl);
    await t.http.get(`/v1/public/invitations/${inv.acceptUrl.split('/').pop()}`).expect(404);
    await t.http.get(`/v1/public/invitations/${newLink.split('/').pop()}`).expect(200);
    // Both jobs run (the first was never sent): only the current link goes out.
    await runQueued(inv.id);
    const mails = mailTo('late@example.test');
    expect(mails.map((m) => linkIn(m.text))).toEqual([newLink]);
    const trail = await as(t, owner).get(`/v1/audit/trail/invitation/${inv.id}`).expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['invitation.created', 'invitation.resent']);
  });

  it('sends nothing for an invitation revoked or accepted before its email went out, and cannot re-send those', async () => {
    const owner = await signUpTenant(t);
    const revoked = await invite(owner, 'revoked@example.test');
    await as(t, owner).delete(`/v1/invitations/${revoked.id}`).expect(204);
    const accepted = await invite(owner, 'accepted@example.test');
    await t.http
      .post(`/v1/public/invitations/${accepted.acceptUrl.split('/').pop()}/accept`)
      .set('Origin', ORIGIN)
      .send({ name: 'Quick Joiner', password: 'a long enough password' })
      .expect(200);

    await runQueued(revoked.id);
    await runQueued(accepted.id);

    expect(mailTo('revoked@example.test')).toEqual([]);
    expect(mailTo('accepted@example.test')).toEqual([]);
    await as(t, owner).post(`/v1/invitations/${revoked.id}/resend`).expect(404);
    await as(t, owner).post(`/v1/invitations/${accepted.id}/resend`).expect(404);
  });

  it("another business's invitation answers 404 and is left as it was", async () => {
    const owner = await signUpTenant(t);
    const other = await signUpTenant(t);
    const inv = await invite(owner, 'mine@example.test');

    const res = await as(t, other).post(`/v1/invitations/${inv.id}/resend`);

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await t.http.get(`/v1/public/invitations/${inv.acceptUrl.split('/').pop()}`).expect(200);
    expect(await queued(inv.id)).toHaveLength(1);
  });
});

import type { TMember } from '@slotwise/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, installFakeApi, json, noContent } from '../../../test/fake-api';
import { meAs, member, USER } from '../../../test/fixtures';
import { descriptionOf, spokenText } from '../../../test/queries';
import { renderApp } from '../../../test/render';

const api = installFakeApi();

const ana: TMember = { ...member({ name: USER.name, email: USER.email, role: 'OWNER' }), user: USER };
const bruno = member({ name: 'Bruno Lima', email: 'bruno@glow.test', role: 'STAFF' });

function answerMembers(members: TMember[]) {
  api.on('GET /v1/members', () => json(200, { items: members, nextCursor: null }));
}

function signedInAs(role: 'OWNER' | 'STAFF') {
  api.on('GET /v1/me', () => json(200, meAs(role)));
}

describe('MembersPage', () => {
  it('lists the members read-only for someone who is not an owner', async () => {
    signedInAs('STAFF');
    answerMembers([
      { ...ana, role: 'STAFF' },
      { ...bruno, role: 'OWNER' },
    ]);
    renderApp('/settings/members');

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => within(row).queryAllByRole('cell').map(spokenText))).toEqual([
      [],
      ['Ana SousaYou', 'ana@glow.test', 'Staff', `Joined ${formatDate(ana.createdAt)}`],
      ['Bruno Lima', 'bruno@glow.test', 'Owner', `Joined ${formatDate(bruno.createdAt)}`],
    ]);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Invite someone' })).toBeNull();
    expect(api.requestsTo('GET /v1/invitations')).toHaveLength(0);
  });

  it('explains, in place, that the last owner cannot step down, and keeps the role', async () => {
    signedInAs('OWNER');
    answerMembers([ana, bruno]);
    api.on('GET /v1/invitations', () => json(200, { items: [], nextCursor: null }));
    api.on(`PATCH /v1/members/${ana.id}`, () => apiError(409, 'CONFLICT', 'A business needs at least one owner', { reason: 'LAST_OWNER' }));
    renderApp('/settings/members');

    const anasRole = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Role of Ana Sousa' });
    await userEvent.selectOptions(anasRole, 'Staff');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A business needs at least one owner');
    expect(api.requestsTo(`PATCH /v1/members/${ana.id}`)[0]?.body).toEqual({ role: 'STAFF' });
    await expect.poll(() => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Role of Ana Sousa' }).value).toBe('OWNER');
    expect(screen.queryByRole('button', { name: 'Remove Ana Sousa' })).toBeNull();
  });

  it('removes a member after confirming', async () => {
    signedInAs('OWNER');
    answerMembers([ana, bruno]);
    api.on('GET /v1/invitations', () => json(200, { items: [], nextCursor: null }));
    api.on(`DELETE /v1/members/${bruno.id}`, () => {
      answerMembers([ana]);
      return noContent();
    });
    renderApp('/settings/members');

    await userEvent.click(await screen.findByRole('button', { name: 'Remove Bruno Lima' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Bruno Lima?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove member' }));

    await expect.poll(() => screen.queryByText('Bruno Lima')).toBeNull();
    expect(api.requestsTo(`DELETE /v1/members/${bruno.id}`)).toHaveLength(1);
  });

  it('invites someone and says the link was emailed, without showing it', async () => {
    signedInAs('OWNER');
    answerMembers([ana]);
    const invitation = {
      id: crypto.randomUUID(),
      email: 'carla@glow.test',
      role: 'ADMIN',
      expiresAt: '2026-03-09T10:00:00.000Z',
      createdAt: '2026-03-02T10:00:00.000Z',
    };
    let pending: unknown[] = [];
    api.on('GET /v1/invitations', () => json(200, { items: pending, nextCursor: null }));
    api.on('POST /v1/invitations', () => {
      pending = [invitation];
      return json(201, invitation);
    });
    renderApp('/settings/members');

    expect(await screen.findByText(/No pending invitations/)).toBeDefined();
    const form = within(screen.getByRole('region', { name: 'Invite someone' }));
    await userEvent.type(form.getByLabelText('Email'), 'Carla@Glow.test');
    await userEvent.selectOptions(form.getByLabelText('Role'), 'Admin');
    await userEvent.click(form.getByRole('button', { name: 'Create invitation' }));

    // The link goes to the invitee's mailbox only: the owner sees that it was sent, never the link.
    expect(await form.findByText('Invitation emailed to carla@glow.test')).toBeDefined();
    expect(form.queryByRole('textbox', { name: /link/i })).toBeNull();
    expect(api.requestsTo('POST /v1/invitations')[0]?.body).toEqual({ email: 'carla@glow.test', role: 'ADMIN' });
    expect(form.getByLabelText<HTMLInputElement>('Email').value).toBe('');

    const pendingList = within(await screen.findByRole('list', { name: 'Pending invitations' }));
    expect(pendingList.getByText('carla@glow.test')).toBeDefined();
    expect(pendingList.getByRole('button', { name: 'Revoke the invitation for carla@glow.test' })).toBeDefined();

    // Sent again: a new link by email and a fresh expiry in the list.
    api.on(`POST /v1/invitations/${invitation.id}/resend`, () => {
      pending = [{ ...invitation, expiresAt: '2026-03-12T10:00:00.000Z' }];
      return json(200, pending[0]);
    });
    await userEvent.click(pendingList.getByRole('button', { name: 'Email the invitation for carla@glow.test again' }));
    expect(await screen.findByText('A new link was emailed to carla@glow.test; the previous one no longer works.')).toBeDefined();
    await expect
      .poll(() =>
        pendingList
          .getByText(/^Expires/)
          .querySelector('time')
          ?.getAttribute('dateTime'),
      )
      .toBe('2026-03-12T10:00:00.000Z');
    expect(api.requestsTo(`POST /v1/invitations/${invitation.id}/resend`)).toHaveLength(1);
  });

  it("shows the API's reason under the email when that person is already a member", async () => {
    signedInAs('OWNER');
    answerMembers([ana, bruno]);
    api.on('GET /v1/invitations', () => json(200, { items: [], nextCursor: null }));
    api.on('POST /v1/invitations', () => apiError(409, 'CONFLICT', 'This person is already a member', { field: 'email' }));
    renderApp('/settings/members');

    const form = within(await screen.findByRole('region', { name: 'Invite someone' }));
    await userEvent.type(form.getByLabelText('Email'), 'bruno@glow.test');
    await userEvent.click(form.getByRole('button', { name: 'Create invitation' }));

    await expect.poll(() => descriptionOf(form.getByLabelText('Email'))).toBe('This person is already a member');
  });

  it('says so when the API refuses access', async () => {
    signedInAs('STAFF');
    api.on('GET /v1/members', () => apiError(403, 'FORBIDDEN', 'This needs the OWNER role'));
    renderApp('/settings/members');

    expect(await screen.findByRole('heading', { name: "You don't have access to this" })).toBeDefined();
  });

  it('sends the person to sign in when their session ends while the page is open', async () => {
    signedInAs('OWNER');
    api.on('GET /v1/invitations', () => json(200, { items: [], nextCursor: null }));
    api.on('GET /v1/members', () => {
      api.on('GET /v1/me', () => apiError(401, 'UNAUTHENTICATED', 'Sign in first'));
      return apiError(401, 'UNAUTHENTICATED', 'Sign in first');
    });
    const router = renderApp('/settings/members');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Slotwise' })).toBeDefined();
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/settings/members')}`);
  });
});

function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));
}

import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZCurrency, ZEmail, ZMe, ZPassword, ZPersonName, ZRole, ZTenant, ZUser } from './auth';
import { ZDateTime, ZId, ZLine, ZTimeZone, type TRouteMeta } from './common';
import { ZCancellationPolicy } from './payments';

const c = initContract();
const owner = { auth: 'session', roles: ['OWNER'] } satisfies TRouteMeta;
const anyMember = { auth: 'session' } satisfies TRouteMeta;

export type TTenantUpdate = z.infer<typeof ZTenantUpdate>;
export const ZTenantUpdate = z
  .object({
    name: ZLine.min(1).max(120),
    timeZone: ZTimeZone,
    currency: ZCurrency,
    cancellationCutoffHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    cancellationPolicy: ZCancellationPolicy,
    holdMinutes: z.number().int().min(30).max(1440),
    auditRetentionDays: z.number().int().min(7).max(3650),
    brandDisplayName: ZLine.max(120).nullable(),
    brandAccentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1f6feb')
      .nullable(),
    calendarInviteCustomers: z.boolean(),
    brandLogoUrl: ZLine.url().max(500).startsWith('https://', 'Must be an https URL').nullable(),
  })
  .partial()
  .strict();

export const ZMember = z.object({ id: ZId, user: ZUser, role: ZRole, createdAt: ZDateTime });
export type TMember = z.infer<typeof ZMember>;

export const ZInvitation = z.object({
  id: ZId,
  email: z.string(),
  role: ZRole,
  expiresAt: ZDateTime,
  createdAt: ZDateTime,
});

export const tenantContract = c.router({
  get: {
    method: 'GET',
    path: '/tenant',
    summary: 'The current tenant and its settings',
    responses: { 200: ZTenant },
    metadata: anyMember,
  },
  update: {
    method: 'PATCH',
    path: '/tenant',
    summary: 'Change tenant settings (profile, time zone, policies, branding)',
    body: ZTenantUpdate,
    responses: { 200: ZTenant },
    metadata: owner,
  },
  listMembers: {
    method: 'GET',
    path: '/members',
    summary: 'Members of the current tenant',
    responses: { 200: z.object({ items: z.array(ZMember), nextCursor: z.string().nullable() }) },
    metadata: anyMember,
  },
  updateMember: {
    method: 'PATCH',
    path: '/members/:id',
    summary: "Change a member's role",
    pathParams: z.object({ id: ZId }),
    body: z.object({ role: ZRole }).strict(),
    responses: { 200: ZMember },
    metadata: owner,
  },
  removeMember: {
    method: 'DELETE',
    path: '/members/:id',
    summary: 'Remove a member (never the last owner)',
    pathParams: z.object({ id: ZId }),
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: owner,
  },
  listInvitations: {
    method: 'GET',
    path: '/invitations',
    summary: 'Pending invitations',
    responses: { 200: z.object({ items: z.array(ZInvitation), nextCursor: z.string().nullable() }) },
    metadata: owner,
  },
  invite: {
    method: 'POST',
    path: '/invitations',
    summary: 'Invite someone by email. Only the invitee gets the link (by email): following it is what shows the address is theirs',
    body: z.object({ email: ZEmail, role: ZRole }).strict(),
    responses: { 201: ZInvitation },
    metadata: owner,
  },
  resendInvitation: {
    method: 'POST',
    path: '/invitations/:id/resend',
    summary: 'Email a pending invitation again with a new link (the old one stops working) and a fresh expiry',
    pathParams: z.object({ id: ZId }),
    body: c.noBody(),
    responses: { 200: ZInvitation },
    metadata: owner,
  },
  revokeInvitation: {
    method: 'DELETE',
    path: '/invitations/:id',
    summary: 'Revoke a pending invitation',
    pathParams: z.object({ id: ZId }),
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: owner,
  },
});

/** Accepting an invitation needs no session: the token is the credential. */
export const invitationPublicContract = c.router({
  get: {
    method: 'GET',
    path: '/public/invitations/:token',
    summary: 'What an invitation is for',
    pathParams: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) }),
    responses: {
      200: z.object({
        tenantName: z.string(),
        email: z.string(),
        role: ZRole,
        userExists: z.boolean(),
        /** The caller's own address when they are signed in, so the page can tell them whether they are the invitee. */
        signedInAs: z.string().nullable(),
      }),
    },
    metadata: { auth: 'public' } satisfies TRouteMeta,
  },
  accept: {
    method: 'POST',
    path: '/public/invitations/:token/accept',
    summary:
      'Accept an invitation. A new person chooses a name and password (the account is created, verified by the link, and signed in); an address that has an account is accepted by that account, signed in',
    pathParams: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) }),
    body: z.object({ name: ZPersonName.optional(), password: ZPassword.optional() }).strict(),
    responses: { 200: ZMe },
    metadata: { auth: 'public', rateLimit: 'login' } satisfies TRouteMeta,
  },
});

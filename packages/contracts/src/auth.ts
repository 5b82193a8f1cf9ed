import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZId, ZTimeZone, type TRouteMeta } from './common';

const c = initContract();

export const ROLES = ['OWNER', 'ADMIN', 'STAFF'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;
export const PLANS = ['BASIC', 'PROFESSIONAL', 'ENTERPRISE'] as const;
export const ZPlan = z.enum(PLANS);

/** Slugs that would collide with our own paths or mislead customers. */
export const RESERVED_SLUGS = [
  'admin', 'api', 'app', 'assets', 'auth', 'book', 'bookings', 'calendar', 'dashboard', 'dev', 'docs', 'help',
  'login', 'logout', 'me', 'new', 'public', 'settings', 'signup', 'slotwise', 'static', 'status', 'support', 'www',
] as const;

export const ZSlug = z
  .string()
  .min(3, 'At least 3 characters')
  .max(40, 'At most 40 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and inner hyphens only')
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), 'This address is reserved');

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .email('Enter a valid email address')
  .transform((e) => e.toLowerCase());
export const ZPassword = z.string().min(10, 'At least 10 characters').max(200);
export const ZPersonName = z.string().trim().min(1, 'Required').max(120);
export const ZCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR');

export const ZUser = z.object({ id: ZId, email: z.string(), name: z.string() });
export type TUser = z.infer<typeof ZUser>;

export const ZTenant = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  plan: ZPlan,
  platformFeeBps: z.number().int(),
  cancellationCutoffHours: z.number().int(),
  holdMinutes: z.number().int(),
  auditRetentionDays: z.number().int(),
  brandDisplayName: z.string().nullable(),
  brandAccentColor: z.string().nullable(),
  brandLogoUrl: z.string().nullable(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TTenant = z.infer<typeof ZTenant>;

export const ZMe = z.object({
  user: ZUser,
  memberships: z.array(z.object({ tenantId: ZId, tenantName: z.string(), slug: z.string(), role: ZRole })),
  currentTenant: ZTenant.nullable(),
  role: ZRole.nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSignupBody = z.object({
  tenantName: z.string().trim().min(1, 'Required').max(120),
  slug: ZSlug,
  timeZone: ZTimeZone,
  currency: ZCurrency.optional(),
  name: ZPersonName,
  email: ZEmail,
  password: ZPassword,
});
export const ZLoginBody = z.object({ email: ZEmail, password: z.string().min(1).max(200) });

const pub = { auth: 'public' } satisfies TRouteMeta;

export const authContract = c.router({
  signup: {
    method: 'POST',
    path: '/auth/signup',
    summary: 'Create a business (tenant) and its owner account; signs the owner in',
    body: ZSignupBody,
    responses: { 201: z.object({ user: ZUser, tenant: ZTenant }) },
    metadata: { ...pub, rateLimit: 'signup' } satisfies TRouteMeta,
  },
  login: {
    method: 'POST',
    path: '/auth/login',
    summary: 'Sign in; sets the session cookie',
    body: ZLoginBody,
    responses: { 200: ZMe },
    metadata: { ...pub, rateLimit: 'login' } satisfies TRouteMeta,
  },
  logout: {
    method: 'POST',
    path: '/auth/logout',
    summary: 'Sign out; revokes the session',
    body: c.noBody(),
    responses: { 204: c.noBody() },
    metadata: pub,
  },
  me: {
    method: 'GET',
    path: '/me',
    summary: 'The signed-in user, their memberships and the current tenant',
    responses: { 200: ZMe },
    metadata: { auth: 'session', roles: [...ROLES], tenantOptional: true } as TRouteMeta,
  },
  switchTenant: {
    method: 'POST',
    path: '/me/tenant',
    summary: 'Make another of my tenants the current one',
    body: z.object({ tenantId: ZId }),
    responses: { 200: ZMe },
    metadata: { auth: 'session', tenantOptional: true } as TRouteMeta,
  },
  changePassword: {
    method: 'POST',
    path: '/me/password',
    summary: 'Change my password; every other session is revoked and this one rotated',
    body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword }),
    responses: { 204: c.noBody() },
    metadata: { auth: 'session', tenantOptional: true } as TRouteMeta,
  },
});

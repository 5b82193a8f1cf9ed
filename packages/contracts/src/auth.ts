import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZId, ZLine, ZTimeZone, type TRouteMeta } from './common';
import { ZCancellationPolicy } from './payments';

const c = initContract();

export const ROLES = ['OWNER', 'ADMIN', 'STAFF'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;
export const PLANS = ['BASIC', 'PROFESSIONAL', 'ENTERPRISE'] as const;
export const ZPlan = z.enum(PLANS);

/** Slugs that would collide with our own paths or mislead customers. */
export const RESERVED_SLUGS = [
  'admin',
  'api',
  'app',
  'assets',
  'auth',
  'book',
  'bookings',
  'calendar',
  'dashboard',
  'dev',
  'docs',
  'help',
  'login',
  'logout',
  'me',
  'new',
  'public',
  'settings',
  'signup',
  'slotwise',
  'static',
  'status',
  'support',
  'www',
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
/**
 * What the form and the API both check cheaply: 10 characters not counting spaces at either end.
 * The API also refuses common and guessable passwords and ones built on the person's email or
 * business name (apps/api/src/platform/password-policy.ts), as 400 VALIDATION_FAILED on the field.
 */
export const ZPassword = z
  .string()
  .max(200)
  .superRefine((password, ctx) => {
    const trimmed = password.trim();
    if (!trimmed) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'A password cannot be only spaces' });
    else if (trimmed.length < 10) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'At least 10 characters' });
  });
/** The token of an emailed link: 32 bytes, base64url. */
export const ZLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete; open it from the email again');
export const ZPersonName = ZLine.min(1, 'Required').max(120);
export const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR');

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
  cancellationPolicy: ZCancellationPolicy,
  holdMinutes: z.number().int(),
  auditRetentionDays: z.number().int(),
  brandDisplayName: z.string().nullable(),
  brandAccentColor: z.string().nullable(),
  brandLogoUrl: z.string().nullable(),
  /** Google Calendar sync adds the customer to the event as an attendee (Google emails them invitations). */
  calendarInviteCustomers: z.boolean(),
  createdAt: ZDateTime,
  updatedAt: ZDateTime,
});
export type TTenant = z.infer<typeof ZTenant>;

export const ZMe = z.object({
  /** `emailVerified`: the address was shown to be theirs; needed to own a paid business. */
  user: ZUser.extend({ emailVerified: z.boolean() }),
  memberships: z.array(z.object({ tenantId: ZId, tenantName: z.string(), slug: z.string(), role: ZRole })),
  currentTenant: ZTenant.nullable(),
  role: ZRole.nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSignupBody = z.object({
  tenantName: ZLine.min(1, 'Required').max(120),
  slug: ZSlug,
  timeZone: ZTimeZone,
  currency: ZCurrency.optional(),
  name: ZPersonName,
  email: ZEmail,
});
export const ZLoginBody = z.object({ email: ZEmail, password: z.string().min(1).max(200) });

/** The same answer whether or not an account exists, so that it never tells. */
export const ZEmailSent = z.object({ message: z.string() });
export const ZPasswordResetBody = z.object({ email: ZEmail });
export const ZLinkPasswordBody = z.object({ token: ZLinkToken, password: ZPassword });

const pub = { auth: 'public' } satisfies TRouteMeta;

export const authContract = c.router({
  signup: {
    method: 'POST',
    path: '/auth/signup',
    summary:
      'Start creating a business and its owner account: emails a link to finish it (to an address that has an account, a note to sign in instead). The same answer either way',
    body: ZSignupBody,
    responses: { 202: ZEmailSent },
    metadata: { ...pub, rateLimit: 'signup' } satisfies TRouteMeta,
  },
  confirmSignup: {
    method: 'POST',
    path: '/auth/signup/confirm',
    summary: "Finish a sign-up from its emailed link: choose the owner's password; creates the business and the verified account and signs in",
    body: ZLinkPasswordBody,
    responses: { 201: ZMe },
    metadata: { ...pub, rateLimit: 'login' } satisfies TRouteMeta,
  },
  requestPasswordReset: {
    method: 'POST',
    path: '/auth/password-reset',
    summary: 'Email a password reset link (valid 30 minutes, once) if the address has an account. The same answer either way',
    body: ZPasswordResetBody,
    responses: { 202: ZEmailSent },
    metadata: { ...pub, rateLimit: 'accountEmail' } satisfies TRouteMeta,
  },
  resetPassword: {
    method: 'POST',
    path: '/auth/password-reset/confirm',
    summary: 'Set a new password from a reset link; signs the account out everywhere',
    body: ZLinkPasswordBody,
    responses: { 204: c.noBody() },
    metadata: { ...pub, rateLimit: 'login' } satisfies TRouteMeta,
  },
  verifyEmail: {
    method: 'POST',
    path: '/auth/verify-email',
    summary: "Mark an account's email address verified from its emailed link",
    body: z.object({ token: ZLinkToken }),
    responses: { 204: c.noBody() },
    metadata: { ...pub, rateLimit: 'login' } satisfies TRouteMeta,
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
    metadata: { auth: 'session', roles: [...ROLES], tenantOptional: true } satisfies TRouteMeta,
  },
  switchTenant: {
    method: 'POST',
    path: '/me/tenant',
    summary: 'Make another of my tenants the current one',
    body: z.object({ tenantId: ZId }),
    responses: { 200: ZMe },
    metadata: { auth: 'session', tenantOptional: true } satisfies TRouteMeta,
  },
  resendVerification: {
    method: 'POST',
    path: '/me/email-verification',
    summary: 'Email me a new link to verify my address',
    body: c.noBody(),
    responses: { 202: ZEmailSent },
    metadata: { auth: 'session', tenantOptional: true, rateLimit: 'accountEmail' } satisfies TRouteMeta,
  },
  changePassword: {
    method: 'POST',
    path: '/me/password',
    summary: 'Change my password; every other session is revoked and this one rotated',
    body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword }),
    responses: { 204: c.noBody() },
    metadata: { auth: 'session', tenantOptional: true } satisfies TRouteMeta,
  },
});

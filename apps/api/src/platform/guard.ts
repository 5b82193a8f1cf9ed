import { createHash, timingSafeEqual } from 'node:crypto';
import type { TRole } from '@slotwise/contracts';
import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { enrichContext } from './context';
import type { Db } from './db';
import { AppError } from './errors';
import { routeMeta } from './http';
import type { Plan } from './rate-limit';
import type { Sessions } from './session';
import type { TenantCache } from './tenant-cache';

/** Who is calling, once the guard has run on a session route. */
export type AuthState = {
  userId: string;
  sessionHash: string;
  tenantId: string | null;
  role: TRole | null;
  plan: Plan | null;
};

/** The plan of the signed-in tenant, for the per-tenant rate limit. */
export const planOf = (req: Request): Plan | undefined => (req.res?.locals.auth as AuthState | undefined)?.plan ?? undefined;

export function authOf(res: Response): AuthState {
  const auth = res.locals.auth as AuthState | undefined;
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return auth;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF: browsers send Origin on every cross-site POST/PUT/PATCH/DELETE, so a state-changing
 * request whose Origin (or, failing that, Referer) is not ours is refused. A request with our
 * session cookie but neither header is refused too; cookie-less API clients are not at risk.
 */
function checkCsrf(req: Request, allowedOrigins: Set<string>, hasCookie: boolean): void {
  if (!STATE_CHANGING.has(req.method)) return;
  const origin = req.get('origin');
  const referer = req.get('referer');
  let source: string | undefined;
  if (origin && origin !== 'null') source = origin;
  else if (referer) {
    try {
      source = new URL(referer).origin;
    } catch {
      source = 'invalid';
    }
  }
  if (source ? !allowedOrigins.has(source) : hasCookie) {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused');
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Operators' routes: `Authorization: Bearer <OPS_TOKEN>`, compared in constant time; nobody while it is unset. */
function checkOpsToken(req: Request, expected: string | undefined): void {
  const given = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!expected || !given || !timingSafeEqual(digest(given), digest(expected))) {
    throw new AppError('UNAUTHENTICATED', 'This route needs the operator token (Authorization: Bearer …)');
  }
}

/**
 * The one access check, driven by each route's contract metadata: `auth` (public or
 * session), `roles`, `tenantOptional`. Runs before validation and the handler.
 */
export function createGuard(deps: { prisma: Db; sessions: Sessions; config: Config; tenants: TenantCache }): RequestHandler {
  const allowedOrigins = new Set([deps.config.PUBLIC_URL, ...deps.config.CORS_ORIGINS].map((o) => new URL(o).origin));
  return async (req, res, next) => {
    const meta = routeMeta(req);
    const token = deps.sessions.tokenFrom(req);
    checkCsrf(req, allowedOrigins, token !== undefined);
    if (meta.auth === 'ops') {
      checkOpsToken(req, deps.config.OPS_TOKEN);
      return next();
    }
    if ((meta.auth ?? 'session') === 'public') {
      // Public tenant routes (/v1/public/tenants/:slug/...) resolve their tenant here, once.
      const slug = (req.params as Record<string, string | undefined>).slug;
      if (slug) {
        const tenant = await deps.tenants.bySlug(slug);
        if (!tenant) throw new AppError('NOT_FOUND', 'No business at this address');
        res.locals.publicTenantId = tenant.id;
        enrichContext({ tenantId: tenant.id });
      }
      return next();
    }

    const session = token ? await deps.sessions.load(token) : null;
    if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const membership = session.tenantId
      ? await deps.prisma.membership.findUnique({
          where: { tenantId_userId: { tenantId: session.tenantId, userId: session.userId } },
          select: { role: true, tenant: { select: { plan: true } } },
        })
      : null;
    const auth: AuthState = {
      userId: session.userId,
      sessionHash: session.tokenHash,
      tenantId: membership ? session.tenantId : null,
      role: membership?.role ?? null,
      plan: membership?.tenant.plan ?? null,
    };
    res.locals.auth = auth;
    enrichContext({ userId: auth.userId, ...(auth.tenantId ? { tenantId: auth.tenantId } : {}) });

    if (!meta.tenantOptional) {
      if (!auth.tenantId || !auth.role) throw new AppError('FORBIDDEN', 'Choose a business first');
      if (meta.roles && !meta.roles.includes(auth.role)) {
        throw new AppError('FORBIDDEN', `This needs the ${meta.roles.join(' or ')} role`, { role: auth.role, allowed: meta.roles });
      }
    }
    next();
  };
}

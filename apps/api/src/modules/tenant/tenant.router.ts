import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { Request } from 'express';
import type { AppDeps } from '../../platform/deps';
import { authOf } from '../../platform/guard';
import { createTenantService } from './tenant.service';

const s = initServer();

export function tenantRouter(deps: AppDeps) {
  const tenants = createTenantService(deps);
  return s.router(apiContract.tenant, {
    get: async () => ({ status: 200, body: await tenants.get() }),
    update: async ({ body }) => ({ status: 200, body: await tenants.update(body) }),
    listMembers: async () => ({ status: 200, body: { items: await tenants.listMembers(), nextCursor: null } }),
    updateMember: async ({ params, body }) => ({ status: 200, body: await tenants.changeRole(params.id, body.role) }),
    removeMember: async ({ params }) => {
      await tenants.removeMember(params.id);
      return { status: 204, body: undefined };
    },
    listInvitations: async () => ({ status: 200, body: { items: await tenants.pendingInvitations(), nextCursor: null } }),
    invite: async ({ body, res }) => ({ status: 201, body: await tenants.invite(body.email, body.role, authOf(res).userId) }),
    resendInvitation: async ({ params }) => ({ status: 200, body: await tenants.resendInvitation(params.id) }),
    revokeInvitation: async ({ params }) => {
      await tenants.revokeInvitation(params.id);
      return { status: 204, body: undefined };
    },
  });
}

export function invitationPublicRouter(deps: AppDeps) {
  const tenants = createTenantService(deps);
  // Public routes: the guard loads no session, but an existing account accepts signed in.
  const sessionOf = async (req: Request) => {
    const cookie = deps.sessions.tokenFrom(req);
    return cookie ? deps.sessions.load(cookie) : null;
  };
  return s.router(apiContract.invitations, {
    get: async ({ params, req }) => ({ status: 200, body: await tenants.unsafeDescribeInvitation(params.token, (await sessionOf(req))?.userId ?? null) }),
    accept: async ({ params, body, req, res }) => {
      const session = await sessionOf(req);
      const { userId, tenantId, newAccount, me } = await tenants.unsafeAcceptInvitation(params.token, body, session?.userId ?? null);
      if (newAccount) {
        if (session) await deps.sessions.revoke(session.tokenHash);
        await deps.sessions.start(res, req, userId, tenantId);
      } else {
        await deps.sessions.setTenant(session!.tokenHash, tenantId);
      }
      return { status: 200, body: me };
    },
  });
}

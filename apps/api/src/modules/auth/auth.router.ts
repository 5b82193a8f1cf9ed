import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../app';
import { authOf } from '../../platform/guard';
import { sha256 as sessionHashOf } from '../../platform/session';
import { createAuthService } from './auth.service';

const s = initServer();

export function authRouter(deps: AppDeps) {
  const auth = createAuthService(deps);
  const { sessions } = deps;
  return s.router(apiContract.auth, {
    signup: async ({ body, req, res }) => {
      const result = await auth.signup(body);
      await sessions.start(res, req, result.user.id, result.tenant.id);
      return { status: 201, body: result };
    },
    login: async ({ body, req, res }) => {
      const { userId, tenantId } = await auth.verifyLogin(body.email, body.password);
      const old = sessions.tokenFrom(req);
      if (old) await sessions.revoke(sessionHashOf(old));
      await sessions.start(res, req, userId, tenantId);
      return { status: 200, body: await auth.me(userId, tenantId) };
    },
    logout: async ({ req, res }) => {
      const token = sessions.tokenFrom(req);
      if (token) await sessions.revoke(sessionHashOf(token));
      sessions.clearCookie(res);
      return { status: 204, body: undefined };
    },
    me: async ({ res }) => {
      const a = authOf(res);
      return { status: 200, body: await auth.me(a.userId, a.tenantId) };
    },
    switchTenant: async ({ body, res }) => {
      const a = authOf(res);
      await auth.switchTenant(a.userId, body.tenantId);
      await sessions.setTenant(a.sessionHash, body.tenantId);
      return { status: 200, body: await auth.me(a.userId, body.tenantId) };
    },
    changePassword: async ({ body, req, res }) => {
      const a = authOf(res);
      await auth.changePassword(a.userId, body.currentPassword, body.newPassword);
      await sessions.revokeAllFor(a.userId);
      await sessions.start(res, req, a.userId, a.tenantId);
      return { status: 204, body: undefined };
    },
  });
}

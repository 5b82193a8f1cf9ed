import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { authOf } from '../../platform/guard';
import { sha256 as sessionHashOf } from '../../platform/session';
import { createAuthService } from './auth.service';

const s = initServer();

/** Constant answers: they must not differ between an address that has an account and one that has not. */
const SIGNUP_SENT = { message: 'Check your email: we sent a link to finish creating your account.' };
const RESET_SENT = { message: 'If that address has an account, we sent it a link to choose a new password. The link works for 30 minutes.' };

export function authRouter(deps: AppDeps) {
  const auth = createAuthService(deps);
  const { sessions } = deps;
  return s.router(apiContract.auth, {
    signup: async ({ body }) => {
      await auth.requestSignup(body);
      return { status: 202, body: SIGNUP_SENT };
    },
    confirmSignup: async ({ body, req, res }) => {
      const { userId, tenantId } = await auth.confirmSignup(body.token, body.password);
      const old = sessions.tokenFrom(req);
      if (old) await sessions.revoke(sessionHashOf(old));
      await sessions.start(res, req, userId, tenantId);
      return { status: 201, body: await auth.me(userId, tenantId) };
    },
    requestPasswordReset: async ({ body }) => {
      await auth.requestPasswordReset(body.email);
      return { status: 202, body: RESET_SENT };
    },
    resetPassword: async ({ body, req, res }) => {
      // Every session of the account is revoked with the new password; this browser signs in afresh.
      await auth.resetPassword(body.token, body.password);
      if (sessions.tokenFrom(req)) sessions.clearCookie(res);
      return { status: 204, body: undefined };
    },
    verifyEmail: async ({ body }) => {
      await auth.verifyEmail(body.token);
      return { status: 204, body: undefined };
    },
    resendVerification: async ({ res }) => {
      const a = authOf(res);
      await auth.resendVerification(a.userId);
      return { status: 202, body: { message: 'We sent you a new link to verify your email address.' } };
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

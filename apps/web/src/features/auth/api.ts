import { hashKey } from '@tanstack/react-query';
import { toast } from 'sonner';
import { tsr } from '../../lib/api';
import { sessionKeys } from '../../lib/session';

/** Query keys of the auth feature; components never build keys themselves. */
export const authKeys = {
  all: ['auth'] as const,
  me: sessionKeys.me,
  invitation: (token: string) => [...authKeys.all, 'invitation', token] as const,
};

type TsrQueryClient = ReturnType<typeof tsr.useQueryClient>;
type MeResponse = NonNullable<ReturnType<TsrQueryClient['auth']['me']['getQueryData']>>;

/**
 * The session changed hands (sign-in, sign-up, accepted invitation, sign-out): nothing cached
 * for the previous one may survive. When the API answered with the new `me`, keep it so the
 * dashboard can show at once.
 */
function replaceSession(queryClient: TsrQueryClient, me?: MeResponse): void {
  queryClient.clear();
  if (me) queryClient.auth.me.setQueryData(authKeys.me(), me);
}

/** GET /v1/me: who is signed in and in which business. Fails with 401 when nobody is. */
export function useMe() {
  return tsr.auth.me.useQuery({ queryKey: authKeys.me() });
}

/** POST /v1/auth/login. */
export function useLogin() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.login.useMutation({
    onSuccess: (response) => replaceSession(queryClient, response),
  });
}

/** POST /v1/auth/signup: emails a link to finish (the same answer whether or not the address has an account). */
export function useSignup() {
  return tsr.auth.signup.useMutation();
}

/** POST /v1/auth/signup/confirm: from the emailed link, with a password; creates the business and signs the owner in. */
export function useConfirmSignup() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.confirmSignup.useMutation({
    onSuccess: (response) => replaceSession(queryClient, { ...response, status: 200 }),
  });
}

/** POST /v1/auth/password-reset: emails a reset link if the address has an account; says nothing either way. */
export function useRequestPasswordReset() {
  return tsr.auth.requestPasswordReset.useMutation();
}

/** POST /v1/auth/password-reset/confirm: the new password; every session of the account ends, this one too. */
export function useResetPassword() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.resetPassword.useMutation({
    onSuccess: () => replaceSession(queryClient),
  });
}

/** POST /v1/auth/verify-email: from the emailed link. `me` now says verified. */
export function useVerifyEmail() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.verifyEmail.useMutation({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: authKeys.me(), exact: true }),
  });
}

/** POST /v1/me/email-verification: a new verification link by email. */
export function useResendVerification() {
  return tsr.auth.resendVerification.useMutation();
}

/** POST /v1/auth/logout. */
export function useLogout() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.logout.useMutation({
    onSuccess: () => replaceSession(queryClient),
  });
}

/**
 * POST /v1/me/tenant. Everything cached belongs to the previous business, so all of it goes
 * except `me`, which the answer replaces; the dashboard remounts under the new business.
 */
export function useSwitchTenant() {
  const queryClient = tsr.useQueryClient();
  return tsr.auth.switchTenant.useMutation({
    onSuccess: (response) => {
      const meHash = hashKey(authKeys.me());
      queryClient.removeQueries({ predicate: (query) => query.queryHash !== meHash });
      queryClient.auth.me.setQueryData(authKeys.me(), response);
      const name = response.body.currentTenant?.name;
      if (name) toast.success(`Switched to ${name}`);
    },
    onError: () => toast.error('Could not switch to that business. Please try again.'),
  });
}

/** GET /v1/public/invitations/:token: which business and role an invitation is for. */
export function useInvitation(token: string) {
  return tsr.invitations.get.useQuery({
    queryKey: authKeys.invitation(token),
    queryData: { params: { token } },
  });
}

/** POST /v1/public/invitations/:token/accept: joins the business and signs in as the invitee. */
export function useAcceptInvitation() {
  const queryClient = tsr.useQueryClient();
  return tsr.invitations.accept.useMutation({
    onSuccess: (response) => replaceSession(queryClient, response),
  });
}

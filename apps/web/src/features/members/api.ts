import { tsr } from '../../lib/api';
import { memberKeys } from '../../lib/members';
import { sessionKeys } from '../../lib/session';

/** GET /v1/invitations: invitations not yet accepted, revoked or expired. Owners only. */
export function useInvitations() {
  return tsr.tenant.listInvitations.useQuery({ queryKey: memberKeys.invitations() });
}

/**
 * PATCH /v1/members/:id. The table shows the new role at once and goes back if the API
 * refuses (for example demoting the last owner).
 */
export function useChangeMemberRole() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.updateMember.useMutation({
    onMutate: async ({ params, body }) => {
      await queryClient.cancelQueries({ queryKey: memberKeys.list() });
      const previous = queryClient.tenant.listMembers.getQueryData(memberKeys.list());
      queryClient.tenant.listMembers.setQueryData(
        memberKeys.list(),
        (current) =>
          current && {
            ...current,
            body: {
              ...current.body,
              items: current.body.items.map((member) => (member.id === params.id ? { ...member, role: body.role } : member)),
            },
          },
      );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.tenant.listMembers.setQueryData(memberKeys.list(), context.previous);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: memberKeys.list() });
      // Owners may change their own role, which changes what the dashboard lets them do.
      void queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    },
  });
}

/** DELETE /v1/members/:id. */
export function useRemoveMember() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.removeMember.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.list() }),
  });
}

/** POST /v1/invitations: the API emails the accept link, and answers it so the owner can pass it on too. */
export function useInvite() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.invite.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations() }),
  });
}

/** POST /v1/invitations/:id/resend: a new link (the old one stops working) emailed again, valid for another week. */
export function useResendInvitation() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.resendInvitation.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations() }),
  });
}

/** DELETE /v1/invitations/:id. */
export function useRevokeInvitation() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.revokeInvitation.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations() }),
  });
}

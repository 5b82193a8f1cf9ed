import { tsr } from './api';

/**
 * Query keys of the business's team. The members feature manages the team; the bookings
 * history, the audit log and the resources only read it, for names, through `useMembers`.
 */
export const memberKeys = {
  all: ['members'] as const,
  list: () => [...memberKeys.all, 'list'] as const,
  invitations: () => [...memberKeys.all, 'invitations'] as const,
};

/** GET /v1/members: everyone in the current business. */
export function useMembers() {
  return tsr.tenant.listMembers.useQuery({ queryKey: memberKeys.list() });
}

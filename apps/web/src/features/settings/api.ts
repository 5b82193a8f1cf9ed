import { tsr } from '../../lib/api';
import { sessionKeys } from '../../lib/session';

/** Filters of the audit log viewer; all optional. `from`/`to` are instants (ISO). */
export type AuditFilters = { action?: string; resourceType?: string; actor?: string; from?: string; to?: string };

/** Query keys of the settings feature; components never build keys themselves. */
export const settingsKeys = {
  audit: (filters: AuditFilters) => ['audit', 'list', filters] as const,
};

/**
 * PATCH /v1/tenant (owners). The dashboard reads the business from `me` (the session), so the
 * answer goes there at once, and `me` is fetched again for the names in the business switcher.
 */
export function useUpdateTenant() {
  const queryClient = tsr.useQueryClient();
  return tsr.tenant.update.useMutation({
    onSuccess: ({ body: tenant }) => {
      queryClient.auth.me.setQueryData(sessionKeys.me(), (me) => me && { ...me, body: { ...me.body, currentTenant: tenant } });
      return queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    },
  });
}

/** GET /v1/audit, newest first, page by page. */
export function useAuditLog(filters: AuditFilters) {
  return tsr.audit.list.useInfiniteQuery({
    queryKey: settingsKeys.audit(filters),
    queryData: ({ pageParam }) => ({
      query: { ...filters, limit: 50, ...(typeof pageParam === 'string' ? { cursor: pageParam } : {}) },
    }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { body: { nextCursor: string | null } }) => last.body.nextCursor ?? undefined,
  });
}

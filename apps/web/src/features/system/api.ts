import { tsr } from '../../lib/api';

/** Query keys of the system feature; components never build keys themselves. */
export const systemKeys = {
  all: ['system'] as const,
  status: () => [...systemKeys.all, 'status'] as const,
};

/** GET /v1/system/status, refreshed every minute while the page is open. */
export function useSystemStatus() {
  return tsr.system.status.useQuery({
    queryKey: systemKeys.status(),
    refetchInterval: 60_000,
  });
}

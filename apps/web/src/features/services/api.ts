import type { TService } from '@slotwise/contracts';
import { tsr } from '../../lib/api';
import { serviceKeys } from '../../lib/catalog';

/** GET /v1/services/:id. */
export function useService(id: string) {
  return tsr.services.get.useQuery({ queryKey: serviceKeys.detail(id), queryData: { params: { id } } });
}

/** POST /v1/services. */
export function useCreateService() {
  const queryClient = tsr.useQueryClient();
  return tsr.services.create.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.lists() }),
  });
}

/** PATCH /v1/services/:id. */
export function useUpdateService() {
  const queryClient = tsr.useQueryClient();
  return tsr.services.update.useMutation({
    onSuccess: (response) => {
      queryClient.services.get.setQueryData(serviceKeys.detail(response.body.id), response);
      return queryClient.invalidateQueries({ queryKey: serviceKeys.lists() });
    },
  });
}

type ServicesPage = { items: TService[]; nextCursor: string | null };

/**
 * DELETE /v1/services/:id (archive). The service leaves the list of bookable services at once
 * and comes back if the API refuses; the caller shows the toast.
 */
export function useArchiveService() {
  const queryClient = tsr.useQueryClient();
  return tsr.services.archive.useMutation({
    onMutate: async ({ params }) => {
      await queryClient.cancelQueries({ queryKey: serviceKeys.list(false) });
      const previous = queryClient.services.list.getQueryData(serviceKeys.list(false));
      queryClient.services.list.setQueryData(serviceKeys.list(false), (current) => current && { ...current, body: withoutService(current.body, params.id) });
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.services.list.setQueryData(serviceKeys.list(false), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}

/** POST /v1/services/:id/restore. */
export function useRestoreService() {
  const queryClient = tsr.useQueryClient();
  return tsr.services.restore.useMutation({
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}

function withoutService(page: ServicesPage, id: string): ServicesPage {
  return { ...page, items: page.items.filter((service) => service.id !== id) };
}

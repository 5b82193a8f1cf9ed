import { tsr } from '../../lib/api';
import { resourceKeys } from '../../lib/catalog';

/** GET /v1/resources/:id. */
export function useResource(id: string) {
  return tsr.resources.get.useQuery({ queryKey: resourceKeys.detail(id), queryData: { params: { id } } });
}

/** POST /v1/resources. */
export function useCreateResource() {
  const queryClient = tsr.useQueryClient();
  return tsr.resources.create.useMutation({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKeys.lists() }),
  });
}

/** PATCH /v1/resources/:id. */
export function useUpdateResource() {
  const queryClient = tsr.useQueryClient();
  return tsr.resources.update.useMutation({
    onSuccess: (response) => {
      queryClient.resources.get.setQueryData(resourceKeys.detail(response.body.id), response);
      return queryClient.invalidateQueries({ queryKey: resourceKeys.lists() });
    },
  });
}

/** GET /v1/resources/:id/hours: the weekly hours, local times in the resource's zone. */
export function useResourceHours(id: string) {
  return tsr.resources.getHours.useQuery({ queryKey: resourceKeys.hours(id), queryData: { params: { id } } });
}

/** PUT /v1/resources/:id/hours: replaces the whole week. */
export function useSetResourceHours() {
  const queryClient = tsr.useQueryClient();
  return tsr.resources.setHours.useMutation({
    onSuccess: (response, { params }) => queryClient.resources.getHours.setQueryData(resourceKeys.hours(params.id), response),
  });
}

/** GET /v1/resources/:id/overrides from a local date on. */
export function useOverrides(id: string, from: string) {
  return tsr.resources.listOverrides.useQuery({
    queryKey: [...resourceKeys.overrides(id), { from }],
    queryData: { params: { id }, query: { from } },
  });
}

/** POST /v1/resources/:id/overrides: sets (or replaces) the hours of one date; [] = closed. */
export function useSetOverride() {
  const queryClient = tsr.useQueryClient();
  return tsr.resources.setOverride.useMutation({
    onSettled: (_data, _error, { params }) => queryClient.invalidateQueries({ queryKey: resourceKeys.overrides(params.id) }),
  });
}

/** DELETE /v1/resources/:id/overrides/:date: back to the weekly hours. */
export function useDeleteOverride() {
  const queryClient = tsr.useQueryClient();
  return tsr.resources.deleteOverride.useMutation({
    onSettled: (_data, _error, { params }) => queryClient.invalidateQueries({ queryKey: resourceKeys.overrides(params.id) }),
  });
}

/** GET /v1/blackouts: dates the whole business is closed. */
export function useBlackouts() {
  return tsr.blackouts.list.useQuery({ queryKey: resourceKeys.blackouts() });
}

/** POST /v1/blackouts. */
export function useCreateBlackout() {
  const queryClient = tsr.useQueryClient();
  return tsr.blackouts.create.useMutation({
    onSettled: () => queryClient.invalidateQueries({ queryKey: resourceKeys.blackouts() }),
  });
}

/**
 * DELETE /v1/blackouts/:id. The closure disappears at once and comes back if the API refuses;
 * the caller says what happened.
 */
export function useDeleteBlackout() {
  const queryClient = tsr.useQueryClient();
  return tsr.blackouts.delete.useMutation({
    onMutate: async ({ params }) => {
      await queryClient.cancelQueries({ queryKey: resourceKeys.blackouts() });
      const previous = queryClient.blackouts.list.getQueryData(resourceKeys.blackouts());
      queryClient.blackouts.list.setQueryData(
        resourceKeys.blackouts(),
        (current) => current && { ...current, body: { items: current.body.items.filter((blackout) => blackout.id !== params.id) } },
      );
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.blackouts.list.setQueryData(resourceKeys.blackouts(), context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: resourceKeys.blackouts() }),
  });
}

import { tsr } from './api';

/*
 * The catalog as the rest of the dashboard reads it: the services and resources features manage
 * services, resources, their hours and blackouts; bookings, the calendar, the first-run
 * checklist and the audit log only read the lists (and hours) through these hooks, and every
 * change made by the catalog's screens invalidates these keys.
 */

/**
 * The API answers at most 200 services a page; a business with more would need "Load more",
 * which the catalog screens don't offer yet.
 */
const CATALOG_PAGE = 200;

/** Query keys of services; components never build keys themselves. */
export const serviceKeys = {
  all: ['services'] as const,
  lists: () => [...serviceKeys.all, 'list'] as const,
  list: (includeArchived: boolean) => [...serviceKeys.lists(), { includeArchived }] as const,
  detail: (id: string) => [...serviceKeys.all, 'detail', id] as const,
};

/** GET /v1/services: the bookable services, or every service including archived ones. */
export function useServices({ includeArchived = false, enabled = true }: { includeArchived?: boolean; enabled?: boolean } = {}) {
  return tsr.services.list.useQuery({
    queryKey: serviceKeys.list(includeArchived),
    queryData: { query: { limit: CATALOG_PAGE, ...(includeArchived ? { includeArchived: 'true' } : {}) } },
    enabled,
  });
}

/** Query keys of resources, their hours and overrides, and blackouts. */
export const resourceKeys = {
  all: ['resources'] as const,
  lists: () => [...resourceKeys.all, 'list'] as const,
  list: (includeInactive: boolean) => [...resourceKeys.lists(), { includeInactive }] as const,
  detail: (id: string) => [...resourceKeys.all, 'detail', id] as const,
  hours: (id: string) => [...resourceKeys.all, 'hours', id] as const,
  overrides: (id: string) => [...resourceKeys.all, 'overrides', id] as const,
  blackouts: () => ['blackouts'] as const,
};

/** GET /v1/resources: active resources, or all of them. */
export function useResources({ includeInactive = false }: { includeInactive?: boolean } = {}) {
  return tsr.resources.list.useQuery({
    queryKey: resourceKeys.list(includeInactive),
    queryData: { query: { limit: CATALOG_PAGE, ...(includeInactive ? { includeInactive: 'true' } : {}) } },
  });
}

/** The weekly hours of several resources at once (the first-run checklist asks "any hours at all?"). */
export function useHoursOfResources(ids: string[]) {
  return tsr.resources.getHours.useQueries({
    queries: ids.map((id) => ({ queryKey: resourceKeys.hours(id), queryData: { params: { id } } })),
  });
}

/**
 * Each resource's weekly hours, in the order of `ids` (undefined while one loads), as one array
 * that keeps its identity until some resource's hours change: what a memo may depend on.
 */
export function useWeeklyHoursOfResources(ids: string[]) {
  return tsr.resources.getHours.useQueries({
    queries: ids.map((id) => ({ queryKey: resourceKeys.hours(id), queryData: { params: { id } } })),
    combine: bodiesOf,
  });
}

/** Module-level, so the combined result is only worked out again when a query's result changes. */
const bodiesOf = <Body>(results: { data?: { body: Body } }[]) => results.map((result) => result.data?.body);

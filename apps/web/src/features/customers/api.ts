import { tsr } from '../../lib/api';

const PAGE_SIZE = 25;

/** Query keys of the customers feature; components never build keys themselves. */
export const customerKeys = {
  all: ['customers'] as const,
  lists: () => [...customerKeys.all, 'list'] as const,
  list: (q: string) => [...customerKeys.lists(), { q }] as const,
  detail: (id: string) => [...customerKeys.all, 'detail', id] as const,
};

/** GET /v1/customers?q=: a search, page by page ("Load more"). */
export function useCustomers(q: string) {
  return tsr.customers.list.useInfiniteQuery({
    queryKey: customerKeys.list(q),
    queryData: ({ pageParam }) => ({
      query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(typeof pageParam === 'string' ? { cursor: pageParam } : {}) },
    }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: { body: { nextCursor: string | null } }) => last.body.nextCursor ?? undefined,
  });
}

/** GET /v1/customers/:id. */
export function useCustomer(id: string) {
  return tsr.customers.get.useQuery({ queryKey: customerKeys.detail(id), queryData: { params: { id } } });
}

/** POST /v1/customers. */
export function useCreateCustomer() {
  const queryClient = tsr.useQueryClient();
  return tsr.customers.create.useMutation({
    onSuccess: ({ body, headers }) => {
      queryClient.customers.get.setQueryData(customerKeys.detail(body.id), { status: 200, body, headers });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

/** PATCH /v1/customers/:id. */
export function useUpdateCustomer() {
  const queryClient = tsr.useQueryClient();
  return tsr.customers.update.useMutation({
    onSuccess: (response) => {
      queryClient.customers.get.setQueryData(customerKeys.detail(response.body.id), response);
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

import { resourceMissing } from './errors';
import type { Route } from './router';

/** `GET /v1/events` (newest first, filtered by `type` or `types[]`) and `GET /v1/events/:id`. */
export const eventRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/events',
    handler: ({ core, ctx, input }) => {
      input.allowOnly(['limit', 'starting_after', 'ending_before', 'type', 'types', 'created', 'delivery_success']);
      const type = input.str('type');
      const types = input.strList('types');
      // `type` accepts a trailing wildcard, e.g. `checkout.session.*`.
      const matches = (t: string) =>
        (!type || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type)) && (types.length === 0 || types.includes(t));
      return core.store.page(
        core.store.all('event', ctx.scope).filter((e) => matches(e.type)),
        input,
        '/v1/events',
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/events/:id',
    handler: ({ core, ctx, params }) => {
      const event = core.store.get('event', params.id as string, ctx.scope);
      if (!event) throw resourceMissing('event', params.id as string);
      return event;
    },
  },
];

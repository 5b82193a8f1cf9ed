import { GoogleApiError, badRequest, faultError, insufficientScopes, notFound } from './errors';
import { EXPANSION_HORIZON_MS, changeEvent, deleteEvent, expand, findEvent, insertEvent, isSeries, render, spanOf } from './events';
import { freeBusy } from './freebusy';
import type { AccessToken } from './oauth';
import { matchRoute, type Core } from './router';
import type { Calendar } from './store';
import { parseDateTime } from './time';

/**
 * The Calendar v3 API under `/calendar/v3`: one call in, one reply out, whether it came as its own
 * HTTP request or as a part of a batch. Every call is logged, may meet an injected fault, needs a
 * valid `Authorization: Bearer` access token with a fitting scope, and reaches only the token
 * owner's calendars (`primary` is their own).
 */

export type ApiCall = { method: string; pathname: string; query: URLSearchParams; headers: Record<string, string | undefined>; body: string };
export type ApiReply = { status: number; body: unknown; headers?: Record<string, string> };

const S = 'https://www.googleapis.com/auth/';
const scopes = (...names: string[]) => names.map((n) => S + n);
const READ_EVENTS = scopes(
  'calendar',
  'calendar.readonly',
  'calendar.events',
  'calendar.events.readonly',
  'calendar.events.owned',
  'calendar.events.owned.readonly',
);
const WRITE_EVENTS = scopes('calendar', 'calendar.events', 'calendar.events.owned');
const CALENDAR_LIST = scopes('calendar', 'calendar.readonly', 'calendar.calendarlist', 'calendar.calendarlist.readonly');
const CALENDARS = [...CALENDAR_LIST, ...scopes('calendar.calendars', 'calendar.calendars.readonly', 'calendar.events', 'calendar.events.readonly')];
const FREE_BUSY = [...READ_EVENTS, ...scopes('calendar.freebusy', 'calendar.events.freebusy')];
const ANY = [...new Set([...READ_EVENTS, ...CALENDARS, ...FREE_BUSY])];

type Ctx = { core: Core; token: AccessToken; params: Record<string, string>; query: URLSearchParams; body: unknown; now: number };
type Route = { method: string; path: string; scopes: string[]; run: (ctx: Ctx) => ApiReply };

const ok = (body: unknown): ApiReply => ({ status: 200, body });

/** A calendar of the token's owner, or 404 as Google answers for calendars one cannot see. */
function ownCalendar(ctx: Ctx): Calendar {
  const id = ctx.params.calendarId === 'primary' ? ctx.token.email : ctx.params.calendarId!;
  const cal = ctx.core.store.calendar(id);
  if (!cal || cal.owner !== ctx.token.email) throw notFound();
  return cal;
}

const renderOpts = (ctx: Ctx, cal: Calendar) => ({
  timeZone: ctx.query.get('timeZone') ?? cal.timeZone,
  publicUrl: ctx.core.publicUrl(),
  minimalCancelled: false,
});

function calendarListEntry(cal: Calendar, viewer: string = cal.owner): Record<string, unknown> {
  return {
    kind: 'calendar#calendarListEntry',
    etag: cal.etag,
    id: cal.id,
    summary: cal.summary,
    ...(cal.description ? { description: cal.description } : {}),
    timeZone: cal.timeZone,
    colorId: cal.primary ? '14' : '9',
    backgroundColor: cal.primary ? '#9fe1e7' : '#7bd148',
    foregroundColor: '#000000',
    selected: true,
    accessRole: cal.owner === viewer ? 'owner' : (cal.sharedWith?.get(viewer) ?? 'freeBusyReader'),
    defaultReminders: cal.primary ? [{ method: 'popup', minutes: 10 }] : [],
    ...(cal.primary ? { primary: true } : {}),
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
  };
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/calendar/v3/users/me/calendarList',
    scopes: CALENDAR_LIST,
    run: ({ core, token }) =>
      ok({
        kind: 'calendar#calendarList',
        etag: `"cl${core.store.calendarsOf(token.email).length}"`,
        nextSyncToken: 'CLemulator',
        items: core.store.listedFor(token.email).map((cal) => calendarListEntry(cal, token.email.toLowerCase())),
      }),
  },
  { method: 'GET', path: '/calendar/v3/users/me/calendarList/:calendarId', scopes: CALENDAR_LIST, run: (ctx) => ok(calendarListEntry(ownCalendar(ctx))) },
  {
    method: 'GET',
    path: '/calendar/v3/calendars/:calendarId',
    scopes: CALENDARS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      return ok({
        kind: 'calendar#calendar',
        etag: cal.etag,
        id: cal.id,
        summary: cal.summary,
        timeZone: cal.timeZone,
        conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
      });
    },
  },
  {
    method: 'GET',
    path: '/calendar/v3/calendars/:calendarId/events',
    scopes: READ_EVENTS,
    run: (ctx) => ok(ctx.core.listings.list(ctx.core.store, ownCalendar(ctx), ctx.query, { now: ctx.now, publicUrl: ctx.core.publicUrl() })),
  },
  {
    method: 'POST',
    path: '/calendar/v3/calendars/:calendarId/events',
    scopes: WRITE_EVENTS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      return ok(render(insertEvent(ctx.core.store, cal, { email: ctx.token.email }, ctx.body, ctx.now), cal, ctx.core.store, renderOpts(ctx, cal)));
    },
  },
  {
    method: 'POST',
    path: '/calendar/v3/calendars/:calendarId/events/watch',
    scopes: READ_EVENTS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      const resourceUri = `${ctx.core.publicUrl()}/calendar/v3/calendars/${encodeURIComponent(ctx.params.calendarId!)}/events?alt=json`;
      return ok(ctx.core.channels.resource(ctx.core.channels.watch(cal, ctx.token.email, resourceUri, ctx.body)));
    },
  },
  {
    method: 'GET',
    path: '/calendar/v3/calendars/:calendarId/events/:eventId',
    scopes: READ_EVENTS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      const ev = findEvent(ctx.core.store, cal, ctx.params.eventId!);
      if (!ev) throw notFound();
      return ok(render(ev, cal, ctx.core.store, renderOpts(ctx, cal)));
    },
  },
  {
    method: 'GET',
    path: '/calendar/v3/calendars/:calendarId/events/:eventId/instances',
    scopes: READ_EVENTS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      const master = ctx.core.store.event(cal.id, ctx.params.eventId!);
      if (!master || !isSeries(master)) throw notFound();
      const bound = (name: string) => {
        const v = ctx.query.get(name);
        const ms = v === null ? null : parseDateTime(v);
        if (v !== null && typeof ms !== 'number') throw badRequest(`Invalid value for: ${name}`, name);
        return ms as number | null;
      };
      const [from, to] = [bound('timeMin'), bound('timeMax')];
      const max = Number(ctx.query.get('maxResults') ?? 250);
      const showDeleted = ctx.query.get('showDeleted') === 'true';
      const items = expand(ctx.core.store, master, cal, to ?? ctx.now + EXPANSION_HORIZON_MS)
        .filter((o) => showDeleted || o.status !== 'cancelled')
        .filter((o) => {
          const s = spanOf(o.fields, cal);
          return (from === null || s.end > from) && (to === null || s.start < to);
        })
        .slice(0, Math.max(1, Math.min(max, 2500)))
        .map((o) => render(o, cal, ctx.core.store, renderOpts(ctx, cal)));
      return ok({ kind: 'calendar#events', summary: cal.summary, timeZone: cal.timeZone, accessRole: 'owner', defaultReminders: [], items });
    },
  },
  ...(['PATCH', 'PUT'] as const).map((method): Route => ({
    method,
    path: '/calendar/v3/calendars/:calendarId/events/:eventId',
    scopes: WRITE_EVENTS,
    run: (ctx) => {
      const cal = ownCalendar(ctx);
      const ev = changeEvent(ctx.core.store, cal, ctx.params.eventId!, ctx.body, method === 'PATCH' ? 'patch' : 'update', ctx.now);
      return ok(render(ev, cal, ctx.core.store, renderOpts(ctx, cal)));
    },
  })),
  {
    method: 'DELETE',
    path: '/calendar/v3/calendars/:calendarId/events/:eventId',
    scopes: WRITE_EVENTS,
    run: (ctx) => {
      deleteEvent(ctx.core.store, ownCalendar(ctx), ctx.params.eventId!, ctx.now);
      return { status: 204, body: null };
    },
  },
  {
    method: 'POST',
    path: '/calendar/v3/channels/stop',
    scopes: ANY,
    run: (ctx) => {
      ctx.core.channels.stop(ctx.body);
      return { status: 204, body: null };
    },
  },
  {
    method: 'POST',
    path: '/calendar/v3/freeBusy',
    scopes: FREE_BUSY,
    run: (ctx) =>
      ok(
        freeBusy(ctx.core.store, ctx.body, (id) => {
          const cal = ctx.core.store.calendar(id === 'primary' ? ctx.token.email : id);
          return cal && cal.owner === ctx.token.email ? cal : undefined;
        }),
      ),
  },
];

function errorReply(err: unknown): ApiReply {
  if (err instanceof GoogleApiError) return { status: err.status, body: err.body(), headers: err.headers };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: new GoogleApiError(500, 'backendError', `The emulator failed: ${message}`).body() };
}

/** Runs one Calendar API call (direct or from a batch), logging it. */
export function executeCall(core: Core, call: ApiCall, inBatch: boolean): ApiReply {
  const reply = run(core, call);
  core.requests.record({ method: call.method, path: call.pathname, status: reply.status, at: new Date(core.now()).toISOString(), inBatch });
  return reply;
}

function run(core: Core, call: ApiCall): ApiReply {
  try {
    const fault = core.faults.take(call.method, call.pathname, true);
    if (fault) throw faultError(fault.status);
    const match = matchRoute(ROUTES, call.method, call.pathname);
    if (!match) throw notFound();
    const token = core.oauth.authenticate(call.headers.authorization);
    if (!match.route.scopes.some((s) => token.scopes.includes(s))) throw insufficientScopes();
    let body: unknown = undefined;
    if (call.body.trim() !== '') {
      try {
        body = JSON.parse(call.body);
      } catch {
        throw new GoogleApiError(400, 'parseError', 'Parse Error');
      }
    }
    return match.route.run({ core, token, params: match.params, query: call.query, body, now: core.now() });
  } catch (err) {
    return errorReply(err);
  }
}

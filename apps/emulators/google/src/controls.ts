import type { Notification, ResourceState } from './channels';
import { ControlError } from './errors';
import { changeEvent, deleteEvent, insertEvent, render } from './events';
import type { FaultSpec } from './faults';
import type { AuthRequest } from './oauth';
import { matchRoute, type Core } from './router';
import type { Calendar, SharedRole } from './store';
import { isTimeZone } from './time';

/**
 * Test controls: what a person does in Google (approve the consent page, add, move or delete an
 * event in the Calendar app, remove the app's access) and ways to make Google misbehave (expire a
 * channel or access tokens, invalidate sync tokens, fail calls, move the clock). Available
 * in-process (`emulator.controls`) and as JSON under `/_emulator`. Results are copies.
 */

export type Controls = ReturnType<typeof createControls>;
export type AuthTarget = { state?: string; url?: string; email?: string };

const calendarView = (c: Calendar) => ({ id: c.id, owner: c.owner, summary: c.summary, timeZone: c.timeZone, primary: c.primary, resourceId: c.resourceId });

export function createControls(core: Core, hooks: { advance: (ms: number) => void; reset: () => void }) {
  const { store, oauth, channels } = core;

  function authRequest(target: AuthTarget): AuthRequest {
    if (target.url) {
      const req = oauth.authorizeRequest(new URL(target.url).searchParams);
      if (typeof req === 'string') throw new ControlError(req);
      return req;
    }
    if (!target.state) throw new ControlError('Give `state` (of an authorize page that was opened) or `url` (the authorize URL).');
    const req = oauth.requestByState(target.state);
    if (!req) throw new ControlError(`No open authorization request with state ${target.state}: open the authorize URL first, or pass { url }.`, 404);
    return req;
  }

  const renderAll = (cal: Calendar) =>
    store
      .eventsOf(cal.id)
      .filter((e) => !e.vanished)
      .map((e) => render(e, cal, store, { timeZone: cal.timeZone, publicUrl: core.publicUrl(), minimalCancelled: false }));

  const renderOne = (cal: Calendar, ev: Parameters<typeof render>[0]) =>
    render(ev, cal, store, { timeZone: cal.timeZone, publicUrl: core.publicUrl(), minimalCancelled: false });

  function channel(id: string) {
    const ch = channels.get(id);
    if (!ch) throw new ControlError(`No channel ${id}.`, 404);
    return ch;
  }

  return {
    approve: (target: AuthTarget) => {
      const req = authRequest(target);
      return { ...oauth.approve(req, target.email), state: req.state };
    },
    deny: (target: AuthTarget) => oauth.deny(authRequest(target)),
    revokeGrants: (email: string) => ({ revoked: oauth.revokePerson(email) }),
    expireAccessTokens: (email?: string) => ({ expired: oauth.expireAccessTokens(email) }),
    issueTokens: (input: { email: string; scopes?: string[]; clientId?: string }) =>
      oauth.issue(input.email, input.scopes ?? ['https://www.googleapis.com/auth/calendar'], input.clientId ?? 'emulator-client'),
    grants: (email?: string) => oauth.listGrants(email),

    calendars: (owner?: string) => [...store.calendars.values()].filter((c) => !owner || c.owner === owner.toLowerCase()).map(calendarView),
    createCalendar: (input: { owner: string; summary: string; timeZone?: string; description?: string }) => {
      if (!input.owner || !input.summary) throw new ControlError('Give `owner` (an email) and `summary`.');
      return calendarView(store.addCalendar({ ...input, owner: store.person(input.owner).email }));
    },
    updateCalendar: (id: string, patch: { summary?: string; timeZone?: string }) => {
      const cal = store.calendarForControl(id);
      if (patch.summary) cal.summary = patch.summary;
      if (patch.timeZone) {
        if (!isTimeZone(patch.timeZone)) throw new ControlError(`Unknown time zone: ${patch.timeZone}`);
        cal.timeZone = patch.timeZone;
      }
      return calendarView(cal);
    },
    /** The owner shares a calendar with someone: it appears in their calendar list with `role` as its accessRole. */
    shareCalendar: (id: string, input: { email: string; role: SharedRole }) => {
      const cal = store.calendarForControl(id);
      if (!input.email || !['freeBusyReader', 'reader', 'writer'].includes(input.role))
        throw new ControlError('Give `email` and `role` (freeBusyReader, reader or writer).');
      const person = store.person(input.email).email;
      (cal.sharedWith ??= new Map()).set(person, input.role);
      return { ...calendarView(cal), sharedWith: Object.fromEntries(cal.sharedWith) };
    },
    /** Deletes a secondary calendar: its channels hear `not_exists`. */
    deleteCalendar: (id: string) => {
      const cal = store.calendarForControl(id);
      if (cal.primary) throw new ControlError('A primary calendar cannot be deleted.');
      channels.changed(cal, 'not_exists');
      store.deleteCalendar(cal.id);
      return { deleted: cal.id };
    },

    /** An event as the calendar's owner adds it in Google Calendar (any event resource; `id` optional). */
    createEvent: (calendarId: string, body: unknown) => {
      const cal = store.calendarForControl(calendarId);
      return renderOne(cal, insertEvent(store, cal, { email: cal.owner }, body, core.now()));
    },
    /** Moves or edits an event (or one occurrence of a series) as its owner would: patch semantics. */
    updateEvent: (calendarId: string, eventId: string, patch: unknown) => {
      const cal = store.calendarForControl(calendarId);
      return renderOne(cal, changeEvent(store, cal, eventId, patch, 'patch', core.now()));
    },
    deleteEvent: (calendarId: string, eventId: string) => {
      const cal = store.calendarForControl(calendarId);
      deleteEvent(store, cal, eventId, core.now());
      return { deleted: eventId };
    },
    /** Everything stored in the calendar, deleted events and series exceptions included. */
    events: (calendarId: string) => renderAll(store.calendarForControl(calendarId)),
    invalidateSyncTokens: (calendarId: string) => {
      const cal = store.calendarForControl(calendarId);
      store.invalidateSyncTokens(cal);
      return { calendarId: cal.id, invalidated: true };
    },

    channels: (calendarId?: string) => channels.list().filter((c) => !calendarId || c.calendarId === calendarId),
    expireChannel: (id: string) => {
      channel(id);
      const ch = channels.expire(id)!;
      return { ...ch, state: channels.state(ch) };
    },
    /** A message on a channel whatever its state: stopped channels may still deliver for a while. */
    notifyChannel: (id: string, state: ResourceState = 'exists') => {
      channels.sendAnyway(channel(id), state);
      return { sent: true };
    },
    notifications: (channelId?: string): Notification[] => channels.notifications().filter((n) => !channelId || n.channelId === channelId),
    notificationsIdle: (timeoutMs?: number) => channels.idle(timeoutMs),

    now: () => new Date(core.now()).toISOString(),
    advanceClock: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new ControlError('`ms` must be a non-negative number.');
      hooks.advance(ms);
      return { now: new Date(core.now()).toISOString() };
    },

    fault: (spec: FaultSpec) => core.faults.arm(spec),
    faults: () => core.faults.list(),
    clearFaults: () => core.faults.clear(),
    requests: () => core.requests.summary(),
    clearRequests: () => core.requests.clear(),
    reset: hooks.reset,
  };
}

type Json = Record<string, unknown>;
type ControlRoute = { method: string; path: string; run: (c: Controls, p: Record<string, string>, body: Json, query: URLSearchParams) => unknown };

const str = (body: Json, key: string): string | undefined => (typeof body[key] === 'string' ? body[key] : undefined);
const num = (body: Json, key: string): number | undefined => (typeof body[key] === 'number' ? body[key] : undefined);
const target = (b: Json): AuthTarget => ({ state: str(b, 'state'), url: str(b, 'url'), email: str(b, 'email') });
const query = (q: URLSearchParams, key: string) => q.get(key) ?? undefined;

const ROUTES: ControlRoute[] = [
  { method: 'POST', path: '/_emulator/oauth/approve', run: (c, _p, b) => c.approve(target(b)) },
  { method: 'POST', path: '/_emulator/oauth/deny', run: (c, _p, b) => c.deny(target(b)) },
  {
    method: 'POST',
    path: '/_emulator/oauth/revoke',
    run: (c, _p, b) => {
      const email = str(b, 'email');
      if (!email) throw new ControlError('Give `email`.');
      return c.revokeGrants(email);
    },
  },
  { method: 'POST', path: '/_emulator/oauth/expire-access-tokens', run: (c, _p, b) => c.expireAccessTokens(str(b, 'email')) },
  {
    method: 'POST',
    path: '/_emulator/oauth/tokens',
    run: (c, _p, b) => {
      const email = str(b, 'email');
      if (!email) throw new ControlError('Give `email`.');
      return c.issueTokens({ email, scopes: Array.isArray(b.scopes) ? (b.scopes as string[]) : undefined, clientId: str(b, 'client_id') });
    },
  },
  { method: 'GET', path: '/_emulator/oauth/grants', run: (c, _p, _b, q) => ({ data: c.grants(query(q, 'email')) }) },
  { method: 'GET', path: '/_emulator/calendars', run: (c, _p, _b, q) => ({ data: c.calendars(query(q, 'owner')) }) },
  {
    method: 'POST',
    path: '/_emulator/calendars',
    run: (c, _p, b) =>
      c.createCalendar({ owner: str(b, 'owner') ?? '', summary: str(b, 'summary') ?? '', timeZone: str(b, 'timeZone'), description: str(b, 'description') }),
  },
  {
    method: 'PATCH',
    path: '/_emulator/calendars/:calendarId',
    run: (c, p, b) => c.updateCalendar(p.calendarId!, { summary: str(b, 'summary'), timeZone: str(b, 'timeZone') }),
  },
  { method: 'DELETE', path: '/_emulator/calendars/:calendarId', run: (c, p) => c.deleteCalendar(p.calendarId!) },
  {
    method: 'POST',
    path: '/_emulator/calendars/:calendarId/share',
    run: (c, p, b) => c.shareCalendar(p.calendarId!, { email: str(b, 'email') ?? '', role: (str(b, 'role') ?? '') as SharedRole }),
  },
  { method: 'GET', path: '/_emulator/calendars/:calendarId/events', run: (c, p) => ({ items: c.events(p.calendarId!) }) },
  { method: 'POST', path: '/_emulator/calendars/:calendarId/events', run: (c, p, b) => c.createEvent(p.calendarId!, b) },
  { method: 'PATCH', path: '/_emulator/calendars/:calendarId/events/:eventId', run: (c, p, b) => c.updateEvent(p.calendarId!, p.eventId!, b) },
  { method: 'DELETE', path: '/_emulator/calendars/:calendarId/events/:eventId', run: (c, p) => c.deleteEvent(p.calendarId!, p.eventId!) },
  { method: 'POST', path: '/_emulator/calendars/:calendarId/invalidate-sync-tokens', run: (c, p) => c.invalidateSyncTokens(p.calendarId!) },
  { method: 'GET', path: '/_emulator/channels', run: (c, _p, _b, q) => ({ data: c.channels(query(q, 'calendarId')) }) },
  { method: 'POST', path: '/_emulator/channels/:id/expire', run: (c, p) => c.expireChannel(p.id!) },
  {
    method: 'POST',
    path: '/_emulator/channels/:id/notify',
    run: (c, p, b) => c.notifyChannel(p.id!, (str(b, 'state') as ResourceState | undefined) ?? 'exists'),
  },
  { method: 'GET', path: '/_emulator/notifications', run: (c, _p, _b, q) => ({ data: c.notifications(query(q, 'channel')) }) },
  { method: 'POST', path: '/_emulator/notifications/idle', run: async (c, _p, b) => (await c.notificationsIdle(num(b, 'timeout_ms')), { idle: true }) },
  { method: 'GET', path: '/_emulator/clock', run: (c) => ({ now: c.now() }) },
  { method: 'POST', path: '/_emulator/clock/advance', run: (c, _p, b) => c.advanceClock(num(b, 'ms') ?? (num(b, 'seconds') ?? 0) * 1000) },
  {
    method: 'POST',
    path: '/_emulator/faults',
    run: (c, _p, b) => c.fault({ status: num(b, 'status') as FaultSpec['status'], count: num(b, 'count'), path: str(b, 'path'), method: str(b, 'method') }),
  },
  { method: 'GET', path: '/_emulator/faults', run: (c) => ({ data: c.faults() }) },
  { method: 'POST', path: '/_emulator/faults/clear', run: (c) => (c.clearFaults(), { ok: true }) },
  { method: 'GET', path: '/_emulator/requests', run: (c) => c.requests() },
  { method: 'POST', path: '/_emulator/requests/clear', run: (c) => (c.clearRequests(), { ok: true }) },
  { method: 'POST', path: '/_emulator/reset', run: (c) => (c.reset(), { ok: true }) },
];

/** Runs the control for a path, or returns `{ found: false }` when there is none. */
export async function runControl(
  controls: Controls,
  method: string,
  pathname: string,
  body: Json,
  q: URLSearchParams,
): Promise<{ found: false } | { found: true; result: unknown }> {
  const match = matchRoute(ROUTES, method, pathname);
  if (!match) return { found: false };
  return { found: true, result: await match.route.run(controls, match.params, body, q) };
}

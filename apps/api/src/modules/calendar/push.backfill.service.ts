import type { GoogleBatchCall, GoogleBatchResult, GoogleCalendarGateway, GoogleEvent, SendUpdates } from '../../integrations/google';
import { GoogleApiError, kindOf } from '../../integrations/google';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { jobId } from '../../platform/jobs';
import { requireTenantId } from '../../platform/tenancy';
import { transaction } from '../../platform/transaction';
import { CalendarConnectionBroken, CalendarUnavailable } from './connection.errors';
import { createCalendarConnectionService } from './connection.service';
import { createPushRepo, type EventWrite, type PushBooking } from './push.repo';
import { calendarPushQueue } from './push.queues';
import {
  createPushWriter,
  eventBody,
  eventIdFor,
  isHere,
  placeOf,
  plainError,
  reachOf,
  targetOf,
  wantsEvent,
  type Place,
  type Target,
} from './push.writer.service';

/**
 * The backfill (ADR 012): when a resource's calendar is connected (or connected again), its
 * bookings of the next 90 days whose event is missing or stale go to Google through the batch
 * endpoint — 2,000 bookings in about 40 HTTP requests instead of 2,000. Each call of a batch
 * succeeds or fails alone: a 409 on insert is patched, a deleted event gets the next generation's
 * id, and calls Google could not serve (429, 5xx) are retried alone, with backoff, and handed to
 * the `calendar.push` job if they still fail.
 */

export const BACKFILL_DAYS = 90;
/**
 * Calls per batch. Google accepts 1,000, but every call still counts against the quota, a batch
 * is answered only when its slowest call is done, and a 429 then hits many calls at once; its
 * Calendar guide recommends 50. 2,000 bookings → 40 requests.
 */
export const BATCH_SIZE = 50;
/** Rounds of follow-up calls (409 → patch, deleted → insert under the next generation). */
const MAX_ROUNDS = 4;
/** A call retried alone: attempts and the first delay (doubling, with jitter). */
const ALONE_ATTEMPTS = 3;
const ALONE_BASE_DELAY_MS = 200;
/** Whole batch requests that Google could not serve (429/5xx): attempts before the job retries later. */
const BATCH_ATTEMPTS = 3;
const PAGE = 500;

type Op = 'insert' | 'patch' | 'delete';
type Item = { booking: PushBooking; place: Place; op: Op };
export type BackfillResult = { candidates: number; synced: number; failed: number; retriedAlone: number; handedToJobs: number; batches: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with full jitter. */
const backoff = (attempt: number, baseMs: number) => sleep(baseMs * 2 ** attempt * (0.5 + Math.random() / 2));
const daysMs = (days: number) => days * 86_400_000;

export function createPushBackfill(deps: AppDeps) {
  const repo = createPushRepo(deps);
  const connections = createCalendarConnectionService(deps);
  const writer = createPushWriter(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  /** What to do for a booking, or null when Google has it right already (or nothing can be done here). */
  function planOf(b: PushBooking, target: Target): Item | 'delegate' | 'forget' | null {
    const place = placeOf(b);
    const wanted = wantsEvent(b);
    const row = b.calendarEvent;
    const here = isHere(place, target);
    if (wanted && here && row?.state === 'SYNCED' && row.syncedVersion === b.version) return null;
    if (place.eventId && !here) {
      // In another calendar we can still reach (moved between resources, calendar changed): the push job moves it.
      if (reachOf(place, target)) return 'delegate';
      // Unreachable (disconnected, another account): forgotten, a new generation goes here.
      if (!wanted) return 'forget';
      return { booking: b, place: { eventId: null, calendarId: null, connectionId: null, generation: place.generation + 1 }, op: 'insert' };
    }
    if (!wanted) return place.eventId ? { booking: b, place, op: 'delete' } : null;
    return { booking: b, place, op: here ? 'patch' : 'insert' };
  }

  const enc = encodeURIComponent;
  function callOf(item: Item, target: Target, body: GoogleEvent, sendUpdates: SendUpdates): GoogleBatchCall {
    const events = `/calendar/v3/calendars/${enc(target.calendarId)}/events`;
    const q = `?sendUpdates=${sendUpdates}`;
    if (item.op === 'insert') return { method: 'POST', path: `${events}${q}`, body: { id: eventIdFor(item.booking.id, item.place.generation), ...body } };
    if (item.op === 'patch') return { method: 'PATCH', path: `${events}/${enc(item.place.eventId!)}${q}`, body };
    return { method: 'DELETE', path: `${events}/${enc(item.place.eventId!)}${q}` };
  }

  /** One call's answer: saved, a follow-up call, retried alone, or refused for good. */
  type Outcome = { kind: 'saved'; write: EventWrite } | { kind: 'follow'; item: Item } | { kind: 'alone' } | { kind: 'failed'; error: string };
  function outcomeOf(item: Item, res: GoogleBatchResult, target: Target): Outcome {
    const { booking: b, place, op } = item;
    const status = res.status;
    const event = (res.body ?? {}) as GoogleEvent & { error?: { message?: string; errors?: { reason?: string }[] } };
    const saved = (write: Partial<EventWrite>): Outcome => ({
      kind: 'saved',
      write: {
        connectionId: target.connectionId,
        calendarId: target.calendarId,
        eventId: place.eventId,
        generation: place.generation,
        state: 'SYNCED',
        error: null,
        htmlLink: null,
        etag: null,
        syncedVersion: b.version,
        attention: null,
        ...write,
      },
    });
    if (op === 'delete') {
      if (status === 204 || status === 200 || status === 404 || status === 410) return saved({ eventId: null, generation: place.generation + 1 });
    } else if (status === 200) {
      if (event.status !== 'cancelled')
        return saved({ eventId: event.id ?? place.eventId ?? eventIdFor(b.id, place.generation), htmlLink: event.htmlLink ?? null, etag: event.etag ?? null });
      return { kind: 'follow', item: { booking: b, place: { ...place, eventId: null, generation: place.generation + 1 }, op: 'insert' } };
    } else if (op === 'insert' && status === 409) {
      return { kind: 'follow', item: { booking: b, place: { ...place, eventId: eventIdFor(b.id, place.generation) }, op: 'patch' } };
    } else if (op === 'patch' && (status === 404 || status === 410)) {
      return { kind: 'follow', item: { booking: b, place: { ...place, eventId: null, generation: place.generation + 1 }, op: 'insert' } };
    }
    const reason = event.error?.errors?.[0]?.reason;
    // 429, 5xx, no answer for this part, or a 401 inside a batch (a single call refreshes the token).
    if (status === 0 || status === 401 || kindOf(status, reason) === 'unavailable') return { kind: 'alone' };
    return {
      kind: 'failed',
      error: plainError(new GoogleApiError(kindOf(status, reason), status, reason, `Google: ${event.error?.message ?? `HTTP ${status}`}`), op),
    };
  }

  /** A batch request, tried again (whole) while Google cannot serve it; then the job retries later. */
  async function batchOnce(g: GoogleCalendarGateway, calls: GoogleBatchCall[]): Promise<GoogleBatchResult[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await g.batch(calls);
      } catch (err) {
        if (!(err instanceof GoogleApiError && err.kind === 'unavailable') || attempt + 1 >= BATCH_ATTEMPTS) throw err;
        await backoff(attempt, ALONE_BASE_DELAY_MS);
      }
    }
  }

  /** A call Google could not serve in a batch, retried alone (the push job's own logic), with backoff; false if it still fails. */
  async function retryAlone(bookingId: string): Promise<boolean> {
    for (let attempt = 0; attempt < ALONE_ATTEMPTS; attempt++) {
      await backoff(attempt, ALONE_BASE_DELAY_MS);
      const b = await repo.booking(bookingId);
      if (!b) return true;
      try {
        if (await writer.pushOnce(b)) return true;
      } catch (err) {
        if (!(err instanceof CalendarUnavailable)) throw err;
      }
    }
    return false;
  }

  /** Queues the push job for bookings the backfill leaves to it (one per booking, serialised with its other pushes). */
  async function handToJobs(bookingIds: Iterable<string>, runKey: string): Promise<number> {
    let n = 0;
    for (const bookingId of new Set(bookingIds)) {
      await deps.jobs.send(
        calendarPushQueue,
        { tenantId: requireTenantId(), bookingId },
        { id: jobId('calendar-push', bookingId, 'backfill', runKey), singletonKey: bookingId },
      );
      n += 1;
    }
    return n;
  }

  /** The bookings to push: every page of the resource's 90 days, those Google does not have right. */
  async function collect(resourceId: string, target: Target, now: Date) {
    const items: Item[] = [];
    const delegated: string[] = [];
    const forgotten: PushBooking[] = [];
    const to = new Date(now.getTime() + daysMs(BACKFILL_DAYS));
    let after: { startsAt: Date; id: string } | null = null;
    for (;;) {
      const page = await repo.backfillPage(resourceId, now, to, after, PAGE);
      for (const b of page) {
        const plan = planOf(b, target);
        if (plan === 'delegate') delegated.push(b.id);
        else if (plan === 'forget') forgotten.push(b);
        else if (plan) items.push(plan);
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) break;
      after = { startsAt: last.startsAt, id: last.id };
    }
    return { items, delegated, forgotten };
  }

  return {
    /**
     * The `calendar.backfill` job for one connection. Idempotent: a second run finds little or
     * nothing stale. Throws CalendarUnavailable when Google could not take whole batches (the job
     * retries; what was saved is not sent again).
     */
    async backfill(connectionId: string, runKey: string): Promise<BackfillResult> {
      const result: BackfillResult = { candidates: 0, synced: 0, failed: 0, retriedAlone: 0, handedToJobs: 0, batches: 0 };
      const conn = await connections.connectionById(connectionId);
      const target = targetOf(conn);
      if (!conn || !target) return result;
      // Bookings being made on this resource right now commit first (see repo.waitForResourceWriters).
      await transaction(deps, (tx) => repo.waitForResourceWriters(tx, conn.resourceId));
      const now = deps.clock.now();
      const { items, delegated, forgotten } = await collect(conn.resourceId, target, now);
      result.candidates = items.length + delegated.length + forgotten.length;
      const read = new Map<string, number>([...items.map((i) => i.booking), ...forgotten].map((b) => [b.id, b.version]));
      // Staff see PENDING on what is on its way; every item has a row from here on (the writes below compare and set).
      await repo.ensureRows([...read.keys()]);
      await repo.markPendingMany(items.map((i) => i.booking.id));
      const expected = new Map(
        [...items.map((i) => i.booking), ...forgotten].map((b) => [
          b.id,
          { eventId: b.calendarEvent?.eventId ?? null, generation: b.calendarEvent?.generation ?? 0 },
        ]),
      );
      const toJobs = new Set(delegated);
      const alone: string[] = [];
      const save = async (writes: { bookingId: string; write: EventWrite }[]) => {
        if (!writes.length) return;
        const saved = await repo.saveMany(
          writes.map((w) => ({ ...w, expected: expected.get(w.bookingId)! })),
          deps.clock.now(),
        );
        for (const w of writes) {
          if (!saved.has(w.bookingId)) toJobs.add(w.bookingId);
          else if (w.write.state === 'SYNCED') result.synced += 1;
          else result.failed += 1;
        }
      };
      // Cancelled or expired, with an event no connection reaches any more: forgotten.
      await save(
        forgotten.map((b) => ({
          bookingId: b.id,
          write: placeWrite({ eventId: null, connectionId: null, calendarId: null, generation: placeOf(b).generation + 1 }, target, b.version),
        })),
      );

      const invite = await repo.inviteCustomers();
      const sendUpdates: SendUpdates = invite ? 'all' : 'none';
      const tenantId = requireTenantId();
      try {
        await connections.withCalendar(conn.id, async (g) => {
          let pending = items;
          for (let round = 0; round < MAX_ROUNDS && pending.length; round++) {
            const next: Item[] = [];
            for (let i = 0; i < pending.length; i += BATCH_SIZE) {
              const chunk = pending.slice(i, i + BATCH_SIZE);
              const calls = chunk.map((item) =>
                callOf(item, target, eventBody(item.booking, { tenantId, publicUrl: deps.config.PUBLIC_URL, inviteCustomer: invite }), sendUpdates),
              );
              const sent = performance.now();
              const results = await batchOnce(g, calls);
              result.batches += 1;
              const writes: { bookingId: string; write: EventWrite }[] = [];
              chunk.forEach((item, k) => {
                const outcome = outcomeOf(item, results[k]!, target);
                if (outcome.kind === 'saved') writes.push({ bookingId: item.booking.id, write: outcome.write });
                else if (outcome.kind === 'follow') next.push(outcome.item);
                else if (outcome.kind === 'alone') alone.push(item.booking.id);
                else writes.push({ bookingId: item.booking.id, write: { ...placeWrite(item.place, target, null), state: 'FAILED', error: outcome.error } });
              });
              await save(writes);
              // Google's quota is per user and minute (600 by default): a long backfill keeps below it instead of meeting 429s.
              const perMinute = deps.config.GOOGLE_CALLS_PER_MINUTE;
              const due = perMinute ? (calls.length * 60_000) / perMinute - (performance.now() - sent) : 0;
              if (due > 0 && (i + BATCH_SIZE < pending.length || next.length)) await sleep(due);
            }
            pending = next;
          }
          // Still bouncing after every round (should not happen): the job sorts it out one by one.
          for (const item of pending) toJobs.add(item.booking.id);
        });
      } catch (err) {
        if (err instanceof CalendarConnectionBroken) {
          // The grant is gone (the connection is BROKEN now): what was not pushed says so; connecting again repairs it.
          const failed = items.map((i) => i.booking.id).filter((id) => !alone.includes(id));
          await repo.failPendingMany(failed, err.message);
          result.failed += failed.length;
          return result;
        }
        throw err;
      }

      for (const bookingId of alone) {
        result.retriedAlone += 1;
        if (!(await retryAlone(bookingId))) toJobs.add(bookingId);
      }
      // Bookings changed while the backfill talked to Google: their push jobs (queued with the change) or ours finish them.
      const versions = await repo.versions([...read.keys()]);
      for (const [id, version] of read) if (versions.get(id) !== version) toJobs.add(id);
      result.handedToJobs = await handToJobs(toJobs, runKey);
      log().info({ connectionId, ...result }, 'calendar backfill done');
      if (!result.failed && !result.handedToJobs) await connections.recordSync(conn.id);
      return result;
    },
  };
}

/** A row write keeping the event where `place` says, in `target`. */
function placeWrite(place: Place, target: Target, syncedVersion: number | null): EventWrite {
  return {
    connectionId: place.eventId ? (place.connectionId ?? target.connectionId) : target.connectionId,
    calendarId: place.eventId ? place.calendarId : target.calendarId,
    eventId: place.eventId,
    generation: place.generation,
    state: 'SYNCED',
    error: null,
    htmlLink: null,
    etag: null,
    syncedVersion,
  };
}

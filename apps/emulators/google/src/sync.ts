import { badRequest, fullSyncRequired, invalid } from './errors';
import { EXPANSION_HORIZON_MS, expand, isSeries, render, spanOf } from './events';
import { randomToken, type Calendar, type Store, type StoredEvent } from './store';
import { isTimeZone, parseDateTime } from './time';

/**
 * `events.list`: full listings with Google's filters, paging with snapshots behind `pageToken`,
 * and incremental sync: `nextSyncToken` on the last page, changes (deleted ones included) since
 * a token, 410 `fullSyncRequired` after invalidation, 400 when a token is combined with filters
 * Google refuses with it.
 */

type Page = { calendarId: string; items: Record<string, unknown>[]; offset: number; seq: number; epoch: number; createdAt: number };
type SyncToken = { c: string; s: number; e: number; i: string };

const MAX_RESULTS = 2500;
const DEFAULT_RESULTS = 250;
const PAGE_TTL_MS = 3600_000;
const NOT_WITH_SYNC_TOKEN = ['timeMin', 'timeMax', 'orderBy', 'q', 'iCalUID', 'privateExtendedProperty', 'sharedExtendedProperty', 'updatedMin'];

export class Listings {
  private pages = new Map<string, Page>();
  /** Tokens from another run of the emulator (whose state is gone) are refused with 410. */
  private readonly instance = randomToken(6);

  reset(): void {
    this.pages.clear();
  }

  encodeSyncToken(cal: Calendar, seq: number, epoch: number): string {
    const t: SyncToken = { c: cal.id, s: seq, e: epoch, i: this.instance };
    return `CP${Buffer.from(JSON.stringify(t)).toString('base64url')}`;
  }

  private decodeSyncToken(token: string, cal: Calendar): SyncToken {
    let t: SyncToken;
    try {
      t = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8')) as SyncToken;
    } catch {
      throw invalid('Invalid sync token value.', 'syncToken');
    }
    if (!token.startsWith('CP') || typeof t?.s !== 'number' || typeof t.c !== 'string') throw invalid('Invalid sync token value.', 'syncToken');
    if (t.c !== cal.id || t.i !== this.instance || t.e !== cal.epoch || t.s > cal.seq) throw fullSyncRequired();
    return t;
  }

  list(store: Store, cal: Calendar, query: URLSearchParams, ctx: { now: number; publicUrl: string }): Record<string, unknown> {
    const bool = (name: string) => query.get(name) === 'true';
    const maxParam = query.get('maxResults');
    const maxResults = maxParam === null ? DEFAULT_RESULTS : Number(maxParam);
    if (!Number.isInteger(maxResults) || maxResults < 1) throw invalid('Invalid value for: maxResults', 'maxResults');
    const timeZone = query.get('timeZone') ?? cal.timeZone;
    if (!isTimeZone(timeZone)) throw invalid('Invalid time zone.', 'timeZone');
    const showDeleted = bool('showDeleted');
    const syncToken = query.get('syncToken');
    const pageToken = query.get('pageToken');

    let page: Page;
    if (pageToken) {
      const found = this.pages.get(pageToken);
      if (!found || found.calendarId !== cal.id) throw invalid('Invalid page token value.', 'pageToken');
      page = found;
    } else {
      if (syncToken !== null) {
        const clash = NOT_WITH_SYNC_TOKEN.find((p) => query.has(p));
        if (clash) throw badRequest(`The syncToken parameter cannot be combined with ${clash}.`, clash);
      }
      const token = syncToken !== null ? this.decodeSyncToken(syncToken, cal) : null;
      const records = token ? changedSince(store, cal, token.s, bool('singleEvents'), ctx.now) : fullListing(store, cal, query, ctx.now);
      const opts = { timeZone, publicUrl: ctx.publicUrl, minimalCancelled: token !== null && !showDeleted };
      page = {
        calendarId: cal.id,
        items: records.map((r) => render(r, cal, store, opts)),
        offset: 0,
        seq: cal.seq,
        epoch: cal.epoch,
        createdAt: ctx.now,
      };
    }
    const items = page.items.slice(page.offset, page.offset + Math.min(maxResults, MAX_RESULTS));
    const rest = page.offset + items.length;
    let next: { nextPageToken: string } | { nextSyncToken: string };
    if (rest < page.items.length) {
      const token = randomToken(18);
      this.prune(ctx.now);
      this.pages.set(token, { ...page, offset: rest });
      next = { nextPageToken: token };
    } else next = { nextSyncToken: this.encodeSyncToken(cal, page.seq, page.epoch) };
    const lastChange = store.eventsOf(cal.id).reduce((latest, e) => Math.max(latest, e.updated), cal.created);
    return {
      kind: 'calendar#events',
      etag: `"p${page.seq}${cal.epoch}"`,
      summary: cal.summary,
      ...(cal.description ? { description: cal.description } : {}),
      updated: new Date(lastChange).toISOString(),
      timeZone: cal.timeZone,
      accessRole: 'owner',
      defaultReminders: [],
      ...next,
      items,
    };
  }

  private prune(now: number): void {
    for (const [token, page] of this.pages) if (page.createdAt + PAGE_TTL_MS < now || this.pages.size > 5000) this.pages.delete(token);
  }
}

/** What changed after `seq`, oldest change first; with `singleEvents` a changed series is reported occurrence by occurrence. */
function changedSince(store: Store, cal: Calendar, seq: number, singleEvents: boolean, now: number): StoredEvent[] {
  const changed = store.eventsOf(cal.id).filter((e) => e.changeSeq > seq);
  changed.sort((a, b) => a.changeSeq - b.changeSeq);
  const out = new Map<string, StoredEvent>();
  for (const e of changed) {
    if (!singleEvents) {
      if (!e.vanished) out.set(e.id, e);
    } else if (isSeries(e)) {
      for (const occ of expand(store, e, cal, now + EXPANSION_HORIZON_MS)) out.set(occ.id, occ);
    } else out.set(e.id, e);
  }
  return [...out.values()];
}

function instant(query: URLSearchParams, name: string): number | null {
  const v = query.get(name);
  if (v === null) return null;
  const ms = parseDateTime(v);
  if (typeof ms !== 'number') throw badRequest(`Bad Request: ${name} must be an RFC 3339 timestamp with a time zone offset.`, name);
  return ms;
}

function fullListing(store: Store, cal: Calendar, query: URLSearchParams, now: number): StoredEvent[] {
  const singleEvents = query.get('singleEvents') === 'true';
  const showDeleted = query.get('showDeleted') === 'true';
  const orderBy = query.get('orderBy');
  if (orderBy !== null && orderBy !== 'startTime' && orderBy !== 'updated') throw invalid('Invalid value for: orderBy', 'orderBy');
  if (orderBy === 'startTime' && !singleEvents) throw badRequest('The requested ordering is not available for the particular query.', 'orderBy');
  const timeMin = instant(query, 'timeMin');
  const timeMax = instant(query, 'timeMax');
  const updatedMin = instant(query, 'updatedMin');
  const horizon = timeMax ?? now + EXPANSION_HORIZON_MS;
  const q = query.get('q')?.toLowerCase() ?? null;
  const props = (kind: 'private' | 'shared') => query.getAll(`${kind}ExtendedProperty`).map((p) => p.split('=', 2) as [string, string | undefined]);
  const privateProps = props('private');
  const sharedProps = props('shared');
  const iCalUID = query.get('iCalUID');

  const inWindow = (start: number, end: number) => (timeMin === null || end > timeMin) && (timeMax === null || start < timeMax);
  const candidates: { ev: StoredEvent; start: number }[] = [];
  for (const e of store.eventsOf(cal.id)) {
    if (e.vanished) continue;
    if (isSeries(e)) {
      const occs = expand(store, e, cal, horizon);
      if (singleEvents) {
        for (const o of occs) {
          const s = spanOf(o.fields, cal);
          if (inWindow(s.start, s.end)) candidates.push({ ev: o, start: s.start });
        }
      } else {
        const hit = occs.find((o) => o.status !== 'cancelled' && inWindow(spanOf(o.fields, cal).start, spanOf(o.fields, cal).end));
        if (hit || (timeMin === null && timeMax === null)) candidates.push({ ev: e, start: spanOf(e.fields, cal).start });
      }
      continue;
    }
    // Exceptions of a series come with the series' expansion when occurrences are asked for.
    if (singleEvents && e.recurringEventId) continue;
    const s = spanOf(e.fields, cal);
    if (inWindow(s.start, s.end)) candidates.push({ ev: e, start: s.start });
  }
  const text = (e: StoredEvent) => [e.fields.summary, e.fields.description, e.fields.location].filter(Boolean).join(' ').toLowerCase();
  const filtered = candidates.filter(({ ev }) => {
    if (ev.status === 'cancelled' && !showDeleted && (updatedMin === null || ev.updated < updatedMin)) return false;
    if (updatedMin !== null && ev.updated < updatedMin) return false;
    if (q !== null && !text(ev).includes(q)) return false;
    if (iCalUID !== null && ev.iCalUID !== iCalUID) return false;
    const ext = ev.fields.extendedProperties;
    if (privateProps.some(([k, v]) => ext?.private?.[k] !== v)) return false;
    if (sharedProps.some(([k, v]) => ext?.shared?.[k] !== v)) return false;
    return true;
  });
  if (orderBy === 'updated') filtered.sort((a, b) => a.ev.updated - b.ev.updated || a.ev.changeSeq - b.ev.changeSeq);
  else filtered.sort((a, b) => a.start - b.start || (a.ev.id < b.ev.id ? -1 : 1));
  return filtered.map((c) => c.ev);
}

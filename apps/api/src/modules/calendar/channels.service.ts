import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { GoogleApiError, type GoogleCalendarGateway } from '../../integrations/google';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { withTenant } from '../../platform/tenancy';
import { CalendarConnectionBroken } from './connection.errors';
import type { ConnectionRow } from './connection.repo';
import { createCalendarConnectionService } from './connection.service';
import { createChannelsRepo, type ChannelRow } from './channels.repo';
import { createSyncRepo } from './sync.repo';
import { calendarSyncQueue, syncKey } from './sync.queues';

/**
 * Google watch channels (`events.watch`), one per watched calendar of a connection, and the push
 * notifications they bring (POST /v1/webhooks/google). See docs/adr/012 "Channels".
 *
 * - A channel has our random id (a UUID) and a random 256-bit secret Google echoes in
 *   `X-Goog-Channel-Token`; we keep only its SHA-256 and compare in constant time.
 * - Google does not renew channels. The renewal job makes a new channel once the live one is
 *   within RENEW_BEFORE_MS of its expiry, and only then stops the old one: there is never a
 *   moment without a channel. A stopped or expired channel's notifications are still accepted
 *   for ENDED_GRACE_MS (Google may deliver late, and stopping is not instant at Google).
 * - Watched calendars: the busy calendars, and the one bookings go to (so that staff moving or
 *   deleting one of our events there is seen even when it does not count as busy).
 */

/** What we ask Google for (its default and, for Calendar, its usual maximum: 7 days). */
export const CHANNEL_TTL_SECONDS = 7 * 24 * 3600;
/** Renew a channel this long before it expires (the renewal job runs every 10 minutes, retries included). */
export const RENEW_BEFORE_MS = 24 * 3600_000;
/** Notifications of a stopped or expired channel are accepted this long after. */
export const ENDED_GRACE_MS = 3600_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** The calendars a connection watches: busy ones and where bookings go (null target: the primary, whose id is the account's address). */
export function watchedCalendars(conn: Pick<ConnectionRow, 'busyCalendarIds' | 'targetCalendarId' | 'accountEmail'>): string[] {
  return [...new Set([...conn.busyCalendarIds, conn.targetCalendarId ?? conn.accountEmail])];
}

/** The headers of a push notification (any may be missing or junk: the request is anyone's). */
export type PushHeaders = { channelId?: string; resourceId?: string; token?: string; state?: string };
export type PushOutcome = 'acknowledged' | 'queued' | 'ignored';

export function createChannelsService(deps: AppDeps) {
  const repo = createChannelsRepo(deps);
  const syncRepo = createSyncRepo(deps);
  const connections = createCalendarConnectionService(deps);
  const log = () => currentContext()?.logger ?? deps.logger;

  const enqueueSync = (tenantId: string, connectionId: string, calendarId: string) =>
    deps.jobs.send(calendarSyncQueue, { tenantId, connectionId, calendarId }, { singletonKey: syncKey(connectionId, calendarId) });

  async function open(gcal: GoogleCalendarGateway, connectionId: string, calendarId: string): Promise<ChannelRow> {
    const channelId = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const channel = await gcal.watch(calendarId, { id: channelId, address: deps.config.GOOGLE_PUSH_URL, token, ttlSeconds: CHANNEL_TTL_SECONDS });
    return repo.insert({
      connectionId,
      calendarId,
      channelId,
      googleResourceId: channel.resourceId,
      tokenHash: sha256(token).toString('hex'),
      expiresAt: channel.expiresAt,
    });
  }

  /** channels.stop at Google (one it no longer knows is stopped already), then marked stopped here. */
  async function stop(gcal: GoogleCalendarGateway, channel: ChannelRow): Promise<void> {
    try {
      await gcal.stopChannel({ id: channel.channelId, resourceId: channel.googleResourceId });
    } catch (err) {
      if (!(err instanceof GoogleApiError && err.kind === 'not_found')) throw err;
    }
    await repo.markStopped(channel.id, deps.clock.now());
  }

  /**
   * The handler of `calendar.channels-ensure` and of the renewal: every watched calendar gets
   * a channel valid for more than RENEW_BEFORE_MS (a new one first, then the old stopped),
   * channels of calendars no longer watched are stopped and their busy blocks dropped, and a
   * calendar that had no live channel is synced (in full the first time: it has no sync token),
   * since changes made while nobody listened would otherwise wait for the reconciliation.
   * `syncAll` (a connect, reconnect or new picks): every watched calendar is synced.
   * Run in the connection's tenant. A connection that is gone or BROKEN has nothing to do.
   */
  async function ensure(connectionId: string, opts: { syncAll?: boolean } = {}): Promise<{ opened: string[]; stopped: string[] }> {
    const conn = await connections.connectionById(connectionId);
    const result = { opened: [] as string[], stopped: [] as string[] };
    if (!conn || conn.status !== 'CONNECTED') return result;
    const watched = watchedCalendars(conn);
    const unstopped = await repo.unstopped(connectionId);
    const now = deps.clock.now().getTime();
    const toSync: string[] = [];
    try {
      await connections.withCalendar(connectionId, async (gcal) => {
        const retiring = unstopped.filter((c) => !watched.includes(c.calendarId));
        for (const calendarId of watched) {
          // Newest expiry first: keep the freshest, stop any other (a renewal's old channel, a raced duplicate).
          const mine = unstopped.filter((c) => c.calendarId === calendarId);
          const keep = mine.find((c) => c.expiresAt.getTime() - now > RENEW_BEFORE_MS);
          if (!keep) {
            try {
              const opened = await open(gcal, connectionId, calendarId);
              result.opened.push(opened.channelId);
            } catch (err) {
              // A calendar the account can no longer see: nothing to watch; the others go on.
              if (err instanceof GoogleApiError && err.kind === 'not_found') {
                log().warn({ connectionId, calendarId }, 'calendar to watch not found at Google');
                continue;
              }
              throw err;
            }
            if (!mine.some((c) => c.expiresAt.getTime() > now)) toSync.push(calendarId);
          }
          retiring.push(...mine.filter((c) => c !== keep));
        }
        for (const channel of retiring) {
          await stop(gcal, channel);
          result.stopped.push(channel.channelId);
        }
      });
    } catch (err) {
      if (err instanceof CalendarConnectionBroken) return result;
      throw err;
    }
    await syncRepo.forgetCalendars(connectionId, watched);
    for (const calendarId of opts.syncAll ? watched : toSync) await enqueueSync(conn.tenantId, connectionId, calendarId);
    return result;
  }

  return {
    ensure,

    /**
     * A push notification, checked before anything happens: an unknown channel is 404 (NOT_FOUND),
     * a wrong token or resource id 401 (UNAUTHENTICATED), a channel ended more than
     * ENDED_GRACE_MS ago 404; nothing is queued for any of them. `sync` (the channel's first
     * message) is acknowledged; `exists`/`not_exists` queue one sync of the calendar (debounced by
     * the queue: see sync.queues.ts).
     */
    async receive(h: PushHeaders): Promise<PushOutcome> {
      if (!h.channelId || h.channelId.length > 256) throw new AppError('NOT_FOUND', 'Unknown channel');
      const channel = await repo.unsafeFindByChannelId(h.channelId);
      if (!channel) throw new AppError('NOT_FOUND', 'Unknown channel');
      const expected = Buffer.from(channel.tokenHash, 'hex');
      const given = sha256(h.token ?? '');
      const tokenOk = h.token !== undefined && expected.length === given.length && timingSafeEqual(expected, given);
      if (!tokenOk || h.resourceId !== channel.googleResourceId) throw new AppError('UNAUTHENTICATED', 'The channel token or resource does not match');
      const now = deps.clock.now().getTime();
      const endedAt = Math.min(channel.stoppedAt?.getTime() ?? Infinity, channel.expiresAt.getTime());
      if (now > endedAt + ENDED_GRACE_MS) throw new AppError('NOT_FOUND', 'This channel has ended');
      if (h.state === 'sync') return 'acknowledged';
      if (h.state !== 'exists' && h.state !== 'not_exists') return 'ignored';
      await withTenant(channel.tenantId, () => enqueueSync(channel.tenantId, channel.connectionId, channel.calendarId));
      return 'queued';
    },

    /**
     * The renewal job's work, across tenants: every connection with a channel expiring within
     * RENEW_BEFORE_MS is ensured (in its tenant); ended channels past the grace are deleted. One
     * connection failing does not stop the others (the next run tries again); the count says.
     */
    async unsafeRenewDue(): Promise<{ renewed: number; failed: number }> {
      const now = deps.clock.now().getTime();
      const due = await repo.unsafeConnectionsExpiringBefore(new Date(now + RENEW_BEFORE_MS));
      const result = { renewed: 0, failed: 0 };
      for (const c of due) {
        try {
          await withTenant(c.tenantId, () => ensure(c.connectionId));
          result.renewed += 1;
        } catch (err) {
          result.failed += 1;
          log().warn({ err, connectionId: c.connectionId }, 'channel renewal failed; the next run tries again');
        }
      }
      await repo.unsafeDeleteEndedBefore(new Date(now - ENDED_GRACE_MS - 24 * 3600_000));
      return result;
    },

    /** Channels of a connection, newest first (tests, health). */
    unstopped: (connectionId: string) => repo.unstopped(connectionId),
  };
}
export type ChannelsService = ReturnType<typeof createChannelsService>;

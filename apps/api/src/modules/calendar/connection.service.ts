import { createHash, randomBytes } from 'node:crypto';
import type { TCalendarConnection } from '@slotwise/contracts';
import { createGoogleOAuth, GoogleApiError, type GoogleCalendarGateway, type GoogleOAuth, type GoogleTokens } from '../../integrations/google';
import { currentContext } from '../../platform/context';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { sendOnce } from '../notifications/notifications.service';
import { createTenantService } from '../tenant/tenant.service';
import { jobId } from '../../platform/jobs';
import { sendInTransaction, transaction } from '../../platform/transaction';
import type { TenantTx } from '../../platform/tenancy';
import { calendarBackfillQueue, calendarChannelsEnsureQueue, connectionBrokenEmailQueue } from './calendar.queues';
import { CalendarConnectionBroken, CalendarUnavailable } from './connection.errors';
import { renderConnectionBrokenEmail } from './connection.email';
import { createConnectionRepo, type ConnectionRow } from './connection.repo';
import { createTokenCipher, tokenKeysFromConfig } from './crypto';

/**
 * A resource's Google Calendar connection: connecting (OAuth with a single-use state bound to
 * the session), the calendars picked, health, disconnecting, and `withCalendar`, through which
 * every other part of the calendar module talks to Google for a connection.
 */

/** How long the consent page may take: the state expires after this. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** What `lastError` says when Google refuses the grant. */
export const BROKEN_GRANT_MESSAGE =
  'Google no longer accepts this connection: access was removed in the Google account, or it expired. Connect the calendar again to resume syncing.';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The session is stored as a hash of its hash, so this table cannot be used to find a session. */
export const oauthSessionHash = (sessionHash: string) => sha256(`calendar-oauth:${sessionHash}`);

type TCalendarListEntry = TCalendarConnection['calendars'][number];

export type ConnectionActor = { userId: string; role: 'OWNER' | 'ADMIN' | 'STAFF' | null; sessionHash: string };

export function createCalendarConnectionService(deps: AppDeps) {
  const repo = createConnectionRepo(deps);
  const cipher = createTokenCipher(tokenKeysFromConfig(deps.config));
  const google: GoogleOAuth | null = createGoogleOAuth(deps.config);
  /** Tokens are bound to the row they belong to (a ciphertext moved elsewhere does not decrypt). */
  const aad = (row: { tenantId: string; resourceId: string }) => `${row.tenantId}:${row.resourceId}`;

  const requireGoogle = (): GoogleOAuth => {
    if (!google) throw new AppError('CALENDAR_UNAVAILABLE', 'Google Calendar is not configured on this server');
    return google;
  };

  /** The resource, if the caller may manage its calendar: its own staff member, an OWNER or an ADMIN. */
  async function authorizedResource(resourceId: string, actor: Pick<ConnectionActor, 'userId' | 'role'>) {
    const resource = await repo.resource(resourceId);
    if (!resource) throw new AppError('NOT_FOUND', 'Resource not found');
    if (actor.role !== 'OWNER' && actor.role !== 'ADMIN' && resource.userId !== actor.userId) {
      throw new AppError('FORBIDDEN', "Only the resource's own staff member, an owner or an admin can manage its calendar");
    }
    return resource;
  }

  /** Persists refreshed tokens (and anything still under an old key) under the current key. */
  async function storeTokens(row: ConnectionRow, refreshToken: string, tokens: GoogleTokens) {
    const context = aad(row);
    await repo.updateTokens(row.id, {
      encryptedRefreshToken: cipher.encrypt(tokens.refreshToken ?? refreshToken, context),
      encryptedAccessToken: tokens.accessToken ? cipher.encrypt(tokens.accessToken, context) : null,
      accessTokenExpiresAt: tokens.expiresAt,
      tokenKeyId: cipher.currentKeyId,
      ...(tokens.scopes ? { scopes: tokens.scopes } : {}),
    });
  }

  /**
   * Marks a connection BROKEN once per breakage (a second caller finds it broken already): the
   * reason in plain words, an audit row, and one email each to the resource's staff member and the
   * owners. Bookings are not touched.
   */
  async function markBroken(connectionId: string, reason: string): Promise<boolean> {
    return transaction(deps, async (tx) => {
      const row = await repo.lock(tx, connectionId);
      if (!row || row.status === 'BROKEN') return false;
      const at = deps.clock.now();
      await repo.update(tx, row.id, { status: 'BROKEN', lastError: reason, lastErrorAt: at });
      await deps.audit.record(tx, {
        action: 'calendar.broken',
        resourceType: 'resource',
        resourceId: row.resourceId,
        before: { status: row.status },
        after: { status: 'BROKEN', lastError: reason },
        actor: { type: 'google' },
      });
      const breakage = String(at.getTime());
      await sendInTransaction(
        deps,
        tx,
        connectionBrokenEmailQueue,
        { tenantId: row.tenantId, connectionId: row.id, breakage },
        { id: jobId('calendar.connection-broken', row.id, breakage) },
      );
      return true;
    });
  }

  async function withCalendar<T>(connectionId: string, fn: (gcal: GoogleCalendarGateway) => Promise<T>): Promise<T> {
    const row = await repo.findById(connectionId);
    if (!row) throw new CalendarConnectionBroken(connectionId, 'The calendar is not connected');
    if (row.status === 'BROKEN') throw new CalendarConnectionBroken(connectionId, row.lastError ?? BROKEN_GRANT_MESSAGE);
    if (!google) throw new CalendarConnectionBroken(connectionId, 'Google Calendar is not configured on this server');
    const context = aad(row);
    const refreshToken = cipher.decrypt(row.encryptedRefreshToken, context);
    const accessToken = row.encryptedAccessToken ? cipher.decrypt(row.encryptedAccessToken, context) : null;
    const writes: Promise<unknown>[] = [];
    // Rotation: a row still under an old key is written again under the current one.
    if (cipher.needsReencryption(row.encryptedRefreshToken) || (row.encryptedAccessToken && cipher.needsReencryption(row.encryptedAccessToken))) {
      writes.push(storeTokens(row, refreshToken, { accessToken, expiresAt: row.accessTokenExpiresAt, refreshToken: null, scopes: null }));
    }
    const gateway = google.calendar({ refreshToken, accessToken, expiresAt: row.accessTokenExpiresAt, scopes: row.scopes }, (tokens) => {
      writes.push(storeTokens(row, refreshToken, tokens));
    });
    try {
      return await fn(gateway);
    } catch (err) {
      if (err instanceof GoogleApiError && err.kind === 'invalid_grant') {
        await markBroken(row.id, BROKEN_GRANT_MESSAGE);
        throw new CalendarConnectionBroken(row.id, BROKEN_GRANT_MESSAGE);
      }
      if (err instanceof GoogleApiError && err.kind === 'unavailable') throw new CalendarUnavailable(err.message, err.status);
      throw err;
    } finally {
      await Promise.allSettled(writes);
    }
  }

  const channelExpiry = async (connectionId: string) => (await repo.liveChannels(connectionId))[0]?.expiresAt ?? null;

  async function view(resourceId: string, row: ConnectionRow | null, calendars: TCalendarListEntry[] = []): Promise<TCalendarConnection> {
    if (!row) {
      return {
        resourceId,
        status: 'NOT_CONNECTED',
        accountEmail: null,
        targetCalendarId: null,
        busyCalendarIds: [],
        calendars: [],
        lastSyncedAt: null,
        lastError: null,
        lastErrorAt: null,
        channelExpiresAt: null,
        connectedAt: null,
      };
    }
    return {
      resourceId,
      status: row.status,
      accountEmail: row.accountEmail,
      targetCalendarId: row.targetCalendarId,
      busyCalendarIds: row.busyCalendarIds,
      calendars,
      lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
      channelExpiresAt: (await channelExpiry(row.id))?.toISOString() ?? null,
      connectedAt: row.createdAt.toISOString(),
    };
  }

  /** The person's calendars for the picker; empty (with the reason logged) when Google cannot answer now. */
  async function listCalendars(row: ConnectionRow): Promise<TCalendarListEntry[]> {
    if (row.status !== 'CONNECTED') return [];
    try {
      return await withCalendar(row.id, (gcal) => gcal.calendarList());
    } catch (err) {
      if (err instanceof CalendarConnectionBroken || err instanceof CalendarUnavailable || err instanceof GoogleApiError) {
        (currentContext()?.logger ?? deps.logger).warn({ err, connectionId: row.id }, 'calendar list unavailable');
        return [];
      }
      throw err;
    }
  }

  async function enqueueOnConnected(tx: TenantTx, row: ConnectionRow) {
    const ref = { tenantId: row.tenantId, connectionId: row.id };
    const stamp = String(deps.clock.now().getTime());
    await sendInTransaction(deps, tx, calendarBackfillQueue, ref, { id: jobId('calendar.backfill', row.id, stamp) });
    await sendInTransaction(deps, tx, calendarChannelsEnsureQueue, ref, { id: jobId('calendar.channels-ensure', row.id, stamp) });
  }

  return {
    withCalendar,
    markBroken,

    /** The resource's connection row, or null (no connection). For the other calendar services. */
    connectionForResource: (resourceId: string) => repo.findByResource(resourceId),
    connectionById: (connectionId: string) => repo.findById(connectionId),

    /** A successful sync (push or pull): the health view shows when. */
    async recordSync(connectionId: string, at = deps.clock.now()) {
      await transaction(deps, (tx) => repo.update(tx, connectionId, { lastSyncedAt: at }));
    },

    /** Starts the consent flow: the authorize URL with a fresh single-use state bound to this session. */
    async connect(resourceId: string, actor: ConnectionActor): Promise<{ url: string }> {
      await authorizedResource(resourceId, actor);
      const g = requireGoogle();
      const state = randomBytes(32).toString('base64url');
      await transaction(deps, (tx) =>
        repo.createState(tx, {
          stateHash: sha256(state),
          resourceId,
          userId: actor.userId,
          sessionHash: oauthSessionHash(actor.sessionHash),
          expiresAt: new Date(deps.clock.now().getTime() + OAUTH_STATE_TTL_MS),
        }),
      );
      return { url: g.authorizeUrl({ state }) };
    },

    /**
     * Google's redirect back: the state must be unused, unexpired and from this session. Approved:
     * tokens stored encrypted, the connection CONNECTED (a reconnect replaces the old tokens), and
     * the backfill and channel jobs queued. Answers where to send the browser.
     */
    async completeOAuth(p: {
      state: string | undefined;
      code: string | undefined;
      error: string | undefined;
      sessionHash: string | null;
    }): Promise<CallbackOutcome> {
      if (!p.state) return { outcome: 'invalid', message: 'The link from Google is incomplete. Start connecting again.' };
      const state = await repo.unsafeConsumeState(sha256(p.state), deps.clock.now());
      if (!state) return { outcome: 'invalid', message: 'This link from Google was used already or is unknown. Start connecting again.' };
      if (state.expiresAt.getTime() <= deps.clock.now().getTime())
        return { outcome: 'invalid', resourceId: state.resourceId, message: 'Connecting took too long. Start again.' };
      if (!p.sessionHash || oauthSessionHash(p.sessionHash) !== state.sessionHash)
        return { outcome: 'invalid', resourceId: state.resourceId, message: 'Connecting was started in another session. Start again from this browser.' };
      if (p.error) {
        const message =
          p.error === 'access_denied'
            ? 'Google Calendar was not connected: access was declined on the Google page.'
            : `Google Calendar was not connected: Google answered "${p.error}".`;
        return { outcome: 'denied', resourceId: state.resourceId, message };
      }
      if (!p.code) return { outcome: 'invalid', resourceId: state.resourceId, message: 'Google sent no authorization code. Start connecting again.' };
      const g = requireGoogle();
      const tenantId = state.tenantId;
      let auth;
      try {
        auth = await g.exchangeCode(p.code);
      } catch (err) {
        if (err instanceof GoogleApiError)
          return { outcome: 'failed', resourceId: state.resourceId, message: `Google Calendar was not connected: ${err.message}`, tenantId };
        throw err;
      }
      // The account: the primary calendar's id is its owner's address.
      const account = g.calendar(
        { refreshToken: auth.refreshToken, accessToken: auth.accessToken, expiresAt: auth.expiresAt, scopes: auth.scopes },
        () => undefined,
      );
      let calendars;
      try {
        calendars = await account.calendarList();
      } catch (err) {
        await g.revoke(auth.refreshToken).catch(() => undefined);
        if (err instanceof GoogleApiError)
          return { outcome: 'failed', resourceId: state.resourceId, message: `Google Calendar was not connected: ${err.message}`, tenantId };
        throw err;
      }
      const primary = calendars.find((c) => c.primary);
      return {
        outcome: 'connect',
        tenantId,
        resourceId: state.resourceId,
        userId: state.userId,
        auth,
        accountEmail: primary?.id ?? 'unknown',
        primaryId: primary?.id ?? null,
      };
    },

    /** Stores an approved grant (in the tenant's context): the second half of the callback. */
    async storeGrant(c: Extract<CallbackOutcome, { outcome: 'connect' }>): Promise<ConnectionRow> {
      const previous = await repo.findByResource(c.resourceId);
      const context = aad({ tenantId: c.tenantId, resourceId: c.resourceId });
      const sameAccount = previous?.accountEmail === c.accountEmail;
      const row = await transaction(deps, async (tx) => {
        const stored = await repo.upsert(tx, c.resourceId, {
          accountEmail: c.accountEmail,
          status: 'CONNECTED',
          encryptedRefreshToken: cipher.encrypt(c.auth.refreshToken, context),
          encryptedAccessToken: c.auth.accessToken ? cipher.encrypt(c.auth.accessToken, context) : null,
          accessTokenExpiresAt: c.auth.expiresAt,
          tokenKeyId: cipher.currentKeyId,
          scopes: c.auth.scopes,
          // A reconnect to the same account keeps the picks; another account starts from its primary calendar.
          targetCalendarId: sameAccount ? previous.targetCalendarId : null,
          busyCalendarIds: sameAccount && previous.busyCalendarIds.length ? previous.busyCalendarIds : c.primaryId ? [c.primaryId] : [],
          lastError: null,
          lastErrorAt: null,
          connectedByUserId: c.userId,
        });
        await deps.audit.record(tx, {
          action: 'calendar.connected',
          resourceType: 'resource',
          resourceId: c.resourceId,
          before: previous ? { status: previous.status, accountEmail: previous.accountEmail } : null,
          // Calendar ids are often email addresses: the trail keeps how many, not which.
          after: { status: 'CONNECTED', accountEmail: c.accountEmail, busyCalendars: stored.busyCalendarIds.length },
          actor: { type: 'user', id: c.userId },
        });
        await enqueueOnConnected(tx, stored);
        return stored;
      });
      // The old grant of another account is of no further use to us.
      if (previous && !sameAccount && google) {
        const old = cipher.decrypt(previous.encryptedRefreshToken, context);
        await google.revoke(old).catch((err: unknown) => deps.logger.warn({ err }, 'revoking the replaced Google grant failed'));
      }
      return row;
    },

    async get(resourceId: string, actor: Pick<ConnectionActor, 'userId' | 'role'>): Promise<TCalendarConnection> {
      await authorizedResource(resourceId, actor);
      const row = await repo.findByResource(resourceId);
      if (!row) return view(resourceId, null);
      const calendars = await listCalendars(row);
      // Asking Google may have found the grant gone (the row is BROKEN now) or refreshed tokens.
      return view(resourceId, calendars.length ? row : await repo.findByResource(resourceId), calendars);
    },

    async update(resourceId: string, patch: { targetCalendarId?: string; busyCalendarIds?: string[] }, actor: Pick<ConnectionActor, 'userId' | 'role'>) {
      await authorizedResource(resourceId, actor);
      const row = await repo.findByResource(resourceId);
      if (!row) throw new AppError('CONFLICT', 'Connect Google Calendar first');
      if (row.status !== 'CONNECTED') throw new AppError('CONFLICT', 'The connection is broken: connect Google Calendar again first');
      let calendars: TCalendarListEntry[];
      try {
        calendars = await withCalendar(row.id, (gcal) => gcal.calendarList());
      } catch (err) {
        if (err instanceof CalendarConnectionBroken) throw new AppError('CONFLICT', err.message);
        if (err instanceof CalendarUnavailable || err instanceof GoogleApiError)
          throw new AppError('CALENDAR_UNAVAILABLE', 'Google Calendar could not be reached; nothing was changed. Try again in a moment.');
        throw err;
      }
      const byId = new Map(calendars.map((c) => [c.id, c]));
      if (patch.targetCalendarId !== undefined) {
        const target = byId.get(patch.targetCalendarId);
        if (!target) throw new AppError('VALIDATION_FAILED', 'That calendar is not in the Google account', { field: 'targetCalendarId' });
        if (target.accessRole !== 'owner' && target.accessRole !== 'writer')
          throw new AppError('VALIDATION_FAILED', `Bookings can only go to a calendar you can edit; "${target.summary}" is read-only`, {
            field: 'targetCalendarId',
          });
      }
      const busy = patch.busyCalendarIds ? [...new Set(patch.busyCalendarIds)] : undefined;
      const unknown = busy?.find((id) => !byId.has(id));
      if (unknown) throw new AppError('VALIDATION_FAILED', 'That calendar is not in the Google account', { field: 'busyCalendarIds', calendarId: unknown });
      const updated = await transaction(deps, async (tx) => {
        const next = await repo.update(tx, row.id, {
          ...(patch.targetCalendarId !== undefined ? { targetCalendarId: patch.targetCalendarId } : {}),
          ...(busy ? { busyCalendarIds: busy } : {}),
        });
        await deps.audit.record(tx, {
          action: 'calendar.updated',
          resourceType: 'resource',
          resourceId,
          // Calendar ids are often email addresses: the trail says which kind and how many, not which.
          before: auditCalendars(row),
          after: auditCalendars(next),
        });
        // New busy calendars need channels (and old ones' channels stopping): the sync side sees to it.
        if (busy) await sendInTransaction(deps, tx, calendarChannelsEnsureQueue, { tenantId: row.tenantId, connectionId: row.id });
        return next;
      });
      return view(resourceId, updated, calendars);
    },

    /**
     * Stops the channels at Google, revokes the grant, deletes the connection (channels, cursors
     * and busy blocks go with it) and marks its bookings' events NOT_CONNECTED. Google being down
     * does not keep anyone connected: the row goes regardless, and what Google missed expires there.
     */
    async disconnect(resourceId: string, actor: Pick<ConnectionActor, 'userId' | 'role'>): Promise<TCalendarConnection> {
      await authorizedResource(resourceId, actor);
      const row = await repo.findByResource(resourceId);
      if (!row) return view(resourceId, null);
      const channels = await repo.liveChannels(row.id);
      if (google) {
        const context = aad(row);
        const refreshToken = cipher.decrypt(row.encryptedRefreshToken, context);
        const accessToken = row.encryptedAccessToken ? cipher.decrypt(row.encryptedAccessToken, context) : null;
        if (row.status === 'CONNECTED') {
          const gcal = google.calendar({ refreshToken, accessToken, expiresAt: row.accessTokenExpiresAt, scopes: row.scopes }, () => undefined);
          for (const ch of channels) {
            await gcal.stopChannel({ id: ch.channelId, resourceId: ch.googleResourceId }).catch((err: unknown) => {
              deps.logger.warn({ err, channelId: ch.channelId }, 'stopping a Google channel failed (it expires on its own)');
            });
          }
        }
        await google.revoke(refreshToken).catch((err: unknown) => {
          deps.logger.warn({ err, connectionId: row.id }, 'revoking the Google grant failed');
        });
      }
      await transaction(deps, async (tx) => {
        await repo.detachBookingEvents(tx, row.id);
        await repo.delete(tx, row.id);
        await deps.audit.record(tx, {
          action: 'calendar.disconnected',
          resourceType: 'resource',
          resourceId,
          before: { status: row.status, accountEmail: row.accountEmail },
          after: { status: 'NOT_CONNECTED' },
        });
      });
      return view(resourceId, null);
    },

    /**
     * The breakage email (`calendar.connection_broken`): one to the resource's staff member and
     * one to each owner, at most once each per breakage; nothing when it was reconnected since.
     */
    async emailBroken(connectionId: string, breakage: string): Promise<void> {
      const row = await repo.findById(connectionId);
      if (!row || row.status !== 'BROKEN' || String(row.lastErrorAt?.getTime()) !== breakage) return;
      const tenants = createTenantService(deps);
      const [tenant, members, resource] = await Promise.all([tenants.get(), tenants.listMembers(), repo.resource(row.resourceId)]);
      if (!resource) return;
      const recipients = members.filter((m) => m.role === 'OWNER' || (resource.userId !== null && m.user.id === resource.userId));
      const url = `${deps.config.PUBLIC_URL.replace(/\/+$/, '')}/services/resources/${resource.id}`;
      const email = renderConnectionBrokenEmail({
        businessName: tenant.name,
        resourceName: resource.name,
        accountEmail: row.accountEmail,
        reason: row.lastError ?? BROKEN_GRANT_MESSAGE,
        url,
      });
      for (const m of recipients) {
        await sendOnce(
          deps,
          { kind: 'calendar.connection_broken', dedupeKey: `calendar-broken:${row.id}:${breakage}:${m.user.id}`, bookingId: null },
          async () => ({
            to: [m.user.email],
            email,
          }),
        );
      }
    },

    /** Housekeeping: OAuth states past their expiry. */
    deleteExpiredStates: () => repo.unsafeDeleteStatesBefore(deps.clock.now()),
  };
}
/** A connection's picks for the audit trail, without calendar ids (often email addresses). */
function auditCalendars(row: Pick<ConnectionRow, 'targetCalendarId' | 'busyCalendarIds' | 'accountEmail'>) {
  return {
    target: row.targetCalendarId === null || row.targetCalendarId === row.accountEmail ? 'primary' : 'secondary',
    busyCalendars: row.busyCalendarIds.length,
    busyIncludesPrimary: row.busyCalendarIds.includes(row.accountEmail),
  };
}

export type CalendarConnectionService = ReturnType<typeof createCalendarConnectionService>;

export type CallbackOutcome =
  | { outcome: 'invalid'; message: string; resourceId?: string }
  | { outcome: 'denied'; message: string; resourceId: string }
  | { outcome: 'failed'; message: string; resourceId: string; tenantId: string }
  | {
      outcome: 'connect';
      tenantId: string;
      resourceId: string;
      userId: string;
      auth: { refreshToken: string; accessToken: string | null; expiresAt: Date | null; scopes: string[] };
      accountEmail: string;
      primaryId: string | null;
    };

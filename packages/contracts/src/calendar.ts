import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { ZDateTime, ZId, type TRouteMeta } from './common';

const c = initContract();
/** Any member; the service allows the resource's own staff member (Resource.userId) or an OWNER/ADMIN. */
const member = { auth: 'session' } satisfies TRouteMeta;
const idParams = z.object({ id: ZId });

/**
 * A resource's Google Calendar connection:
 * - NOT_CONNECTED: never connected, or disconnected;
 * - CONNECTED: tokens work; bookings are pushed to `targetCalendarId`, `busyCalendarIds` block slots;
 * - BROKEN: Google refused the grant (`invalid_grant`: revoked or expired) or a permanent error;
 *   bookings go on unaffected, nothing syncs until someone connects again (`lastError` says why).
 */
export const CALENDAR_CONNECTION_STATUSES = ['NOT_CONNECTED', 'CONNECTED', 'BROKEN'] as const;
export const ZCalendarConnectionStatus = z.enum(CALENDAR_CONNECTION_STATUSES);

export const ZCalendarListEntry = z.object({
  id: z.string(),
  summary: z.string(),
  primary: z.boolean(),
  /** Google's accessRole: bookings can only go to a calendar with writer or owner access. */
  accessRole: z.enum(['freeBusyReader', 'reader', 'writer', 'owner']),
  timeZone: z.string().nullable(),
});

export const ZCalendarConnection = z.object({
  resourceId: ZId,
  status: ZCalendarConnectionStatus,
  /** The Google account that granted access. */
  accountEmail: z.string().nullable(),
  /** The calendar that receives bookings (null: not chosen yet — the primary one is used). */
  targetCalendarId: z.string().nullable(),
  /** The calendars whose events block slots. */
  busyCalendarIds: z.array(z.string()),
  /** The person's calendars as Google lists them (empty when not CONNECTED or Google is unreachable). */
  calendars: z.array(ZCalendarListEntry),
  lastSyncedAt: ZDateTime.nullable(),
  /** The last error in plain words, and when. */
  lastError: z.string().nullable(),
  lastErrorAt: ZDateTime.nullable(),
  /** The earliest expiry among the live watch channels of the busy calendars. */
  channelExpiresAt: ZDateTime.nullable(),
  connectedAt: ZDateTime.nullable(),
});
export type TCalendarConnection = z.infer<typeof ZCalendarConnection>;

/**
 * A booking's state in the resource's Google Calendar:
 * - NOT_CONNECTED: the resource has no working connection (nothing to do);
 * - PENDING: a change is queued for Google;
 * - SYNCED: Google has the booking as it is now (`eventLink` opens it);
 * - FAILED: Google refused for good (`error`); a reconnect repairs it.
 * `attention`: staff moved or deleted our event in Google — the booking was NOT changed; someone should look.
 */
export const CALENDAR_SYNC_STATES = ['NOT_CONNECTED', 'PENDING', 'SYNCED', 'FAILED'] as const;
export const ZCalendarSync = z.object({
  state: z.enum(CALENDAR_SYNC_STATES),
  error: z.string().optional(),
  eventLink: z.string().optional(),
  attention: z.enum(['MOVED_IN_GOOGLE', 'DELETED_IN_GOOGLE']).optional(),
});
export type TCalendarSync = z.infer<typeof ZCalendarSync>;

export const calendarContract = c.router({
  connect: {
    method: 'POST',
    path: '/resources/:id/calendar/connect',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 200: z.object({ url: z.string().url() }) },
    metadata: member,
    summary: "Start Google's consent (offline access) for this resource: the authorize URL; `state` is single use and bound to this session",
  },
  get: {
    method: 'GET',
    path: '/resources/:id/calendar',
    pathParams: idParams,
    responses: { 200: ZCalendarConnection },
    metadata: member,
    summary: "The resource's Google Calendar connection and its health",
  },
  update: {
    method: 'PATCH',
    path: '/resources/:id/calendar',
    pathParams: idParams,
    body: z
      .object({
        targetCalendarId: z.string().min(1).max(1024),
        busyCalendarIds: z.array(z.string().min(1).max(1024)).max(20),
      })
      .partial()
      .strict(),
    responses: { 200: ZCalendarConnection },
    metadata: member,
    summary: 'Pick the calendar that receives bookings and the calendars that count as busy',
  },
  disconnect: {
    method: 'DELETE',
    path: '/resources/:id/calendar',
    pathParams: idParams,
    body: c.noBody(),
    responses: { 200: ZCalendarConnection },
    metadata: member,
    summary: 'Disconnect: stop the watch channels, revoke the token at Google and delete it',
  },
});

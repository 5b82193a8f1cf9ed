/**
 * Our types for the part of Google Calendar v3 we use (the domain never sees googleapis' types).
 * Field names follow Google's so a reader can check them against the API reference.
 */

export type GoogleEventDateTime = {
  /** All-day events: `YYYY-MM-DD`. */
  date?: string | null;
  /** Timed events: RFC 3339 with an offset. */
  dateTime?: string | null;
  timeZone?: string | null;
};

export type GoogleEventAttendee = {
  email: string;
  displayName?: string | null;
  responseStatus?: string | null;
  self?: boolean | null;
  organizer?: boolean | null;
};

export type GoogleEvent = {
  id?: string | null;
  /** confirmed · tentative · cancelled (a deleted event, or an occurrence removed from a series). */
  status?: string | null;
  etag?: string | null;
  htmlLink?: string | null;
  summary?: string | null;
  description?: string | null;
  location?: string | null;
  start?: GoogleEventDateTime | null;
  end?: GoogleEventDateTime | null;
  /** `transparent`: the event does not block time ("free"). */
  transparency?: string | null;
  attendees?: GoogleEventAttendee[] | null;
  recurrence?: string[] | null;
  recurringEventId?: string | null;
  originalStartTime?: GoogleEventDateTime | null;
  extendedProperties?: { private?: Record<string, string> | null; shared?: Record<string, string> | null } | null;
  updated?: string | null;
  created?: string | null;
};

export type SendUpdates = 'all' | 'externalOnly' | 'none';

export type GoogleEventsListParams = {
  syncToken?: string;
  pageToken?: string;
  timeMin?: string;
  timeMax?: string;
  singleEvents?: boolean;
  showDeleted?: boolean;
  maxResults?: number;
  timeZone?: string;
  privateExtendedProperty?: string[];
};

export type GoogleEventsPage = {
  items: GoogleEvent[];
  nextPageToken: string | null;
  /** Only on the last page. */
  nextSyncToken: string | null;
  /** The calendar's zone (all-day events are whole days there). */
  timeZone: string | null;
};

export type GoogleCalendarListEntry = {
  id: string;
  summary: string;
  primary: boolean;
  accessRole: 'freeBusyReader' | 'reader' | 'writer' | 'owner';
  timeZone: string | null;
};

export type GoogleWatchRequest = {
  /** Our random channel id (Google: up to 64 characters, [A-Za-z0-9\-_+/=]). */
  id: string;
  /** The https address notifications go to. */
  address: string;
  /** The per-channel secret echoed in `X-Goog-Channel-Token`. */
  token: string;
  /** Lifetime asked for (Google may grant less); default Google's (7 days). */
  ttlSeconds?: number;
};

export type GoogleChannel = { id: string; resourceId: string; expiresAt: Date };

export type GoogleFreeBusy = Record<string, { busy: { start: string; end: string }[]; errors: string[] }>;

/** One call of a batch: a path under the Calendar API root (`/calendar/v3/…`), optional JSON body. */
export type GoogleBatchCall = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
};

/** A batch item's own answer, in the order of the calls. */
export type GoogleBatchResult = { status: number; body: unknown };

/** The authenticated client's raw request (what the batch helper sends its multipart body with). */
export type GoogleRawRequest = (opts: {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

/** What the gateway hands out after a refresh: store these (encrypted) for the next call. */
export type GoogleTokens = { accessToken: string | null; expiresAt: Date | null; refreshToken: string | null; scopes: string[] | null };

/**
 * Google Calendar for one connected account. Every call may throw GoogleApiError (errors.ts);
 * the connection service turns `invalid_grant` and 429/5xx into its own errors.
 */
export type GoogleCalendarGateway = {
  events: {
    insert(calendarId: string, event: GoogleEvent, opts?: { sendUpdates?: SendUpdates }): Promise<GoogleEvent>;
    patch(calendarId: string, eventId: string, patch: GoogleEvent, opts?: { sendUpdates?: SendUpdates }): Promise<GoogleEvent>;
    /** Deleted events come back with status `cancelled`, as Google answers; an unknown id → GoogleApiError 404. */
    get(calendarId: string, eventId: string): Promise<GoogleEvent>;
    /** 404 (never existed) and 410 (deleted already) → GoogleApiError; callers that only want it gone treat both as done. */
    delete(calendarId: string, eventId: string, opts?: { sendUpdates?: SendUpdates }): Promise<void>;
    /** One page; a stale `syncToken` → GoogleApiError 410 (clear it and list in full). */
    list(calendarId: string, params: GoogleEventsListParams): Promise<GoogleEventsPage>;
  };
  watch(calendarId: string, request: GoogleWatchRequest): Promise<GoogleChannel>;
  /** `channels.stop`; an unknown or already stopped channel → GoogleApiError 404. */
  stopChannel(channel: { id: string; resourceId: string }): Promise<void>;
  freeBusy(query: { timeMin: string; timeMax: string; timeZone?: string; calendarIds: string[] }): Promise<GoogleFreeBusy>;
  calendarList(): Promise<GoogleCalendarListEntry[]>;
  /** Google's batch endpoint: one HTTP request for many calls, a result per call (batch.ts). */
  batch(calls: GoogleBatchCall[]): Promise<GoogleBatchResult[]>;
  /** The authenticated client's request, for what the typed calls do not cover. */
  request: GoogleRawRequest;
};

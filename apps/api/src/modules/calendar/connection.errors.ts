/**
 * What `withCalendar` throws besides GoogleApiError (integrations/google), for the calendar jobs:
 * - CalendarConnectionBroken: permanent until someone connects again (the grant was revoked or
 *   expired, or the connection is gone or already BROKEN) — do not retry; mark the work FAILED.
 * - CalendarUnavailable: Google answered 429/5xx or could not be reached — retry later with
 *   backoff and jitter (let the job throw).
 */
export class CalendarConnectionBroken extends Error {
  constructor(
    readonly connectionId: string,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarConnectionBroken';
  }
}

export class CalendarUnavailable extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CalendarUnavailable';
  }
}

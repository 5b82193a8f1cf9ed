import type { TestApp } from './app';
import { as, type Staff } from './factories';

/**
 * Connects a resource's Google Calendar as a person does in a browser: our connect route gives the
 * authorize URL, the emulator's Approve (the `/_emulator/oauth/approve` control) redirects with a
 * code, and the browser brings it to our callback with its session cookie. Needs
 * `createTestApp({ google: true })`. Returns the stored connection and the Google account.
 */
export async function connectCalendar(t: TestApp, staff: Staff, resourceId: string, opts: { email?: string } = {}) {
  const google = t.google;
  if (!google) throw new Error('connectCalendar needs createTestApp({ google: true })');
  const started = await as(t, staff).post(`/v1/resources/${resourceId}/calendar/connect`);
  if (started.status !== 200) throw new Error(`connect failed: ${started.status} ${JSON.stringify(started.body)}`);
  const approved = google.controls.approve({ url: started.body.url as string, email: opts.email });
  const back = await followCallback(t, staff, approved.redirectUrl);
  const location = back.headers.location ?? '';
  if (back.status !== 303 || !location.includes('calendar=connected')) throw new Error(`callback failed: ${back.status} ${location}`);
  const connection = await t.prisma.calendarConnection.findUniqueOrThrow({ where: { resourceId } });
  return { connection, email: approved.email, /** The account's primary calendar. */ calendarId: approved.email };
}

/** The browser following Google's redirect to our callback, with `staff`'s session cookie (or none). */
export function followCallback(t: TestApp, staff: Staff | null, redirectUrl: string) {
  const url = new URL(redirectUrl);
  const req = t.http.get(`${url.pathname}${url.search}`);
  return staff ? req.set('Cookie', staff.cookie) : req;
}

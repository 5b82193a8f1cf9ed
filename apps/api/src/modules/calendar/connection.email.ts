/** The email when a resource's Google Calendar connection broke: what happened, what still works, what to do. */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderConnectionBrokenEmail(p: { businessName: string; resourceName: string; accountEmail: string; reason: string; url: string }) {
  const subject = `${p.businessName}: Google Calendar sync stopped for ${p.resourceName}`;
  const lines = [
    `Google Calendar sync for ${p.resourceName} (${p.accountEmail}) has stopped. ${p.reason}`,
    'Bookings are not affected: customers can still book, and nothing was cancelled. Until the calendar is connected again, new bookings do not appear in Google Calendar and events added there do not block times in Slotwise.',
  ];
  const text = `${lines.join('\n\n')}\n\nConnect it again: ${p.url}\n`;
  const html = `<!doctype html><html><body>${lines.map((l) => `<p>${escape(l)}</p>`).join('')}<p><a href="${escape(p.url)}">Connect Google Calendar again</a></p></body></html>`;
  return { subject, text, html, attachments: [] };
}

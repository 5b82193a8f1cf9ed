import type { AuthRequest } from './oauth';

/** The HTML a person sees: Google's consent page (Approve / Deny) and an event's `htmlLink`. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#202124}
h1{font-size:1.4rem;font-weight:500} .note{color:#5f6368;font-size:.9rem}
label{display:block;margin:1rem 0 .25rem} input{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
.actions{display:flex;gap:.75rem;margin-top:1.5rem} button{padding:.55rem 1.2rem;font-size:1rem;border-radius:4px;border:1px solid #dadce0;background:#fff;cursor:pointer}
button.primary{background:#1a73e8;color:#fff;border-color:#1a73e8} li{margin:.2rem 0}
</style></head><body>
<p class="note">Google emulator — no real Google account is involved.</p>
${body}
</body></html>`;
}

export function consentPage(req: AuthRequest, defaultEmail: string): string {
  const scopes = req.scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join('');
  return page(
    'Sign in – Google Accounts',
    `<h1>Sign in with Google</h1>
<p><strong>${esc(req.clientId)}</strong> wants to access your Google Account.</p>
<p>It asks for:</p><ul>${scopes}</ul>
${req.accessType === 'offline' ? '<p class="note">It will keep access while you are away (offline access).</p>' : ''}
<form method="post" action="/o/oauth2/v2/auth/decision">
<input type="hidden" name="request" value="${esc(req.id)}">
<label for="email">Google Account</label>
<input id="email" name="email" type="email" autocomplete="email" value="${esc(req.loginHint ?? defaultEmail)}">
<div class="actions">
<button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Error 400: invalid_request', `<h1>Access blocked: authorization error</h1><p role="alert">Error 400: invalid_request</p><p>${esc(message)}</p>`);
}

export function eventPage(event: Record<string, unknown> | null, calendarId: string): string {
  if (!event) return page('Event not found', '<h1>Could not find the requested event.</h1>');
  const when = (t: unknown) => {
    const v = t as { date?: string; dateTime?: string } | undefined;
    return esc(v?.dateTime ?? v?.date ?? '');
  };
  const title = typeof event.summary === 'string' ? event.summary : '(No title)';
  return page(
    title,
    `<h1>${esc(title)}</h1>
<p>${when(event.start)} – ${when(event.end)}</p>
${event.status === 'cancelled' ? '<p role="status">This event has been deleted.</p>' : ''}
${typeof event.description === 'string' ? `<p>${esc(event.description)}</p>` : ''}
<p class="note">Calendar: ${esc(calendarId)}</p>`,
  );
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { executeCall } from './api';
import { runBatch } from './batch';
import { runControl, type Controls } from './controls';
import { ControlError, GoogleApiError, OAuthError, faultError } from './errors';
import { findEvent, render } from './events';
import { DEFAULT_EMAIL } from './oauth';
import { consentPage, errorPage, eventPage } from './pages';
import type { Core } from './router';

/**
 * The HTTP front: `/calendar/v3/…` and `/batch/calendar/v3` are the API, `/o/oauth2/v2/auth`,
 * `/token`, `/revoke`, `/tokeninfo` and the userinfo paths are OAuth, `/calendar/event` is an
 * event's `htmlLink`, `/_emulator/…` are the JSON test controls.
 */

const MAX_BODY = 16 * 1024 * 1024;

type Reply = { status: number; body?: unknown; text?: string; headers?: Record<string, string>; batchParts?: number };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new GoogleApiError(413, 'uploadTooLarge', 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204) {
    res.writeHead(204, reply.headers ?? {}).end();
    return;
  }
  const isText = reply.text !== undefined;
  const text = isText ? reply.text! : JSON.stringify(reply.body, null, 2);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(text);
}

const headerOf = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Form or JSON body parameters merged over the query string (the OAuth endpoints accept either). */
function formParams(req: IncomingMessage, body: string, url: URL): URLSearchParams {
  const params = new URLSearchParams(url.search);
  const type = headerOf(req, 'content-type') ?? '';
  if (type.includes('application/json') && body.trim()) {
    for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, unknown>)) params.set(k, String(v));
  } else for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

function basicClientId(req: IncomingMessage): string | null {
  const m = /^Basic\s+(\S+)$/i.exec(headerOf(req, 'authorization') ?? '');
  return m ? (Buffer.from(m[1]!, 'base64').toString('utf8').split(':')[0] ?? null) : null;
}

const redirect = (location: string): Reply => ({ status: 302, text: '', headers: { location } });

async function handleOAuth(core: Core, req: IncomingMessage, url: URL, body: string): Promise<Reply | null> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (method === 'GET' && (path === '/o/oauth2/v2/auth' || path === '/o/oauth2/auth')) {
    const request = core.oauth.authorizeRequest(url.searchParams);
    if (typeof request === 'string') return { status: 400, text: errorPage(request) };
    return { status: 200, text: consentPage(request, DEFAULT_EMAIL) };
  }
  if (method === 'POST' && path === '/o/oauth2/v2/auth/decision') {
    const form = new URLSearchParams(body);
    const request = core.oauth.request(form.get('request') ?? '');
    if (!request || request.decided)
      return { status: 400, text: errorPage('This sign-in request has expired or was already answered. Start again from the app.') };
    if (form.get('decision') === 'deny') return redirect(core.oauth.deny(request).redirectUrl);
    return redirect(core.oauth.approve(request, form.get('email') ?? undefined).redirectUrl);
  }
  if (method === 'POST' && (path === '/token' || path === '/o/oauth2/token')) {
    return { status: 200, body: core.oauth.token(formParams(req, body, url), basicClientId(req)) };
  }
  if ((method === 'POST' || method === 'GET') && (path === '/revoke' || path === '/o/oauth2/revoke')) {
    core.oauth.revoke(formParams(req, body, url).get('token') ?? '');
    return { status: 200, body: {} };
  }
  if ((method === 'POST' || method === 'GET') && ['/tokeninfo', '/oauth2/v3/tokeninfo', '/oauth2/v2/tokeninfo'].includes(path)) {
    const params = formParams(req, body, url);
    const bearer = /^Bearer\s+(\S+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
    const info = core.oauth.tokenInfo(params.get('access_token') ?? bearer ?? '');
    if (!info) throw new OAuthError(400, 'invalid_token', 'Invalid Value');
    return { status: 200, body: info };
  }
  if (method === 'GET' && ['/oauth2/v3/userinfo', '/oauth2/v2/userinfo', '/v1/userinfo', '/userinfo/v2/me'].includes(path)) {
    return { status: 200, body: core.oauth.userInfo(headerOf(req, 'authorization')) };
  }
  return null;
}

function eventLink(core: Core, url: URL): Reply {
  const [eventId, calendarId] = Buffer.from(url.searchParams.get('eid') ?? '', 'base64url')
    .toString('utf8')
    .split(' ');
  const cal = calendarId ? core.store.calendar(calendarId) : undefined;
  const ev = cal && eventId ? findEvent(core.store, cal, eventId) : undefined;
  const rendered = cal && ev ? render(ev, cal, core.store, { timeZone: cal.timeZone, publicUrl: core.publicUrl(), minimalCancelled: false }) : null;
  return { status: rendered ? 200 : 404, text: eventPage(rendered, calendarId ?? '') };
}

function errorReply(err: unknown): Reply {
  if (err instanceof GoogleApiError) return { status: err.status, body: err.body(), headers: err.headers };
  if (err instanceof OAuthError) return { status: err.status, body: err.body() };
  if (err instanceof ControlError) return { status: err.status, body: { error: { message: err.message } } };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: new GoogleApiError(500, 'backendError', `The emulator failed: ${message}`).body() };
}

export function createRequestHandler(core: Core, controls: Controls) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const method = req.method ?? 'GET';
    const isControl = url.pathname.startsWith('/_emulator/');
    const run = async (): Promise<Reply> => {
      const body = await readBody(req);
      if (isControl) {
        let json: Record<string, unknown> = {};
        try {
          if (body.trim()) json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          throw new ControlError('The body of a control must be JSON.');
        }
        const out = await runControl(controls, method, url.pathname, json, url.searchParams);
        if (!out.found) throw new ControlError(`No control ${method} ${url.pathname}.`, 404);
        return { status: 200, body: out.result ?? { ok: true } };
      }
      if (url.pathname.startsWith('/calendar/v3/')) {
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        return executeCall(core, { method, pathname: url.pathname, query: url.searchParams, headers, body }, false);
      }
      // Faults with an explicit path reach the batch envelope and the OAuth endpoints too.
      const fault = core.faults.take(method, url.pathname, false);
      if (fault) throw faultError(fault.status);
      if (url.pathname === '/batch/calendar/v3' || url.pathname === '/batch') {
        if (method !== 'POST') throw new GoogleApiError(405, 'methodNotAllowed', 'A batch request must be a POST.');
        const out = runBatch(core, headerOf(req, 'content-type'), { authorization: headerOf(req, 'authorization') }, body);
        return { status: 200, text: out.body, headers: { 'content-type': out.contentType }, batchParts: out.parts };
      }
      const oauth = await handleOAuth(core, req, url, body);
      if (oauth) return oauth;
      if (method === 'GET' && url.pathname === '/calendar/event') return eventLink(core, url);
      if (method === 'GET' && url.pathname === '/')
        return { status: 200, body: { name: 'Google emulator', apis: ['oauth2', 'calendar/v3', 'batch/calendar/v3'] } };
      throw new GoogleApiError(404, 'notFound', `Not Found: ${method} ${url.pathname}`);
    };
    run()
      .catch(errorReply)
      .then((reply) => {
        // API calls log themselves (each batch part too); everything else but the controls is logged here.
        if (!isControl && !url.pathname.startsWith('/calendar/v3/')) {
          const items = reply.batchParts !== undefined ? { items: reply.batchParts } : {};
          core.requests.record({ method, path: url.pathname, status: reply.status, at: new Date(core.now()).toISOString(), inBatch: false, ...items });
        }
        send(res, reply);
      })
      .catch(() => res.destroy());
  };
}

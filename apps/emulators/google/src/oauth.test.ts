import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GoogleEmulator } from './index';
import { CALENDAR_SCOPES, CLIENT_ID, REDIRECT_URI, calendarApi, connect, failure, oauthClient, startEmulator } from './testing/harness';

let emulator: GoogleEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.controls.reset());

describe('OAuth 2.0 through google-auth-library', () => {
  it('shows a consent page; Approve redirects with code and state, the code buys tokens that reach the calendar', async () => {
    const client = oauthClient(emulator);
    const url = client.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: CALENDAR_SCOPES, state: 'xyz-1', login_hint: 'ana@salon.test' });
    expect(url.startsWith(`${emulator.url}/o/oauth2/v2/auth?`)).toBe(true);

    const page = await fetch(url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('>Approve</button>');
    expect(html).toContain('>Deny</button>');
    expect(html).toContain('value="ana@salon.test"');
    const requestId = /name="request" value="([^"]+)"/.exec(html)![1]!;

    const decision = await fetch(`${emulator.url}/o/oauth2/v2/auth/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, email: 'ana@salon.test', decision: 'approve' }),
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    const back = new URL(decision.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('xyz-1');

    const { tokens } = await client.getToken(back.searchParams.get('code')!);
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: CALENDAR_SCOPES.join(' ') });
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3500_000);

    client.setCredentials(tokens);
    const list = await calendarApi(emulator, client).calendarList.list();
    expect(list.data.items).toEqual([expect.objectContaining({ id: 'ana@salon.test', primary: true, accessRole: 'owner' })]);

    // The code is single use.
    expect((await failure(client.getToken(back.searchParams.get('code')!))).data).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('Deny redirects with error=access_denied; the approve control takes the state of an opened page or the URL itself', async () => {
    const client = oauthClient(emulator);
    const url = client.generateAuthUrl({ access_type: 'offline', scope: CALENDAR_SCOPES, state: 's-deny' });
    await fetch(url);
    const denied = new URL(emulator.controls.deny({ state: 's-deny' }).redirectUrl);
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 's-deny' });

    const second = client.generateAuthUrl({ access_type: 'offline', scope: CALENDAR_SCOPES, state: 's-open' });
    await fetch(second);
    const viaHttp = await fetch(`${emulator.url}/_emulator/oauth/approve`, { method: 'POST', body: JSON.stringify({ state: 's-open' }) });
    const approved = (await viaHttp.json()) as { redirectUrl: string; email: string };
    expect(approved.email).toBe('stylist@example.test');
    expect(new URL(approved.redirectUrl).searchParams.get('state')).toBe('s-open');

    // Not opened and no URL: the emulator cannot know the client or the redirect.
    const unknown = await fetch(`${emulator.url}/_emulator/oauth/approve`, { method: 'POST', body: JSON.stringify({ state: 'never-opened' }) });
    expect(unknown.status).toBe(404);
    const viaUrl = emulator.controls.approve({ url: client.generateAuthUrl({ scope: CALENDAR_SCOPES, state: 's-url' }), email: 'bo@salon.test' });
    expect(viaUrl).toMatchObject({ email: 'bo@salon.test', state: 's-url' });
  });

  it('gives a refresh token on first consent and with prompt=consent, not on a repeated consent without it', async () => {
    const client = oauthClient(emulator);
    const grant = async (prompt?: string) => {
      const url = client.generateAuthUrl({ access_type: 'offline', scope: CALENDAR_SCOPES, ...(prompt ? { prompt } : {}) });
      const code = new URL(emulator.controls.approve({ url, email: 'cy@salon.test' }).redirectUrl).searchParams.get('code')!;
      return (await client.getToken(code)).tokens;
    };
    expect((await grant()).refresh_token).toBeTruthy();
    expect((await grant()).refresh_token).toBeUndefined();
    expect((await grant('consent')).refresh_token).toBeTruthy();
  });

  it('refreshes an expired access token by itself (401 → refresh → retry, with forceRefreshOnFailure) and reports the new token', async () => {
    const { client, calendar } = await connect(emulator, { email: 'dee@salon.test', forceRefreshOnFailure: true });
    const first = client.credentials.access_token;
    const seen: string[] = [];
    client.on('tokens', (t) => seen.push(t.access_token ?? ''));

    emulator.controls.expireAccessTokens('dee@salon.test');
    const raw = await fetch(`${emulator.url}/calendar/v3/users/me/calendarList`, { headers: { authorization: `Bearer ${first}` } });
    expect(raw.status).toBe(401);
    expect(((await raw.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('authError');

    const list = await calendar.calendarList.list();
    expect(list.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(client.credentials.access_token).toBe(seen[0]);
    expect(seen[0]).not.toBe(first);
    expect(emulator.controls.requests().byPath['POST /token']).toBe(2); // the code exchange and the refresh
  });

  it('answers invalid_grant for a refresh token once the person revokes access, and 401 for its access tokens', async () => {
    const { client, calendar } = await connect(emulator, { email: 'eve@salon.test', forceRefreshOnFailure: false });
    expect(emulator.controls.revokeGrants('eve@salon.test')).toEqual({ revoked: 1 });

    const refused = await failure(client.refreshAccessToken());
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    expect(await failure(calendar.calendarList.list())).toMatchObject({ status: 401, reason: 'authError' });
    // A client that refreshes after a 401 meets invalid_grant there.
    client.forceRefreshOnFailure = true;
    expect((await failure(calendar.calendarList.list())).data).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes through the revoke endpoint (the whole grant) and tells the token info', async () => {
    const { client } = await connect(emulator, { email: 'fay@salon.test', scopes: [...CALENDAR_SCOPES, 'email'] });
    const info = await client.getTokenInfo(client.credentials.access_token!);
    expect(info).toMatchObject({ email: 'fay@salon.test', aud: CLIENT_ID, scopes: [...CALENDAR_SCOPES, 'email'] });
    const userinfo = await client.request<{ email: string }>({ url: `${emulator.url}/oauth2/v3/userinfo` });
    expect(userinfo.data.email).toBe('fay@salon.test');

    await client.revokeToken(client.credentials.refresh_token!);
    expect(emulator.controls.grants('fay@salon.test')).toEqual([expect.objectContaining({ revoked: true, clientId: CLIENT_ID })]);
    expect((await failure(client.refreshAccessToken())).data.error).toBe('invalid_grant');
    expect((await failure(client.revokeToken(client.credentials.refresh_token!))).data.error).toBe('invalid_token');
  });

  it('refuses Calendar calls without a token (401) and with a token lacking the scope (403)', async () => {
    const bare = await fetch(`${emulator.url}/calendar/v3/calendars/primary/events`);
    expect(bare.status).toBe(401);
    const { calendar } = await connect(emulator, { scopes: ['https://www.googleapis.com/auth/calendar.calendarlist.readonly'] });
    expect((await calendar.calendarList.list()).status).toBe(200);
    const denied = await failure(
      calendar.events.insert({ calendarId: 'primary', requestBody: { start: { date: '2026-12-01' }, end: { date: '2026-12-02' } } }),
    );
    expect(denied).toMatchObject({ status: 403, reason: 'insufficientPermissions' });
  });

  it('checks the redirect URI and the client of a code', async () => {
    const client = oauthClient(emulator);
    const url = client.generateAuthUrl({ scope: CALENDAR_SCOPES });
    const code = new URL(emulator.controls.approve({ url }).redirectUrl).searchParams.get('code')!;
    expect((await failure(client.getToken({ code, redirect_uri: 'http://127.0.0.1:9/elsewhere' }))).data.error).toBe('redirect_uri_mismatch');
    const page = await fetch(`${emulator.url}/o/oauth2/v2/auth?response_type=code&scope=x`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Missing required parameter: client_id');
  });
});

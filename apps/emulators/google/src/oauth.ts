import { createHash } from 'node:crypto';
import { ControlError, OAuthError, unauthorized } from './errors';
import { randomToken, type Store } from './store';

/**
 * Google's OAuth 2.0 for a web server app: the consent page (`/o/oauth2/v2/auth`), codes, the
 * token endpoint (authorization_code and refresh_token grants), revocation, tokeninfo and
 * userinfo. A grant is one person's consent to one client; a refresh token comes only with
 * `access_type=offline` on the first consent or with `prompt=consent`; revoking any token of a
 * grant revokes the grant, after which its refresh tokens answer `invalid_grant`.
 */

export const DEFAULT_EMAIL = 'stylist@example.test';
const ACCESS_TTL_S = 3599;
const CODE_TTL_MS = 10 * 60_000;
/** Google keeps at most this many refresh tokens per account and client; older ones stop working. */
const REFRESH_TOKENS_PER_GRANT = 100;

export type AuthRequest = {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  accessType: 'online' | 'offline';
  prompt: string[];
  loginHint: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  createdAt: number;
  decided: boolean;
};

type Code = { code: string; request: AuthRequest; email: string; expiresAt: number; used: boolean };

export type Grant = {
  id: string;
  email: string;
  clientId: string;
  scopes: string[];
  refreshTokens: string[];
  revoked: boolean;
  createdAt: number;
};

export type AccessToken = { token: string; grantId: string; email: string; clientId: string; scopes: string[]; expiresAt: number; revoked: boolean };

export type TokenResponse = { access_token: string; expires_in: number; refresh_token?: string; scope: string; token_type: 'Bearer' };

export class OAuth {
  private readonly requests = new Map<string, AuthRequest>();
  private readonly codes = new Map<string, Code>();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshIndex = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.requests.clear();
    this.codes.clear();
    this.grants.clear();
    this.accessTokens.clear();
    this.refreshIndex.clear();
  }

  /** Reads the authorize URL's query; returns the request or a message for an error page. */
  authorizeRequest(query: URLSearchParams): AuthRequest | string {
    const clientId = query.get('client_id');
    const redirectUri = query.get('redirect_uri');
    if (!clientId) return 'Missing required parameter: client_id';
    if (!redirectUri) return 'Missing required parameter: redirect_uri';
    if (!/^https?:\/\/\S+$/.test(redirectUri)) return `Invalid parameter value for redirect_uri: ${redirectUri}`;
    if (query.get('response_type') !== 'code') return 'Missing or unsupported response_type: the emulator supports response_type=code.';
    const scope = query.get('scope');
    if (!scope) return 'Missing required parameter: scope';
    const req: AuthRequest = {
      id: randomToken(12),
      clientId,
      redirectUri,
      scopes: scope.split(/[\s+]+/).filter(Boolean),
      state: query.get('state'),
      accessType: query.get('access_type') === 'offline' ? 'offline' : 'online',
      prompt: (query.get('prompt') ?? '').split(/\s+/).filter(Boolean),
      loginHint: query.get('login_hint'),
      codeChallenge: query.get('code_challenge'),
      codeChallengeMethod: query.get('code_challenge_method'),
      createdAt: this.now(),
      decided: false,
    };
    this.requests.set(req.id, req);
    return req;
  }

  request(id: string): AuthRequest | undefined {
    return this.requests.get(id);
  }

  /** The undecided request with this `state` (the newest when a page was opened twice). */
  requestByState(state: string): AuthRequest | undefined {
    return [...this.requests.values()].reverse().find((r) => r.state === state && !r.decided);
  }

  /** What the Approve button does: a code for the person, and where the browser goes with it. */
  approve(req: AuthRequest, email?: string): { redirectUrl: string; code: string; email: string } {
    if (req.decided) throw new ControlError('This authorization request was already answered.');
    const person = this.store.person((email || req.loginHint || DEFAULT_EMAIL).trim());
    req.decided = true;
    const code = `4/0${randomToken(32)}`;
    this.codes.set(code, { code, request: req, email: person.email, expiresAt: this.now() + CODE_TTL_MS, used: false });
    const url = new URL(req.redirectUri);
    if (req.state !== null) url.searchParams.set('state', req.state);
    url.searchParams.set('code', code);
    url.searchParams.set('scope', req.scopes.join(' '));
    return { redirectUrl: url.toString(), code, email: person.email };
  }

  deny(req: AuthRequest): { redirectUrl: string } {
    if (req.decided) throw new ControlError('This authorization request was already answered.');
    req.decided = true;
    const url = new URL(req.redirectUri);
    url.searchParams.set('error', 'access_denied');
    if (req.state !== null) url.searchParams.set('state', req.state);
    return { redirectUrl: url.toString() };
  }

  /** `POST /token`. `clientAuth` is the client id from HTTP Basic auth, if any. */
  token(params: URLSearchParams, basicClientId: string | null): TokenResponse {
    const clientId = params.get('client_id') ?? basicClientId;
    if (!clientId) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
    const grantType = params.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(params, clientId);
    if (grantType === 'refresh_token') return this.refresh(params, clientId);
    throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  private exchangeCode(params: URLSearchParams, clientId: string): TokenResponse {
    const code = this.codes.get(params.get('code') ?? '');
    if (!code) throw new OAuthError(400, 'invalid_grant', 'Malformed auth code.');
    if (code.used || code.expiresAt <= this.now()) throw new OAuthError(400, 'invalid_grant', 'Bad Request');
    if (code.request.clientId !== clientId) throw new OAuthError(401, 'unauthorized_client', 'Unauthorized');
    if (params.get('redirect_uri') !== code.request.redirectUri) throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
    if (code.request.codeChallenge) {
      const verifier = params.get('code_verifier') ?? '';
      const derived = code.request.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (derived !== code.request.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'Invalid code verifier.');
    }
    code.used = true;
    let grant = [...this.grants.values()].find((g) => g.email === code.email && g.clientId === clientId && !g.revoked);
    const firstConsent = !grant || grant.refreshTokens.length === 0;
    if (!grant) {
      grant = { id: randomToken(9), email: code.email, clientId, scopes: [], refreshTokens: [], revoked: false, createdAt: this.now() };
      this.grants.set(grant.id, grant);
    }
    grant.scopes = [...new Set([...grant.scopes, ...code.request.scopes])];
    const access = this.issueAccess(grant, code.request.scopes);
    const wantsRefresh = code.request.accessType === 'offline' && (firstConsent || code.request.prompt.includes('consent'));
    return { ...access, ...(wantsRefresh ? { refresh_token: this.issueRefresh(grant) } : {}) };
  }

  private refresh(params: URLSearchParams, clientId: string): TokenResponse {
    const grantId = this.refreshIndex.get(params.get('refresh_token') ?? '');
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant || grant.revoked || !grant.refreshTokens.includes(params.get('refresh_token') ?? '')) {
      throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    }
    if (grant.clientId !== clientId) throw new OAuthError(401, 'unauthorized_client', 'Unauthorized');
    return this.issueAccess(grant, grant.scopes);
  }

  private issueAccess(grant: Grant, scopes: string[]): TokenResponse {
    const token = `ya29.${randomToken(48)}`;
    this.accessTokens.set(token, {
      token,
      grantId: grant.id,
      email: grant.email,
      clientId: grant.clientId,
      scopes,
      expiresAt: this.now() + ACCESS_TTL_S * 1000,
      revoked: false,
    });
    return { access_token: token, expires_in: ACCESS_TTL_S, scope: scopes.join(' '), token_type: 'Bearer' };
  }

  private issueRefresh(grant: Grant): string {
    const token = `1//0${randomToken(48)}`;
    grant.refreshTokens.push(token);
    this.refreshIndex.set(token, grant.id);
    while (grant.refreshTokens.length > REFRESH_TOKENS_PER_GRANT) this.refreshIndex.delete(grant.refreshTokens.shift()!);
    return token;
  }

  /** Tokens for a person without the consent page (test setup): a grant with an access and a refresh token. */
  issue(email: string, scopes: string[], clientId: string): TokenResponse & { refresh_token: string } {
    const person = this.store.person(email);
    const grant: Grant = { id: randomToken(9), email: person.email, clientId, scopes, refreshTokens: [], revoked: false, createdAt: this.now() };
    this.grants.set(grant.id, grant);
    return { ...this.issueAccess(grant, scopes), refresh_token: this.issueRefresh(grant) };
  }

  /** `POST /revoke`: an access or refresh token; either revokes the whole grant. */
  revoke(token: string): void {
    const grantId = this.refreshIndex.get(token) ?? this.accessTokens.get(token)?.grantId;
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_token', 'Token expired or revoked');
    this.revokeGrant(grant);
  }

  private revokeGrant(grant: Grant): void {
    grant.revoked = true;
    for (const t of this.accessTokens.values()) if (t.grantId === grant.id) t.revoked = true;
  }

  /** Revokes every grant of a person (as when they remove the app at myaccount.google.com). */
  revokePerson(email: string): number {
    let n = 0;
    for (const g of this.grants.values()) {
      if (g.email === email.toLowerCase() && !g.revoked) {
        this.revokeGrant(g);
        n++;
      }
    }
    return n;
  }

  /** Ends the life of current access tokens (of one person, or everyone's): the next call with one is 401. */
  expireAccessTokens(email?: string): number {
    let n = 0;
    for (const t of this.accessTokens.values()) {
      if ((!email || t.email === email.toLowerCase()) && t.expiresAt > this.now()) {
        t.expiresAt = this.now();
        n++;
      }
    }
    return n;
  }

  /** The valid access token in an `Authorization: Bearer` header, or 401. */
  authenticate(header: string | undefined): AccessToken {
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const t = m ? this.accessTokens.get(m[1]!) : undefined;
    if (!t || t.revoked || t.expiresAt <= this.now()) throw unauthorized();
    return t;
  }

  /** `tokeninfo` for an access token (as the v3 endpoint answers), or null when it is not valid. */
  tokenInfo(token: string): Record<string, string> | null {
    const t = this.accessTokens.get(token);
    if (!t || t.revoked || t.expiresAt <= this.now()) return null;
    const person = this.store.person(t.email);
    const grant = this.grants.get(t.grantId);
    const withEmail = t.scopes.some((s) => s === 'email' || s.endsWith('/userinfo.email'));
    return {
      azp: t.clientId,
      aud: t.clientId,
      sub: person.sub,
      scope: t.scopes.join(' '),
      exp: String(Math.floor(t.expiresAt / 1000)),
      expires_in: String(Math.max(0, Math.floor((t.expiresAt - this.now()) / 1000))),
      ...(withEmail ? { email: person.email, email_verified: 'true' } : {}),
      access_type: grant && grant.refreshTokens.length > 0 ? 'offline' : 'online',
    };
  }

  userInfo(header: string | undefined): Record<string, unknown> {
    const t = this.authenticate(header);
    const person = this.store.person(t.email);
    const withEmail = t.scopes.some((s) => s === 'email' || s.endsWith('/userinfo.email'));
    return { sub: person.sub, id: person.sub, name: person.name, ...(withEmail ? { email: person.email, email_verified: true, verified_email: true } : {}) };
  }

  listGrants(email?: string): Omit<Grant, 'refreshTokens'>[] {
    return [...this.grants.values()]
      .filter((g) => !email || g.email === email.toLowerCase())
      .map(({ refreshTokens, ...g }) => ({ ...g, scopes: [...g.scopes], refreshTokenCount: refreshTokens.length }));
  }
}

import express, { type Request, type Response } from 'express';
import type { AppDeps } from '../../platform/deps';
import { withTenant } from '../../platform/tenancy';
import { createCalendarConnectionService } from './connection.service';

/**
 * Google's redirect after the consent page, `GET /v1/calendar/oauth/callback?code&state` (or
 * `?error=access_denied&state`): a browser navigation, so a plain Express route outside the
 * contract, answered with a redirect to the resource's page in the dashboard —
 * `/services/resources/<id>?calendar=connected`, or `?calendar=error&message=…` in plain words. The state
 * is single use, expires after 10 minutes and must come back in the session that asked for it.
 */
export function calendarOAuthRouter(deps: AppDeps): express.Router {
  const router = express.Router();
  const calendar = createCalendarConnectionService(deps);
  const base = deps.config.PUBLIC_URL.replace(/\/+$/, '');
  const page = (resourceId: string | undefined, query: Record<string, string>) =>
    `${base}${resourceId ? `/services/resources/${resourceId}` : '/services/resources'}?${new URLSearchParams(query).toString()}`;
  const param = (req: Request, name: string) => {
    const v = req.query[name];
    return typeof v === 'string' && v.length > 0 && v.length <= 2048 ? v : undefined;
  };

  router.get('/v1/calendar/oauth/callback', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const token = deps.sessions.tokenFrom(req);
    const session = token ? await deps.sessions.load(token) : null;
    const outcome = await calendar.completeOAuth({
      state: param(req, 'state'),
      code: param(req, 'code'),
      error: param(req, 'error'),
      sessionHash: session?.tokenHash ?? null,
    });
    if (outcome.outcome !== 'connect') {
      res.redirect(303, page(outcome.resourceId, { calendar: outcome.outcome === 'denied' ? 'denied' : 'error', message: outcome.message }));
      return;
    }
    await withTenant(outcome.tenantId, () => calendar.storeGrant(outcome));
    res.redirect(303, page(outcome.resourceId, { calendar: 'connected' }));
  });
  return router;
}

import express, { type Request, type Response } from 'express';
import type { AppDeps } from '../../platform/deps';
import { createChannelsService } from './channels.service';

/**
 * Google Calendar push notifications, mounted by app.ts outside ts-rest, sessions and CSRF (like
 * the Stripe webhooks). A notification is an empty POST whose headers say which channel and what
 * happened; everything else is fetched by the sync it queues. The channel service checks the
 * channel (unknown → 404), its secret token and resource (→ 401) and the state, and queues at
 * most one sync per calendar; the answer goes out as soon as that is done. The body is never read.
 *
 *   POST /v1/webhooks/google
 */
export function googleWebhooksRouter(deps: AppDeps): express.Router {
  const router = express.Router();
  const channels = createChannelsService(deps);
  const limit = deps.rateLimits.webhooks('google');

  router.post('/v1/webhooks/google', limit, async (req: Request, res: Response) => {
    const outcome = await channels.receive({
      channelId: req.header('x-goog-channel-id'),
      resourceId: req.header('x-goog-resource-id'),
      token: req.header('x-goog-channel-token'),
      state: req.header('x-goog-resource-state'),
    });
    res.status(200).json({ received: true, outcome });
  });
  return router;
}

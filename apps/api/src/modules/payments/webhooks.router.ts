import express, { type Request, type Response } from 'express';
import type { AppDeps } from '../../platform/deps';
import { createStripeEventsService } from './stripe-events.service';

/**
 * Stripe's webhook endpoints, mounted by app.ts before the JSON parser (the signature is over the
 * raw body) and outside ts-rest, sessions and CSRF. They do four things and no more: read the raw
 * body, verify the signature with that endpoint's secret, store the event once together with its
 * processing job, answer 200. A duplicate is acknowledged and ignored.
 *
 *   POST /v1/webhooks/stripe          platform events (no `account`)
 *   POST /v1/webhooks/stripe/connect  events on connected accounts (its own signing secret)
 */
export function stripeWebhooksRouter(deps: AppDeps): express.Router {
  const router = express.Router();
  const events = createStripeEventsService(deps);
  // Another content type leaves no body, and so fails the signature check.
  const raw = express.raw({ type: 'application/json', limit: '1mb' });
  const limit = deps.rateLimits.webhooks('stripe');

  const receive = (endpoint: 'platform' | 'connect') => async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { duplicate } = await events.receive(body, req.header('stripe-signature'), endpoint);
    res.status(200).json({ received: true, duplicate });
  };

  router.post('/v1/webhooks/stripe', limit, raw, receive('platform'));
  router.post('/v1/webhooks/stripe/connect', limit, raw, receive('connect'));
  return router;
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { apiContract, opsContract, paymentsOpsContract, type TRouteMeta } from '@slotwise/contracts';
import { isAppRoute, type AppRouter } from '@ts-rest/core';
import { createExpressEndpoints, initServer } from '@ts-rest/express';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import cookieParser from 'cookie-parser';
import type { Config } from './config';
import type { AppDeps } from './platform/deps';
import { auditRouter } from './modules/audit/audit.router';
import { authRouter } from './modules/auth/auth.router';
import { bookingsRouter } from './modules/bookings/bookings.router';
import { calendarRouter } from './modules/calendar/calendar.router';
import { googleWebhooksRouter } from './modules/calendar/google-webhooks.router';
import { calendarOAuthRouter } from './modules/calendar/oauth-callback.router';
import { blackoutsRouter } from './modules/catalog/blackouts.router';
import { customersRouter } from './modules/catalog/customers.router';
import { resourcesRouter } from './modules/catalog/resources.router';
import { servicesRouter } from './modules/catalog/services.router';
import { insightsRouter } from './modules/insights/insights.router';
import { paymentsOpsRouter, paymentsRouter } from './modules/payments/payments.router';
import { walletRouter } from './modules/payments/wallet.router';
import { stripeWebhooksRouter } from './modules/payments/webhooks.router';
import { publicRouter } from './modules/public/public.router';
import { selfServiceRouter } from './modules/selfservice/selfservice.router';
import { invitationPublicRouter, tenantRouter } from './modules/tenant/tenant.router';
import { createGuard } from './platform/guard';
import { systemRouter, opsRouter } from './modules/system/system.router';
import { cors, deprecationHeaders, errorHandler, notFoundHandler, requestContext, routeRateLimits, validationErrorHandler } from './platform/http';
import { buildOpenApiDocument } from './platform/openapi';
import { REPO_ROOT } from './platform/paths';

const s = initServer();

/** Builds the Express app without listening; tests import this. */
export function createApp(deps: AppDeps): express.Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.NODE_ENV === 'production' ? 1 : 'loopback');
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'https:'],
          'upgrade-insecure-requests': config.PUBLIC_URL.startsWith('https:') ? [] : null,
        },
      },
      strictTransportSecurity: config.PUBLIC_URL.startsWith('https:'),
    }),
  );
  app.use(cors([config.PUBLIC_URL, ...config.CORS_ORIGINS]));
  // Before the JSON parser: Stripe signs the raw body.
  app.use(stripeWebhooksRouter(deps));
  // Google Calendar push notifications: headers only, the body is never read.
  app.use(googleWebhooksRouter(deps));
  app.use(express.json({ limit: '1mb' }));
  app.use(cookieParser());
  // Google's redirect after the consent page: a browser navigation with the session cookie, outside the contract.
  app.use(calendarOAuthRouter(deps));

  const endpointOptions = {
    logInitialization: false,
    responseValidation: true,
    requestValidationErrorHandler: validationErrorHandler,
    globalMiddleware: [deprecationHeaders, createGuard(deps), routeRateLimits(deps.rateLimits)] as RequestHandler[],
  };
  createExpressEndpoints(opsContract, opsRouter(deps), app, endpointOptions);
  createExpressEndpoints(paymentsOpsContract, paymentsOpsRouter(deps), app, endpointOptions);
  mountEndpoints(
    apiContract,
    s.router(apiContract, {
      system: systemRouter(deps),
      auth: authRouter(deps),
      tenant: tenantRouter(deps),
      invitations: invitationPublicRouter(deps),
      audit: auditRouter(deps),
      resources: resourcesRouter(deps),
      services: servicesRouter(deps),
      blackouts: blackoutsRouter(deps),
      customers: customersRouter(deps),
      bookings: bookingsRouter(deps),
      public: publicRouter(deps),
      manage: selfServiceRouter(deps),
      payments: paymentsRouter(deps),
      wallet: walletRouter(deps),
      insights: insightsRouter(deps),
      calendar: calendarRouter(deps),
    }),
    app,
    endpointOptions,
  );

  const openApi = buildOpenApiDocument(deps.version);
  app.get('/v1/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'Slotwise API reference' }));
  if (deps.devOutbox) app.use(deps.devOutbox);
  // Development: where the local emulators this process started are (Playwright and people find them here).
  const devEmulators = deps.devEmulators;
  if (devEmulators && config.NODE_ENV !== 'production') {
    app.get('/dev/emulators', (_req, res) => {
      res.json(devEmulators);
    });
  }
  app.use('/v1', notFoundHandler);

  serveWebApp(app, config);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/**
 * createExpressEndpoints route by route, in contract order, so that a route whose metadata says
 * `skipResponseValidation` is mounted without ts-rest's response parsing (see TRouteMeta).
 */
function mountEndpoints(contract: AppRouter, router: object, app: express.Express, options: { responseValidation: boolean } & object): void {
  const walk = (c: AppRouter, r: Record<string, unknown>) => {
    for (const [key, node] of Object.entries(c)) {
      if (isAppRoute(node)) {
        const skip = (node.metadata as TRouteMeta | undefined)?.skipResponseValidation === true;
        createExpressEndpoints({ [key]: node }, { [key]: r[key] } as never, app, { ...options, responseValidation: options.responseValidation && !skip });
      } else {
        walk(node, r[key] as Record<string, unknown>);
      }
    }
  };
  walk(contract, router as Record<string, unknown>);
}

/** The built web app, when there is one, on the same origin: dashboard at /, the public booking page at /book/*. */
function serveWebApp(app: express.Express, config: Config): void {
  const dist = config.WEB_DIST_DIR ?? path.join(REPO_ROOT, 'apps', 'web', 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) return;
  app.use(express.static(dist, { index: false, maxAge: '1h', setHeaders: immutableAssets }));
  app.get(/^\/(?!v1\/|docs|healthz|readyz|dev\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    // The public entry serves the booking page, the customer's manage link and their saved cards.
    const page = /^\/(book|manage|wallet)(\/|$)/.test(req.path) ? 'book.html' : 'index.html';
    res.setHeader('Cache-Control', 'no-cache');
    if (page === 'book.html') allowFraming(res);
    res.sendFile(path.join(dist, page));
  });
}

/** The booking page is embeddable (an iframe snippet on the business's own site). */
function allowFraming(res: express.Response): void {
  res.removeHeader('X-Frame-Options');
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
}

function immutableAssets(res: express.Response, filePath: string): void {
  if (filePath.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}

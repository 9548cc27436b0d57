/**
 * The Kith API as a Hono app: `createApp({ db, dev })`, testable with `app.request()` and served by
 * `main.ts`. Middleware order: request id and log line → (development: static files) → CORS → 64 KB
 * body limit → per route: site → member → rate limit → validation → handler → one error handler.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Database } from './db/database.js';
import { ReadLimiter } from './domain/rate-limits.js';
import { SiteDirectory } from './domain/sites.js';
import { ApiError, notFound } from './errors.js';
import type { AppEnv, Deps } from './http/context.js';
import { cors } from './http/cors.js';
import { errorResponse, onError, validationHook } from './http/errors.js';
import { routeMiddleware } from './http/middleware.js';
import { requestLog } from './http/request-log.js';
import { serveStatic } from './http/static.js';
import { silentLogger, type Logger } from './log.js';
import { registerAnswerRoutes } from './routes/answers.js';
import { registerBoardRoutes } from './routes/boards.js';
import { registerBootstrapRoutes } from './routes/bootstrap.js';
import type { RegisterRoutes } from './routes/common.js';
import { registerDevRoutes } from './routes/dev.js';
import { registerFeedRoutes } from './routes/feeds.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerIdeaRoutes } from './routes/ideas.js';
import { registerInsightsRoutes } from './routes/insights.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerModerationRoutes } from './routes/moderation.js';
import { registerNotificationRoutes } from './routes/notifications.js';
import { UPLOADS_PATH, registerPhotoRoutes } from './routes/photos.js';
import { registerPrivacyRoutes } from './routes/privacy.js';
import { registerQuestionRoutes } from './routes/questions.js';
import { registerReviewRoutes } from './routes/reviews.js';
import { registerSiteRoutes } from './routes/site.js';
import { registerVoteRoutes } from './routes/votes.js';
import { registerViewRoutes } from './routes/views.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { LIMITS } from './schemas.js';

export interface AppOptions {
  db: Database;
  /** `KITH_DEV=1`: enables `POST /v1/dev/token`. */
  dev?: boolean;
  log?: Logger;
  /** Proxies to believe in `X-Forwarded-For` (`KITH_TRUST_PROXY`); default 0. */
  trustProxy?: number;
  /** Development: serve `/demo/` and `/dist/` from this directory (the repository root). */
  staticRoot?: string | null;
  /** How long a site's row is cached (ms, default 2000; 0 disables). */
  siteCacheMs?: number;
  /** Counts reads (default: one of its own); `main.ts` passes its own to flush it on shutdown. */
  reads?: ReadLimiter;
}

const ROUTES: RegisterRoutes[] = [
  registerHealthRoutes,
  registerBootstrapRoutes,
  registerQuestionRoutes,
  registerAnswerRoutes,
  registerVoteRoutes,
  registerIdeaRoutes,
  registerBoardRoutes,
  registerReviewRoutes,
  registerModerationRoutes,
  registerMemberRoutes,
  registerPrivacyRoutes,
  registerPhotoRoutes,
  registerNotificationRoutes,
  registerFeedRoutes,
  registerWebhookRoutes,
  registerViewRoutes,
  registerInsightsRoutes,
  registerSiteRoutes,
  registerDevRoutes,
];

export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const log = options.log ?? silentLogger;
  const deps: Deps = {
    db: options.db,
    sites: new SiteDirectory(options.db, options.siteCacheMs ?? 2000),
    reads:
      options.reads ??
      new ReadLimiter(options.db, {
        onError: (err) => log.warn({ err }, 'could not share the read counts'),
      }),
    log,
    dev: options.dev ?? false,
    trustProxy: options.trustProxy ?? 0,
  };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) => errorResponse(c, notFound('There is no such endpoint.')));

  app.use('*', requestLog(deps));
  if (options.staticRoot) app.use('*', serveStatic(options.staticRoot));
  app.use('/v1/*', cors(deps));
  const limitBody = bodyLimit({
    maxSize: LIMITS.jsonBytes,
    onError: (c) =>
      errorResponse(
        c,
        new ApiError(
          413,
          'validation',
          `The request is larger than ${LIMITS.jsonBytes / 1024} KB.`,
        ),
      ),
  });
  // GET and HEAD carry no body: asking for one would build a full Request object for nothing.
  // Photo uploads have their own limit (8 MB and the form; routes/photos.ts).
  app.use('/v1/*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === UPLOADS_PATH
      ? next()
      : limitBody(c, next),
  );

  const mw = routeMiddleware(deps);
  for (const register of ROUTES) register(app, deps, mw);

  app.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A member token: HS256, signed with the site's secret, `aud` = the site id.",
  });
  let document: unknown;
  app.get('/v1/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Kith API',
        version: '1',
        description:
          'The reference server of Kith, the embeddable customer community. Every request names its ' +
          'site with `?site=`; writes need a member token and take an `Idempotency-Key`; errors are ' +
          '`{ "error": { "code", "message", "fields"? } }`.',
      },
    });
    return c.json(document as object, 200, { 'Cache-Control': 'public, max-age=300' });
  });
  return app;
}

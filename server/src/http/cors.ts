/**
 * CORS per site: the origins in `sites.allowed_origins` (exact, or `http://localhost:*` for any port)
 * may call the API from a browser. Preflights from other origins get 403, and so do their writes;
 * their reads get no CORS headers (the browser keeps the answer from the page). The server's own
 * origin (the demo in development) is always allowed.
 */
import type { MiddlewareHandler } from 'hono';
import { originAllowed } from '../domain/sites.js';
import { forbidden } from '../errors.js';
import type { AppEnv, Deps } from './context.js';
import { errorResponse } from './errors.js';

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match, X-Request-Id';
const EXPOSE_HEADERS = 'ETag, Retry-After, X-Request-Id, Idempotency-Replayed';
/**
 * Public documents any page may read, and the unsubscribe link (its signature is its only authority;
 * behind a proxy its confirm page's form may post with an origin the server does not know as its own).
 */
const PUBLIC_PATHS = new Set(['/v1/health', '/v1/openapi.json', '/v1/unsubscribe']);

export function cors(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const isPublic = PUBLIC_PATHS.has(c.req.path);
    let allowed = false;
    if (origin) {
      if (isPublic || origin === new URL(c.req.url).origin) allowed = true;
      else {
        const siteId = c.req.query('site');
        const site = siteId && siteId.length <= 63 ? await deps.sites.get(siteId) : null;
        allowed = !!site && originAllowed(site, origin);
      }
    }
    const preflight = c.req.method === 'OPTIONS' && !!c.req.header('access-control-request-method');
    if (origin && !allowed && (preflight || !['GET', 'HEAD'].includes(c.req.method))) {
      const site = c.req.query('site') ?? '';
      return errorResponse(
        c,
        forbidden(`The origin ${origin} is not allowed for the site "${site.slice(0, 63)}".`),
      );
    }
    if (preflight) {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': isPublic ? '*' : origin!,
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    await next();
    if (origin && allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', isPublic ? '*' : origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    c.res.headers.append('Vary', 'Origin');
  };
}

/**
 * The view beacon (docs/api.md "Analytics"): no token, no cookies. Browsers send it as `text/plain`
 * (a CORS "simple" request, so no preflight); JSON is accepted too. Counted as a read against the
 * per-IP rate limit.
 */
import { createRoute } from '@hono/zod-openapi';
import { recordViews } from '../domain/views.js';
import { validation } from '../errors.js';
import { READ_ERRORS, type RegisterRoutes } from './common.js';
import { SiteQuery, ViewBatchBody } from '../schemas.js';

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw validation('The request body is not valid JSON.');
  }
}

export const registerViewRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/events/views',
      summary:
        'The view beacon: which questions a page load opened, and whether it asked one (no token; nothing personal is stored).',
      middleware: [mw.site, mw.readLimit],
      request: {
        query: SiteQuery,
        body: {
          required: false,
          content: {
            'text/plain': { schema: ViewBatchBody },
            'application/json': { schema: ViewBatchBody },
          },
        },
      },
      responses: {
        204: { description: 'Stored (events already reported by this page load change nothing).' },
        ...READ_ERRORS,
        413: { description: 'Body over 64 KB (`validation`).' },
        415: { description: 'Neither text/plain nor JSON (`validation`).' },
      },
    }),
    async (c) => {
      const media = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const batch =
        media === 'text/plain'
          ? ViewBatchBody.parse(parseText(await c.req.text()))
          : c.req.valid('json');
      await recordViews(deps.db, c.get('site'), batch);
      return c.body(null, 204, { 'Cache-Control': 'no-store' });
    },
  );
};

/** The bootstrap read: several reads in one request, each failing alone. */
import { createRoute } from '@hono/zod-openapi';
import { parseRequests, runBootstrap } from '../domain/bootstrap.js';
import { sendRead } from '../http/responses.js';
import { BootstrapQuery, BootstrapResponse } from '../schemas.js';
import { NOT_MODIFIED, READ_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerBootstrapRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bootstrap',
      summary:
        'Up to 20 read requests (`questions`, `thread`, `member`, `members`, `leaderboard`, `ideas`, `idea`, `board`, `reviews`, `ratings`, `notifications`, `community`) at once, answered in order.',
      middleware: mw.read,
      request: { query: BootstrapQuery },
      responses: {
        200: json(BootstrapResponse, 'One outcome per request.'),
        304: NOT_MODIFIED,
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const requests = parseRequests(c.req.valid('query').requests);
      const log = c.get('log');
      const result = await runBootstrap(
        deps.db,
        c.get('site'),
        c.get('member')?.id ?? null,
        requests,
        (err) => log.error({ err }, 'bootstrap slot failed'),
      );
      return sendRead(c, result) as never;
    },
  );
};

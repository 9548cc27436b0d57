/** Flags (any member) and moderation actions (staff), over every kind of content. */
import { createRoute } from '@hono/zod-openapi';
import * as moderation from '../domain/moderation.js';
import { sendWrite, writeContext } from '../http/responses.js';
import { FlagBody, ModerationActionBody, ModerationResultSchema, SiteQuery } from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, jsonBody, type RegisterRoutes } from './common.js';

export const registerModerationRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/flags',
      summary:
        'Flag a post one can read and did not write (once per member per post: again updates the reason).',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(FlagBody) },
      responses: { 200: json(ModerationResultSchema, 'The flagged post.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await moderation.flagContent(writeContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/moderation/actions',
      summary:
        'Staff: hide or approve a post, with a reason (hidden posts leave every list, count and average). Other actions are not available yet (400 `unsupported`).',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(ModerationActionBody) },
      responses: { 200: json(ModerationResultSchema, 'The post as it is now.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await moderation.moderate(writeContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );
};

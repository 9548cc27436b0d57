/** Votes: one per member per target; `0` withdraws. */
import { createRoute } from '@hono/zod-openapi';
import * as votes from '../domain/votes.js';
import { sendWrite, writeContext } from '../http/responses.js';
import { SiteQuery, VoteBody, VoteResultSchema } from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerVoteRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/votes',
      summary:
        "Vote on a question, answer or review (not one's own), or for an idea; returns the counts.",
      security: SECURITY,
      middleware: mw.write,
      request: {
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: VoteBody } } },
      },
      responses: {
        200: json(VoteResultSchema, 'The vote as stored, and the counts.'),
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const outcome = await votes.castVote(writeContext(c, deps, body), {
        targetType: body.targetType,
        targetId: body.targetId,
        value: body.value,
      });
      return sendWrite(c, outcome) as never;
    },
  );
};

/** Members: the public profile, and leaderboards. */
import { createRoute } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { getLeaderboard, getMemberProfile } from '../domain/members.js';
import { sendRead } from '../http/responses.js';
import {
  IdParam,
  LeaderboardEntrySchema,
  LeaderboardQuery,
  MemberProfileSchema,
  SiteQuery,
} from '../schemas.js';
import { NOT_MODIFIED, READ_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerMemberRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/members/{id}',
      summary: "A member's profile and recent contributions.",
      middleware: mw.read,
      request: { params: IdParam, query: SiteQuery },
      responses: {
        200: json(MemberProfileSchema, 'The profile.'),
        304: NOT_MODIFIED,
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const profile = await getMemberProfile(
        deps.db,
        c.get('site'),
        c.get('member')?.id ?? null,
        id,
      );
      return sendRead(c, profile) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/leaderboard',
      summary:
        'The members who earned the most reputation in the period (week, month or all), in a topic or on a board; staff are not ranked.',
      middleware: mw.read,
      request: { query: LeaderboardQuery },
      responses: {
        200: json(z.array(LeaderboardEntrySchema).openapi('Leaderboard'), 'The leaderboard.'),
        304: NOT_MODIFIED,
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const entries = await getLeaderboard(deps.db, c.get('site'), query);
      return sendRead(c, entries) as never;
    },
  );
};

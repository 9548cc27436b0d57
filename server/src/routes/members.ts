/** Members: the public profile. */
import { createRoute } from '@hono/zod-openapi';
import { getMemberProfile } from '../domain/members.js';
import { sendRead } from '../http/responses.js';
import { IdParam, MemberProfileSchema, SiteQuery } from '../schemas.js';
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
};

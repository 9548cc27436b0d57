/** `POST /v1/dev/token`: member tokens for the demo's member switcher. Only with `KITH_DEV=1`. */
import { createRoute } from '@hono/zod-openapi';
import { signMemberToken } from '../domain/auth.js';
import { DevTokenBody, SiteQuery, TokenResponse } from '../schemas.js';
import { WRITE_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerDevRoutes: RegisterRoutes = (app, deps, mw) => {
  if (!deps.dev) return;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/dev/token',
      summary: 'Development only (KITH_DEV=1): sign a member token for the site.',
      middleware: [mw.site, mw.writeLimit],
      request: {
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: DevTokenBody } } },
      },
      responses: { 200: json(TokenResponse, 'A token valid for one hour.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const site = c.get('site');
      const token = await signMemberToken(site.secret, {
        site: site.id,
        member: body.member,
        name: body.name,
        ...(body.roles && { roles: body.roles }),
        ...(body.purchases && { purchases: body.purchases }),
        ...(body.avatar && { avatar: body.avatar }),
        ...(body.email && { email: body.email }),
      });
      return c.json({ token }, 200, { 'Cache-Control': 'no-store' });
    },
  );
};

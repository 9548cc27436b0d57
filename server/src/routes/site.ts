/** Site settings, for staff. */
import { createRoute } from '@hono/zod-openapi';
import type { Member } from '../domain/auth.js';
import { changeSettings, readSettings } from '../domain/sites.js';
import { sendWrite, writeContext } from '../http/responses.js';
import { SettingsPatchBody, SettingsResponse, SiteQuery } from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerSiteRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/site/settings',
      summary: "The site's settings, with defaults filled in (staff).",
      security: SECURITY,
      middleware: [mw.site, mw.member, mw.readLimit],
      request: { query: SiteQuery },
      responses: { 200: json(SettingsResponse, 'The settings.'), ...WRITE_ERRORS },
    }),
    (c) =>
      c.json(readSettings(c.get('site'), c.get('member') as Member), 200, {
        'Cache-Control': 'no-store',
      }),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/site/settings',
      summary: 'Change some settings (staff); objects merge one level deep.',
      security: SECURITY,
      middleware: mw.write,
      request: {
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: SettingsPatchBody } } },
      },
      responses: { 200: json(SettingsResponse, 'The settings now.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const outcome = await changeSettings(
        writeContext(c, deps, body),
        body.settings as Record<string, unknown>,
      );
      deps.sites.forget(c.get('site').id);
      return sendWrite(c, outcome) as never;
    },
  );
};

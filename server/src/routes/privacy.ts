/** A member's own data: their export, and erasure (by the member or staff). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Member } from '../domain/auth.js';
import * as privacy from '../domain/privacy.js';
import type { AppEnv } from '../http/context.js';
import { IdParam, MemberProfileSchema, SiteQuery } from '../schemas.js';
import { READ_ERRORS, SECURITY, WRITE_ERRORS, json, type RegisterRoutes } from './common.js';
import type { Context } from 'hono';

export const MemberExportSchema = z
  .object({
    exportedAt: z.string(),
    site: z.string(),
    member: MemberProfileSchema,
    records: z.record(z.string(), z.array(z.unknown())).openapi({
      description:
        'One list per kind: questions, answers, ideas, comments, reviews (with photo metadata), photos, replies, statusChanges, votes, flags, follows, notifications, reputation, badges, events, requests.',
    }),
  })
  .openapi('MemberExport');

const privacyContext = (c: Context<AppEnv>, deps: { db: privacy.PrivacyContext['db'] }) => ({
  db: deps.db,
  site: c.get('site'),
  member: c.get('member') as Member,
});

export const registerPrivacyRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/members/me/export',
      summary: 'Everything stored about the signed-in member (never cached).',
      security: SECURITY,
      middleware: [mw.site, mw.member, mw.readLimit],
      request: { query: SiteQuery },
      responses: {
        200: json(MemberExportSchema, 'The export.'),
        401: WRITE_ERRORS[401],
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const data = await privacy.exportMine(privacyContext(c, deps));
      return c.json(data, 200, { 'Cache-Control': 'no-store' }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/members/{id}/erase',
      summary:
        "Erase a member (the member themself, or staff): their name, avatar and personal records go; their posts and votes stay as from 'A former member'.",
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery },
      responses: { 204: { description: 'Erased.' }, ...WRITE_ERRORS },
    }),
    async (c) => {
      await privacy.eraseMember(privacyContext(c, deps), c.req.valid('param').id);
      return c.body(null, 204) as never;
    },
  );
};

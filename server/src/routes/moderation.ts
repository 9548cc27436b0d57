/** Flags (any member), moderation actions, the queue and the audit log (staff), over every kind of content. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Member } from '../domain/auth.js';
import * as moderation from '../domain/moderation.js';
import type { AppEnv, Deps } from '../http/context.js';
import { sendWrite, writeContext } from '../http/responses.js';
import {
  AuditPageSchema,
  FlagBody,
  ModerationActionBody,
  ModerationAuditQuery,
  ModerationQueuePageSchema,
  ModerationQueueQuery,
  ModerationResultSchema,
  SiteQuery,
} from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, jsonBody, type RegisterRoutes } from './common.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

function staffContext(c: Context<AppEnv>, deps: Deps): moderation.StaffReadContext {
  return { db: deps.db, site: c.get('site'), member: c.get('member') as Member };
}

export const registerModerationRoutes: RegisterRoutes = (app, deps, mw) => {
  // Staff reads: a member token is required (401), and staff roles (403).
  const staffRead = [mw.site, mw.member, mw.readLimit];

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/flags',
      summary:
        'Flag a post one can read and did not write (once per member per post: again updates the reason). Enough open flags (`moderation.flagsToHold` members), or one from trust level 3+, hold it for review.',
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
        'Staff: `approve`, `hide` or `delete` a post (settling its flags), or `warn`, `suspend` (`duration` hours) or `unsuspend` a member; always with a reason. 409 to suspend staff, to unsuspend a member who is not suspended, or to change a deleted post.',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(ModerationActionBody) },
      responses: {
        200: json(ModerationResultSchema, 'The post or member as it is now.'),
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await moderation.moderate(writeContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/moderation/queue',
      summary:
        'Staff: held posts and visible posts with open flags, longest waiting first (`reason`: flagged, held, guest).',
      security: SECURITY,
      middleware: staffRead,
      request: { query: ModerationQueueQuery },
      responses: { 200: json(ModerationQueuePageSchema, 'A page of the queue.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { limit, cursor, reason } = c.req.valid('query');
      const page = await moderation.moderationQueue(staffContext(c, deps), {
        limit,
        cursor,
        reason: reason ?? null,
      });
      return c.json(page, 200, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/moderation/audit',
      summary: 'Staff: every moderation action and every hold, newest first.',
      security: SECURITY,
      middleware: staffRead,
      request: { query: ModerationAuditQuery },
      responses: { 200: json(AuditPageSchema, 'A page of the audit log.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const page = await moderation.moderationAudit(staffContext(c, deps), { limit, cursor });
      return c.json(page, 200, NO_STORE);
    },
  );
};

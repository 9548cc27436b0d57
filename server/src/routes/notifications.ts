/** Notifications: the member's page, marking read, follows, and the unsubscribe link of mails. */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as notifications from '../domain/notifications.js';
import {
  DONE_PAGE,
  INVALID_PAGE,
  PAGE_HEADERS,
  UNSUBSCRIBE_PATH,
  confirmPage,
  unsubscribe,
  validSignature,
} from '../domain/unsubscribe.js';
import { clientIp } from '../http/client-ip.js';
import type { AppEnv } from '../http/context.js';
import { sendWrite, writeContext } from '../http/responses.js';
import {
  FollowResponse,
  FollowTargetBody,
  MarkReadBody,
  NotificationsPageSchema,
  NotificationsQuery,
  SiteQuery,
  UnreadResponse,
  UnsubscribeQuery,
} from '../schemas.js';
import {
  READ_ERRORS,
  SECURITY,
  WRITE_ERRORS,
  json,
  jsonBody,
  type RegisterRoutes,
} from './common.js';

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
});

export const registerNotificationRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications',
      summary:
        "The member's notifications, newest first, with the unread count (also the `notifications` read kind of the bootstrap).",
      security: SECURITY,
      middleware: [mw.site, mw.member, mw.readLimit],
      request: { query: NotificationsQuery },
      responses: {
        200: json(NotificationsPageSchema, 'A page.'),
        ...READ_ERRORS,
        401: WRITE_ERRORS[401],
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await notifications.listNotifications(
        deps.db,
        c.get('site'),
        c.get('member')!.id,
        { limit: q.limit, cursor: q.cursor ?? null },
      );
      return c.json(page, 200, { 'Cache-Control': 'private, no-store' });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/read',
      summary: 'Mark notifications read (their ids, or `"all"`); answers the unread count left.',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(MarkReadBody) },
      responses: { 200: json(UnreadResponse, 'What is still unread.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await notifications.markRead(writeContext(c, deps, input), input.ids);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/follows',
      summary:
        'Follow or unfollow a question or an idea (an unfollowed question is not followed again by voting).',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(FollowTargetBody) },
      responses: {
        200: json(FollowResponse, 'Whether the member follows it now.'),
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await notifications.setFollowing(writeContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );

  // The unsubscribe link: a page for people, not JSON; no token, the signature is the authority.
  for (const method of ['get', 'post'] as const) {
    app.openAPIRegistry.registerPath({
      method,
      path: UNSUBSCRIBE_PATH,
      summary:
        method === 'get'
          ? 'The unsubscribe link of a notification mail: a page with a button that POSTs it.'
          : 'Unsubscribe from notification mail (RFC 8058 one-click: `List-Unsubscribe=One-Click`, or the page’s button).',
      request: { query: UnsubscribeQuery },
      responses: {
        200: html(method === 'get' ? 'The confirmation page.' : 'Unsubscribed.'),
        400: html('A forged, altered or incomplete link: nothing changed.'),
        429: READ_ERRORS[429],
      },
    });
  }
  const unsubscribeHandler = async (c: Context<AppEnv>): Promise<Response> => {
    const siteId = c.req.query('site') ?? '';
    const member = c.req.query('member') ?? '';
    const sig = c.req.query('sig') ?? '';
    const site =
      siteId && siteId.length <= 63 && member && member.length <= 200 && sig.length <= 100
        ? await deps.sites.get(siteId)
        : null;
    if (!site) return c.body(INVALID_PAGE, 400, PAGE_HEADERS);
    deps.reads.limit(site, clientIp(c, deps.trustProxy));
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      if (!validSignature(site, member, sig)) return c.body(INVALID_PAGE, 400, PAGE_HEADERS);
      return c.body(confirmPage(site.id, member, sig), 200, PAGE_HEADERS);
    }
    const done = await unsubscribe(deps.db, site, member, sig);
    return c.body(done ? DONE_PAGE : INVALID_PAGE, done ? 200 : 400, PAGE_HEADERS);
  };
  app.get(UNSUBSCRIBE_PATH, unsubscribeHandler);
  app.post(UNSUBSCRIBE_PATH, unsubscribeHandler);
};

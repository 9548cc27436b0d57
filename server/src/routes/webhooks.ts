/**
 * Webhooks (staff): subscriptions, their delivery log, redelivery and pings. Deliveries themselves are
 * sent by the webhook job (jobs/webhooks.ts); docs/webhooks.md is the vendor's guide.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Member } from '../domain/auth.js';
import * as webhooks from '../domain/webhooks.js';
import type { AppEnv, Deps } from '../http/context.js';
import {
  DeliveriesQuery,
  DeliveryParam,
  IdParam,
  SiteQuery,
  WebhookCreateBody,
  WebhookDeliveryPageSchema,
  WebhookListSchema,
  WebhookPatchBody,
  WebhookSchema,
} from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, jsonBody, type RegisterRoutes } from './common.js';

const Queued = z.object({ id: z.string(), status: z.literal('pending') }).openapi('QueuedDelivery');
const NO_STORE = { 'Cache-Control': 'no-store' };

function context(c: Context<AppEnv>, deps: Deps): webhooks.WebhookContext {
  return { db: deps.db, site: c.get('site'), member: c.get('member') as Member, dev: deps.dev };
}

export const registerWebhookRoutes: RegisterRoutes = (app, deps, mw) => {
  const read = [mw.site, mw.member, mw.readLimit];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      summary: "The site's webhooks (staff; secrets are shown only on creation).",
      security: SECURITY,
      middleware: read,
      request: { query: SiteQuery },
      responses: { 200: json(WebhookListSchema, 'The webhooks.'), ...WRITE_ERRORS },
    }),
    async (c) => c.json(await webhooks.listWebhooks(context(c, deps)), 200, NO_STORE),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      summary:
        'Subscribe a URL to event types (staff). The response carries the signing `secret`, once.',
      security: SECURITY,
      middleware: mw.write,
      request: { query: SiteQuery, body: jsonBody(WebhookCreateBody) },
      responses: { 201: json(WebhookSchema, 'The webhook, with its secret.'), ...WRITE_ERRORS },
    }),
    async (c) =>
      c.json(await webhooks.createWebhook(context(c, deps), c.req.valid('json')), 201, NO_STORE),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/webhooks/{id}',
      summary: 'Change a webhook: url, events, active (pause/resume), description (staff).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(WebhookPatchBody) },
      responses: { 200: json(WebhookSchema, 'The webhook.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const changed = await webhooks.changeWebhook(context(c, deps), id, c.req.valid('json'));
      return c.json(changed, 200, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhooks/{id}',
      summary: 'Delete a webhook and its delivery log (staff).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery },
      responses: { 204: { description: 'Deleted.' }, ...WRITE_ERRORS },
    }),
    async (c) => {
      await webhooks.deleteWebhook(context(c, deps), c.req.valid('param').id);
      return c.body(null, 204, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/{id}/deliveries',
      summary: 'The delivery log, newest first: each delivery with every attempt (staff).',
      security: SECURITY,
      middleware: read,
      request: { params: IdParam, query: DeliveriesQuery },
      responses: { 200: json(WebhookDeliveryPageSchema, 'A page of deliveries.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await webhooks.listDeliveries(context(c, deps), c.req.valid('param').id, {
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json(page, 200, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      summary:
        'Send a delivery again: same `webhook-id` and body, a fresh count of attempts (staff).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: DeliveryParam, query: SiteQuery },
      responses: { 202: json(Queued, 'Queued.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      return c.json(await webhooks.redeliver(context(c, deps), id, deliveryId), 202, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{id}/ping',
      summary: 'Queue a `webhook.ping` delivery to test the receiver (staff).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery },
      responses: { 202: json(Queued, 'Queued.'), ...WRITE_ERRORS },
    }),
    async (c) =>
      c.json(await webhooks.ping(context(c, deps), c.req.valid('param').id), 202, NO_STORE),
  );
};

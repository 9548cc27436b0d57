/**
 * Webhooks (docs/webhooks.md), following Standard Webhooks (standardwebhooks.com): staff subscribe a
 * URL to event types; every matching community event becomes a delivery in the event's own transaction
 * (the outbox trigger of migration 009); the job (jobs/webhooks.ts) sends each one signed
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256>`), retrying with backoff.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { getSite, type SiteRow } from '../db/sites.js';
import * as webhooksDb from '../db/webhooks.js';
import { invalidField, notFound } from '../errors.js';
import { UnsafeUrlError, assertPublicUrl } from '../http/safe-request.js';
import type { WebhookEventType } from '../schemas.js';
import { assertStaff, type Member } from './auth.js';
import { badgeRulesOf } from './reputation.js';
import { oneLine, plainExcerpt, postLink } from '../text.js';

export type Subscription = webhooksDb.Subscription;
export type Delivery = webhooksDb.Delivery;

export interface WebhookContext {
  db: Database;
  site: SiteRow;
  member: Member;
  /** Development: URLs may point at private and loopback addresses. */
  dev: boolean;
}

const NOT_FOUND = 'This webhook does not exist.';

/** `whsec_` + base64 of 32 random bytes, as Standard Webhooks libraries expect. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the secret's decoded bytes. */
export function signPayload(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The headers of one attempt (a fresh timestamp each time; the id and body never change). */
export function webhookHeaders(
  secret: string,
  id: string,
  body: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'Kith-Webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload(secret, id, timestamp, body),
  };
}

async function checkedUrl(url: string, dev: boolean): Promise<string> {
  try {
    return (await assertPublicUrl(url, dev)).href;
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw invalidField('url', error.message);
    throw error;
  }
}

// ---- staff: subscriptions ------------------------------------------------------------------------------

export async function listWebhooks(ctx: WebhookContext): Promise<{ items: Subscription[] }> {
  assertStaff(ctx.member);
  return { items: await webhooksDb.listSubscriptions(ctx.db, ctx.site.id) };
}

export async function createWebhook(
  ctx: WebhookContext,
  input: { url: string; events: WebhookEventType[]; description?: string | undefined },
): Promise<Subscription & { secret: string }> {
  assertStaff(ctx.member);
  const url = await checkedUrl(input.url, ctx.dev);
  const secret = newWebhookSecret();
  const created = await webhooksDb.insertSubscription(ctx.db, {
    site: ctx.site.id,
    id: `wh_${randomUUID().replace(/-/g, '')}`,
    url,
    events: input.events,
    description: input.description || null,
    secret,
  });
  return { ...created, secret };
}

export async function changeWebhook(
  ctx: WebhookContext,
  id: string,
  patch: {
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    active?: boolean | undefined;
    description?: string | null | undefined;
  },
): Promise<Subscription> {
  assertStaff(ctx.member);
  const url = patch.url === undefined ? undefined : await checkedUrl(patch.url, ctx.dev);
  const updated = await webhooksDb.updateSubscription(ctx.db, ctx.site.id, id, {
    ...patch,
    url,
    ...(patch.description !== undefined && { description: patch.description || null }),
  });
  if (!updated) throw notFound(NOT_FOUND);
  return updated;
}

export async function deleteWebhook(ctx: WebhookContext, id: string): Promise<void> {
  assertStaff(ctx.member);
  if (!(await webhooksDb.deleteSubscription(ctx.db, ctx.site.id, id))) throw notFound(NOT_FOUND);
}

async function subscriptionOf(ctx: WebhookContext, id: string) {
  assertStaff(ctx.member);
  const subscription = await webhooksDb.findSubscription(ctx.db, ctx.site.id, id);
  if (!subscription) throw notFound(NOT_FOUND);
  return subscription;
}

export async function listDeliveries(
  ctx: WebhookContext,
  id: string,
  read: { limit: number; cursor?: string | undefined },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  await subscriptionOf(ctx, id);
  if (read.cursor !== undefined && !/^\d{1,19}$/.test(read.cursor)) {
    throw invalidField('cursor', 'Unknown cursor.');
  }
  const page = await webhooksDb.listDeliveries(ctx.db, {
    site: ctx.site.id,
    subscription: id,
    limit: read.limit,
    beforeSeq: read.cursor ?? null,
  });
  return { items: page.items, nextCursor: page.more ? page.lastSeq : null };
}

export async function redeliver(
  ctx: WebhookContext,
  id: string,
  deliveryId: string,
): Promise<{ id: string; status: 'pending' }> {
  await subscriptionOf(ctx, id);
  if (!(await webhooksDb.redeliver(ctx.db, ctx.site.id, id, deliveryId))) {
    throw notFound('This delivery does not exist.');
  }
  return { id: deliveryId, status: 'pending' };
}

/** Queues a `webhook.ping` to the subscription (also when it listens to no such event). */
export async function ping(
  ctx: WebhookContext,
  id: string,
): Promise<{ id: string; status: 'pending' }> {
  const subscription = await subscriptionOf(ctx, id);
  const deliveryId = `msg_${randomUUID().replace(/-/g, '')}`;
  const payload = JSON.stringify({
    type: 'webhook.ping',
    timestamp: new Date().toISOString(),
    data: { site: ctx.site.id, webhookId: subscription.id, sentBy: ctx.member.id },
  });
  await webhooksDb.enqueueDelivery(ctx.db, {
    id: deliveryId,
    site: ctx.site.id,
    subscription: subscription.id,
    type: 'webhook.ping',
    payload,
  });
  return { id: deliveryId, status: 'pending' };
}

// ---- payloads --------------------------------------------------------------------------------------------

/** Excerpts in payloads are longer than in notifications: a helpdesk ticket shows them. */
const EXCERPT = 280;

async function questionData(db: Queryable, site: string, id: string) {
  const q = await webhooksDb.questionFacts(db, site, id);
  if (!q) return { question: { id } };
  return {
    question: {
      id: q.id,
      topic: q.topic,
      title: q.title,
      excerpt: plainExcerpt(q.bodyHtml, EXCERPT),
      pageUrl: postLink(q.pageUrl, 'question', q.id),
      author: q.author,
      createdAt: q.createdAt,
      answerCount: q.answerCount,
      escalatedAt: q.escalatedAt,
      escalatedBy: q.escalatedBy,
      escalationResolvedAt: q.escalationResolvedAt,
    },
  };
}

async function answerData(db: Queryable, site: string, id: string) {
  const a = await webhooksDb.answerFacts(db, site, id);
  if (!a) return { answer: { id } };
  return {
    answer: {
      id: a.id,
      questionId: a.questionId,
      questionTitle: a.questionTitle,
      excerpt: plainExcerpt(a.bodyHtml, EXCERPT),
      pageUrl: postLink(a.pageUrl, 'question', a.questionId),
      author: a.author,
      byStaff: a.authorRoles.includes('staff') || a.authorRoles.includes('moderator'),
      accepted: a.accepted,
      createdAt: a.createdAt,
    },
  };
}

async function targetData(
  db: Queryable,
  site: SiteRow,
  event: webhooksDb.EventRow,
): Promise<Record<string, unknown>> {
  const p = event.payload;
  switch (event.type) {
    case 'question.asked':
      return questionData(db, site.id, event.targetId);
    case 'question.escalated':
      return { by: p.by ?? null, ...(await questionData(db, site.id, event.targetId)) };
    case 'question.escalation-resolved':
      return {
        ...(await questionData(db, site.id, event.targetId)),
        ...(typeof p.answerId === 'string' && (await answerData(db, site.id, p.answerId))),
      };
    case 'answer.posted':
    case 'answer.accepted':
      return answerData(db, site.id, event.targetId);
    case 'idea.submitted':
    case 'idea.status-changed': {
      const idea = await webhooksDb.ideaFacts(db, site.id, event.targetId);
      const change =
        event.type === 'idea.status-changed' ? { from: p.from ?? null, to: p.to ?? null } : {};
      if (!idea) return { idea: { id: event.targetId }, ...change };
      return {
        idea: {
          id: idea.id,
          board: idea.board,
          title: idea.title,
          status: idea.status,
          excerpt: plainExcerpt(idea.bodyHtml, EXCERPT),
          pageUrl: idea.pageUrl,
          author: idea.author,
          createdAt: idea.createdAt,
        },
        ...change,
      };
    }
    case 'review.submitted': {
      const review = await webhooksDb.reviewFacts(db, site.id, event.targetId);
      if (!review) return { review: { id: event.targetId } };
      return {
        review: {
          id: review.id,
          product: review.product,
          stars: review.stars,
          title: review.title,
          excerpt: oneLine(review.body, EXCERPT),
          verifiedPurchase: review.verifiedPurchase,
          pageUrl: review.pageUrl,
          author: review.author,
          createdAt: review.createdAt,
        },
        edited: p.edited === true,
      };
    }
    case 'badge.awarded': {
      const slug = String(p.badge ?? '');
      const rule = badgeRulesOf(site).find((r) => r.slug === slug);
      const name = await webhooksDb.memberName(db, site.id, event.targetId);
      return {
        member: { id: event.targetId, name: name ?? event.targetId },
        badge: { slug, name: rule?.name ?? slug, tier: p.tier ?? rule?.tier ?? null },
      };
    }
    case 'content.flagged':
      return {
        target: { type: event.targetType, id: event.targetId },
        reason: p.reason ?? null,
      };
    default:
      return { target: { type: event.targetType, id: event.targetId } };
  }
}

/**
 * The body of a delivery of `eventId`: `{ type, timestamp, data }`, `data` holding the target as it is
 * now (enough for a helpdesk ticket), who acted, and the site.
 */
export async function buildPayload(db: Queryable, eventId: string): Promise<string | null> {
  const event = await webhooksDb.findEvent(db, eventId);
  if (!event) return null;
  const site = await getSite(db, event.site);
  if (!site) return null;
  const data = {
    site: event.site,
    eventId: event.id,
    actor: event.actor,
    ...(await targetData(db, site, event)),
  };
  return JSON.stringify({ type: event.type, timestamp: event.createdAt, data });
}

/**
 * SQL for webhooks: subscriptions, the outbox of deliveries (filled by the trigger of migration 009 in
 * each event's transaction), claiming due deliveries across instances (`FOR UPDATE SKIP LOCKED` and a
 * lease), outcomes with backoff, the attempt log, and what a payload says about an event's target.
 */
import type { Queryable } from './database.js';
import { iso, isoOrNull } from './rows.js';

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string | null;
}

interface SubscriptionRaw {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date | null;
}

const SUBSCRIPTION_COLUMNS = 'id, url, events, description, active, created_at, updated_at';

function subscriptionFrom(row: SubscriptionRaw): Subscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    createdAt: iso(row.created_at),
    updatedAt: isoOrNull(row.updated_at),
  };
}

export async function insertSubscription(
  db: Queryable,
  input: {
    site: string;
    id: string;
    url: string;
    events: string[];
    description: string | null;
    secret: string;
  },
): Promise<Subscription> {
  const { rows } = await db.query<SubscriptionRaw>(
    `INSERT INTO webhook_subscriptions (id, site, url, events, description, secret)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${SUBSCRIPTION_COLUMNS}`,
    [input.id, input.site, input.url, input.events, input.description, input.secret],
  );
  return subscriptionFrom(rows[0]!);
}

export async function listSubscriptions(db: Queryable, site: string): Promise<Subscription[]> {
  const { rows } = await db.query<SubscriptionRaw>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE site = $1
     ORDER BY created_at, id`,
    [site],
  );
  return rows.map(subscriptionFrom);
}

export async function findSubscription(
  db: Queryable,
  site: string,
  id: string,
): Promise<(Subscription & { secret: string }) | null> {
  const { rows } = await db.query<SubscriptionRaw & { secret: string }>(
    `SELECT ${SUBSCRIPTION_COLUMNS}, secret FROM webhook_subscriptions WHERE site = $1 AND id = $2`,
    [site, id],
  );
  return rows[0] ? { ...subscriptionFrom(rows[0]), secret: rows[0].secret } : null;
}

export async function updateSubscription(
  db: Queryable,
  site: string,
  id: string,
  patch: {
    url?: string | undefined;
    events?: string[] | undefined;
    active?: boolean | undefined;
    description?: string | null | undefined;
  },
): Promise<Subscription | null> {
  const { rows } = await db.query<SubscriptionRaw>(
    `UPDATE webhook_subscriptions SET
       url = coalesce($3, url),
       events = coalesce($4::text[], events),
       active = coalesce($5, active),
       description = CASE WHEN $6 THEN $7 ELSE description END,
       updated_at = now()
     WHERE site = $1 AND id = $2 RETURNING ${SUBSCRIPTION_COLUMNS}`,
    [
      site,
      id,
      patch.url ?? null,
      patch.events ?? null,
      patch.active ?? null,
      patch.description !== undefined,
      patch.description ?? null,
    ],
  );
  return rows[0] ? subscriptionFrom(rows[0]) : null;
}

export async function deleteSubscription(
  db: Queryable,
  site: string,
  id: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    'DELETE FROM webhook_subscriptions WHERE site = $1 AND id = $2',
    [site, id],
  );
  return rowCount > 0;
}

// ---- deliveries and their log -------------------------------------------------------------------------

export interface Attempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  status: number | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  lastStatus: number | null;
  lastError: string | null;
  log: Attempt[];
}

interface DeliveryRaw {
  id: string;
  seq: string;
  type: string;
  status: Delivery['status'];
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
  last_status: number | null;
  last_error: string | null;
  log: {
    attempt: number;
    started_at: string;
    duration_ms: number;
    status: number | null;
    error: string | null;
  }[];
}

/** A subscription's deliveries, newest first, each with its attempts (oldest first). */
export async function listDeliveries(
  db: Queryable,
  query: { site: string; subscription: string; limit: number; beforeSeq: string | null },
): Promise<{ items: Delivery[]; lastSeq: string | null; more: boolean }> {
  const { rows } = await db.query<DeliveryRaw>(
    `SELECT d.id, d.seq::text AS seq, d.type, d.status, d.attempts, d.next_attempt_at,
       d.delivered_at, d.created_at, d.last_status, d.last_error,
       (SELECT coalesce(json_agg(json_build_object(
           'attempt', a.attempt, 'started_at', a.started_at, 'duration_ms', a.duration_ms,
           'status', a.status, 'error', a.error) ORDER BY a.id), '[]'::json)
        FROM webhook_attempts a WHERE a.delivery = d.id) AS log
     FROM webhook_deliveries d
     WHERE d.site = $1 AND d.subscription = $2 AND ($3::bigint IS NULL OR d.seq < $3::bigint)
     ORDER BY d.seq DESC
     LIMIT $4`,
    [query.site, query.subscription, query.beforeSeq, query.limit + 1],
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      type: row.type,
      status: row.status,
      attempts: Number(row.attempts),
      nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
      deliveredAt: isoOrNull(row.delivered_at),
      createdAt: iso(row.created_at),
      lastStatus: row.last_status === null ? null : Number(row.last_status),
      lastError: row.last_error,
      log: row.log.map((a) => ({
        attempt: Number(a.attempt),
        startedAt: iso(a.started_at),
        durationMs: Number(a.duration_ms),
        status: a.status === null ? null : Number(a.status),
        error: a.error,
      })),
    })),
    lastSeq: page.at(-1)?.seq ?? null,
    more,
  };
}

/** Sends a delivery again soon (same `webhook-id`, same body), with a fresh count of attempts. */
export async function redeliver(
  db: Queryable,
  site: string,
  subscription: string,
  id: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(),
       delivered_at = NULL
     WHERE site = $1 AND subscription = $2 AND id = $3`,
    [site, subscription, id],
  );
  return rowCount > 0;
}

/** A delivery with its payload ready (`webhook.ping`). */
export async function enqueueDelivery(
  db: Queryable,
  input: { id: string; site: string; subscription: string; type: string; payload: string },
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (id, site, subscription, type, payload)
     VALUES ($1, $2, $3, $4, $5)`,
    [input.id, input.site, input.subscription, input.type, input.payload],
  );
}

export interface ClaimedDelivery {
  id: string;
  site: string;
  type: string;
  event: string | null;
  payload: string | null;
  /** This attempt's number (1 for the first). */
  attempt: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries of active subscriptions: counts the attempt and moves
 * `next_attempt_at` past the lease, so no other instance takes them while this one sends. Rows other
 * transactions hold are skipped.
 */
export async function claimDue(
  tx: Queryable,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await tx.query<{
    id: string;
    site: string;
    type: string;
    event: string | null;
    payload: string | null;
    attempts: number;
    url: string;
    secret: string;
  }>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription AND s.active
       WHERE d.status = 'pending' AND d.next_attempt_at <= now()
       ORDER BY d.next_attempt_at
       LIMIT $1
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d
     SET attempts = d.attempts + 1,
       next_attempt_at = now() + $2::double precision * interval '1 millisecond'
     FROM due, webhook_subscriptions s
     WHERE d.id = due.id AND s.id = d.subscription AND d.status = 'pending'
     RETURNING d.id, d.site, d.type, d.event::text AS event, d.payload, d.attempts, s.url, s.secret`,
    [limit, leaseMs],
  );
  return rows.map((row) => ({
    id: row.id,
    site: row.site,
    type: row.type,
    event: row.event,
    payload: row.payload,
    attempt: Number(row.attempts),
    url: row.url,
    secret: row.secret,
  }));
}

/** Stores the body built for the first attempt (kept for every later one). */
export async function setPayload(db: Queryable, id: string, payload: string): Promise<void> {
  await db.query('UPDATE webhook_deliveries SET payload = $2 WHERE id = $1 AND payload IS NULL', [
    id,
    payload,
  ]);
}

export async function recordAttempt(
  db: Queryable,
  delivery: string,
  attempt: Attempt,
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_attempts (delivery, attempt, started_at, duration_ms, status, error)
     VALUES ($1, $2, $3::timestamptz, $4, $5, $6)`,
    [
      delivery,
      attempt.attempt,
      attempt.startedAt,
      attempt.durationMs,
      attempt.status,
      attempt.error,
    ],
  );
}

/** A 2xx: delivered (also when another instance retried it after the lease meanwhile). */
export async function markDelivered(db: Queryable, id: string, status: number): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(), last_status = $2,
       last_error = NULL
     WHERE id = $1 AND status = 'pending'`,
    [id, status],
  );
}

/**
 * A failed attempt: retried after `retryInMs`, or `failed` once it was attempt `maxAttempts`. Only
 * while the attempt is still the latest (an expired lease may have let another instance claim it).
 */
export async function markFailed(
  db: Queryable,
  input: {
    id: string;
    attempt: number;
    status: number | null;
    error: string | null;
    retryInMs: number;
    maxAttempts: number;
  },
): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET last_status = $3, last_error = $4,
       status = CASE WHEN attempts >= $6 THEN 'failed' ELSE 'pending' END,
       next_attempt_at = now() + $5::double precision * interval '1 millisecond'
     WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [input.id, input.attempt, input.status, input.error, input.retryInMs, input.maxAttempts],
  );
}

// ---- what a payload says -----------------------------------------------------------------------------

export interface EventRow {
  id: string;
  site: string;
  type: string;
  actor: { id: string; name: string } | null;
  targetType: string;
  targetId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export async function findEvent(db: Queryable, id: string): Promise<EventRow | null> {
  const { rows } = await db.query<{
    id: string;
    site: string;
    type: string;
    actor_id: string | null;
    actor_name: string | null;
    target_type: string;
    target_id: string;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT e.id::text AS id, e.site, e.type, e.actor AS actor_id, m.name AS actor_name,
       e.target_type, e.target_id, e.payload, e.created_at
     FROM community_events e
     LEFT JOIN members m ON m.site = e.site AND m.id = e.actor
     WHERE e.id = $1::bigint`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    site: row.site,
    type: row.type,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? row.actor_id } : null,
    targetType: row.target_type,
    targetId: row.target_id,
    payload: row.payload,
    createdAt: iso(row.created_at),
  };
}

export interface Author {
  id: string;
  name: string;
}

export interface QuestionFacts {
  id: string;
  topic: string;
  title: string;
  bodyHtml: string;
  pageUrl: string | null;
  author: Author;
  createdAt: string;
  escalatedAt: string | null;
  escalatedBy: string | null;
  escalationResolvedAt: string | null;
  answerCount: number;
}

export async function questionFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<QuestionFacts | null> {
  const { rows } = await db.query<{
    id: string;
    topic: string;
    title: string;
    body_html: string;
    page_url: string | null;
    author_id: string;
    author_name: string;
    created_at: Date;
    escalated_at: Date | null;
    escalated_by: string | null;
    escalation_resolved_at: Date | null;
    answer_count: number;
  }>(
    `SELECT q.id, q.topic, q.title, q.body_html, q.page_url, m.id AS author_id,
       m.name AS author_name, q.created_at, q.escalated_at, q.escalated_by,
       q.escalation_resolved_at, q.answer_count
     FROM questions q JOIN members m ON m.site = q.site AND m.id = q.author
     WHERE q.site = $1 AND q.id = $2`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        topic: row.topic,
        title: row.title,
        bodyHtml: row.body_html,
        pageUrl: row.page_url,
        author: { id: row.author_id, name: row.author_name },
        createdAt: iso(row.created_at),
        escalatedAt: isoOrNull(row.escalated_at),
        escalatedBy: row.escalated_by,
        escalationResolvedAt: isoOrNull(row.escalation_resolved_at),
        answerCount: Number(row.answer_count),
      }
    : null;
}

export interface AnswerFacts {
  id: string;
  questionId: string;
  questionTitle: string;
  bodyHtml: string;
  pageUrl: string | null;
  author: Author;
  authorRoles: string[];
  createdAt: string;
  accepted: boolean;
}

export async function answerFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<AnswerFacts | null> {
  const { rows } = await db.query<{
    id: string;
    question_id: string;
    question_title: string;
    body_html: string;
    page_url: string | null;
    author_id: string;
    author_name: string;
    author_roles: string[];
    created_at: Date;
    accepted: boolean;
  }>(
    `SELECT a.id, a.question_id, q.title AS question_title, a.body_html,
       coalesce(a.page_url, q.page_url) AS page_url, m.id AS author_id, m.name AS author_name,
       m.roles AS author_roles, a.created_at,
       (q.accepted_answer_id IS NOT NULL AND q.accepted_answer_id = a.id) AS accepted
     FROM answers a
     JOIN questions q ON q.site = a.site AND q.id = a.question_id
     JOIN members m ON m.site = a.site AND m.id = a.author
     WHERE a.site = $1 AND a.id = $2`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        questionId: row.question_id,
        questionTitle: row.question_title,
        bodyHtml: row.body_html,
        pageUrl: row.page_url,
        author: { id: row.author_id, name: row.author_name },
        authorRoles: row.author_roles,
        createdAt: iso(row.created_at),
        accepted: row.accepted === true,
      }
    : null;
}

export async function ideaFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<{
  id: string;
  board: string;
  title: string;
  status: string;
  bodyHtml: string;
  pageUrl: string | null;
  author: Author;
  createdAt: string;
} | null> {
  const { rows } = await db.query<{
    id: string;
    board: string;
    title: string;
    status: string;
    body_html: string;
    page_url: string | null;
    author_id: string;
    author_name: string;
    created_at: Date;
  }>(
    `SELECT i.id, i.board, i.title, i.status, i.body_html, i.page_url, m.id AS author_id,
       m.name AS author_name, i.created_at
     FROM ideas i JOIN members m ON m.site = i.site AND m.id = i.author
     WHERE i.site = $1 AND i.id = $2`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        board: row.board,
        title: row.title,
        status: row.status,
        bodyHtml: row.body_html,
        pageUrl: row.page_url,
        author: { id: row.author_id, name: row.author_name },
        createdAt: iso(row.created_at),
      }
    : null;
}

export async function reviewFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<{
  id: string;
  product: string;
  stars: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
  pageUrl: string | null;
  author: Author;
  createdAt: string;
} | null> {
  const { rows } = await db.query<{
    id: string;
    product: string;
    rating: number;
    title: string;
    body: string;
    verified_purchase: boolean;
    page_url: string | null;
    author_id: string;
    author_name: string;
    created_at: Date;
  }>(
    `SELECT r.id, r.product, r.rating, r.title, r.body, r.verified_purchase, r.page_url,
       m.id AS author_id, m.name AS author_name, r.created_at
     FROM reviews r JOIN members m ON m.site = r.site AND m.id = r.author
     WHERE r.site = $1 AND r.id = $2`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        product: row.product,
        stars: Number(row.rating),
        title: row.title,
        body: row.body,
        verifiedPurchase: row.verified_purchase,
        pageUrl: row.page_url,
        author: { id: row.author_id, name: row.author_name },
        createdAt: iso(row.created_at),
      }
    : null;
}

export async function memberName(db: Queryable, site: string, id: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM members WHERE site = $1 AND id = $2',
    [site, id],
  );
  return rows[0]?.name ?? null;
}

/** The delivery log keeps 30 days: finished deliveries (and their attempts) older than that go. */
export async function deleteOldDeliveries(db: Queryable): Promise<void> {
  await db.query(
    `DELETE FROM webhook_deliveries
     WHERE status <> 'pending' AND created_at < now() - interval '30 days'`,
  );
}

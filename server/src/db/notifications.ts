/**
 * SQL for notifications and question followers: following a question (automatically or by choice),
 * writing notifications for their recipients (with their mail state), the member's pages, marking
 * them read, the facts of the posts an event is about, the mail job's claims and unsubscribing. The
 * rules (who is told what) are in `domain/notifications.ts`.
 */
import type { Notification, TargetType, Visibility } from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { EXCERPT_MAX, oneLine } from '../text.js';
import { AUTHOR_COLUMNS, authorFrom, iso, type AuthorRow } from './rows.js';

// ---- question followers ----------------------------------------------------------------------------

/**
 * The member follows the question because they acted on it. `renew`: also after they unfollowed
 * (asking, answering); otherwise (voting) an unfollow stays.
 */
export async function followQuestionFor(
  db: Queryable,
  site: string,
  questionId: string,
  member: string,
  renew: boolean,
): Promise<void> {
  await db.query(
    `INSERT INTO question_followers (site, question_id, member) VALUES ($1, $2, $3)
     ON CONFLICT (site, question_id, member) DO ${
       renew
         ? 'UPDATE SET following = true, updated_at = now() WHERE NOT question_followers.following'
         : 'NOTHING'
     }`,
    [site, questionId, member],
  );
}

/** The member's choice: follow or unfollow (remembered). */
export async function setQuestionFollowing(
  db: Queryable,
  site: string,
  questionId: string,
  member: string,
  following: boolean,
): Promise<void> {
  await db.query(
    `INSERT INTO question_followers (site, question_id, member, following) VALUES ($1, $2, $3, $4)
     ON CONFLICT (site, question_id, member)
     DO UPDATE SET following = excluded.following, updated_at = now()
     WHERE question_followers.following IS DISTINCT FROM excluded.following`,
    [site, questionId, member, following],
  );
}

export async function isFollowingQuestion(
  db: Queryable,
  site: string,
  questionId: string,
  member: string,
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM question_followers
     WHERE site = $1 AND question_id = $2 AND member = $3 AND following`,
    [site, questionId, member],
  );
  return rows.length > 0;
}

export async function questionFollowers(
  db: Queryable,
  site: string,
  questionId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ member: string }>(
    `SELECT member FROM question_followers WHERE site = $1 AND question_id = $2 AND following`,
    [site, questionId],
  );
  return rows.map((r) => r.member);
}

export async function ideaFollowers(
  db: Queryable,
  site: string,
  ideaId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ member: string }>(
    `SELECT member FROM idea_followers WHERE site = $1 AND idea_id = $2`,
    [site, ideaId],
  );
  return rows.map((r) => r.member);
}

// ---- writing notifications ---------------------------------------------------------------------------

export interface NewNotification {
  site: string;
  kind: string;
  title: string;
  excerpt: string;
  actor: string | null;
  targetType: TargetType | 'member';
  targetId: string;
  pageUrl: string | null;
}

/**
 * One notification per recipient (erased members and unknown ids are left out). Its mail is due now
 * when the member has an address, has not unsubscribed, and the site sends mail (settings
 * `email.enabled`, default true). Returns how many were written.
 */
export async function insertNotifications(
  db: Queryable,
  n: NewNotification,
  recipients: string[],
): Promise<number> {
  if (!recipients.length) return 0;
  const { rowCount } = await db.query(
    `WITH mail AS (
       SELECT m.site, m.id,
         m.email IS NOT NULL AND m.email_unsubscribed_at IS NULL
           AND coalesce(s.settings -> 'email' ->> 'enabled', 'true') = 'true' AS due
       FROM members m JOIN sites s ON s.id = m.site
       WHERE m.site = $1 AND m.id = ANY($2::text[]) AND m.erased_at IS NULL
     )
     INSERT INTO notifications (site, member, kind, title, excerpt, actor, target_type, target_id,
       page_url, email_state, email_due_at)
     SELECT site, id, $3, $4, $5, $6, $7, $8, $9,
       CASE WHEN due THEN 'pending' END, CASE WHEN due THEN now() END
     FROM mail ORDER BY id`,
    [
      n.site,
      [...new Set(recipients)],
      n.kind,
      oneLine(n.title) || n.kind,
      oneLine(n.excerpt, EXCERPT_MAX),
      n.actor,
      n.targetType,
      n.targetId,
      n.pageUrl,
    ],
  );
  return rowCount;
}

// ---- reading and marking -----------------------------------------------------------------------------

interface NotificationRaw extends Partial<AuthorRow> {
  id: string;
  kind: string;
  title: string;
  excerpt: string;
  target_type: Notification['targetType'];
  target_id: string;
  page_url: string | null;
  created_at: Date;
  read: boolean;
}

/** The member's notifications, newest first, after the id `beforeId` when given; `limit + 1` rows. */
export async function selectNotifications(
  db: Queryable,
  site: string,
  member: string,
  limit: number,
  beforeId: string | null,
): Promise<Notification[]> {
  const { rows } = await db.query<NotificationRaw>(
    `SELECT n.id::text AS id, n.kind, n.title, n.excerpt, n.target_type, n.target_id, n.page_url,
       n.created_at, n.read_at IS NOT NULL AS read, ${AUTHOR_COLUMNS}
     FROM notifications n
     LEFT JOIN members m ON m.site = n.site AND m.id = n.actor
     WHERE n.site = $1 AND n.member = $2 AND ($3::bigint IS NULL OR n.id < $3::bigint)
     ORDER BY n.id DESC
     LIMIT $4`,
    [site, member, beforeId, limit + 1],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    actor: row.author_id ? authorFrom(row as AuthorRow) : null,
    excerpt: row.excerpt,
    targetType: row.target_type,
    targetId: row.target_id,
    ...(row.page_url && { pageUrl: row.page_url }),
    createdAt: iso(row.created_at),
    read: row.read === true,
  }));
}

export async function countNotifications(
  db: Queryable,
  site: string,
  member: string,
): Promise<{ total: number; unread: number }> {
  const { rows } = await db.query<{ total: number; unread: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
     FROM notifications WHERE site = $1 AND member = $2`,
    [site, member],
  );
  return { total: Number(rows[0]?.total ?? 0), unread: Number(rows[0]?.unread ?? 0) };
}

/** Marks the member's notifications read (`ids`: theirs among them; others' ids change nothing). */
export async function markNotificationsRead(
  db: Queryable,
  site: string,
  member: string,
  ids: string[] | 'all',
): Promise<void> {
  await db.query(
    `UPDATE notifications SET read_at = now()
     WHERE site = $1 AND member = $2 AND read_at IS NULL
       AND ($3::boolean OR id = ANY($4::bigint[]))`,
    [site, member, ids === 'all', ids === 'all' ? [] : ids],
  );
}

// ---- the facts of the posts events are about --------------------------------------------------------

export interface QuestionFacts {
  id: string;
  author: string;
  title: string;
  pageUrl: string | null;
  visibility: Visibility;
  bodyHtml: string;
}

export async function questionFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<QuestionFacts | null> {
  const { rows } = await db.query<{
    id: string;
    author: string;
    title: string;
    page_url: string | null;
    visibility: Visibility;
    body_html: string;
  }>(
    `SELECT id, author, title, page_url, visibility, body_html
     FROM questions WHERE site = $1 AND id = $2`,
    [site, id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        author: r.author,
        title: r.title,
        pageUrl: r.page_url,
        visibility: r.visibility,
        bodyHtml: r.body_html,
      }
    : null;
}

export interface ReplyFacts {
  /** The answer or comment. */
  id: string;
  author: string;
  bodyHtml: string;
  pageUrl: string | null;
  /** The post and its question or idea are visible. */
  visible: boolean;
  /** The question or idea. */
  parentId: string;
  parentAuthor: string;
  parentTitle: string;
  parentPageUrl: string | null;
}

type ReplyRaw = {
  id: string;
  author: string;
  body_html: string;
  page_url: string | null;
  visible: boolean;
  parent_id: string;
  parent_author: string;
  parent_title: string;
  parent_page_url: string | null;
};

const replyFrom = (r: ReplyRaw): ReplyFacts => ({
  id: r.id,
  author: r.author,
  bodyHtml: r.body_html,
  pageUrl: r.page_url,
  visible: r.visible,
  parentId: r.parent_id,
  parentAuthor: r.parent_author,
  parentTitle: r.parent_title,
  parentPageUrl: r.parent_page_url,
});

export async function answerFacts(
  db: Queryable,
  site: string,
  answerId: string,
): Promise<ReplyFacts | null> {
  const { rows } = await db.query<ReplyRaw>(
    `SELECT a.id, a.author, a.body_html, a.page_url,
       a.visibility = 'visible' AND q.visibility = 'visible' AS visible,
       q.id AS parent_id, q.author AS parent_author, q.title AS parent_title,
       q.page_url AS parent_page_url
     FROM answers a JOIN questions q ON q.site = a.site AND q.id = a.question_id
     WHERE a.site = $1 AND a.id = $2`,
    [site, answerId],
  );
  return rows[0] ? replyFrom(rows[0]) : null;
}

export async function commentFacts(
  db: Queryable,
  site: string,
  commentId: string,
): Promise<ReplyFacts | null> {
  const { rows } = await db.query<ReplyRaw>(
    `SELECT c.id, c.author, c.body_html, c.page_url,
       c.visibility = 'visible' AND i.visibility = 'visible' AS visible,
       i.id AS parent_id, i.author AS parent_author, i.title AS parent_title,
       i.page_url AS parent_page_url
     FROM idea_comments c JOIN ideas i ON i.site = c.site AND i.id = c.idea_id
     WHERE c.site = $1 AND c.id = $2`,
    [site, commentId],
  );
  return rows[0] ? replyFrom(rows[0]) : null;
}

export interface ReviewFacts {
  id: string;
  author: string;
  product: string;
  title: string;
  pageUrl: string | null;
  visible: boolean;
  reply: string | null;
}

export async function reviewFacts(
  db: Queryable,
  site: string,
  id: string,
): Promise<ReviewFacts | null> {
  const { rows } = await db.query<{
    id: string;
    author: string;
    product: string;
    title: string;
    page_url: string | null;
    visible: boolean;
    reply_body: string | null;
  }>(
    `SELECT id, author, product, title, page_url, visibility = 'visible' AS visible, reply_body
     FROM reviews WHERE site = $1 AND id = $2`,
    [site, id],
  );
  const r = rows[0];
  return r
    ? {
        id: r.id,
        author: r.author,
        product: r.product,
        title: r.title,
        pageUrl: r.page_url,
        visible: r.visible,
        reply: r.reply_body,
      }
    : null;
}

// ---- mail ----------------------------------------------------------------------------------------

export interface MailRow {
  id: string;
  site: string;
  member: string;
  kind: string;
  title: string;
  excerpt: string;
  pageUrl: string | null;
  actorName: string | null;
  createdAt: string;
  read: boolean;
  attempts: number;
  email: string | null;
  unsubscribed: boolean;
}

/**
 * Claims up to `limit` notifications whose mail is due (pending, or sending with a lapsed lease: an
 * instance stopped while sending), for `leaseSeconds`: rows another instance is claiming are skipped,
 * so no two instances hold one mail at once.
 */
export async function claimDueMail(
  db: Queryable,
  limit: number,
  leaseSeconds: number,
): Promise<MailRow[]> {
  const { rows } = await db.query<{
    id: string;
    site: string;
    member: string;
    kind: string;
    title: string;
    excerpt: string;
    page_url: string | null;
    actor_name: string | null;
    created_at: Date;
    read: boolean;
    attempts: number;
    email: string | null;
    unsubscribed: boolean;
  }>(
    `WITH due AS (
       SELECT id FROM notifications
       WHERE email_state IN ('pending', 'sending') AND email_due_at <= now()
       ORDER BY email_due_at, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE notifications n
     SET email_state = 'sending', email_attempts = n.email_attempts + 1,
       email_due_at = now() + make_interval(secs => $2::int)
     FROM due, members m
     WHERE n.id = due.id AND m.site = n.site AND m.id = n.member
     RETURNING n.id::text AS id, n.site, n.member, n.kind, n.title, n.excerpt, n.page_url,
       (SELECT a.name FROM members a WHERE a.site = n.site AND a.id = n.actor) AS actor_name,
       n.created_at, n.read_at IS NOT NULL AS read, n.email_attempts AS attempts, m.email,
       m.email_unsubscribed_at IS NOT NULL AS unsubscribed`,
    [limit, leaseSeconds],
  );
  return rows.map((r) => ({
    id: r.id,
    site: r.site,
    member: r.member,
    kind: r.kind,
    title: r.title,
    excerpt: r.excerpt,
    pageUrl: r.page_url,
    actorName: r.actor_name,
    createdAt: iso(r.created_at),
    read: r.read === true,
    attempts: Number(r.attempts),
    email: r.email,
    unsubscribed: r.unsubscribed === true,
  }));
}

/** The claimed mail's outcome: `sent`, `failed`, `skipped`, or `retry` after `retrySeconds`. */
export async function settleMail(
  db: Queryable,
  id: string,
  outcome: 'sent' | 'failed' | 'skipped' | 'retry',
  retrySeconds = 0,
): Promise<void> {
  await db.query(
    `UPDATE notifications SET
       email_state = CASE WHEN $2 = 'retry' THEN 'pending' ELSE $2 END,
       email_due_at = CASE WHEN $2 = 'retry' THEN now() + make_interval(secs => $3::int) END,
       emailed_at = CASE WHEN $2 = 'sent' THEN now() ELSE emailed_at END
     WHERE id = $1::bigint AND email_state = 'sending'`,
    [id, outcome, retrySeconds],
  );
}

/** Mail that waited longer than `maxAgeSeconds` (no SMTP configured meanwhile) is not sent any more. */
export async function skipStaleMail(db: Queryable, maxAgeSeconds: number): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE notifications SET email_state = 'skipped', email_due_at = NULL
     WHERE email_state = 'pending' AND email_due_at < now() - make_interval(secs => $1::int)`,
    [maxAgeSeconds],
  );
  return rowCount;
}

/**
 * No more notification mail for the member (in-app notifications continue); mail not sent yet is
 * skipped. Returns false for an unknown member.
 */
export async function unsubscribeMember(
  db: Queryable,
  site: string,
  member: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE members SET email_unsubscribed_at = coalesce(email_unsubscribed_at, now())
     WHERE site = $1 AND id = $2`,
    [site, member],
  );
  if (!rowCount) return false;
  await db.query(
    `UPDATE notifications SET email_state = 'skipped', email_due_at = NULL
     WHERE site = $1 AND member = $2 AND email_state = 'pending'`,
    [site, member],
  );
  return true;
}

/**
 * SQL for the Atom feeds: the latest visible entries of a topic (questions and answers), a board (ideas
 * and their status changes) and a product (reviews), newest first. Held, hidden and deleted posts, and
 * posts under a question or idea that is not visible, are never in a feed; merged duplicates neither.
 */
import type { Queryable } from './database.js';
import { iso } from './rows.js';

export interface FeedEntryRow {
  kind: 'question' | 'answer' | 'idea' | 'status' | 'review';
  id: string;
  /** The question or idea it is about (itself for questions and ideas); the review for reviews. */
  parentId: string;
  title: string;
  /** Sanitised HTML (reviews: their text escaped into paragraphs); `null`: a status change without a response. */
  html: string | null;
  pageUrl: string | null;
  authorName: string;
  published: string;
  updated: string;
  /** Status changes: the new status and its label; reviews: the stars. */
  status: string | null;
  statusLabel: string | null;
  rating: number | null;
}

interface Raw {
  kind: FeedEntryRow['kind'];
  id: string;
  parent_id: string;
  title: string;
  html: string | null;
  page_url: string | null;
  author_name: string;
  published: Date;
  updated: Date;
  status: string | null;
  status_label: string | null;
  rating: number | null;
}

const fromRow = (r: Raw): FeedEntryRow => ({
  kind: r.kind,
  id: r.id,
  parentId: r.parent_id,
  title: r.title,
  html: r.html,
  pageUrl: r.page_url,
  authorName: r.author_name,
  published: iso(r.published),
  updated: iso(r.updated),
  status: r.status,
  statusLabel: r.status_label,
  rating: r.rating === null ? null : Number(r.rating),
});

/** The latest questions and answers of a topic. `$1` site, `$2` topic, `$3` limit. */
export async function topicEntries(
  db: Queryable,
  site: string,
  topic: string,
  limit: number,
): Promise<FeedEntryRow[]> {
  const { rows } = await db.query<Raw>(
    `SELECT * FROM (
       (SELECT 'question' AS kind, q.id, q.id AS parent_id, q.title, q.body_html AS html, q.page_url,
          m.name AS author_name, q.created_at AS published,
          coalesce(q.updated_at, q.created_at) AS updated, NULL::text AS status,
          NULL::text AS status_label, NULL::int AS rating, q.seq
        FROM questions q JOIN members m ON m.site = q.site AND m.id = q.author
        WHERE q.site = $1 AND q.topic = $2 AND q.visibility = 'visible'
        ORDER BY q.created_at DESC, q.seq DESC LIMIT $3)
       UNION ALL
       (SELECT 'answer', a.id, q.id, q.title, a.body_html, coalesce(q.page_url, a.page_url),
          m.name, a.created_at, coalesce(a.updated_at, a.created_at), NULL, NULL, NULL, a.seq
        FROM answers a
        JOIN questions q ON q.site = a.site AND q.id = a.question_id
        JOIN members m ON m.site = a.site AND m.id = a.author
        WHERE a.site = $1 AND q.topic = $2 AND a.visibility = 'visible'
          AND q.visibility = 'visible'
        ORDER BY a.created_at DESC, a.seq DESC LIMIT $3)
     ) e
     ORDER BY published DESC, seq DESC LIMIT $3`,
    [site, topic, limit],
  );
  return rows.map(fromRow);
}

/** The latest ideas of a board and changes of its ideas' statuses. */
export async function boardEntries(
  db: Queryable,
  site: string,
  board: string,
  limit: number,
): Promise<FeedEntryRow[]> {
  const { rows } = await db.query<Raw>(
    `SELECT * FROM (
       (SELECT 'idea' AS kind, i.id, i.id AS parent_id, i.title, i.body_html AS html, i.page_url,
          m.name AS author_name, i.created_at AS published,
          coalesce(i.updated_at, i.created_at) AS updated, NULL::text AS status,
          NULL::text AS status_label, NULL::int AS rating, i.seq
        FROM ideas i JOIN members m ON m.site = i.site AND m.id = i.author
        WHERE i.site = $1 AND i.board = $2 AND i.visibility = 'visible' AND i.merged_into IS NULL
        ORDER BY i.created_at DESC, i.seq DESC LIMIT $3)
       UNION ALL
       (SELECT 'status', c.id::text, i.id, i.title, c.response_html, i.page_url, m.name,
          c.changed_at, c.changed_at, c.to_status, s.label, NULL, c.id
        FROM idea_status_changes c
        JOIN ideas i ON i.site = c.site AND i.id = c.idea_id
        JOIN members m ON m.site = c.site AND m.id = c.changed_by
        LEFT JOIN board_statuses s ON s.site = i.site AND s.board = i.board AND s.slug = c.to_status
        WHERE c.site = $1 AND i.board = $2 AND i.visibility = 'visible' AND i.merged_into IS NULL
        ORDER BY c.changed_at DESC, c.id DESC LIMIT $3)
     ) e
     ORDER BY published DESC, seq DESC LIMIT $3`,
    [site, board, limit],
  );
  return rows.map(fromRow);
}

/** The latest reviews of a product. */
export async function productEntries(
  db: Queryable,
  site: string,
  product: string,
  limit: number,
): Promise<FeedEntryRow[]> {
  const { rows } = await db.query<Raw>(
    `SELECT 'review' AS kind, r.id, r.id AS parent_id, r.title, r.body_html AS html, r.page_url,
       m.name AS author_name, r.created_at AS published,
       coalesce(r.updated_at, r.created_at) AS updated, NULL AS status, NULL AS status_label,
       r.rating
     FROM reviews r JOIN members m ON m.site = r.site AND m.id = r.author
     WHERE r.site = $1 AND r.product = $2 AND r.visibility = 'visible'
     ORDER BY r.created_at DESC, r.seq DESC LIMIT $3`,
    [site, product, limit],
  );
  return rows.map(fromRow);
}

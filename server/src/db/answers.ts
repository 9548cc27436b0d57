/** SQL for answers: insert, a thread's page (accepted first, then score, then oldest), one, locks. */
import type { Answer, Visibility } from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { AUTHOR_COLUMNS, authorFrom, iso, visibleTo, voteValue, type AuthorRow } from './rows.js';

interface Raw extends AuthorRow {
  id: string;
  question_id: string;
  body_source: string;
  body_html: string;
  page_url: string | null;
  visibility: Visibility;
  upvotes: number;
  downvotes: number;
  created_at: Date;
  updated_at: Date | null;
  accepted: boolean;
  my_vote: number;
}

function selectFrom(viewer: string): string {
  return `SELECT a.id, a.question_id, a.body_source, a.body_html, a.page_url, a.visibility,
      a.upvotes, a.downvotes, a.created_at, a.updated_at, ${AUTHOR_COLUMNS},
      (q.accepted_answer_id IS NOT NULL AND q.accepted_answer_id = a.id) AS accepted,
      coalesce(v.value, 0) AS my_vote
    FROM answers a
    JOIN questions q ON q.site = a.site AND q.id = a.question_id
    JOIN members m ON m.site = a.site AND m.id = a.author
    LEFT JOIN votes v ON v.site = a.site AND v.member = ${viewer}
      AND v.target_type = 'answer' AND v.target_id = a.id`;
}

function fromRow(row: Raw, viewer: string | null): Answer {
  const upvotes = Number(row.upvotes);
  const downvotes = Number(row.downvotes);
  return {
    id: row.id,
    author: authorFrom(row),
    ...(viewer !== null && viewer === row.author_id && { bodySource: row.body_source }),
    bodyHtml: row.body_html,
    createdAt: iso(row.created_at),
    ...(row.updated_at && { updatedAt: iso(row.updated_at) }),
    ...(row.page_url && { pageUrl: row.page_url }),
    visibility: row.visibility,
    score: upvotes - downvotes,
    upvotes,
    downvotes,
    myVote: voteValue(row.my_vote),
    questionId: row.question_id,
    accepted: row.accepted === true,
  };
}

export interface NewAnswer {
  site: string;
  id: string;
  questionId: string;
  author: string;
  bodySource: string;
  bodyHtml: string;
  pageUrl: string | null;
  /** Seeds only; default now. */
  createdAt?: string | null;
  upvotes?: number;
  downvotes?: number;
}

export async function insertAnswer(db: Queryable, a: NewAnswer): Promise<void> {
  await db.query(
    `INSERT INTO answers (site, id, question_id, author, body_source, body_html, page_url,
       created_at, upvotes, downvotes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()), $9, $10)`,
    [
      a.site,
      a.id,
      a.questionId,
      a.author,
      a.bodySource,
      a.bodyHtml,
      a.pageUrl,
      a.createdAt ?? null,
      a.upvotes ?? 0,
      a.downvotes ?? 0,
    ],
  );
}

export async function selectAnswer(
  db: Queryable,
  site: string,
  id: string,
  viewer: string | null,
): Promise<Answer | null> {
  const { rows } = await db.query<Raw>(
    `${selectFrom('$3')} WHERE a.site = $1 AND a.id = $2 AND ${visibleTo('a', '$3')}`,
    [site, id, viewer],
  );
  return rows[0] ? fromRow(rows[0], viewer) : null;
}

/** A page of a question's answers: the accepted one first, then by score, then oldest first. */
export async function selectAnswerPage(
  db: Queryable,
  query: { site: string; questionId: string; viewer: string | null; limit: number; offset: number },
): Promise<{ items: Answer[]; total: number }> {
  const where = `a.site = $1 AND a.question_id = $2 AND ${visibleTo('a', '$3')}`;
  const [page, count] = await Promise.all([
    db.query<Raw>(
      `${selectFrom('$3')} WHERE ${where}
       ORDER BY (q.accepted_answer_id IS NOT NULL AND q.accepted_answer_id = a.id) DESC,
         a.score DESC, a.created_at ASC, a.seq ASC
       LIMIT $4 OFFSET $5`,
      [query.site, query.questionId, query.viewer, query.limit + 1, query.offset],
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM answers a WHERE ${where}`, [
      query.site,
      query.questionId,
      query.viewer,
    ]),
  ]);
  return {
    items: page.rows.map((row) => fromRow(row, query.viewer)),
    total: Number(count.rows[0]?.total ?? 0),
  };
}

export interface LockedAnswer {
  id: string;
  questionId: string;
  author: string;
  visibility: Visibility;
}

export async function lockAnswer(
  db: Queryable,
  site: string,
  id: string,
): Promise<LockedAnswer | null> {
  const { rows } = await db.query<{
    id: string;
    question_id: string;
    author: string;
    visibility: Visibility;
  }>(
    `SELECT id, question_id, author, visibility FROM answers WHERE site = $1 AND id = $2 FOR NO KEY UPDATE`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? { id: row.id, questionId: row.question_id, author: row.author, visibility: row.visibility }
    : null;
}

/** Finds an answer without locking it (to check where it belongs). */
export async function findAnswer(
  db: Queryable,
  site: string,
  id: string,
): Promise<{ id: string; questionId: string; visibility: Visibility } | null> {
  const { rows } = await db.query<{ id: string; question_id: string; visibility: Visibility }>(
    'SELECT id, question_id, visibility FROM answers WHERE site = $1 AND id = $2',
    [site, id],
  );
  const row = rows[0];
  return row ? { id: row.id, questionId: row.question_id, visibility: row.visibility } : null;
}

export async function addAnswerVotes(
  db: Queryable,
  site: string,
  id: string,
  up: number,
  down: number,
): Promise<{ upvotes: number; downvotes: number }> {
  const { rows } = await db.query<{ upvotes: number; downvotes: number }>(
    `UPDATE answers SET upvotes = upvotes + $3, downvotes = downvotes + $4
     WHERE site = $1 AND id = $2 RETURNING upvotes, downvotes`,
    [site, id, up, down],
  );
  return { upvotes: Number(rows[0]!.upvotes), downvotes: Number(rows[0]!.downvotes) };
}

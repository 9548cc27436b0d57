/**
 * SQL for answers: insert, one, a lookup, and a thread's page (accepted first, then score, then oldest)
 * as columns of the question's row (`questions.selectThread`).
 */
import type { Answer, Visibility } from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import {
  AUTHOR_COLUMNS,
  postFrom,
  viewerColumns,
  visibleTo,
  voteValue,
  type PostRow,
} from './rows.js';

/** An answer as a row, or as an element of a thread's JSON page (timestamps then come as text). */
export interface AnswerRow extends PostRow {
  question_id: string;
  upvotes: number;
  downvotes: number;
  accepted: boolean;
  my_vote: number;
}

/**
 * An answer (`a`) with its author (`m`), whether its question (`q`) accepted it, and for the viewer
 * (`viewer`: its placeholder, `null` when nobody is signed in) their vote (`v`, see {@link voteJoin})
 * and, when it is theirs, the Markdown source.
 */
function columns(viewer: string | null): string {
  return `a.id, a.question_id, a.body_html, a.page_url, a.visibility,
      a.upvotes, a.downvotes, a.created_at, a.updated_at, ${AUTHOR_COLUMNS},
      (q.accepted_answer_id IS NOT NULL AND q.accepted_answer_id = a.id) AS accepted,
      ${viewerColumns('a', 'answer', viewer).columns}`;
}

const voteJoin = (viewer: string | null): string => viewerColumns('a', 'answer', viewer).join;

/** A thread's order: the accepted answer first, then by score, then oldest first. */
const THREAD_ORDER = `(q.accepted_answer_id IS NOT NULL AND q.accepted_answer_id = a.id) DESC,
  a.score DESC, a.created_at ASC, a.seq ASC`;

/**
 * Two columns for the row of a question `q`: `answer_total`, how many of its answers the viewer sees,
 * and `answers`, one page of them as a JSON array in thread order (elements: {@link AnswerRow}), so
 * that a thread is one statement. `$3` is the viewer's id; `limit` and `offset` are placeholders.
 */
export function threadPageColumns(viewer: string | null, limit: string, offset: string): string {
  const where = `a.site = q.site AND a.question_id = q.id AND ${visibleTo('a', '$3')}`;
  return `(SELECT count(*)::int FROM answers a WHERE ${where}) AS answer_total,
    (SELECT coalesce(json_agg(page ORDER BY page.ord), '[]'::json) FROM (
       SELECT ${columns(viewer)}, row_number() OVER (ORDER BY ${THREAD_ORDER}) AS ord
       FROM answers a
       JOIN members m ON m.site = a.site AND m.id = a.author
       ${voteJoin(viewer)}
       WHERE ${where}
       ORDER BY ord
       LIMIT ${limit} OFFSET ${offset}
     ) page) AS answers`;
}

export function answerFrom(row: AnswerRow, viewer: string | null): Answer {
  const upvotes = Number(row.upvotes);
  const downvotes = Number(row.downvotes);
  return {
    ...postFrom(row, viewer),
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
  /** `held`: a guest's post, waiting for a moderator (domain/spam.ts); default `visible`. */
  visibility?: Extract<Visibility, 'visible' | 'held'>;
  /** The duplicate check's key (domain/spam.ts `hashOfText`). */
  textHash?: string | null;
}

export async function insertAnswer(db: Queryable, a: NewAnswer): Promise<void> {
  await db.query(
    `INSERT INTO answers (site, id, question_id, author, body_source, body_html, page_url,
       created_at, upvotes, downvotes, visibility, text_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::timestamptz, now()), $9, $10, $11, $12)`,
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
      a.visibility ?? 'visible',
      a.textHash ?? null,
    ],
  );
}

export async function selectAnswer(
  db: Queryable,
  site: string,
  id: string,
  viewer: string | null,
): Promise<Answer | null> {
  const me = viewer === null ? null : '$3';
  const { rows } = await db.query<AnswerRow>(
    `SELECT ${columns(me)}
     FROM answers a
     JOIN questions q ON q.site = a.site AND q.id = a.question_id
     JOIN members m ON m.site = a.site AND m.id = a.author
     ${voteJoin(me)}
     WHERE a.site = $1 AND a.id = $2 AND ${visibleTo('a', '$3')}`,
    [site, id, viewer],
  );
  return rows[0] ? answerFrom(rows[0], viewer) : null;
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

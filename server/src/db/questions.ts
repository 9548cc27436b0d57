/**
 * SQL for questions: insert, pages (four sorts, keyset cursors; full-text search), one, a thread (the
 * question and a page of its answers in one statement), locks, counts.
 */
import type {
  Answer,
  EscalationSource,
  Question,
  QuestionSort,
  Visibility,
} from '../../../src/core/types.js';
import { DEFAULT_ESCALATION, durationMs } from '../schemas.js';
import { answerFrom, threadPageColumns, type AnswerRow } from './answers.js';
import type { Queryable } from './database.js';
import { runPage, searchSql, type TextSearch } from './lists.js';
import {
  AUTHOR_COLUMNS,
  afterRow,
  iso,
  isoOrNull,
  parameters,
  postFrom,
  viewerColumns,
  visibleTo,
  voteValue,
  type PostRow,
} from './rows.js';

interface Raw extends PostRow {
  topic: string;
  title: string;
  upvotes: number;
  downvotes: number;
  answer_count: number;
  accepted_answer_id: string | null;
  active_at: Date;
  escalated_at: Date | null;
  escalated_by: EscalationSource | null;
  escalation_resolved_at: Date | null;
  /**
   * For the asker, while they may still escalate: the site's `escalation.askerAfter` ('' = the
   * default); `null` otherwise.
   */
  asker_after: string | null;
  seq: string;
  my_vote: number;
  /** Pages only: how many questions match (the same on every row). */
  total?: number;
}

/**
 * The question and its author, with the viewer's vote; `viewer` is the placeholder of its id, `null`
 * when nobody is signed in (no vote to look up). The Markdown source is read for its author only. Pages
 * add their total as one more column (`extra`), so that a page and its count are one statement.
 */
function selectFrom(viewer: string | null, extra = ''): string {
  const mine = viewerColumns('q', 'question', viewer);
  const askerAfter =
    viewer === null
      ? 'NULL::text'
      : `CASE WHEN q.author = ${viewer} AND q.escalated_at IS NULL AND q.accepted_answer_id IS NULL
          THEN coalesce((SELECT s.settings #>> '{escalation,askerAfter}' FROM sites s
                         WHERE s.id = q.site), '') END`;
  return `SELECT ${extra}q.id, q.topic, q.title, q.body_html, q.page_url, q.visibility,
      q.upvotes, q.downvotes, q.answer_count, q.accepted_answer_id, q.created_at, q.updated_at,
      q.active_at, q.escalated_at, q.escalated_by, q.escalation_resolved_at,
      ${askerAfter} AS asker_after, q.seq::text AS seq, ${AUTHOR_COLUMNS},
      ${mine.columns}
    FROM questions q
    JOIN members m ON m.site = q.site AND m.id = q.author
    ${mine.join}`;
}

/** The Markdown source goes to its author only (for editing); everyone gets the HTML. */
function fromRow(row: Raw, viewer: string | null): Question {
  const upvotes = Number(row.upvotes);
  const downvotes = Number(row.downvotes);
  return {
    ...postFrom(row, viewer),
    score: upvotes - downvotes,
    upvotes,
    downvotes,
    myVote: voteValue(row.my_vote),
    topic: row.topic,
    title: row.title,
    answerCount: Number(row.answer_count),
    acceptedAnswerId: row.accepted_answer_id,
    activeAt: iso(row.active_at),
    escalatedAt: isoOrNull(row.escalated_at),
    escalatedBy: row.escalated_by ?? null,
    escalationResolvedAt: isoOrNull(row.escalation_resolved_at),
    escalatableAt: escalatableAt(row),
  };
}

function escalatableAt(row: Raw): string | null {
  if (row.asker_after === null || row.asker_after === undefined) return null;
  const wait = durationMs(row.asker_after) ?? (durationMs(DEFAULT_ESCALATION.askerAfter) as number);
  return new Date(new Date(iso(row.created_at)).getTime() + wait).toISOString();
}

export interface NewQuestion {
  site: string;
  id: string;
  topic: string;
  author: string;
  title: string;
  bodySource: string;
  bodyHtml: string;
  pageUrl: string | null;
  /** Seeds only; default now. */
  createdAt?: string | null;
  activeAt?: string | null;
  upvotes?: number;
  downvotes?: number;
  /** `held`: a guest's post, waiting for a moderator (domain/spam.ts); default `visible`. */
  visibility?: Extract<Visibility, 'visible' | 'held'>;
  /** The duplicate check's key (domain/spam.ts `hashOfText`). */
  textHash?: string | null;
}

export async function insertQuestion(db: Queryable, q: NewQuestion): Promise<void> {
  await db.query(
    `INSERT INTO questions (site, id, topic, author, title, body_source, body_html, page_url,
       created_at, active_at, upvotes, downvotes, visibility, text_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()),
       coalesce($10::timestamptz, $9::timestamptz, now()), $11, $12, $13, $14)`,
    [
      q.site,
      q.id,
      q.topic,
      q.author,
      q.title,
      q.bodySource,
      q.bodyHtml,
      q.pageUrl,
      q.createdAt ?? null,
      q.activeAt ?? null,
      q.upvotes ?? 0,
      q.downvotes ?? 0,
      q.visibility ?? 'visible',
      q.textHash ?? null,
    ],
  );
}

export async function selectQuestion(
  db: Queryable,
  site: string,
  id: string,
  viewer: string | null,
): Promise<Question | null> {
  const { rows } = await db.query<Raw>(
    `${selectFrom(viewer === null ? null : '$3')} WHERE q.site = $1 AND q.id = $2 AND ${visibleTo('q', '$3')}`,
    [site, id, viewer],
  );
  return rows[0] ? fromRow(rows[0], viewer) : null;
}

/**
 * A thread in one statement: the question (visible to the viewer) and one page of its answers (in
 * thread order), with how many answers the viewer sees; `null` when there is no such question.
 */
export async function selectThread(
  db: Queryable,
  query: {
    site: string;
    questionId: string;
    viewer: string | null;
    /** Answers to return (ask for one more than a page to tell whether more follow). */
    limit: number;
    offset: number;
  },
): Promise<{ question: Question; answers: Answer[]; total: number } | null> {
  const viewer = query.viewer === null ? null : '$3';
  const { rows } = await db.query<Raw & { answer_total: number; answers: AnswerRow[] }>(
    `${selectFrom(viewer, `${threadPageColumns(viewer, '$4', '$5')}, `)}
     WHERE q.site = $1 AND q.id = $2 AND ${visibleTo('q', '$3')}`,
    [query.site, query.questionId, query.viewer, query.limit, query.offset],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    question: fromRow(row, query.viewer),
    answers: row.answers.map((answer) => answerFrom(answer, query.viewer)),
    total: Number(row.answer_total),
  };
}

export interface QuestionPageQuery {
  site: string;
  topic: string;
  sort: QuestionSort;
  limit: number;
  viewer: string | null;
  /** Sorts: the `seq` of the last question of the previous page. */
  afterSeq: string | null;
  /** Search: how many matches the previous pages showed. */
  offset: number;
  search: TextSearch | null;
}

const ORDER: Record<QuestionSort, { order: string; keys: string }> = {
  active: { order: 'q.active_at DESC, q.seq DESC', keys: 'active_at, seq' },
  newest: { order: 'q.created_at DESC, q.seq DESC', keys: 'created_at, seq' },
  unanswered: { order: 'q.created_at DESC, q.seq DESC', keys: 'created_at, seq' },
  top: { order: 'q.score DESC, q.created_at DESC, q.seq DESC', keys: 'score, created_at, seq' },
};

/**
 * One page of a topic's questions, one more than `limit` to tell whether more follow, and the total.
 * Sorted pages continue after a given row (keyset); search results are ranked and paged by offset.
 */
export async function selectQuestionPage(
  db: Queryable,
  query: QuestionPageQuery,
): Promise<{ items: Question[]; seqs: string[]; total: number }> {
  const { params, param } = parameters([query.site, query.topic, query.viewer]);
  const filters = [`q.site = $1`, `q.topic = $2`, visibleTo('q', '$3')];
  if (query.sort === 'unanswered') filters.push('q.answer_count = 0');
  const search = query.search && searchSql('q', query.search, param);
  if (search) filters.push(search.filter);
  const where = filters.join(' AND ');
  const count = {
    sql: `SELECT count(*)::int AS total FROM questions q WHERE ${where}`,
    params: [...params],
  };
  const total = `(${count.sql}) AS total, `;
  const viewer = query.viewer === null ? null : '$3';

  let pageSql: string;
  if (search) {
    pageSql = `${selectFrom(viewer, total)} WHERE ${where}
      ORDER BY ${search.rank} DESC, q.score DESC, q.created_at DESC, q.seq DESC
      LIMIT ${param(query.limit + 1)} OFFSET ${param(query.offset)}`;
  } else {
    const { order, keys } = ORDER[query.sort];
    const after =
      query.afterSeq === null ? '' : afterRow('q', 'questions', keys, param(query.afterSeq));
    pageSql = `${selectFrom(viewer, total)} WHERE ${where}${after} ORDER BY ${order} LIMIT ${param(query.limit + 1)}`;
  }
  return runPage<Raw, Question>(
    db,
    { sql: pageSql, params },
    count,
    query.afterSeq !== null || query.offset > 0,
    (row) => fromRow(row, query.viewer),
  );
}

export interface LockedQuestion {
  id: string;
  author: string;
  acceptedAnswerId: string | null;
  visibility: Visibility;
  createdAt: string;
  escalatedAt: string | null;
  escalationResolvedAt: string | null;
}

/** Locks a question for the rest of the transaction (accepting, voting, answering). */
export async function lockQuestion(
  db: Queryable,
  site: string,
  id: string,
): Promise<LockedQuestion | null> {
  const { rows } = await db.query<{
    id: string;
    author: string;
    accepted_answer_id: string | null;
    visibility: Visibility;
    created_at: Date;
    escalated_at: Date | null;
    escalation_resolved_at: Date | null;
  }>(
    `SELECT id, author, accepted_answer_id, visibility, created_at, escalated_at,
       escalation_resolved_at
     FROM questions WHERE site = $1 AND id = $2 FOR NO KEY UPDATE`,
    [site, id],
  );
  const row = rows[0];
  return row
    ? {
        id: row.id,
        author: row.author,
        acceptedAnswerId: row.accepted_answer_id,
        visibility: row.visibility,
        createdAt: iso(row.created_at),
        escalatedAt: isoOrNull(row.escalated_at),
        escalationResolvedAt: isoOrNull(row.escalation_resolved_at),
      }
    : null;
}

/** A new answer: one more, and the question is active now. */
export async function countNewAnswer(
  db: Queryable,
  site: string,
  id: string,
  at: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE questions SET answer_count = answer_count + 1,
       active_at = greatest(active_at, coalesce($3::timestamptz, now()))
     WHERE site = $1 AND id = $2`,
    [site, id, at],
  );
}

export async function setAcceptedAnswer(
  db: Queryable,
  site: string,
  id: string,
  answerId: string | null,
): Promise<void> {
  await db.query('UPDATE questions SET accepted_answer_id = $3 WHERE site = $1 AND id = $2', [
    site,
    id,
    answerId,
  ]);
}

export async function countQuestions(db: Queryable, site: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM questions WHERE site = $1',
    [site],
  );
  return Number(rows[0]?.n ?? 0);
}

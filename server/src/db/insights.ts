/**
 * SQL for the insights (docs/api.md "Analytics"): a site's figures over `[from, to)` in UTC buckets of a
 * day, week (from Monday) or month. Every statement takes `$1` site, `$2` from, `$3` to (ISO
 * timestamps) and, when bucketed, `$4` the bucket; `generate_series` makes every bucket present, and
 * `GROUPING SETS` returns the period's total with the buckets in one pass. Held, hidden and deleted
 * posts count nowhere, nor posts under a question or idea that is not visible. Staff are members whose
 * roles (as their latest token said) include `staff` or `moderator`.
 */
import type { InsightsBucket } from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { iso } from './rows.js';

export interface Range {
  site: string;
  /** ISO-8601 instants. */
  from: string;
  to: string;
  bucket: InsightsBucket;
}

/** A figure's value for the whole period and per bucket (bucket starts as ISO strings, in order). */
export interface Bucketed<T> {
  total: T;
  buckets: { bucket: string; value: T }[];
}

/**
 * `source` is a subquery over `$1`–`$3` with a timestamp column `at`; `columns` aggregate its rows
 * (alias `s`) per bucket. The first row is the total (its bucket NULL), then the buckets in order.
 */
function bucketed(source: string, columns: string): string {
  return `WITH buckets AS (
      SELECT generate_series(
        date_trunc($4::text, $2::timestamptz AT TIME ZONE 'UTC'),
        $3::timestamptz AT TIME ZONE 'UTC' - interval '1 microsecond',
        ('1 ' || $4::text)::interval
      ) AS bucket
    ),
    source AS (${source})
    SELECT b.bucket AT TIME ZONE 'UTC' AS bucket, ${columns}
    FROM buckets b LEFT JOIN source s ON date_trunc($4::text, s.at AT TIME ZONE 'UTC') = b.bucket
    GROUP BY GROUPING SETS ((b.bucket), ())
    ORDER BY b.bucket NULLS FIRST`;
}

async function queryBucketed<Row extends { bucket: Date | string | null }>(
  db: Queryable,
  sql: string,
  range: Range,
): Promise<{ total: Row; buckets: (Row & { bucket: string })[] }> {
  const { rows } = await db.query<Row>(sql, [range.site, range.from, range.to, range.bucket]);
  const [total, ...buckets] = rows;
  return {
    total: total!,
    buckets: buckets.map((row) => ({ ...row, bucket: iso(row.bucket) })),
  };
}

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** Where a question is visible, with a visible answer. */
const HAS_VISIBLE_ANSWER = `EXISTS (
  SELECT 1 FROM answers a WHERE a.site = q.site AND a.question_id = q.id AND a.visibility = 'visible'
)`;

/** The period's visible questions, each with its first visible answer's time and whether staff wrote it. */
const ASKED = `SELECT q.topic, q.created_at AS at, first.created_at AS answered_at, first.staff
  FROM questions q
  LEFT JOIN LATERAL (
    SELECT a.created_at, m.roles && ARRAY['staff', 'moderator']::text[] AS staff
    FROM answers a JOIN members m ON m.site = a.site AND m.id = a.author
    WHERE a.site = q.site AND a.question_id = q.id AND a.visibility = 'visible'
    ORDER BY a.created_at, a.seq
    LIMIT 1
  ) first ON true
  WHERE q.site = $1 AND q.visibility = 'visible' AND q.created_at >= $2 AND q.created_at < $3`;

export interface QuestionFigures {
  questions: number;
  answered: number;
  /** Answered questions whose first visible answer is not by staff. */
  answeredByCommunity: number;
  /** Seconds, `null` without answered questions. */
  medianFirstAnswerSeconds: number | null;
}

export async function questionFigures(
  db: Queryable,
  range: Range,
): Promise<Bucketed<QuestionFigures>> {
  type Row = {
    bucket: Date | null;
    questions: number;
    answered: number;
    by_community: number;
    median: number | null;
  };
  const { total, buckets } = await queryBucketed<Row>(
    db,
    bucketed(
      ASKED,
      `count(s.at)::int AS questions,
       count(s.answered_at)::int AS answered,
       count(*) FILTER (WHERE s.answered_at IS NOT NULL AND NOT s.staff)::int AS by_community,
       percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM s.answered_at - s.at)::float8
       ) AS median`,
    ),
    range,
  );
  const figures = (row: Row): QuestionFigures => ({
    questions: num(row.questions),
    answered: num(row.answered),
    answeredByCommunity: num(row.by_community),
    medianFirstAnswerSeconds: row.median === null ? null : Math.round(Number(row.median)),
  });
  return {
    total: figures(total),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: figures(row) })),
  };
}

/** Topics by visible questions asked in the period, most first (then by name), at most `limit`. */
export async function topTopics(
  db: Queryable,
  range: Omit<Range, 'bucket'>,
  limit = 10,
): Promise<{ topic: string; questions: number; answered: number }[]> {
  const { rows } = await db.query<{ topic: string; questions: number; answered: number }>(
    `SELECT q.topic, count(*)::int AS questions,
       count(*) FILTER (WHERE ${HAS_VISIBLE_ANSWER})::int AS answered
     FROM questions q
     WHERE q.site = $1 AND q.visibility = 'visible' AND q.created_at >= $2 AND q.created_at < $3
     GROUP BY q.topic
     ORDER BY questions DESC, q.topic
     LIMIT $4::int`,
    [range.site, range.from, range.to, limit],
  );
  return rows.map((row) => ({
    topic: row.topic,
    questions: num(row.questions),
    answered: num(row.answered),
  }));
}

/** Visible questions escalated to support in the period (by the time they were escalated). */
export async function escalations(db: Queryable, range: Range): Promise<Bucketed<number>> {
  const { total, buckets } = await queryBucketed<{ bucket: Date | null; n: number }>(
    db,
    bucketed(
      `SELECT q.escalated_at AS at FROM questions q
       WHERE q.site = $1 AND q.visibility = 'visible'
         AND q.escalated_at >= $2 AND q.escalated_at < $3`,
      'count(s.at)::int AS n',
    ),
    range,
  );
  return {
    total: num(total.n),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: num(row.n) })),
  };
}

export interface ViewFigures {
  /** Page loads that opened a visible question (its thread, or as a suggestion). */
  viewPageLoads: number;
  /** Of those: opened an answered question or a suggestion, and asked no question. */
  deflectedPageLoads: number;
}

/**
 * The view beacon's page loads, each counted in the bucket of its first event (events up to a day
 * later still belong to it). Opened questions count only while visible, and not the one the page load
 * asked itself (the element shows it once posted); asking counts whatever became of the question.
 */
export async function viewFigures(db: Queryable, range: Range): Promise<Bucketed<ViewFigures>> {
  type Row = { bucket: Date | null; view_loads: number; deflected: number };
  const { total, buckets } = await queryBucketed<Row>(
    db,
    bucketed(
      `SELECT min(v.created_at) AS at,
         bool_or(q.id IS NOT NULL) AS opened,
         bool_or(q.id IS NOT NULL AND (v.type = 'suggestion-opened' OR q.answered)) AS helped,
         bool_or(v.type = 'question-asked') AS asked
       FROM view_events v
       LEFT JOIN LATERAL (
         SELECT q.id, ${HAS_VISIBLE_ANSWER} AS answered
         FROM questions q
         WHERE v.type <> 'question-asked'
           AND q.site = v.site AND q.id = v.question_id AND q.visibility = 'visible'
           AND NOT EXISTS (
             SELECT 1 FROM view_events x
             WHERE x.site = v.site AND x.page_load = v.page_load AND x.type = 'question-asked'
               AND x.question_id = v.question_id
           )
       ) q ON true
       WHERE v.site = $1
         AND v.created_at >= $2::timestamptz - interval '1 day'
         AND v.created_at < $3::timestamptz + interval '1 day'
       GROUP BY v.page_load
       HAVING min(v.created_at) >= $2 AND min(v.created_at) < $3`,
      `count(*) FILTER (WHERE s.opened)::int AS view_loads,
       count(*) FILTER (WHERE s.helped AND NOT s.asked)::int AS deflected`,
    ),
    range,
  );
  const figures = (row: Row): ViewFigures => ({
    viewPageLoads: num(row.view_loads),
    deflectedPageLoads: num(row.deflected),
  });
  return {
    total: figures(total),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: figures(row) })),
  };
}

/** Visible ideas submitted (merged duplicates are part of their original), and votes cast on them. */
export async function ideaFigures(
  db: Queryable,
  range: Range,
): Promise<Bucketed<{ ideas: number; ideaVotes: number }>> {
  type Row = { bucket: Date | null; ideas: number; votes: number };
  const { total, buckets } = await queryBucketed<Row>(
    db,
    bucketed(
      `SELECT 'idea' AS kind, i.created_at AS at FROM ideas i
       WHERE i.site = $1 AND i.visibility = 'visible' AND i.merged_into IS NULL
         AND i.created_at >= $2 AND i.created_at < $3
       UNION ALL
       SELECT 'vote', v.created_at FROM votes v
       JOIN ideas i ON i.site = v.site AND i.id = v.target_id
       WHERE v.site = $1 AND v.target_type = 'idea' AND v.created_at >= $2 AND v.created_at < $3
         AND i.visibility = 'visible' AND i.merged_into IS NULL`,
      `count(*) FILTER (WHERE s.kind = 'idea')::int AS ideas,
       count(*) FILTER (WHERE s.kind = 'vote')::int AS votes`,
    ),
    range,
  );
  const figures = (row: Row) => ({ ideas: num(row.ideas), ideaVotes: num(row.votes) });
  return {
    total: figures(total),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: figures(row) })),
  };
}

/**
 * The period's visible ideas by their status now, for every status of the site's boards (with its
 * lowest position among them).
 */
export async function ideasByStatus(
  db: Queryable,
  range: Omit<Range, 'bucket'>,
): Promise<{ status: string; position: number | null; count: number }[]> {
  const { rows } = await db.query<{ status: string; position: number | null; count: number }>(
    `SELECT coalesce(s.slug, c.status) AS status, s.position, coalesce(c.count, 0)::int AS count
     FROM (
       SELECT slug, min(position) AS position FROM board_statuses WHERE site = $1 GROUP BY slug
     ) s
     FULL JOIN (
       SELECT i.status, count(*) AS count FROM ideas i
       WHERE i.site = $1 AND i.visibility = 'visible' AND i.merged_into IS NULL
         AND i.created_at >= $2 AND i.created_at < $3
       GROUP BY i.status
     ) c ON c.status = s.slug`,
    [range.site, range.from, range.to],
  );
  return rows.map((row) => ({
    status: row.status,
    position: numOrNull(row.position),
    count: num(row.count),
  }));
}

/** Visible reviews written in the period: how many, and their average rating. */
export async function reviewFigures(
  db: Queryable,
  range: Range,
): Promise<Bucketed<{ reviews: number; reviewAverage: number | null }>> {
  type Row = { bucket: Date | null; reviews: number; average: number | null };
  const { total, buckets } = await queryBucketed<Row>(
    db,
    bucketed(
      `SELECT r.created_at AS at, r.rating FROM reviews r
       WHERE r.site = $1 AND r.visibility = 'visible' AND r.created_at >= $2 AND r.created_at < $3`,
      'count(s.rating)::int AS reviews, avg(s.rating)::float8 AS average',
    ),
    range,
  );
  const figures = (row: Row) => ({
    reviews: num(row.reviews),
    reviewAverage: numOrNull(row.average),
  });
  return {
    total: figures(total),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: figures(row) })),
  };
}

/** Whether the post an event names (`e.target_type`, `e.target_id`) is visible, and so is its parent. */
const EVENT_POST_VISIBLE = `CASE e.target_type
  WHEN 'question' THEN EXISTS (
    SELECT 1 FROM questions p
    WHERE p.site = e.site AND p.id = e.target_id AND p.visibility = 'visible'
  )
  WHEN 'answer' THEN EXISTS (
    SELECT 1 FROM answers p
    JOIN questions q ON q.site = p.site AND q.id = p.question_id AND q.visibility = 'visible'
    WHERE p.site = e.site AND p.id = e.target_id AND p.visibility = 'visible'
  )
  WHEN 'idea' THEN EXISTS (
    SELECT 1 FROM ideas p
    WHERE p.site = e.site AND p.id = e.target_id AND p.visibility = 'visible'
  )
  WHEN 'comment' THEN EXISTS (
    SELECT 1 FROM idea_comments p
    JOIN ideas i ON i.site = p.site AND i.id = p.idea_id AND i.visibility = 'visible'
    WHERE p.site = e.site AND p.id = e.target_id AND p.visibility = 'visible'
  )
  WHEN 'review' THEN EXISTS (
    SELECT 1 FROM reviews p
    WHERE p.site = e.site AND p.id = e.target_id AND p.visibility = 'visible'
  )
  ELSE true
END`;

/**
 * Members (not guests, not the system) with a community event in the period. Writing or voting on a
 * post that is not visible now (or is under a question or idea that is not) does not count; flags,
 * follows and moderation do.
 */
export async function activeMembers(db: Queryable, range: Range): Promise<Bucketed<number>> {
  const { total, buckets } = await queryBucketed<{ bucket: Date | null; n: number }>(
    db,
    bucketed(
      `SELECT e.created_at AS at, e.actor FROM community_events e
       JOIN members m ON m.site = e.site AND m.id = e.actor AND NOT m.guest
       WHERE e.site = $1 AND e.created_at >= $2 AND e.created_at < $3
         AND (
           e.type NOT IN (
             'question.asked', 'answer.posted', 'idea.submitted', 'idea.commented',
             'review.submitted', 'vote.cast'
           )
           OR ${EVENT_POST_VISIBLE}
         )`,
      'count(DISTINCT s.actor)::int AS n',
    ),
    range,
  );
  return {
    total: num(total.n),
    buckets: buckets.map((row) => ({ bucket: row.bucket, value: num(row.n) })),
  };
}

/**
 * Members (not guests) who in the period both wrote a visible answer to someone else's visible
 * question and got a visible answer from someone else on a visible question of theirs.
 */
export async function reciprocalMembers(
  db: Queryable,
  range: Omit<Range, 'bucket'>,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH help AS (
       SELECT a.author AS helper, q.author AS helped
       FROM answers a
       JOIN questions q ON q.site = a.site AND q.id = a.question_id AND q.visibility = 'visible'
       WHERE a.site = $1 AND a.visibility = 'visible' AND a.created_at >= $2 AND a.created_at < $3
         AND a.author <> q.author
     )
     SELECT count(*)::int AS n FROM members m
     WHERE m.site = $1 AND NOT m.guest
       AND m.id IN (SELECT helper FROM help) AND m.id IN (SELECT helped FROM help)`,
    [range.site, range.from, range.to],
  );
  return num(rows[0]!.n);
}

/**
 * SQL for reputation: the ledger (`reputation_events`), the facts a post's points are derived from,
 * members' metrics, badge awards, trust levels, and the reads built on them (cards, leaderboards, tie
 * strength figures). The rules themselves are in `domain/reputation.ts` and `src/core/reputation.ts`.
 */
import type { ReputationReason } from '../../../src/core/reputation.js';
import type {
  BadgeTier,
  MemberMetric,
  MemberSummary,
  Role,
  TrustLevel,
} from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import type { CommunityEventType } from './events.js';
import { AUTHOR_COLUMNS, authorFrom, iso, type AuthorRow } from './rows.js';

/** Posts whose points the ledger holds (comments earn none). */
export type ScoredType = 'question' | 'answer' | 'idea' | 'review';

export interface PostRef {
  type: ScoredType;
  id: string;
}

// ---- the events of a write ---------------------------------------------------------------------------

export interface EventRow {
  id: string;
  type: CommunityEventType;
  actor: string | null;
  targetType: string;
  targetId: string;
  payload: Record<string, unknown>;
}

export async function eventsByIds(db: Queryable, ids: string[]): Promise<EventRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<{
    id: string;
    type: CommunityEventType;
    actor: string | null;
    target_type: string;
    target_id: string;
    payload: Record<string, unknown>;
  }>(
    `SELECT id::text AS id, type, actor, target_type, target_id, payload
     FROM community_events WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actor: r.actor,
    targetType: r.target_type,
    targetId: r.target_id,
    payload: r.payload ?? {},
  }));
}

// ---- a post's facts and its ledger ---------------------------------------------------------------------

const LOCKED: Record<ScoredType, string> = {
  question: 'questions',
  answer: 'answers',
  idea: 'ideas',
  review: 'reviews',
};

/**
 * Locks the post's row until COMMIT (`FOR NO KEY UPDATE`, the lock a vote's count update takes), so
 * that reconciliations of one post take turns; see `domain/reputation.ts`.
 */
export async function lockPost(db: Queryable, site: string, post: PostRef): Promise<void> {
  await db.query(
    `SELECT 1 FROM ${LOCKED[post.type]} WHERE site = $1 AND id = $2 FOR NO KEY UPDATE`,
    [site, post.id],
  );
}

/** What a post's points follow from: its author, visibility, scope, acceptance or status, and votes. */
export interface PostFacts {
  author: string;
  visible: boolean;
  scope: string;
  /** Answers: the question's author, and whether this answer is the accepted one. */
  asker: string | null;
  accepted: boolean;
  /** Ideas: the status, and whether the idea was merged into another (its votes moved there). */
  status: string | null;
  merged: boolean;
  votes: { member: string; value: number }[];
}

const FACTS: Record<ScoredType, string> = {
  question: `SELECT q.author, q.visibility = 'visible' AS visible, 'topic:' || q.topic AS scope,
      NULL::text AS asker, false AS accepted, NULL::text AS status, false AS merged
    FROM questions q WHERE q.site = $1 AND q.id = $2`,
  answer: `SELECT a.author, a.visibility = 'visible' AS visible, 'topic:' || q.topic AS scope,
      q.author AS asker, coalesce(q.accepted_answer_id = a.id, false) AS accepted,
      NULL::text AS status, false AS merged
    FROM answers a JOIN questions q ON q.site = a.site AND q.id = a.question_id
    WHERE a.site = $1 AND a.id = $2`,
  idea: `SELECT i.author, i.visibility = 'visible' AS visible, 'board:' || i.board AS scope,
      NULL::text AS asker, false AS accepted, i.status, i.merged_into IS NOT NULL AS merged
    FROM ideas i WHERE i.site = $1 AND i.id = $2`,
  review: `SELECT r.author, r.visibility = 'visible' AS visible, 'product:' || r.product AS scope,
      NULL::text AS asker, false AS accepted, NULL::text AS status, false AS merged
    FROM reviews r WHERE r.site = $1 AND r.id = $2`,
};

export async function postFacts(
  db: Queryable,
  site: string,
  post: PostRef,
  /** Only this member's vote (a vote changed nothing else). */
  voter?: string,
): Promise<PostFacts | null> {
  const { rows } = await db.query<{
    author: string;
    visible: boolean;
    scope: string;
    asker: string | null;
    accepted: boolean;
    status: string | null;
    merged: boolean;
  }>(FACTS[post.type], [site, post.id]);
  const row = rows[0];
  if (!row) return null;
  const votes = await db.query<{ member: string; value: number }>(
    `SELECT member, value FROM votes WHERE site = $1 AND target_type = $2 AND target_id = $3
     ${voter === undefined ? '' : 'AND member = $4'}`,
    voter === undefined ? [site, post.type, post.id] : [site, post.type, post.id, voter],
  );
  return {
    author: row.author,
    visible: row.visible,
    scope: row.scope,
    asker: row.asker,
    accepted: row.accepted,
    status: row.status,
    merged: row.merged,
    votes: votes.rows.map((v) => ({ member: v.member, value: Number(v.value) })),
  };
}

export interface LedgerKey {
  member: string;
  reason: ReputationReason;
  causeActor: string | null;
}

/** The ledger's sum per (member, reason, cause) for the post. */
export async function ledgerOfPost(
  db: Queryable,
  site: string,
  post: PostRef,
  /** Only the entries this member caused. */
  cause?: string,
): Promise<(LedgerKey & { points: number })[]> {
  const { rows } = await db.query<{
    member: string;
    reason: ReputationReason;
    cause_actor: string | null;
    points: number;
  }>(
    `SELECT member, reason, cause_actor, sum(points)::int AS points FROM reputation_events
     WHERE site = $1 AND target_type = $2 AND target_id = $3
       ${cause === undefined ? '' : 'AND cause_actor = $4'}
     GROUP BY member, reason, cause_actor
     ORDER BY min(id)`,
    cause === undefined ? [site, post.type, post.id] : [site, post.type, post.id, cause],
  );
  return rows.map((r) => ({
    member: r.member,
    reason: r.reason,
    causeActor: r.cause_actor,
    points: Number(r.points),
  }));
}

export interface LedgerEntry extends LedgerKey {
  points: number;
  targetType: ScoredType;
  targetId: string;
  sourceEvent: string | null;
  scope: string | null;
}

/** Appends entries; `at` (ISO) sets their time (the seed), otherwise now. */
export async function insertEntries(
  db: Queryable,
  site: string,
  entries: LedgerEntry[],
  at: string | null = null,
): Promise<void> {
  if (!entries.length) return;
  await db.query(
    `INSERT INTO reputation_events
       (site, member, points, reason, target_type, target_id, cause_actor, source_event, scope, created_at)
     SELECT $1, e.member, e.points, e.reason, e.target_type, e.target_id, e.cause_actor,
       e.source_event, e.scope, coalesce($11::timestamptz, now())
     FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
       $9::text[], $10::int[])
       AS e (member, points, reason, target_type, target_id, cause_actor, source_event, scope, ord)
     ORDER BY e.ord`,
    [
      site,
      entries.map((e) => e.member),
      entries.map((e) => e.points),
      entries.map((e) => e.reason),
      entries.map((e) => e.targetType),
      entries.map((e) => e.targetId),
      entries.map((e) => e.causeActor),
      entries.map((e) => e.sourceEvent),
      entries.map((e) => e.scope),
      entries.map((_, i) => i),
      at,
    ],
  );
}

/** `members.reputation` set to the ledger's sum, for every member of the site (the demo seed). */
export async function resetReputationFromLedger(db: Queryable, site: string): Promise<void> {
  await db.query(
    `UPDATE members m SET reputation = coalesce(
       (SELECT sum(r.points) FROM reputation_events r WHERE r.site = m.site AND r.member = m.id), 0)
     WHERE m.site = $1`,
    [site],
  );
}

/** Every post of the site that can hold points (the demo seed derives its ledger from them). */
export async function allScoredPosts(db: Queryable, site: string): Promise<PostRef[]> {
  const { rows } = await db.query<{ type: ScoredType; id: string }>(
    `SELECT 'question' AS type, id FROM questions WHERE site = $1
     UNION ALL SELECT 'answer', id FROM answers WHERE site = $1
     UNION ALL SELECT 'idea', id FROM ideas WHERE site = $1
     UNION ALL SELECT 'review', id FROM reviews WHERE site = $1`,
    [site],
  );
  return rows;
}

// ---- metrics, trust levels, badges -------------------------------------------------------------------

export interface MemberState {
  id: string;
  roles: Role[];
  trustLevel: TrustLevel;
  metrics: Record<MemberMetric, number>;
  badges: Set<string>;
}

/** Up votes by others on the member's visible posts of one kind (`m` the member). */
const upvotesOn = (table: string, type: string) =>
  `(SELECT count(*) FROM votes v JOIN ${table} p ON p.site = v.site AND p.id = v.target_id
    WHERE v.site = m.site AND v.target_type = '${type}' AND v.value = 1 AND v.member <> m.id
      AND p.author = m.id AND p.visibility = 'visible')`;

/** Flags by others on the member's posts of one kind, whatever their visibility. */
const flagsOn = (table: string, type: string) =>
  `(SELECT count(*) FROM flags f JOIN ${table} p ON p.site = f.site AND p.id = f.target_id
    WHERE f.site = m.site AND f.target_type = '${type}' AND f.member <> m.id AND p.author = m.id)`;

const visibleBy = (table: string, extra = '') =>
  `(SELECT count(*) FROM ${table} p
    WHERE p.site = m.site AND p.author = m.id AND p.visibility = 'visible'${extra})`;

/** The metrics columns of member `m` (visible content only; flags and active days whatever). */
const METRIC_COLUMNS = `
  ${visibleBy('questions')}::int AS questions,
  ${visibleBy('answers')}::int AS answers,
  (SELECT count(*) FROM answers p JOIN questions q
     ON q.site = p.site AND q.id = p.question_id AND q.accepted_answer_id = p.id
   WHERE p.site = m.site AND p.author = m.id AND p.visibility = 'visible')::int AS accepted_answers,
  ${visibleBy('ideas')}::int AS ideas,
  ${visibleBy('ideas', " AND p.status = 'done' AND p.merged_into IS NULL")}::int AS ideas_shipped,
  ${visibleBy('idea_comments')}::int AS comments,
  ${visibleBy('reviews')}::int AS reviews,
  ${upvotesOn('reviews', 'review')}::int AS helpful_votes,
  (${upvotesOn('questions', 'question')} + ${upvotesOn('answers', 'answer')}
    + ${upvotesOn('ideas', 'idea')})::int AS upvotes,
  (SELECT count(DISTINCT (e.created_at AT TIME ZONE 'UTC')::date) FROM community_events e
   WHERE e.site = m.site AND e.actor = m.id)::int AS active_days,
  (${flagsOn('questions', 'question')} + ${flagsOn('answers', 'answer')} + ${flagsOn('ideas', 'idea')}
    + ${flagsOn('idea_comments', 'comment')} + ${flagsOn('reviews', 'review')})::int AS flags_against`;

interface MetricRow {
  questions: number;
  answers: number;
  accepted_answers: number;
  ideas: number;
  ideas_shipped: number;
  comments: number;
  reviews: number;
  helpful_votes: number;
  upvotes: number;
  active_days: number;
  flags_against: number;
  reputation: number;
}

function metricsFrom(row: MetricRow): Record<MemberMetric, number> {
  const n = (x: unknown) => Number(x ?? 0);
  const metrics = {
    questions: n(row.questions),
    answers: n(row.answers),
    acceptedAnswers: n(row.accepted_answers),
    ideas: n(row.ideas),
    ideasShipped: n(row.ideas_shipped),
    comments: n(row.comments),
    reviews: n(row.reviews),
    helpfulVotes: n(row.helpful_votes),
    upvotes: n(row.upvotes),
    activeDays: n(row.active_days),
    reputation: n(row.reputation),
    posts: 0,
    flagsAgainst: n(row.flags_against),
  };
  metrics.posts =
    metrics.questions + metrics.answers + metrics.ideas + metrics.comments + metrics.reviews;
  return metrics;
}

/** Each member's metrics, roles, trust level and badges, in one statement. */
/** Locks the members' rows (in order of id) until COMMIT. */
export async function lockMembers(db: Queryable, site: string, members: string[]): Promise<void> {
  if (!members.length) return;
  await db.query(
    `SELECT 1 FROM members WHERE site = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
    [site, members],
  );
}

export async function memberStates(
  db: Queryable,
  site: string,
  members: string[],
): Promise<MemberState[]> {
  if (!members.length) return [];
  const { rows } = await db.query<
    MetricRow & { id: string; roles: string[]; trust_level: number; badges: string[] }
  >(
    `SELECT m.id, m.roles, m.reputation, m.trust_level,
       array(SELECT b.badge FROM badge_awards b WHERE b.site = m.site AND b.member = m.id) AS badges,
       ${METRIC_COLUMNS}
     FROM members m WHERE m.site = $1 AND m.id = ANY($2::text[]) ORDER BY m.id`,
    [site, members],
  );
  return rows.map((row) => ({
    id: row.id,
    roles: row.roles as Role[],
    trustLevel: Number(row.trust_level) as TrustLevel,
    metrics: metricsFrom(row),
    badges: new Set(row.badges),
  }));
}

export async function setTrustLevel(
  db: Queryable,
  site: string,
  member: string,
  level: TrustLevel,
): Promise<void> {
  await db.query('UPDATE members SET trust_level = $3 WHERE site = $1 AND id = $2', [
    site,
    member,
    level,
  ]);
}

/** Awards the badge unless the member holds it; true when this call awarded it. */
export async function insertAward(
  db: Queryable,
  site: string,
  award: {
    member: string;
    badge: string;
    tier: BadgeTier;
    cause: { metric: MemberMetric; value: number; threshold: number };
    sourceEvent: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO badge_awards (site, member, badge, tier, cause, source_event)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (site, member, badge) DO NOTHING`,
    [site, award.member, award.badge, award.tier, JSON.stringify(award.cause), award.sourceEvent],
  );
  return rowCount > 0;
}

// ---- reads ------------------------------------------------------------------------------------------

export interface AwardRow {
  badge: string;
  tier: BadgeTier;
  awardedAt: string;
  cause: { metric: MemberMetric; value: number; threshold: number };
}

export interface CardRow {
  summary: MemberSummary;
  /** Newest first. */
  awards: AwardRow[];
}

/** Members by id, in the order asked, with their badges (unknown ids left out). */
export async function memberCards(db: Queryable, site: string, ids: string[]): Promise<CardRow[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<
    AuthorRow & {
      awards: { badge: string; tier: BadgeTier; awarded_at: string; cause: AwardRow['cause'] }[];
    }
  >(
    `SELECT ${AUTHOR_COLUMNS},
       coalesce((
         SELECT json_agg(json_build_object('badge', b.badge, 'tier', b.tier,
           'awarded_at', b.awarded_at, 'cause', b.cause) ORDER BY b.awarded_at DESC, b.badge)
         FROM badge_awards b WHERE b.site = m.site AND b.member = m.id
       ), '[]'::json) AS awards
     FROM unnest($2::text[]) WITH ORDINALITY AS asked (id, ord)
     JOIN members m ON m.site = $1 AND m.id = asked.id
     ORDER BY asked.ord`,
    [site, ids],
  );
  return rows.map((row) => ({
    summary: authorFrom(row),
    awards: (row.awards ?? []).map((a) => ({
      badge: a.badge,
      tier: a.tier,
      awardedAt: iso(a.awarded_at),
      cause: a.cause,
    })),
  }));
}

export interface LeaderRow {
  member: MemberSummary;
  points: number;
}

/**
 * The ledger's points per member since `sinceDays` days ago (`null`: ever), in `scope` when given;
 * staff, moderators and erased members are not ranked, only positive totals are; ties go to the
 * earlier first entry.
 */
export async function leaderboard(
  db: Queryable,
  site: string,
  query: { sinceDays: number | null; scope: string | null; limit: number },
): Promise<LeaderRow[]> {
  const { rows } = await db.query<AuthorRow & { points: number }>(
    `SELECT ${AUTHOR_COLUMNS}, t.points FROM (
       SELECT r.member, sum(r.points)::int AS points, min(r.created_at) AS first_at, min(r.id) AS first_id
       FROM reputation_events r
       WHERE r.site = $1
         AND ($2::int IS NULL OR r.created_at >= now() - make_interval(days => $2::int))
         AND ($3::text IS NULL OR r.scope = $3::text)
       GROUP BY r.member
       HAVING sum(r.points) > 0
     ) t
     JOIN members m ON m.site = $1 AND m.id = t.member
     WHERE NOT (m.roles && ARRAY['staff', 'moderator']::text[]) AND m.erased_at IS NULL
     ORDER BY t.points DESC, t.first_at, t.first_id
     LIMIT $4`,
    [site, query.sinceDays, query.scope, query.limit],
  );
  return rows.map((row) => ({ member: authorFrom(row), points: Number(row.points) }));
}

/** The member's metrics and the figures of tie strength that metrics do not hold. */
export async function tieFigures(
  db: Queryable,
  site: string,
  member: string,
): Promise<{
  metrics: Record<MemberMetric, number>;
  tenureDays: number;
  recentInteractions: number;
  given: number;
  received: number;
} | null> {
  const { rows } = await db.query<
    MetricRow & { tenure_days: number; recent: number; given: number; received_posts: number }
  >(
    `SELECT m.reputation,
       floor(extract(epoch FROM now() - m.first_seen_at) / 86400)::int AS tenure_days,
       (SELECT count(*) FROM community_events e WHERE e.site = m.site AND e.actor = m.id
          AND e.created_at >= now() - interval '28 days')::int AS recent,
       ((SELECT count(*) FROM answers a JOIN questions q ON q.site = a.site AND q.id = a.question_id
           WHERE a.site = m.site AND a.author = m.id AND a.visibility = 'visible' AND q.author <> m.id)
        + (SELECT count(*) FROM idea_comments c JOIN ideas i ON i.site = c.site AND i.id = c.idea_id
           WHERE c.site = m.site AND c.author = m.id AND c.visibility = 'visible' AND i.author <> m.id)
        + (SELECT count(*) FROM votes v
           LEFT JOIN questions q ON v.target_type = 'question' AND q.site = v.site AND q.id = v.target_id
           LEFT JOIN answers a ON v.target_type = 'answer' AND a.site = v.site AND a.id = v.target_id
           LEFT JOIN ideas i ON v.target_type = 'idea' AND i.site = v.site AND i.id = v.target_id
           LEFT JOIN reviews r ON v.target_type = 'review' AND r.site = v.site AND r.id = v.target_id
           WHERE v.site = m.site AND v.member = m.id AND v.value = 1
             AND coalesce(q.author, a.author, i.author, r.author) <> m.id
             AND coalesce(q.visibility, a.visibility, i.visibility, r.visibility) = 'visible')
       )::int AS given,
       ((SELECT count(*) FROM answers a JOIN questions q ON q.site = a.site AND q.id = a.question_id
           WHERE a.site = m.site AND q.author = m.id AND a.visibility = 'visible' AND a.author <> m.id)
        + (SELECT count(*) FROM idea_comments c JOIN ideas i ON i.site = c.site AND i.id = c.idea_id
           WHERE c.site = m.site AND i.author = m.id AND c.visibility = 'visible' AND c.author <> m.id)
       )::int AS received_posts,
       ${METRIC_COLUMNS}
     FROM members m WHERE m.site = $1 AND m.id = $2`,
    [site, member],
  );
  const row = rows[0];
  if (!row) return null;
  const metrics = metricsFrom(row);
  return {
    metrics,
    tenureDays: Math.max(0, Number(row.tenure_days)),
    recentInteractions: Number(row.recent),
    given: Number(row.given),
    received: Number(row.received_posts) + metrics.upvotes + metrics.helpfulVotes,
  };
}

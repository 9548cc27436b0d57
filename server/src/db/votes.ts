/** SQL for votes: one per member per target (the primary key), `ON CONFLICT` on a change of mind. */
import type { Queryable } from './database.js';
import { noteEvent } from './events.js';
import { visibleTo } from './rows.js';

export type VotableType = 'question' | 'answer' | 'idea' | 'review';

export interface VoteKey {
  site: string;
  member: string;
  targetType: VotableType;
  targetId: string;
}

const KEY = 'site = $1 AND member = $2 AND target_type = $3 AND target_id = $4';
const keyParams = (k: VoteKey): unknown[] => [k.site, k.member, k.targetType, k.targetId];

export async function upsertVote(
  db: Queryable,
  key: VoteKey,
  value: 1 | -1,
  at: string | null = null,
): Promise<void> {
  await db.query(
    `INSERT INTO votes (site, member, target_type, target_id, value, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), coalesce($6::timestamptz, now()))
     ON CONFLICT (site, member, target_type, target_id)
     DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [...keyParams(key), value, at],
  );
}

/** The table holding a target's vote counts (ideas count up votes only; reviews "helpful" ones). */
const COUNTED: Record<VotableType, string> = {
  question: 'questions',
  answer: 'answers',
  idea: 'ideas',
  review: 'reviews',
};
const DOWN_VOTED: ReadonlySet<VotableType> = new Set(['question', 'answer', 'review']);

/**
 * Casts (1, -1) or withdraws (0) the member's vote, adds the change to the target's counts and records
 * the `vote.cast` community event (noted for the transaction's reputation, see `db/events.ts`), in one
 * statement; returns the previous vote and the new counts, or
 * `null` when the target is no longer visible to the member (roll the transaction back then: the vote
 * and the event were written).
 *
 * Exact under concurrency: the count update locks the target's row and works on its latest version, so
 * concurrent votes of different members on it take turns; and one member's concurrent writes take
 * turns on their advisory lock (every write takes it first, `db/members.ts` `upsertMember`), so the vote
 * read here as the previous one cannot change before this transaction ends. The target row is locked
 * only by this last statement: votes on a busy post wait for each other as briefly as possible.
 */
export async function castVote(
  db: Queryable,
  key: VoteKey,
  value: 1 | -1 | 0,
  targetAuthor: string,
): Promise<{ previous: 1 | -1 | 0; upvotes: number; downvotes: number } | null> {
  const down = DOWN_VOTED.has(key.targetType);
  const { rows } = await db.query<{
    previous: number;
    upvotes: number;
    downvotes: number;
    event_id: string;
  }>(
    `WITH previous AS (
       SELECT coalesce((SELECT value FROM votes WHERE ${KEY}), 0)::int AS value
     ), removed AS (
       DELETE FROM votes WHERE $5::int = 0 AND ${KEY}
     ), cast_vote AS (
       INSERT INTO votes (site, member, target_type, target_id, value)
       SELECT $1, $2, $3, $4, $5::int WHERE $5::int <> 0
       ON CONFLICT (site, member, target_type, target_id)
       DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
     ), event AS (
       INSERT INTO community_events (site, type, actor, target_type, target_id, payload)
       SELECT $1, 'vote.cast', $2, $3, $4,
         jsonb_build_object('value', $5::int, 'previous', p.value, 'targetAuthor', $6::text)
       FROM previous p
       RETURNING id
     )
     UPDATE ${COUNTED[key.targetType]} t SET
       upvotes = t.upvotes + ($5::int = 1)::int - (p.value = 1)::int
       ${down ? ', downvotes = t.downvotes + ($5::int = -1)::int - (p.value = -1)::int' : ''}
     FROM previous p
     WHERE t.site = $1 AND t.id = $4 AND ${visibleTo('t', '$2')}
     RETURNING p.value AS previous, t.upvotes, ${down ? 't.downvotes' : '0'} AS downvotes,
       (SELECT id::text FROM event) AS event_id`,
    [...keyParams(key), value, targetAuthor],
  );
  const row = rows[0];
  if (!row) return null;
  noteEvent(db, String(row.event_id));
  const previous = Number(row.previous);
  return {
    previous: previous === 1 ? 1 : previous === -1 ? -1 : 0,
    upvotes: Number(row.upvotes),
    downvotes: Number(row.downvotes),
  };
}

/** Counted from the votes themselves (tests and consistency checks). */
export async function countVotes(
  db: Queryable,
  site: string,
  targetType: VotableType,
  targetId: string,
): Promise<{ up: number; down: number }> {
  const { rows } = await db.query<{ up: number; down: number }>(
    `SELECT count(*) FILTER (WHERE value = 1)::int AS up, count(*) FILTER (WHERE value = -1)::int AS down
     FROM votes WHERE site = $1 AND target_type = $2 AND target_id = $3`,
    [site, targetType, targetId],
  );
  return { up: Number(rows[0]?.up ?? 0), down: Number(rows[0]?.down ?? 0) };
}

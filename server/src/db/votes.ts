/** SQL for votes: one per member per target (the primary key), `ON CONFLICT` on a change of mind. */
import type { Queryable } from './database.js';

export type VotableType = 'question' | 'answer';

export interface VoteKey {
  site: string;
  member: string;
  targetType: VotableType;
  targetId: string;
}

const KEY = 'site = $1 AND member = $2 AND target_type = $3 AND target_id = $4';
const keyParams = (k: VoteKey): unknown[] => [k.site, k.member, k.targetType, k.targetId];

/** The member's vote (1, -1) or 0. Call with the target locked, so that it cannot change meanwhile. */
export async function currentVote(db: Queryable, key: VoteKey): Promise<1 | -1 | 0> {
  const { rows } = await db.query<{ value: number }>(
    `SELECT value FROM votes WHERE ${KEY} FOR UPDATE`,
    keyParams(key),
  );
  const value = Number(rows[0]?.value ?? 0);
  return value === 1 ? 1 : value === -1 ? -1 : 0;
}

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

export async function deleteVote(db: Queryable, key: VoteKey): Promise<void> {
  await db.query(`DELETE FROM votes WHERE ${KEY}`, keyParams(key));
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

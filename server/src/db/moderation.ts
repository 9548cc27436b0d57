/**
 * SQL for flags and moderation, generic over every kind of content (questions, answers, ideas, idea
 * comments, reviews): finding a post with the post its thread hangs on, locking what counts it,
 * changing its visibility, its parent's count of visible children, and members' flags.
 */
import type { FlagReason, TargetType, Visibility } from '../../../src/core/types.js';
import type { Queryable } from './database.js';

interface ContentTable {
  table: string;
  /**
   * What the content belongs to: the column naming it, its table, whether it is a post whose
   * visibility the content's reachability depends on (a question, an idea), and the column counting
   * its visible children (products keep an aggregate instead: db/reviews.ts).
   */
  parent: { column: string; table: string; post: boolean; counter: string | null } | null;
}

const CONTENT: Record<TargetType, ContentTable> = {
  question: { table: 'questions', parent: null },
  answer: {
    table: 'answers',
    parent: { column: 'question_id', table: 'questions', post: true, counter: 'answer_count' },
  },
  idea: { table: 'ideas', parent: null },
  comment: {
    table: 'idea_comments',
    parent: { column: 'idea_id', table: 'ideas', post: true, counter: 'comment_count' },
  },
  review: {
    table: 'reviews',
    parent: { column: 'product', table: 'products', post: false, counter: null },
  },
};

export interface ContentRef {
  author: string;
  visibility: Visibility;
  /** The question of an answer, the idea of a comment, the product of a review; `null` otherwise. */
  parentId: string | null;
  /** The question or idea whose thread the content is in: readable only while that post is. */
  parentPost: { author: string; visibility: Visibility } | null;
}

/** The content (without locking it), or `null`. */
export async function findContent(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
): Promise<ContentRef | null> {
  const { table, parent } = CONTENT[type];
  const post = parent?.post === true;
  const { rows } = await db.query<{
    author: string;
    visibility: Visibility;
    parent_id: string | null;
    parent_author: string | null;
    parent_visibility: Visibility | null;
  }>(
    `SELECT t.author, t.visibility, ${parent ? `t.${parent.column}` : 'NULL'} AS parent_id,
       ${post ? 'p.author' : 'NULL'} AS parent_author,
       ${post ? 'p.visibility' : 'NULL'} AS parent_visibility
     FROM ${table} t
     ${post ? `JOIN ${parent!.table} p ON p.site = t.site AND p.id = t.${parent!.column}` : ''}
     WHERE t.site = $1 AND t.id = $2`,
    [site, id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    author: row.author,
    visibility: row.visibility,
    parentId: row.parent_id,
    parentPost:
      row.parent_author !== null && row.parent_visibility !== null
        ? { author: row.parent_author, visibility: row.parent_visibility }
        : null,
  };
}

/**
 * Locks what counts the content of this type (its question, idea or product) until the transaction
 * ends; every change of that count takes the same lock first.
 */
export async function lockParent(
  db: Queryable,
  site: string,
  type: TargetType,
  parentId: string,
): Promise<void> {
  const { parent } = CONTENT[type];
  if (!parent) return;
  await db.query(`SELECT 1 FROM ${parent.table} WHERE site = $1 AND id = $2 FOR NO KEY UPDATE`, [
    site,
    parentId,
  ]);
}

/**
 * Sets the content's visibility; returns the one it had, or `null` when it is no longer under
 * `parentId` (an idea's comments move with a merge) or gone.
 */
export async function setVisibility(
  db: Queryable,
  site: string,
  type: TargetType,
  id: string,
  parentId: string | null,
  visibility: Visibility,
): Promise<Visibility | null> {
  const { table, parent } = CONTENT[type];
  const under = parent ? ` AND ${parent.column} = $4` : '';
  const { rows } = await db.query<{ previous: Visibility }>(
    `WITH old AS (
       SELECT visibility FROM ${table} WHERE site = $1 AND id = $2${under} FOR UPDATE
     )
     UPDATE ${table} t SET visibility = $3 FROM old
     WHERE t.site = $1 AND t.id = $2
     RETURNING old.visibility AS previous`,
    parent ? [site, id, visibility, parentId] : [site, id, visibility],
  );
  return rows[0]?.previous ?? null;
}

/** Adds `delta` to the count of visible children the parent keeps (answers, comments), if any. */
export async function countVisibleChildren(
  db: Queryable,
  site: string,
  type: TargetType,
  parentId: string,
  delta: number,
): Promise<void> {
  const counter = CONTENT[type].parent?.counter;
  if (!counter || delta === 0) return;
  await db.query(
    `UPDATE ${CONTENT[type].parent!.table} SET ${counter} = ${counter} + $3
     WHERE site = $1 AND id = $2`,
    [site, parentId, delta],
  );
}

export interface FlagRow {
  site: string;
  member: string;
  targetType: TargetType;
  targetId: string;
  reason: FlagReason;
  note: string | null;
}

/** The member's flag on the target (a second one updates the first); returns the earlier reason. */
export async function upsertFlag(db: Queryable, flag: FlagRow): Promise<FlagReason | null> {
  const { rows } = await db.query<{ previous: FlagReason | null }>(
    `WITH previous AS (
       SELECT reason FROM flags
       WHERE site = $1 AND member = $2 AND target_type = $3 AND target_id = $4
     ), flagged AS (
       INSERT INTO flags (site, member, target_type, target_id, reason, note)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site, member, target_type, target_id)
       DO UPDATE SET reason = EXCLUDED.reason, note = EXCLUDED.note, updated_at = now()
     )
     SELECT (SELECT reason FROM previous) AS previous`,
    [flag.site, flag.member, flag.targetType, flag.targetId, flag.reason, flag.note],
  );
  return rows[0]?.previous ?? null;
}

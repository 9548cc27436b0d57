/** SQL for the spam guards (domain/spam.ts): an author's recent posts with the same text. */
import type { Queryable } from './database.js';

/** The post kinds whose rows carry `text_hash` (migration 012), and their tables. */
export const TEXT_HASHED = {
  question: 'questions',
  answer: 'answers',
  idea: 'ideas',
  comment: 'idea_comments',
} as const;

export type TextHashedKind = keyof typeof TEXT_HASHED;

/**
 * Whether the author wrote a post of this kind with this text hash in the last `hours` (one that was
 * not deleted: hidden and held posts count).
 */
export async function hasRecentCopy(
  db: Queryable,
  post: { site: string; kind: TextHashedKind; author: string; textHash: string; hours: number },
): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM ${TEXT_HASHED[post.kind]}
     WHERE site = $1 AND author = $2 AND text_hash = $3 AND visibility <> 'deleted'
       AND created_at > now() - make_interval(hours => $4)
     LIMIT 1`,
    [post.site, post.author, post.textHash, post.hours],
  );
  return rows.length > 0;
}

/** SQL for `community_events`: one row per write, in the write's transaction. */
import type { Queryable } from './database.js';
import { iso } from './rows.js';

export type CommunityEventType =
  | 'question.asked'
  | 'answer.posted'
  | 'vote.cast'
  | 'answer.accepted'
  | 'answer.unaccepted'
  | 'site.settings-changed'
  | 'idea.submitted'
  | 'idea.commented'
  | 'idea.status-changed'
  | 'idea.merged'
  | 'idea.followed'
  | 'idea.unfollowed'
  | 'board.configured'
  | 'photo.uploaded'
  | 'review.submitted'
  | 'review.replied'
  | 'content.flagged'
  | 'content.hidden'
  | 'content.approved';

export interface CommunityEvent {
  site: string;
  type: CommunityEventType;
  /** The member who acted; `null` for the system. */
  actor: string | null;
  targetType: 'question' | 'answer' | 'idea' | 'comment' | 'review' | 'site' | 'member' | 'board';
  targetId: string;
  payload: Record<string, unknown>;
  /** Default: now (the transaction's time). */
  createdAt?: string;
}

export async function insertEvent(db: Queryable, event: CommunityEvent): Promise<void> {
  await db.query(
    `INSERT INTO community_events (site, type, actor, target_type, target_id, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, coalesce($7::timestamptz, now()))`,
    [
      event.site,
      event.type,
      event.actor,
      event.targetType,
      event.targetId,
      JSON.stringify(event.payload),
      event.createdAt ?? null,
    ],
  );
}

export interface StoredEvent extends CommunityEvent {
  id: string;
  createdAt: string;
}

/** Events of a site in order (tests, and later the outbox). */
export async function listEvents(db: Queryable, site: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<{
    id: string;
    site: string;
    type: CommunityEventType;
    actor: string | null;
    target_type: CommunityEvent['targetType'];
    target_id: string;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT id::text AS id, site, type, actor, target_type, target_id, payload, created_at
     FROM community_events WHERE site = $1 ORDER BY id`,
    [site],
  );
  return rows.map((row) => ({
    id: row.id,
    site: row.site,
    type: row.type,
    actor: row.actor,
    targetType: row.target_type,
    targetId: row.target_id,
    payload: row.payload,
    createdAt: iso(row.created_at),
  }));
}

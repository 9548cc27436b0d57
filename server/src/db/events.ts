/** SQL for `community_events`: one row per write, in the write's transaction. */
import type { Queryable } from './database.js';
import { iso } from './rows.js';

export type CommunityEventType =
  | 'question.asked'
  | 'answer.posted'
  | 'vote.cast'
  | 'answer.accepted'
  | 'answer.unaccepted'
  | 'question.escalated'
  | 'question.escalation-resolved'
  | 'question.followed'
  | 'question.unfollowed'
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
  | 'content.approved'
  | 'content.held'
  | 'content.deleted'
  | 'member.warned'
  | 'member.suspended'
  | 'member.unsuspended'
  | 'member.erased'
  | 'badge.awarded';

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

/**
 * The events each write's transaction inserted, by the transaction's `Queryable` (a new one per
 * attempt): `performWrite` starts the collection, and reconciles reputation for what they touched.
 */
const collected = new WeakMap<Queryable, string[]>();

/** From now on, the ids of events inserted through `tx` are kept (see {@link collectedEvents}). */
export function collectEvents(tx: Queryable): void {
  if (!collected.has(tx)) collected.set(tx, []);
}

/** The ids collected through `tx` since {@link collectEvents}, in order of insertion. */
export function collectedEvents(tx: Queryable): string[] {
  return [...(collected.get(tx) ?? [])];
}

/** Notes an event inserted through `tx` by other SQL (the `vote.cast` of `castVote`). */
export function noteEvent(tx: Queryable, id: string): void {
  collected.get(tx)?.push(id);
}

/** Inserts the event; returns its id. */
export async function insertEvent(db: Queryable, event: CommunityEvent): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO community_events (site, type, actor, target_type, target_id, payload, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, coalesce($7::timestamptz, now()))
     RETURNING id::text AS id`,
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
  const id = String(rows[0]!.id);
  noteEvent(db, id);
  return id;
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

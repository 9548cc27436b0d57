/**
 * SQL for escalation: the scheduled sweep (several instances share it: rows claimed with
 * `FOR UPDATE SKIP LOCKED`, `escalated_at IS NULL` checked again as they are updated), escalating one
 * question by hand, and resolving an escalation.
 */
import type { EscalationSource } from '../../../src/core/types.js';
import type { Queryable } from './database.js';

export interface EscalatedQuestion {
  id: string;
  author: string;
  topic: string;
}

/**
 * Escalates up to `limit` visible questions of `site` with no visible answer, asked at least `afterMs`
 * ago (by the database's clock) and not escalated yet. Questions another transaction holds (being
 * answered, or escalated by another instance) are skipped: the next sweep sees them as they are then.
 */
export async function escalateDue(
  tx: Queryable,
  site: string,
  afterMs: number,
  limit: number,
): Promise<EscalatedQuestion[]> {
  const { rows } = await tx.query<EscalatedQuestion>(
    `WITH due AS (
       SELECT q.site, q.id FROM questions q
       WHERE q.site = $1 AND q.escalated_at IS NULL AND q.visibility = 'visible'
         AND q.created_at <= now() - $2::double precision * interval '1 millisecond'
         AND NOT EXISTS (SELECT 1 FROM answers a
                         WHERE a.site = q.site AND a.question_id = q.id AND a.visibility = 'visible')
       ORDER BY q.created_at
       LIMIT $3
       FOR UPDATE OF q SKIP LOCKED
     )
     UPDATE questions q SET escalated_at = now(), escalated_by = 'schedule'
     FROM due
     WHERE q.site = due.site AND q.id = due.id AND q.escalated_at IS NULL
     RETURNING q.id, q.author, q.topic`,
    [site, afterMs, limit],
  );
  return rows;
}

/** Marks a (locked) question escalated; false when it was already. */
export async function markEscalated(
  tx: Queryable,
  site: string,
  id: string,
  by: EscalationSource,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE questions SET escalated_at = now(), escalated_by = $3
     WHERE site = $1 AND id = $2 AND escalated_at IS NULL`,
    [site, id, by],
  );
  return rowCount > 0;
}

/** Resolves an open escalation of a (locked) question; false when there was none. */
export async function markResolved(tx: Queryable, site: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE questions SET escalation_resolved_at = now()
     WHERE site = $1 AND id = $2 AND escalated_at IS NOT NULL AND escalation_resolved_at IS NULL`,
    [site, id],
  );
  return rowCount > 0;
}

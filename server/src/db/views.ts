/**
 * SQL for the view beacon (`view_events`, migration 013): one row per (page load, type, question), no
 * member, IP address or user agent; rows older than 400 days go.
 */
import type { ViewEvent } from '../../../src/core/types.js';
import type { Queryable } from './database.js';

/** Stores a batch; events this page load reported before are left as they were. */
export async function insertViews(
  db: Queryable,
  site: string,
  pageLoad: string,
  events: readonly ViewEvent[],
): Promise<void> {
  if (!events.length) return;
  await db.query(
    `INSERT INTO view_events (site, page_load, type, question_id)
     SELECT $1, $2::uuid, t.type, t.question_id
     FROM unnest($3::text[], $4::text[]) AS t (type, question_id)
     ON CONFLICT DO NOTHING`,
    [site, pageLoad, events.map((e) => e.type), events.map((e) => e.questionId)],
  );
}

/** Deletes view events older than `days` (default 400: a year's comparison and a month to spare). */
export async function deleteOldViews(db: Queryable, days = 400): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM view_events WHERE created_at < now() - make_interval(days => $1)`,
    [days],
  );
  return rowCount;
}

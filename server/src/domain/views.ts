/**
 * The view beacon (self-service deflection, docs/api.md "Analytics"): the SDK reports which questions a
 * page load opened and whether it asked one. No token, no cookies, nothing personal is stored: the
 * page load's random id, the event's type and question, and the time. The browser sends nothing under
 * Do Not Track or Global Privacy Control (src/stores/views.ts).
 */
import type { ViewBatch, ViewEvent } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import type { SiteRow } from '../db/sites.js';
import { insertViews } from '../db/views.js';

export async function recordViews(db: Queryable, site: SiteRow, batch: ViewBatch): Promise<void> {
  const seen = new Set<string>();
  const events: ViewEvent[] = [];
  for (const event of batch.events) {
    const key = `${event.type}\n${event.questionId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    events.push({ type: event.type, questionId: event.questionId });
  }
  await insertViews(db, site.id, batch.pageLoad.toLowerCase(), events);
}

/** SQL for topics: they come into being on first write. */
import type { Queryable } from './database.js';

export async function ensureTopic(db: Queryable, site: string, slug: string): Promise<void> {
  await db.query(
    'INSERT INTO topics (site, slug) VALUES ($1, $2) ON CONFLICT (site, slug) DO NOTHING',
    [site, slug],
  );
}

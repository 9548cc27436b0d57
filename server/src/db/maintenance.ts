/**
 * Autovacuum for PGlite, which runs none: VACUUM and ANALYZE the tables that changed enough, with
 * autovacuum's default thresholds (50 rows + 20 % dead, 50 rows + 10 % changed).
 *
 * Without it dead rows pile up, and the planner keeps the statistics a table had when it was created.
 * That matters more because statements are prepared once and keep their plan until the statistics of
 * their tables change: a plan made while a table was empty (a sequential scan) would be kept while the
 * table grows. A real PostgreSQL does this itself.
 */
import type { Queryable } from './database.js';

/** Runs what is due; returns what it did (`VACUUM (ANALYZE) t`, `ANALYZE t`). */
export async function autovacuum(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string; vacuum: boolean; analyze: boolean }>(
    `SELECT quote_ident(s.relname) AS name,
       s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) AS vacuum,
       s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) AS analyze
     FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.schemaname = 'public'
     ORDER BY s.relname`,
  );
  const done: string[] = [];
  for (const { name, vacuum, analyze } of rows) {
    // Names come from the catalog, quoted by quote_ident; identifiers cannot be parameters.
    const command = vacuum ? `VACUUM (ANALYZE) ${name}` : analyze ? `ANALYZE ${name}` : null;
    if (!command) continue;
    await db.query(command);
    done.push(command);
  }
  return done;
}

/**
 * Pieces of the list statements shared by questions and ideas: full-text search over a post table's
 * `search` column (title weight A, body B) and a page that carries its total.
 */
import type { Queryable } from './database.js';

export interface TextSearch {
  /** The query as typed, for `plainto_tsquery`. */
  text: string;
  /** `word:* & word:*`, built from letters and digits only; `null` when there are none. */
  prefixQuery: string | null;
  /** `%word%` patterns (LIKE metacharacters escaped): every one must occur in the title or body. */
  patterns: string[];
}

/**
 * The filter (full text, word prefixes, or every pattern in the title or body) and the rank of a
 * search over the posts `alias`; `param` adds a parameter and returns its placeholder.
 */
export function searchSql(
  alias: string,
  search: TextSearch,
  param: (value: unknown) => string,
): { filter: string; rank: string } {
  const text = param(search.text);
  const prefix = param(search.prefixQuery);
  const patterns = param(search.patterns);
  return {
    filter: `(${alias}.search @@ plainto_tsquery('simple', ${text})
      OR ${alias}.search @@ to_tsquery('simple', ${prefix})
      OR (cardinality(${patterns}::text[]) > 0
          AND (${alias}.title || ' ' || ${alias}.body_source) ILIKE ALL (${patterns}::text[])))`,
    rank: `coalesce(ts_rank(${alias}.search, to_tsquery('simple', ${prefix})), 0)
      + coalesce(ts_rank(${alias}.search, plainto_tsquery('simple', ${text})), 0)`,
  };
}

/**
 * Runs a page statement whose rows carry the list's total (`total`) and their `seq`, and turns the
 * rows into items. An empty first page means no matches; only a page past the end (`continued`)
 * needs the count on its own.
 */
export async function runPage<Row extends { total?: number; seq: string }, Item>(
  db: Queryable,
  page: { sql: string; params: unknown[] },
  count: { sql: string; params: unknown[] },
  continued: boolean,
  toItem: (row: Row) => Item,
): Promise<{ items: Item[]; seqs: string[]; total: number }> {
  const { rows } = await db.query<Row>(page.sql, page.params);
  let total = 0;
  if (rows[0]) total = Number(rows[0].total);
  else if (continued)
    total = Number(
      (await db.query<{ total: number }>(count.sql, count.params)).rows[0]?.total ?? 0,
    );
  return { items: rows.map(toItem), seqs: rows.map((row) => row.seq), total };
}

/**
 * SQL for rate limits: fixed one-minute windows counted in `rate_limit_counters` with
 * `INSERT … ON CONFLICT DO UPDATE`, so that several server instances share one count. The database's
 * clock defines the windows. The table is UNLOGGED (migration 002): counting writes no WAL and waits
 * for no disk flush; a crash of PostgreSQL empties it, which only forgives the current minute.
 */
import type { Queryable } from './database.js';

export interface BucketCount {
  bucket: string;
  count: number;
  /** Seconds until the window ends (at least 1). */
  retryAfter: number;
}

/**
 * Counts `hits` hits (a write's cost, default 1) in each bucket and returns the new counts (writes:
 * exact, one statement each).
 */
export async function hitBuckets(
  db: Queryable,
  buckets: string[],
  hits = 1,
): Promise<BucketCount[]> {
  if (!buckets.length) return [];
  const { rows } = await db.query<{ bucket: string; count: number; retry_after: number }>(
    `INSERT INTO rate_limit_counters AS c (bucket, window_start, count)
     SELECT b, date_trunc('minute', now()), $2::int FROM unnest($1::text[]) AS b
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = c.count + EXCLUDED.count
     RETURNING c.bucket, c.count,
       greatest(1, ceil(extract(epoch FROM (c.window_start + interval '1 minute' - now()))))::int
         AS retry_after`,
    [buckets, hits],
  );
  return rows.map((row) => ({
    bucket: row.bucket,
    count: Number(row.count),
    retryAfter: Number(row.retry_after),
  }));
}

/**
 * Adds counted hits (reads, counted in memory by each instance) to the shared counters of the window
 * that starts at `windowStart` (epoch ms) in one statement; returns every instance's total per bucket
 * and the database's clock (epoch ms).
 */
export async function addToBuckets(
  db: Queryable,
  windowStart: number,
  hits: Map<string, number>,
): Promise<{ totals: Map<string, number>; now: number }> {
  const { rows } = await db.query<{ bucket: string; count: number; now: number }>(
    `INSERT INTO rate_limit_counters AS c (bucket, window_start, count)
     SELECT b, to_timestamp($1::float8 / 1000), n FROM unnest($2::text[], $3::int[]) AS t (b, n)
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = c.count + EXCLUDED.count
     RETURNING c.bucket, c.count, (extract(epoch FROM now()) * 1000)::float8 AS now`,
    [windowStart, [...hits.keys()], [...hits.values()]],
  );
  return {
    totals: new Map(rows.map((row) => [row.bucket, Number(row.count)])),
    now: rows.length ? Number(rows[0]!.now) : Date.now(),
  };
}

export async function deleteOldCounters(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM rate_limit_counters WHERE window_start < now() - interval '5 minutes'`,
  );
  return rowCount;
}

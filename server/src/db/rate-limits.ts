/**
 * SQL for rate limits: fixed one-minute windows counted in `rate_limit_counters` with
 * `INSERT … ON CONFLICT DO UPDATE`, so that several server instances share one count. The database's
 * clock defines the windows.
 */
import type { Queryable } from './database.js';

export interface BucketCount {
  bucket: string;
  count: number;
  /** Seconds until the window ends (at least 1). */
  retryAfter: number;
}

/** Counts one hit in each bucket and returns the new counts. */
export async function hitBuckets(db: Queryable, buckets: string[]): Promise<BucketCount[]> {
  if (!buckets.length) return [];
  const { rows } = await db.query<{ bucket: string; count: number; retry_after: number }>(
    `INSERT INTO rate_limit_counters AS c (bucket, window_start, count)
     SELECT b, date_trunc('minute', now()), 1 FROM unnest($1::text[]) AS b
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = c.count + 1
     RETURNING c.bucket, c.count,
       greatest(1, ceil(extract(epoch FROM (c.window_start + interval '1 minute' - now()))))::int
         AS retry_after`,
    [buckets],
  );
  return rows.map((row) => ({
    bucket: row.bucket,
    count: Number(row.count),
    retryAfter: Number(row.retry_after),
  }));
}

export async function deleteOldCounters(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM rate_limit_counters WHERE window_start < now() - interval '5 minutes'`,
  );
  return rowCount;
}

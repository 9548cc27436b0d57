/**
 * Rate limits per member and per IP, set per site (`settings.rateLimits`) and counted in Postgres, so
 * that several server instances share the count. Over the limit → 429 with `Retry-After`.
 */
import type { Queryable } from '../db/database.js';
import { hitBuckets } from '../db/rate-limits.js';
import type { SiteRow } from '../db/sites.js';
import { rateLimited } from '../errors.js';
import { rateLimitsOf } from './sites.js';

export async function limitRead(db: Queryable, site: SiteRow, ip: string): Promise<void> {
  const limits = rateLimitsOf(site);
  await enforce(db, [[`r:ip:${site.id}:${ip}`, limits.readsPerMinutePerIp]]);
}

export async function limitWrite(
  db: Queryable,
  site: SiteRow,
  ip: string,
  memberId: string | null,
): Promise<void> {
  const limits = rateLimitsOf(site);
  const buckets: [string, number][] = [[`w:ip:${site.id}:${ip}`, limits.writesPerMinutePerIp]];
  if (memberId !== null)
    buckets.push([`w:m:${site.id}:${memberId}`, limits.writesPerMinutePerMember]);
  await enforce(db, buckets);
}

async function enforce(db: Queryable, buckets: [string, number][]): Promise<void> {
  const limitOf = new Map(buckets);
  const counts = await hitBuckets(db, [...limitOf.keys()]);
  let retryAfter = 0;
  for (const { bucket, count, retryAfter: wait } of counts) {
    if (count > limitOf.get(bucket)!) retryAfter = Math.max(retryAfter, wait);
  }
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

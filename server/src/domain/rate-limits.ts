/**
 * Rate limits per member and per IP, set per site (`settings.rateLimits`) and counted in Postgres
 * (`rate_limit_counters`, fixed one-minute windows of the database's clock), so that several server
 * instances share the count. Over the limit → 429 with `Retry-After`.
 *
 * - Writes are counted exactly: every write adds its hit in the database before it runs. A costly
 *   write counts as several (a photo upload: `UPLOAD_WRITE_COST` of domain/photos.ts).
 * - Reads are counted by each instance in memory and added to the shared counters once a second, in
 *   one statement for all buckets (a read must not cost a database write). An instance refuses a read
 *   when its own unflushed hits plus the shared count it last saw exceed the limit: exact with one
 *   instance; with several, each sees the others' reads up to ~1 s late, so a burst spread over N
 *   instances may pass the limit by what they take in that second. Hits not yet added when an instance
 *   stops are lost (at most a second's worth).
 */
import type { Queryable } from '../db/database.js';
import { addToBuckets, hitBuckets } from '../db/rate-limits.js';
import type { SiteRow } from '../db/sites.js';
import { rateLimited } from '../errors.js';
import { rateLimitsOf } from './sites.js';

const WINDOW_MS = 60_000;

export async function limitWrite(
  db: Queryable,
  site: SiteRow,
  ip: string,
  memberId: string | null,
  cost = 1,
): Promise<void> {
  const limits = rateLimitsOf(site);
  const buckets: [string, number][] = [[`w:ip:${site.id}:${ip}`, limits.writesPerMinutePerIp]];
  if (memberId !== null)
    buckets.push([`w:m:${site.id}:${memberId}`, limits.writesPerMinutePerMember]);
  const limitOf = new Map(buckets);
  const counts = await hitBuckets(db, [...limitOf.keys()], cost);
  let retryAfter = 0;
  for (const { bucket, count, retryAfter: wait } of counts) {
    if (count > limitOf.get(bucket)!) retryAfter = Math.max(retryAfter, wait);
  }
  if (retryAfter > 0) throw rateLimited(retryAfter);
}

/** Read limits per IP: counted in memory, shared through the database once a second. */
export class ReadLimiter {
  readonly #db: Queryable;
  readonly #flushMs: number;
  readonly #onError: (error: unknown) => void;
  /** The database's clock minus this process's (learned at each flush). */
  #clockOffset = 0;
  /** The current window's start (epoch ms, database clock). */
  #window = -1;
  /** Every instance's count per bucket, as the last flush returned it. */
  #shared = new Map<string, number>();
  /** This instance's hits not yet added to the shared counters. */
  #pending = new Map<string, number>();
  /** Hits of the flush under way. */
  #flushing = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    db: Queryable,
    options: { flushMs?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 1000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Counts a read of `site` from `ip`; throws a 429 `ApiError` when over the site's limit. */
  limit(site: SiteRow, ip: string): void {
    const now = Date.now() + this.#clockOffset; // whole milliseconds: windows are whole minutes
    const window = now - (now % WINDOW_MS);
    if (window !== this.#window) {
      // A new minute: the old counts no longer matter (unflushed ones are dropped with them).
      this.#window = window;
      this.#shared = new Map();
      this.#pending = new Map();
      this.#flushing = new Map();
    }
    const bucket = `r:ip:${site.id}:${ip}`;
    const mine = (this.#pending.get(bucket) ?? 0) + 1;
    this.#pending.set(bucket, mine);
    if (!this.#timer) this.#schedule();
    const count = (this.#shared.get(bucket) ?? 0) + (this.#flushing.get(bucket) ?? 0) + mine;
    if (count > rateLimitsOf(site).readsPerMinutePerIp) {
      throw rateLimited(Math.max(1, Math.ceil((window + WINDOW_MS - now) / 1000)));
    }
  }

  /** Adds the pending hits to the shared counters (one statement) and learns the others' counts. */
  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#pending.size || this.#flushing.size) return;
    const window = this.#window;
    const batch = this.#pending;
    this.#pending = new Map();
    this.#flushing = batch;
    try {
      const { totals, now } = await addToBuckets(this.#db, window, batch);
      this.#clockOffset = Math.round(now - Date.now());
      if (window === this.#window)
        for (const [bucket, total] of totals) this.#shared.set(bucket, total);
    } catch (error) {
      this.#onError(error);
      // Still counted here, and offered again with the next flush.
      if (window === this.#window)
        for (const [bucket, hits] of batch)
          this.#pending.set(bucket, (this.#pending.get(bucket) ?? 0) + hits);
    } finally {
      if (this.#flushing === batch) this.#flushing = new Map();
    }
    if (this.#pending.size && !this.#timer) this.#schedule();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => void this.flush(), this.#flushMs);
    this.#timer.unref?.();
  }

  /** Stops the timer and adds what is pending. */
  async close(): Promise<void> {
    await this.flush();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

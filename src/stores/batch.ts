/**
 * Read coalescing: every read requested in the same task, by any element, goes to the adapter as one
 * `read()` call per adapter and token (identical requests are sent once). `ratings` requests merge into
 * one (up to 100 products each): a page of product tiles costs one read.
 */
import type { KithAdapter, ReadKind, ReadRequest, ReadResult } from '../core/adapter.js';
import { NetworkError, toKithError } from '../core/errors.js';
import type { RatingSummary } from '../core/types.js';
import type { Session } from './session.js';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The waiter's part of a merged result. */
  pick?(data: unknown): unknown;
}

/** Products per merged `ratings` request (the adapter's limit). */
const RATINGS_PER_REQUEST = 100;

interface Batch {
  adapter: KithAdapter;
  token: string | null;
  requests: Map<string, { request: ReadRequest; waiters: Waiter[] }>;
}

const batches = new Map<string, Batch>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  const all = [...batches.values()];
  batches.clear();
  for (const batch of all) void send(batch);
}

async function send(batch: Batch): Promise<void> {
  const entries = [...batch.requests.values()];
  try {
    const outcomes = await batch.adapter.read(
      entries.map((e) => e.request),
      { token: batch.token },
    );
    entries.forEach((entry, i) => {
      const outcome = outcomes[i];
      for (const w of entry.waiters) {
        if (!outcome) w.reject(new NetworkError('The server sent an incomplete answer.'));
        else if (outcome.ok)
          w.resolve(structuredClone(w.pick ? w.pick(outcome.data) : outcome.data));
        else w.reject(outcome.error);
      }
    });
  } catch (error) {
    const kithError = toKithError(error);
    for (const entry of entries) for (const w of entry.waiters) w.reject(kithError);
  }
}

/** Queues a read for the end of the current task and resolves with its own result. */
export function batchedRead<K extends ReadKind>(
  session: Session,
  request: Extract<ReadRequest, { kind: K }>,
): Promise<ReadResult<K>> {
  const batchKey = `${session.key}`;
  let batch = batches.get(batchKey);
  if (!batch) {
    batch = { adapter: session.adapter, token: session.token, requests: new Map() };
    batches.set(batchKey, batch);
  }
  let entry: { request: ReadRequest; waiters: Waiter[] } | undefined;
  let pick: Waiter['pick'];
  const asked: ReadRequest = request;
  if (asked.kind === 'ratings') {
    ({ entry, pick } = mergeRatings(batch, asked.products));
  } else {
    const requestKey = JSON.stringify(request);
    entry = batch.requests.get(requestKey);
    if (!entry) batch.requests.set(requestKey, (entry = { request, waiters: [] }));
  }
  const waiters = entry.waiters;
  const promise = new Promise<ReadResult<K>>((resolve, reject) => {
    waiters.push({ resolve: resolve as (v: unknown) => void, reject, pick });
  });
  if (!scheduled) {
    scheduled = true;
    setTimeout(flush, 0);
  }
  return promise;
}

/**
 * Adds `products` to the batch's `ratings` request that has room (a new one when none has), and picks
 * the caller's summaries, in its order, out of the merged answer.
 */
function mergeRatings(batch: Batch, products: string[]) {
  const wanted = [...new Set(products)];
  let n = 0;
  let entry = batch.requests.get('ratings#0');
  for (;;) {
    const request = entry?.request as Extract<ReadRequest, { kind: 'ratings' }> | undefined;
    const merged = request ? [...new Set([...request.products, ...wanted])] : wanted;
    if (!request || merged.length <= RATINGS_PER_REQUEST || request.products.length === 0) {
      const next = { kind: 'ratings' as const, products: merged };
      if (entry) entry.request = next;
      else batch.requests.set(`ratings#${n}`, (entry = { request: next, waiters: [] }));
      break;
    }
    entry = batch.requests.get(`ratings#${++n}`);
  }
  const pick = (data: unknown) => {
    const all = data as RatingSummary[];
    return products.map((p) => all.find((s) => s.product === p) ?? emptySummary(p));
  };
  return { entry, pick };
}

/** A product nobody has reviewed. */
export const emptySummary = (product: string): RatingSummary => ({
  product,
  average: 0,
  count: 0,
  histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
});

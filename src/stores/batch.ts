/**
 * Read coalescing: every read requested in the same task, by any element, goes to the adapter as one
 * `read()` call per adapter and token (identical requests are sent once); reads that know how merge
 * into one (the ratings of many product tiles).
 */
import type { KithAdapter, ReadKind, ReadRequest, ReadResult } from '../core/adapter.js';
import { NetworkError, toKithError } from '../core/errors.js';
import type { Session } from './session.js';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The waiter's part of a merged result. */
  pick?(data: unknown): unknown;
}

interface Entry {
  request: ReadRequest;
  waiters: Waiter[];
}

interface Batch {
  adapter: KithAdapter;
  token: string | null;
  requests: Map<string, Entry>;
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
/**
 * How a read merges with others of its kind in the same batch (many rating tiles, one request):
 * `merge` returns the request that asks for both, or `null` when they don't fit in one; `pick` takes
 * the caller's own result out of the merged answer.
 */
export interface Merge<K extends ReadKind> {
  merge(
    into: Extract<ReadRequest, { kind: K }>,
    add: Extract<ReadRequest, { kind: K }>,
  ): Extract<ReadRequest, { kind: K }> | null;
  pick(data: ReadResult<K>, own: Extract<ReadRequest, { kind: K }>): ReadResult<K>;
}

/** Queues a read for the end of the current task and resolves with its own result. */
export function batchedRead<K extends ReadKind>(
  session: Session,
  request: Extract<ReadRequest, { kind: K }>,
  merging?: Merge<K>,
): Promise<ReadResult<K>> {
  type R = Extract<ReadRequest, { kind: K }>;
  const batchKey = `${session.key}`;
  let batch = batches.get(batchKey);
  if (!batch) {
    batch = { adapter: session.adapter, token: session.token, requests: new Map() };
    batches.set(batchKey, batch);
  }
  let entry: Entry | undefined;
  let pick: Waiter['pick'];
  if (merging) {
    pick = (data) => merging.pick(data as ReadResult<K>, request);
    for (const [key, e] of batch.requests) {
      const merged = key.startsWith(`merge:${request.kind}`)
        ? merging.merge(e.request as R, request)
        : null;
      if (merged) {
        (entry = e).request = merged;
        break;
      }
    }
    if (!entry) {
      batch.requests.set(
        `merge:${request.kind}:${batch.requests.size}`,
        (entry = { request, waiters: [] }),
      );
    }
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

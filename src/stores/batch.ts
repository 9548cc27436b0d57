/**
 * Read coalescing: every read requested in the same task, by any element, goes to the adapter as one
 * `read()` call per adapter and token (identical requests are sent once).
 */
import type { KithAdapter, ReadKind, ReadRequest, ReadResult } from '../core/adapter.js';
import { NetworkError, toKithError } from '../core/errors.js';
import type { Session } from './session.js';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

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
        else if (outcome.ok) w.resolve(structuredClone(outcome.data));
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
  const requestKey = JSON.stringify(request);
  let entry = batch.requests.get(requestKey);
  if (!entry) batch.requests.set(requestKey, (entry = { request, waiters: [] }));
  const waiters = entry.waiters;
  const promise = new Promise<ReadResult<K>>((resolve, reject) => {
    waiters.push({ resolve: resolve as (v: unknown) => void, reject });
  });
  if (!scheduled) {
    scheduled = true;
    setTimeout(flush, 0);
  }
  return promise;
}

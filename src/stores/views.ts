/**
 * The view beacon (self-service deflection, docs/api.md "Analytics"): which questions this page load
 * opened, and whether it asked one. Nothing at all under Do Not Track or Global Privacy Control, or
 * when the adapter has no beacon. The page load's id is random and lives in memory only; no token and
 * no cookies go with it. Each event is sent once per page load, in batches: 5 s after the first one
 * waiting, at once when 20 wait, and when the page is hidden or left.
 */
import type { KithAdapter } from '../core/adapter.js';
import type { ViewEvent } from '../core/types.js';
import type { Session } from './session.js';

/** Milliseconds an event waits for others before its batch goes. */
export const FLUSH_DELAY_MS = 5000;
/** Events waiting that send the batch at once (the server takes up to 50). */
export const FLUSH_AT = 20;

interface Queue {
  waiting: ViewEvent[];
  sent: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
}

let pageLoad: string | null = null;
const queues = new Map<KithAdapter, Queue>();
let listening = false;

/** The browser asks not to be tracked: Do Not Track, or Global Privacy Control. */
function trackingRefused(): boolean {
  const nav = globalThis.navigator as (Navigator & { globalPrivacyControl?: boolean }) | undefined;
  return (
    nav?.doNotTrack === '1' ||
    (globalThis as { doNotTrack?: unknown }).doNotTrack === '1' ||
    nav?.globalPrivacyControl === true
  );
}

function flush(adapter: KithAdapter, queue: Queue): void {
  if (queue.timer !== null) clearTimeout(queue.timer);
  queue.timer = null;
  if (!queue.waiting.length) return;
  const events = queue.waiting;
  queue.waiting = [];
  adapter.recordViews?.({ pageLoad: pageLoad!, events });
}

function flushAll(): void {
  queues.forEach((queue, adapter) => flush(adapter, queue));
}

/** Reports a view; call it freely: repeats within the page load and everything under DNT/GPC are dropped. */
export function recordView(session: Session, event: ViewEvent): void {
  const { adapter } = session;
  if (!adapter.recordViews || trackingRefused()) return;
  pageLoad ??= globalThis.crypto.randomUUID();
  const queue = queues.get(adapter) ?? { waiting: [], sent: new Set<string>(), timer: null };
  queues.set(adapter, queue);
  const key = `${event.type} ${event.questionId}`;
  if (queue.sent.has(key)) return;
  queue.sent.add(key);
  queue.waiting.push({ type: event.type, questionId: event.questionId });
  if (!listening && typeof globalThis.addEventListener === 'function') {
    listening = true;
    // Leaving or hiding the page may be its last chance: the fetch is `keepalive`.
    globalThis.addEventListener('pagehide', flushAll);
    globalThis.addEventListener('visibilitychange', () => {
      if (globalThis.document?.visibilityState === 'hidden') flushAll();
    });
  }
  if (queue.waiting.length >= FLUSH_AT) flush(adapter, queue);
  else queue.timer ??= setTimeout(() => flush(adapter, queue), FLUSH_DELAY_MS);
}

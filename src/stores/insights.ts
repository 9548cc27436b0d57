/**
 * The staff dashboard's figures: one `insights` report per session and range (`[from, to)`, ISO
 * dates, in day, week or month buckets), read once and kept while the dashboard switches ranges, so
 * going back to a range shows it at once. A report older than five minutes is read again when asked
 * for (the old one stays shown meanwhile). Signed out, nothing is read: the backend answers staff only.
 */
import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { UnsupportedError, toKithError, type KithError } from '../core/errors.js';
import type { InsightsBucket, InsightsReport } from '../core/types.js';
import type { Session } from './session.js';

export interface InsightsQuery {
  /** The first day (`YYYY-MM-DD`, UTC). */
  from: string;
  /** The day after the last (`YYYY-MM-DD`, exclusive). */
  to: string;
  bucket: InsightsBucket;
}

export interface InsightsState {
  /** `signed-out`: nothing is read. `loading` may still hold the previous `report` of this range. */
  status: 'signed-out' | 'loading' | 'ready' | 'error';
  report: InsightsReport | null;
  error: KithError | null;
}

/** A report is read again when asked for after this long. */
export const INSIGHTS_STALE_MS = 5 * 60_000;
/** Ranges kept per page: enough to go back and forth, without growing for ever. */
const MAX_KEPT = 24;

interface Entry {
  session: Session;
  query: InsightsQuery;
  store: WritableAtom<InsightsState>;
  readAt: number;
  running: Promise<void> | null;
}

const entries = new Map<string, Entry>();
const $signedOut = atom<InsightsState>({ status: 'signed-out', report: null, error: null });

const keyOf = (session: Session, q: InsightsQuery) =>
  `${session.key}|${q.from}|${q.to}|${q.bucket}`;

/** The report of a range; read on first ask, again when stale. Signed out, a store that never reads. */
export function insightsReport(
  session: Session,
  query: InsightsQuery,
): ReadableAtom<InsightsState> {
  if (!session.token) return $signedOut;
  const key = keyOf(session, query);
  let entry = entries.get(key);
  if (entry) {
    // Most recently used last: the oldest range is the one dropped.
    entries.delete(key);
    entries.set(key, entry);
    const state = entry.store.get();
    if (state.status === 'ready' && Date.now() - entry.readAt > INSIGHTS_STALE_MS) {
      void read(entry);
    }
    return entry.store;
  }
  entry = {
    session,
    query: { ...query },
    store: atom<InsightsState>({ status: 'loading', report: null, error: null }),
    readAt: 0,
    running: null,
  };
  entries.set(key, entry);
  for (const [old, e] of entries) {
    if (entries.size <= MAX_KEPT) break;
    if (!e.store.lc) entries.delete(old);
  }
  void read(entry);
  return entry.store;
}

/** Reads a range again (the error state's "Try again"); joins a read on its way. */
export function reloadInsights(session: Session, query: InsightsQuery): Promise<void> {
  const entry = entries.get(keyOf(session, query));
  if (!entry) {
    insightsReport(session, query);
    return entries.get(keyOf(session, query))?.running ?? Promise.resolve();
  }
  return read(entry);
}

function read(entry: Entry): Promise<void> {
  if (entry.running) return entry.running;
  const { session, query, store } = entry;
  store.set({ ...store.get(), status: 'loading', error: null });
  const run = (async () => {
    const insights = session.adapter.moderation?.insights?.bind(session.adapter.moderation);
    if (!insights) throw new UnsupportedError('insights');
    return insights({ ...query }, { token: session.token });
  })()
    .then(
      (report) => {
        entry.readAt = Date.now();
        store.set({ status: 'ready', report, error: null });
      },
      (error: unknown) => {
        // The error is shown with the last report of this range, if any, kept for after a retry.
        store.set({ status: 'error', report: store.get().report, error: toKithError(error) });
      },
    )
    .finally(() => {
      entry.running = null;
    });
  return (entry.running = run);
}

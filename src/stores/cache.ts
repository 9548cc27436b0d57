/**
 * What every feature's read stores share: loading page by page into a map store, "show more" and
 * "try again", and revalidation across sessions.
 *
 * A session patches its own stores when it writes. A store of another session on the same adapter (the
 * member before a sign-in, say) that read before the latest write is stale, and reads again when it is
 * next used.
 */
import type { MapStore } from 'nanostores';
import { toKithError, type KithError } from '../core/errors.js';
import type { Page } from '../core/types.js';
import type { Session } from './session.js';

export type LoadStatus = 'loading' | 'ready' | 'error';

/** The fields of every paged store (a list, or the answers of a thread). */
export interface PagedState {
  status: LoadStatus;
  nextCursor: string | null;
  total: number;
  loadingMore: boolean;
  error: KithError | null;
}

/** One cached read: a store that knows how to fill itself. */
export interface CachedRead<S extends PagedState = PagedState> {
  readonly session: Session;
  readonly store: MapStore<S>;
  /** The state before the first read (and after "try again"). */
  empty(): S;
  /** Reads the first page (`null`) or the page at `cursor`. */
  fetch(cursor: string | null): Promise<void>;
  /** The adapter's write count when this store last read or was patched. */
  seenWrites: number;
}

/** A cached read of any shape (its store's state is only read for `status`). */
type AnyRead = Omit<CachedRead, 'store' | 'empty'> & { store: { get(): { status: LoadStatus } } };

const reads = new Set<AnyRead>();
const byStore = new WeakMap<object, AnyRead>();
const writes = new WeakMap<object, number>();
const writeCount = (session: Session) => writes.get(session.adapter) ?? 0;

/** Registers a new cached read (it starts as fresh) and starts its first read. */
export function track<E extends Omit<AnyRead, 'empty'> & { store: object }>(
  entry: Omit<E, 'seenWrites'>,
  firstRead = true,
): E {
  const fetchOnce = entry.fetch.bind(entry);
  // A write that lands while the first page is on its way may be missing from that read, which would
  // then overwrite the write's patch (a reply posted while the list loads): read it again, once.
  entry.fetch = async (cursor) => {
    const before = writeCount(entry.session);
    await fetchOnce(cursor);
    if (cursor == null && writeCount(entry.session) !== before) await fetchOnce(null);
  };
  const tracked = Object.assign(entry, { seenWrites: writeCount(entry.session) }) as E;
  reads.add(tracked as unknown as AnyRead);
  byStore.set(entry.store, tracked as unknown as AnyRead);
  if (firstRead) void entry.fetch(null);
  return tracked;
}

const writeListeners = new Set<(session: Session) => void>();

/**
 * Listens for every successful write, told by {@link recordWrite} (the member stores read reputation
 * and badges again after it); returns the function that stops listening.
 */
export function onWrite(listener: (session: Session) => void): () => void {
  writeListeners.add(listener);
  return () => void writeListeners.delete(listener);
}

/** Counts a successful write: the session's own stores are patched, so they stay fresh. */
export function recordWrite(session: Session): void {
  const count = writeCount(session) + 1;
  writes.set(session.adapter, count);
  for (const e of reads) if (e.session.key === session.key) e.seenWrites = count;
  for (const listener of writeListeners) listener(session);
}

/** Re-reads a cached store that missed writes made through another session. */
export function revalidate(entry: AnyRead): void {
  const count = writeCount(entry.session);
  if (entry.seenWrites === count || entry.store.get().status === 'loading') return;
  entry.seenWrites = count;
  void entry.fetch(null);
}

/** The store cached under `key`: created (tracked, first read started) on first use, else revalidated. */
export function cached<E extends AnyRead & { store: object }>(
  entries: Map<string, E>,
  key: string,
  create: () => E,
): E['store'] {
  let entry = entries.get(key);
  if (!entry) entries.set(key, (entry = create()));
  else revalidate(entry);
  return entry.store;
}

/** The item arrays of `S` (`items`, `answers`, `comments`). */
type ItemsKey<S, T> = { [K in keyof S]: S[K] extends T[] ? K : never }[keyof S];

/**
 * Reads one page into `store`: the first page replaces what is shown, a later one is appended (an item
 * posted meanwhile may come back in a later page: the first copy is kept). A failed first page shows
 * the error state; a failed later page keeps what is shown.
 */
export async function readPage<S extends PagedState, T extends { id: string }>(
  store: MapStore<S>,
  empty: () => S,
  key: ItemsKey<S, T>,
  cursor: string | null,
  read: () => Promise<{ page: Page<T>; extra?: Partial<S> }>,
): Promise<void> {
  try {
    const { page, extra } = await read();
    const items = cursor ? [...(store.get()[key] as T[]), ...page.items] : page.items;
    const seen = new Set<string>();
    store.set({
      ...empty(),
      ...extra,
      [key]: items.filter((item) => !seen.has(item.id) && !!seen.add(item.id)),
      status: 'ready',
      nextCursor: page.nextCursor,
      total: page.total,
    });
  } catch (error) {
    const kithError = toKithError(error);
    if (cursor) store.set({ ...store.get(), loadingMore: false, error: kithError });
    else store.set({ ...empty(), status: 'error', error: kithError });
  }
}

/** Loads the next page of a tracked store; resolves with the number of items added. */
export async function loadMore<S extends PagedState>(
  store: MapStore<S>,
  count: (state: S) => number,
): Promise<number> {
  const entry = byStore.get(store) as CachedRead<S> | undefined;
  const state: PagedState = store.get();
  if (!entry || !state.nextCursor || state.loadingMore) return 0;
  const before = count(store.get());
  (store as unknown as MapStore<PagedState>).setKey('loadingMore', true);
  await entry.fetch(state.nextCursor);
  if (store.get().error) throw store.get().error;
  return count(store.get()) - before;
}

/** Loads a tracked store again from its first page (the retry of the error state). */
export async function reload<S extends { status: LoadStatus }>(store: MapStore<S>): Promise<void> {
  const entry = byStore.get(store) as
    (Pick<CachedRead<never>, 'fetch'> & { empty(): S }) | undefined;
  if (!entry) return;
  store.set(entry.empty());
  await entry.fetch(null);
}

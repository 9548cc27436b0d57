/**
 * Search-as-you-type, shared by every feature that shows similar posts while a member writes (similar
 * questions before asking, similar ideas before suggesting one). Stale answers are dropped.
 */
import { map, type MapStore } from 'nanostores';
import { toKithError, type KithError } from '../core/errors.js';
import type { Page } from '../core/types.js';

export interface SearchState<T> {
  query: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  results: T[];
  total: number;
  error: KithError | null;
}

export interface Search<T> {
  store: MapStore<SearchState<T>>;
  /** Sets the text being typed; searches after `delay` ms without typing. */
  setQuery(query: string): void;
  dispose(): void;
}

/** Minimum characters before searching. */
export const SEARCH_MIN = 3;

/** Runs `read(query)` once the member paused typing for `delay` ms. */
export function createSearch<T>(read: (query: string) => Promise<Page<T>>, delay = 250): Search<T> {
  const store = map<SearchState<T>>({
    query: '',
    status: 'idle',
    results: [],
    total: 0,
    error: null,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const run = async (query: string, gen: number) => {
    try {
      const page = await read(query);
      if (gen !== generation) return;
      store.set({ query, status: 'ready', results: page.items, total: page.total, error: null });
    } catch (error) {
      if (gen !== generation) return;
      store.set({ query, status: 'error', results: [], total: 0, error: toKithError(error) });
    }
  };

  return {
    store,
    setQuery(query: string) {
      clearTimeout(timer);
      const gen = ++generation;
      const trimmed = query.trim();
      if (trimmed.length < SEARCH_MIN) {
        store.set({ query: trimmed, status: 'idle', results: [], total: 0, error: null });
        return;
      }
      store.set({ ...store.get(), query: trimmed, status: 'loading' });
      timer = setTimeout(() => void run(trimmed, gen), delay);
    },
    dispose() {
      clearTimeout(timer);
      generation++;
    },
  };
}

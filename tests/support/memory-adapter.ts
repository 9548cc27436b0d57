/**
 * The memory adapter as tests drive it, in Node and in the browser: a clock that ticks, one read at a
 * time, and a storage whose contents a test can look at.
 */
import { createMemoryAdapter, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import type { KithAdapter, ReadKind, ReadRequest, ReadResultMap } from '../../src/core/adapter.js';

const DAY = 86_400_000;

/**
 * A memory adapter for site `test`, in memory unless `options.storage` says otherwise, on a clock that
 * starts at 2025-03-01 noon UTC and ticks a second per reading; `later(days)` jumps ahead.
 */
export function clockedMemoryAdapter(options: MemoryAdapterOptions = {}) {
  let t = Date.parse('2025-03-01T12:00:00.000Z');
  const adapter = createMemoryAdapter({
    storage: null,
    site: 'test',
    now: () => new Date((t += 1000)),
    ...options,
  });
  return Object.assign(adapter, {
    later(days: number) {
      t += days * DAY;
    },
  });
}

/** One read; its failure is thrown. */
export async function readOne<K extends ReadKind>(
  adapter: KithAdapter,
  request: Extract<ReadRequest, { kind: K }>,
  token: string | null = null,
): Promise<ReadResultMap[K]> {
  const [outcome] = await adapter.read([request], { token });
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.data as ReadResultMap[K];
}

/** A `Storage` over a Map, which the test can read. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

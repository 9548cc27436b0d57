/**
 * Product ratings for tiles (`<kith-rating>`): every tile asking in the same task shares one read
 * (the batch merges `ratings` requests), and a product's reviews list keeps its tiles current. Apart
 * from `reviews.ts` so that a page of tiles downloads no review code.
 */
import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { RatingSummary } from '../core/types.js';
import { batchedRead, type Merge } from './batch.js';
import type { Session } from './session.js';

export interface RatingState {
  status: 'loading' | 'ready' | 'error';
  summary: RatingSummary | null;
}

const ratings = new Map<string, WritableAtom<RatingState>>();

/** Products per `ratings` request (the adapter's limit). */
const PRODUCTS_PER_READ = 100;

/** A product nobody has reviewed. */
export const emptySummary = (product: string): RatingSummary => ({
  product,
  average: 0,
  count: 0,
  histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
});

/** Every tile's products in one request (up to 100), each tile picking its own summaries. */
const mergeRatings: Merge<'ratings'> = {
  merge(into, add) {
    const products = [...new Set([...into.products, ...add.products])];
    return products.length <= PRODUCTS_PER_READ ? { kind: 'ratings', products } : null;
  },
  pick: (data, own) =>
    own.products.map((p) => data.find((s) => s.product === p) ?? emptySummary(p)),
};

/**
 * A product's rating summary. Every tile asking in the same task shares one read with the others
 * (the batch merges `ratings` requests); a product's reviews list keeps it current.
 */
export function productRating(session: Session, product: string): ReadableAtom<RatingState> {
  const key = `${session.key}|${product}`;
  let store = ratings.get(key);
  if (!store) {
    const created = atom<RatingState>({ status: 'loading', summary: null });
    ratings.set(key, (store = created));
    batchedRead(session, { kind: 'ratings', products: [product] }, mergeRatings).then(
      ([summary]) => created.set({ status: 'ready', summary: summary ?? emptySummary(product) }),
      () => {
        created.set({ status: 'error', summary: null });
        ratings.delete(key); // the next tile (or a reload) asks again
      },
    );
  }
  return store;
}

/** The summary a reviews list read: the product's tiles show it too. */
export function setRating(session: Session, summary: RatingSummary): void {
  ratings.get(`${session.key}|${summary.product}`)?.set({ status: 'ready', summary });
}

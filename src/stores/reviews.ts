/**
 * Review stores: a product's reviews in one sort order (optionally only one star value), with the
 * product's summary and the member's own review, and the helpful vote (readers press it too). The
 * other writes (a review, photos, the staff reply, flags, hiding) are in `reviews-writes.ts`, loaded
 * once a member signs in; product ratings for tiles in `ratings.ts`.
 *
 * After a review or a moderation write, the product's lists read again: the summary, the order and the
 * filter all depend on the backend's numbers, and every rating tile of the product follows them.
 */
import { map, type MapStore } from 'nanostores';
import type { ReviewsAdapter } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { RatingSummary, Review, ReviewSort, Stars } from '../core/types.js';
import { batchedRead } from './batch.js';
import {
  cached,
  loadMore,
  readPage,
  reload,
  track,
  type CachedRead,
  type PagedState,
} from './cache.js';
import { setRating } from './ratings.js';
import type { Session } from './session.js';
import { applyVote, optimistic, voteCounts, type VoteCounts } from './writes.js';

export interface ReviewListState extends PagedState {
  items: Review[];
  summary: RatingSummary | null;
  /** The signed-in member's review of the product (to edit it), whatever the filter. */
  mine: Review | null;
}

export interface ReviewListQuery {
  product: string;
  sort: ReviewSort;
  /** Only reviews with this many stars; `null` for all. */
  stars: Stars | null;
  pageSize: number;
}

interface ListEntry extends CachedRead<ReviewListState> {
  list: ReviewListQuery;
}

const lists = new Map<string, ListEntry>();
export function reviewsOf(session: Session): ReviewsAdapter {
  const reviews = session.adapter.reviews;
  if (!reviews) throw new UnsupportedError('reviews');
  return reviews;
}

const emptyList = (): ReviewListState => ({
  status: 'loading',
  items: [],
  nextCursor: null,
  total: 0,
  loadingMore: false,
  error: null,
  summary: null,
  mine: null,
});

/** A product's reviews in one sort order, optionally one star value only; loads when first created. */
export function reviewList(session: Session, list: ReviewListQuery): MapStore<ReviewListState> {
  const key = `${session.key}|${JSON.stringify(list)}`;
  return cached(lists, key, () => {
    const store = map<ReviewListState>(emptyList());
    return track<ListEntry>({
      session,
      list,
      store,
      empty: emptyList,
      fetch: (cursor) =>
        readPage(store, emptyList, 'items', cursor, async () => {
          reviewsOf(session);
          const { summary, mine, ...page } = await batchedRead(session, {
            kind: 'reviews',
            product: list.product,
            sort: list.sort,
            stars: list.stars,
            limit: list.pageSize,
            cursor,
          });
          setRating(session, summary);
          return { page, extra: { summary, mine } };
        }),
    });
  });
}

export function loadMoreReviews(store: MapStore<ReviewListState>): Promise<number> {
  return loadMore(store, (s) => s.items.length);
}

export function reloadReviews(store: MapStore<ReviewListState>): Promise<void> {
  return reload(store);
}

const ofSession = <E extends { session: Session }>(entries: Iterable<E>, session: Session) =>
  [...entries].filter((e) => e.session.key === session.key);

/** Reads the product's lists again (their summaries update the product's rating tiles). */
export function refreshProduct(session: Session, product: string): void {
  for (const e of ofSession(lists.values(), session)) {
    if (e.list.product === product && e.store.get().status !== 'loading') void e.fetch(null);
  }
}

/** The session's cached lists (for the writes to patch). */
export const listsOf = (session: Session) => ofSession(lists.values(), session);

/** Applies `patch` to the review `id` in every list of the session (and where it is `mine`). */
export function patchReview(session: Session, id: string, patch: (review: Review) => Review): void {
  for (const e of ofSession(lists.values(), session)) {
    const state = e.store.get();
    const items = state.items.some((r) => r.id === id)
      ? state.items.map((r) => (r.id === id ? patch(r) : r))
      : state.items;
    const mine = state.mine?.id === id ? patch(state.mine) : state.mine;
    if (items !== state.items || mine !== state.mine) e.store.set({ ...state, items, mine });
  }
}

function findReview(session: Session, id: string): Review | undefined {
  for (const e of ofSession(lists.values(), session)) {
    const state = e.store.get();
    const found =
      state.items.find((r) => r.id === id) ?? (state.mine?.id === id ? state.mine : null);
    if (found) return found;
  }
  return undefined;
}

/**
 * "Was this helpful?": `1` yes, `-1` no, `0` withdraws, shown at once and rolled back when refused
 * (a member's own review, say). `null` while a vote on the same review is still on its way.
 */
export function voteHelpful(session: Session, reviewId: string, value: 1 | -1 | 0) {
  const current = findReview(session, reviewId);
  const before: VoteCounts | null = current ? voteCounts(current) : null;
  const setCounts = (counts: VoteCounts) =>
    patchReview(session, reviewId, (r) => ({ ...r, ...counts }));
  return optimistic(session, `vote|${session.key}|review|${reviewId}`, {
    apply: () => patchReview(session, reviewId, (r) => applyVote(r, value)),
    send: async (idempotencyKey) => {
      const result = await session.adapter.vote(
        { targetType: 'review', targetId: reviewId, value },
        { token: session.token, idempotencyKey },
      );
      setCounts({
        score: result.score,
        upvotes: result.upvotes,
        downvotes: result.downvotes,
        myVote: result.value,
      });
      return result;
    },
    rollback: () => {
      if (before) setCounts(before);
    },
  });
}

/**
 * Review stores: a product's reviews in one sort order (optionally only one star value), with the
 * product's summary and the member's own review; product ratings for tiles (`<kith-rating>`), many
 * products in one read; and the writes: a review (stars, title, text, photos), helpful votes, the staff
 * reply, flags and hiding.
 *
 * After a review or a moderation write, the product's lists read again: the summary, the order and the
 * filter all depend on the backend's numbers, and every rating tile of the product follows them.
 */
import { map, type MapStore } from 'nanostores';
import type { ModerationResult, ReviewsAdapter } from '../core/adapter.js';
import { UnsupportedError, ValidationError } from '../core/errors.js';
import {
  MAX_REVIEW_PHOTOS,
  type Flag,
  type Photo,
  type RatingSummary,
  type Review,
  type ReviewSort,
  type Stars,
  type TargetType,
} from '../core/types.js';
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
import {
  BODY_MAX,
  TITLE_MAX,
  applyVote,
  checkLength,
  optimistic,
  postDraft,
  requireText,
  voteCounts,
  type VoteCounts,
} from './writes.js';

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

export const REPLY_MAX = 5_000;

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
function refreshProduct(session: Session, product: string): void {
  for (const e of ofSession(lists.values(), session)) {
    if (e.list.product === product && e.store.get().status !== 'loading') void e.fetch(null);
  }
}

/** Applies `patch` to the review `id` in every list of the session (and where it is `mine`). */
function patchReview(session: Session, id: string, patch: (review: Review) => Review): void {
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

// ---- writes ----------------------------------------------------------------------------------

export interface ReviewInput {
  product: string;
  rating: number;
  title: string;
  body: string;
  photos: Photo[];
  pageUrl?: string;
}

/**
 * Sends the review drafted under `draftKey` (the member's first review of the product, or an edit of
 * it). Checks the stars (a whole 1–5), the text and the photos first, with field codes the element
 * translates (`required`, `too-long:N`).
 */
export function submitReview(
  session: Session,
  input: ReviewInput,
  draftKey: string,
): Promise<Review> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const reviews = reviewsOf(session);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
      throw new ValidationError('required', { rating: 'required' });
    }
    const body = requireText(input.body, 'body', BODY_MAX);
    const title = input.title.trim();
    checkLength(title, 'title', TITLE_MAX);
    if (input.photos.length > MAX_REVIEW_PHOTOS) {
      throw new ValidationError('too-many-photos', { photos: `too-many:${MAX_REVIEW_PHOTOS}` });
    }
    const review = await reviews.submitReview(
      {
        product: input.product,
        rating: input.rating as Stars,
        title,
        body,
        photoIds: input.photos.map((p) => p.id),
        pageUrl: input.pageUrl,
      },
      { token: session.token, idempotencyKey },
    );
    for (const e of ofSession(lists.values(), session)) {
      if (e.list.product === review.product) e.store.setKey('mine', review);
    }
    patchReview(session, review.id, () => review);
    refreshProduct(session, review.product);
    return review;
  });
}

/** Uploads one photo for a review being written. */
export function uploadPhoto(session: Session, file: Blob): Promise<Photo> {
  return reviewsOf(session).uploadPhoto(file, {
    token: session.token,
    idempotencyKey: globalThis.crypto.randomUUID(),
  });
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

/** Staff: replies to a review (again: replaces the reply), drafted under `draftKey`. */
export function replyToReview(
  session: Session,
  input: { reviewId: string; body: string },
  draftKey: string,
): Promise<Review> {
  return postDraft(session, draftKey, async (idempotencyKey) => {
    const body = requireText(input.body, 'reply', REPLY_MAX);
    const review = await reviewsOf(session).reply(
      { reviewId: input.reviewId, body },
      { token: session.token, idempotencyKey },
    );
    patchReview(session, review.id, () => review);
    return review;
  });
}

function moderationOf(session: Session) {
  const moderation = session.adapter.moderation;
  if (!moderation) throw new UnsupportedError('moderation');
  return moderation;
}

/** Reports content (any kind) with a reason; once per member and target. */
export function flagContent(session: Session, flag: Flag): Promise<ModerationResult> {
  return moderationOf(session).flag(flag, {
    token: session.token,
    idempotencyKey: globalThis.crypto.randomUUID(),
  });
}

/**
 * Staff: hides a review (it leaves the list and the summary at once) or approves it back, with a
 * reason; the product's lists read again.
 */
export async function moderateReview(
  session: Session,
  input: { review: Review; action: 'hide' | 'approve'; reason: string },
): Promise<ModerationResult> {
  const reason = requireText(input.reason, 'reason', 500);
  const targetType: TargetType = 'review';
  const result = await moderationOf(session).act(
    { action: input.action, targetType, targetId: input.review.id, reason },
    { token: session.token, idempotencyKey: globalThis.crypto.randomUUID() },
  );
  refreshProduct(session, input.review.product);
  return result;
}

/**
 * A member's review writes: the review itself (stars, title, text, photos) and photo uploads; and the
 * staff's reply. (Reports and hiding, for every kind of post: `moderation.ts`.) Apart from `reviews.ts` so that readers never download them
 * (`<kith-reviews>` imports this chunk with its member controls, once a member is signed in).
 */
import type { ComposeExtras } from '../core/adapter.js';
import { ValidationError } from '../core/errors.js';
import { MAX_REVIEW_PHOTOS, type Photo, type Review, type Stars } from '../core/types.js';
import { listsOf, patchReview, refreshProduct, reviewsOf } from './reviews.js';
import type { Session } from './session.js';
import { BODY_MAX, TITLE_MAX, checkLength, postDraft, requireText } from './writes.js';

export const REPLY_MAX = 5_000;

export interface ReviewInput extends ComposeExtras {
  product: string;
  rating: number;
  title: string;
  body: string;
  photos: Photo[];
  pageUrl?: string;
}

/**
 * Sends the review drafted under `draftKey` (the member's first review of the product, or an edit of
 * it; or a guest's). Checks the stars (a whole 1–5), the text and the photos first, with field codes
 * the element translates (`required`, `too-long:N`). A guest's review, held for a moderator, is
 * nobody's `mine` on this page.
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
        guard: input.guard,
        guest: input.guest,
      },
      { token: session.token, idempotencyKey },
    );
    if (!session.member) return review;
    for (const e of listsOf(session)) {
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

/**
 * Ratings and reviews: a product's page of reviews (four sorts, the stars filter) with its summary and
 * the reader's own review, summaries of many products, submitting (one review per member per product:
 * posting again edits it), and the staff reply. Reviews are plain text. "Verified purchase" comes only
 * from the token's `purchases` claim. A product's aggregate counts its visible reviews and changes in
 * the transaction that changes a review's rating or visibility, under the product's lock.
 */
import { randomUUID } from 'node:crypto';
import { plainTextToHtml } from '../../../src/core/plain-text.js';
import type {
  ComposeGuard,
  Page,
  RatingSummary,
  Review,
  ReviewSort,
} from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import { attachPhotos, photosForReviews } from '../db/photos.js';
import * as reviewsDb from '../db/reviews.js';
import type { SiteRow } from '../db/sites.js';
import { notFound } from '../errors.js';
import { assertStaff } from './auth.js';
import { withNotices } from './markdown.js';
import { listPosition, pageOf } from './pages.js';
import { guardPost } from './spam.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const NOT_FOUND = 'This review does not exist.';

export type ReviewPage = Page<Review> & { summary: RatingSummary; mine: Review | null };

/** The reviews with their photos, in one query for all of them. */
async function withPhotos(db: Queryable, site: string, reviews: Review[]): Promise<Review[]> {
  if (!reviews.length) return reviews;
  const photos = await photosForReviews(
    db,
    site,
    reviews.map((r) => r.id),
  );
  return reviews.map((r) => ({ ...r, photos: photos.get(r.id) ?? [] }));
}

/** One review as its writer gets it back: with its photos. */
async function reviewForWriter(tx: Queryable, ctx: WriteContext, id: string): Promise<Review> {
  const review = (await reviewsDb.selectReview(tx, ctx.site.id, id, ctx.member.id))!;
  return (await withPhotos(tx, ctx.site.id, [review]))[0]!;
}

export interface ReviewsRead {
  product: string;
  sort: ReviewSort;
  /** 1–5 (validated by the schema). */
  stars?: number | null | undefined;
  limit: number;
  cursor?: string | null | undefined;
}

/**
 * A page of the product's reviews the reader may see, with the product's summary (visible reviews
 * only) and the reader's own review whatever the filter (`mine`; `null` signed out or without one).
 */
export async function listReviews(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: ReviewsRead,
): Promise<ReviewPage> {
  const position = listPosition(read.cursor, false);
  const [page, summaries, mine] = await Promise.all([
    reviewsDb.selectReviewPage(db, {
      site: site.id,
      product: read.product,
      sort: read.sort,
      stars: read.stars ?? null,
      limit: read.limit,
      viewer,
      afterSeq: position.afterSeq,
    }),
    reviewsDb.selectSummaries(db, site.id, [read.product]),
    viewer === null ? null : reviewsDb.selectOwnReview(db, site.id, read.product, viewer),
  ]);
  const reviews = await withPhotos(db, site.id, mine ? [...page.items, mine] : page.items);
  return {
    ...pageOf({ ...page, items: reviews.slice(0, page.items.length) }, read.limit, position, false),
    summary: summaries[0]!,
    mine: mine && reviews.at(-1)!,
  };
}

/** The summaries of the products, in the order asked (an unknown product: zeros). */
export function getRatings(
  db: Queryable,
  site: SiteRow,
  products: string[],
): Promise<RatingSummary[]> {
  return reviewsDb.selectSummaries(db, site.id, products);
}

export interface ReviewInput {
  product: string;
  /** 1–5 (validated by the schema, and checked by the database). */
  rating: number;
  title: string;
  body: string;
  photoIds?: string[] | undefined;
  pageUrl?: string | undefined;
  guard?: ComposeGuard | undefined;
}

/**
 * The member's review of the product: new (201), or an edit of the one they wrote before (200: same
 * id, helpful votes kept, `updatedAt` set; `photoIds`, when given, replace its photos). Verified when
 * this write's token lists the product in `purchases`, or an earlier write's did.
 */
export async function submitReview(
  ctx: WriteContext,
  input: ReviewInput,
): Promise<WriteOutcome<Review>> {
  const site = ctx.site.id;
  const bodyHtml = plainTextToHtml(input.body);
  let created = false;
  return performWrite(
    ctx,
    () => (created ? 201 : 200),
    async (tx) => {
      const post = await guardPost(tx, ctx, {
        kind: 'review',
        title: input.title,
        body: input.body,
        rendered: null,
        guard: input.guard,
      });
      await reviewsDb.lockProduct(tx, site, input.product);
      const existing = await reviewsDb.findOwnReview(tx, site, input.product, ctx.member.id);
      const text: reviewsDb.ReviewText = {
        rating: input.rating,
        title: input.title,
        body: input.body,
        bodyHtml,
        verifiedPurchase:
          ctx.member.purchases.includes(input.product) || existing?.verifiedPurchase === true,
        pageUrl: input.pageUrl ?? null,
      };
      let id: string;
      if (existing) {
        id = existing.id;
        await reviewsDb.updateReview(tx, site, id, text);
        if (existing.visibility === 'visible') {
          await reviewsDb.adjustProduct(tx, site, input.product, {
            remove: existing.rating,
            add: input.rating,
          });
        }
      } else {
        id = `r_${randomUUID()}`;
        await reviewsDb.insertReview(tx, {
          site,
          id,
          product: input.product,
          author: ctx.member.id,
          ...text,
          visibility: post.visibility,
        });
        // A held review counts on its product once approved.
        if (post.visibility === 'visible') {
          await reviewsDb.adjustProduct(tx, site, input.product, { add: input.rating });
        }
        created = true;
      }
      if (input.photoIds) await attachPhotos(tx, site, ctx.member.id, id, input.photoIds);
      await insertEvent(tx, {
        site,
        type: 'review.submitted',
        actor: ctx.member.id,
        targetType: 'review',
        targetId: id,
        payload: {
          product: input.product,
          rating: input.rating,
          edited: existing !== null,
          verifiedPurchase: text.verifiedPurchase,
          pageUrl: text.pageUrl,
          ...(input.photoIds && { photos: input.photoIds.length }),
        },
      });
      return withNotices(await reviewForWriter(tx, ctx, id), { html: bodyHtml }, post.notices);
    },
  );
}

/** Staff: the reply to a visible review (plain text); replying again replaces it. */
export async function replyToReview(
  ctx: WriteContext,
  reviewId: string,
  input: { body: string },
): Promise<WriteOutcome<Review>> {
  assertStaff(ctx.member);
  const site = ctx.site.id;
  const bodyHtml = plainTextToHtml(input.body);
  return performWrite(ctx, 200, async (tx) => {
    const review = await reviewsDb.findReview(tx, site, reviewId);
    const replied =
      review !== null &&
      (await reviewsDb.setReply(tx, {
        site,
        reviewId: review.id,
        author: ctx.member.id,
        body: input.body,
        bodyHtml,
      }));
    if (!review || !replied) throw notFound(NOT_FOUND);
    await insertEvent(tx, {
      site,
      type: 'review.replied',
      actor: ctx.member.id,
      targetType: 'review',
      targetId: review.id,
      payload: { product: review.product, reviewAuthor: review.author, replaced: review.hasReply },
    });
    return reviewForWriter(tx, ctx, review.id);
  });
}

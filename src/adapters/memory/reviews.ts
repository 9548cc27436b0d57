/**
 * The memory adapter's reviews: one review per member per product (writing again edits it), plain
 * text, verified purchases from the token only, the sorts and the star filter, the exact rating
 * summary, and staff replies — the rules of the reference server (docs/api.md, "Reviews").
 * `../memory.ts` loads this part on the first reviews read or write and runs each write in two steps
 * (see {@link TwoStepWrite}); helpful votes go through its `vote()`, photos through `./photos.ts`.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { plainTextToHtml } from '../../core/plain-text.js';
import { isStaff } from '../../core/token.js';
import {
  MAX_REVIEW_PHOTOS,
  REVIEW_SORTS,
  type Photo,
  type RatingSummary,
  type Review,
  type ReviewSort,
  type StaffReply,
  type Stars,
} from '../../core/types.js';
import {
  MAX_BODY,
  MAX_TITLE,
  byNewest,
  isVisibleTo,
  paginate,
  parseCursor,
  parseLimit,
  placeIn,
  scoreOf,
  textIn,
  throwIfInvalid,
  validatePageUrl,
  type MemoryHost,
  type ReviewsBackend,
  type StoredReply,
  type StoredReview,
} from './state.js';

type Fields = Record<string, string>;

const MAX_REPLY = 5000;
const MAX_PRODUCTS = 100;

const ORDERS: Record<ReviewSort, (a: StoredReview, b: StoredReview) => number> = {
  helpful: (a, b) => scoreOf(b) - scoreOf(a) || byNewest(a, b),
  newest: byNewest,
  highest: (a, b) => b.rating - a.rating || byNewest(a, b),
  lowest: (a, b) => a.rating - b.rating || byNewest(a, b),
};

const isStars = (value: unknown): value is Stars =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;

/** `undefined` keeps a review's photos; a list (≤ 4 ids, none twice) replaces them. */
function photoIdsIn(value: unknown, fields: Fields): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' && id)) {
    fields.photoIds = 'photoIds is a list of photo ids.';
  } else if (value.length > MAX_REVIEW_PHOTOS) {
    fields.photoIds = `At most ${MAX_REVIEW_PHOTOS} photos per review.`;
  } else if (new Set(value).size !== value.length) {
    fields.photoIds = 'A photo is listed twice.';
  }
  return Array.isArray(value) ? (value as string[]) : [];
}

/** The summary of one product's reviews: only visible ones count. */
/* @__NO_SIDE_EFFECTS__ */
function summaryOf(product: string, reviews: readonly StoredReview[]): RatingSummary {
  const histogram: Record<Stars, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let count = 0;
  let sum = 0;
  for (const review of reviews) {
    if (!isVisibleTo(review, null)) continue;
    histogram[review.rating]++;
    count++;
    sum += review.rating;
  }
  return { product, average: count ? sum / count : 0, count, histogram };
}

// ---- the backend --------------------------------------------------------------------------------

/** The reviews part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createReviewsBackend(host: MemoryHost): ReviewsBackend {
  const reviewsOf = (product: string): StoredReview[] =>
    [...host.state.reviews.values()].filter((review) => review.product === product);

  /** Photos as the state knows them; `../memory.ts` gives them their URLs. */
  function photosOf(review: StoredReview): Photo[] {
    return review.photoIds.flatMap((id) => {
      const photo = host.state.photos.get(id);
      if (!photo) return [];
      const { width, height, alt } = photo;
      return [{ id, url: '', thumbnailUrl: '', width, height, ...(alt !== undefined && { alt }) }];
    });
  }

  function toReply(reply: StoredReply): StaffReply {
    return {
      body: reply.body,
      bodyHtml: reply.bodyHtml,
      author: host.authorOf(reply.authorId),
      createdAt: reply.createdAt,
      ...(reply.updatedAt !== undefined && { updatedAt: reply.updatedAt }),
    };
  }

  function toReview(review: StoredReview, viewerId: string | null): Review {
    return {
      ...host.postFields(review, viewerId, 'review'),
      product: review.product,
      rating: review.rating,
      title: review.title,
      body: review.body,
      verifiedPurchase: review.verifiedPurchase,
      photos: photosOf(review),
      reply: review.reply ? toReply(review.reply) : null,
    };
  }

  function readReviews(
    request: Extract<Parameters<ReviewsBackend['read']>[0], { kind: 'reviews' }>,
    viewerId: string | null,
  ) {
    const fields: Fields = {};
    if (typeof request.product !== 'string' || !request.product)
      fields.product = 'A product is required.';
    const sort = request.sort ?? 'helpful';
    if (!REVIEW_SORTS.includes(sort)) fields.sort = `Use one of ${REVIEW_SORTS.join(', ')}.`;
    const stars = request.stars ?? null;
    if (stars !== null && !isStars(stars)) fields.stars = 'Filter by 1 to 5 stars.';
    throwIfInvalid(fields);
    const limit = parseLimit(request.limit, 'limit');
    const offset = parseCursor(request.cursor, 'cursor');
    const all = reviewsOf(request.product);
    const listed = all
      .filter(
        (review) => isVisibleTo(review, viewerId) && (stars === null || review.rating === stars),
      )
      .sort(ORDERS[sort]);
    // Also while held or hidden: it is the review its author edits (as on the server).
    const mine = all.find(
      (review) => review.authorId === viewerId && review.visibility !== 'deleted',
    );
    return {
      ...paginate(listed, offset, limit, (review) => toReview(review, viewerId)),
      summary: summaryOf(request.product, all),
      mine: mine ? toReview(mine, viewerId) : null,
    };
  }

  function readRatings(
    request: Extract<Parameters<ReviewsBackend['read']>[0], { kind: 'ratings' }>,
  ): RatingSummary[] {
    const products: unknown = request.products;
    if (
      !Array.isArray(products) ||
      !products.length ||
      products.length > MAX_PRODUCTS ||
      !products.every((product) => typeof product === 'string' && product)
    ) {
      const message = `Name 1 to ${MAX_PRODUCTS} products.`;
      throw new ValidationError(message, { products: message });
    }
    const byProduct = new Map<string, StoredReview[]>();
    for (const review of host.state.reviews.values()) {
      const list = byProduct.get(review.product) ?? [];
      list.push(review);
      byProduct.set(review.product, list);
    }
    return (products as string[]).map((product) =>
      summaryOf(product, byProduct.get(product) ?? []),
    );
  }

  return {
    read(request, viewerId) {
      return request.kind === 'reviews'
        ? readReviews(request, viewerId)
        : readRatings(request as Extract<typeof request, { kind: 'ratings' }>);
    },

    writes: {
      async submitReview(input, claims) {
        const fields: Fields = {};
        const product = placeIn(input?.product, 'product', fields);
        const rating = input?.rating;
        if (!isStars(rating)) fields.rating = 'A rating is a whole number of stars from 1 to 5.';
        const title = textIn(input?.title, 'title', fields, MAX_TITLE).trim();
        const body = textIn(input?.body, 'body', fields, MAX_BODY, 'Write your review first.');
        const photoIds = photoIdsIn(input?.photoIds, fields);
        const pageUrl = validatePageUrl(input?.pageUrl, fields);
        throwIfInvalid(fields);
        return () => {
          const { photos, reviews } = host.state;
          const edited = reviewsOf(product).find((review) => review.authorId === claims.sub);
          if (photoIds?.some((id) => photos.get(id)?.memberId !== claims.sub)) {
            fields.photoIds =
              'A photo is not one of your uploads, or its upload expired: upload it again.';
          } else if (
            [...reviews.values()].some(
              (other) => other !== edited && other.photoIds.some((id) => photoIds?.includes(id)),
            )
          ) {
            fields.photoIds = 'A photo is already attached to another review.';
          }
          throwIfInvalid(fields);
          const at = host.now().toISOString();
          const bodyHtml = plainTextToHtml(body);
          const bought = !!claims.purchases?.includes(product);
          if (edited) {
            Object.assign(edited, {
              rating: rating as Stars,
              title,
              body,
              bodyHtml,
              updatedAt: at,
            });
            edited.verifiedPurchase ||= bought;
            if (photoIds) edited.photoIds = photoIds;
            if (pageUrl !== undefined) edited.pageUrl = pageUrl;
            return toReview(edited, claims.sub);
          }
          // Reviews are plain text: `body` is the source, there is no Markdown to keep.
          const { bodySource: _, ...post } = host.newPost(
            'r_',
            claims.sub,
            { body, pageUrl },
            bodyHtml,
            at,
          );
          const review: StoredReview = {
            ...post,
            product,
            rating: rating as Stars,
            title,
            body,
            verifiedPurchase: bought,
            photoIds: photoIds ?? [],
          };
          reviews.set(review.id, review);
          return toReview(review, claims.sub);
        };
      },

      async reply(input, claims) {
        const fields: Fields = {};
        const reviewId = input?.reviewId;
        if (typeof reviewId !== 'string' || !reviewId) fields.reviewId = 'Which review?';
        const body = textIn(input?.body, 'body', fields, MAX_REPLY, 'Write a reply first.');
        throwIfInvalid(fields);
        if (!isStaff(claims)) throw new ForbiddenError('Only staff can reply to reviews.');
        return () => {
          const review = host.state.reviews.get(reviewId);
          if (!review || !isVisibleTo(review, claims.sub))
            throw new NotFoundError('This review does not exist.');
          const at = host.now().toISOString();
          const earlier = review.reply;
          review.reply = {
            body,
            bodyHtml: plainTextToHtml(body),
            authorId: claims.sub,
            createdAt: earlier?.createdAt ?? at,
            ...(earlier && { updatedAt: at }),
          };
          return toReview(review, claims.sub);
        };
      },
    },
  };
}

/**
 * SQL for reviews and products: products (and their rating aggregate), insert and edit, the staff
 * reply, pages (four sorts, the stars filter, keyset cursors), one review, a member's own, summaries.
 */
import type {
  RatingSummary,
  Review,
  ReviewSort,
  Stars,
  Visibility,
} from '../../../src/core/types.js';
import type { Queryable } from './database.js';
import { runPage } from './lists.js';
import {
  AUTHOR_COLUMNS,
  authorFrom,
  iso,
  parameters,
  postFrom,
  viewerColumns,
  visibleTo,
  voteValue,
  type AuthorRow,
  type PostRow,
} from './rows.js';

const STARS: readonly Stars[] = [1, 2, 3, 4, 5];

// ---- products ------------------------------------------------------------------------------------

/**
 * Creates the product unless it exists and locks its row until the transaction ends: every change of
 * its aggregate (a review's rating or visibility) takes this lock first, so they take turns.
 */
export async function lockProduct(db: Queryable, site: string, product: string): Promise<void> {
  await db.query(
    'INSERT INTO products (site, id) VALUES ($1, $2) ON CONFLICT (site, id) DO NOTHING',
    [site, product],
  );
  await db.query('SELECT 1 FROM products WHERE site = $1 AND id = $2 FOR NO KEY UPDATE', [
    site,
    product,
  ]);
}

/**
 * Moves a rating out of (`remove`) and into (`add`) the product's aggregate of visible reviews;
 * the caller holds the product's lock ({@link lockProduct}).
 */
export async function adjustProduct(
  db: Queryable,
  site: string,
  product: string,
  change: { remove?: number | null; add?: number | null },
): Promise<void> {
  const delta = (stars: number | null | undefined): number[] =>
    stars ? [1, stars, ...STARS.map((s) => (s === stars ? 1 : 0))] : [0, 0, 0, 0, 0, 0, 0];
  const added = delta(change.add);
  const removed = delta(change.remove);
  const net = added.map((n, i) => n - removed[i]!);
  if (net.every((n) => n === 0)) return;
  await db.query(
    `UPDATE products SET review_count = review_count + $3, rating_sum = rating_sum + $4,
       stars_1 = stars_1 + $5, stars_2 = stars_2 + $6, stars_3 = stars_3 + $7,
       stars_4 = stars_4 + $8, stars_5 = stars_5 + $9
     WHERE site = $1 AND id = $2`,
    [site, product, ...net],
  );
}

/** The aggregates of the site's products (`products`: all of them when omitted), counted from rows. */
export async function recountProducts(
  db: Queryable,
  site: string,
  products: string[] | null = null,
): Promise<void> {
  await db.query(
    `UPDATE products p SET review_count = c.n, rating_sum = c.total,
       stars_1 = c.s1, stars_2 = c.s2, stars_3 = c.s3, stars_4 = c.s4, stars_5 = c.s5
     FROM (
       SELECT p2.id, count(r.rating)::int AS n, coalesce(sum(r.rating), 0)::int AS total,
         count(*) FILTER (WHERE r.rating = 1)::int AS s1,
         count(*) FILTER (WHERE r.rating = 2)::int AS s2,
         count(*) FILTER (WHERE r.rating = 3)::int AS s3,
         count(*) FILTER (WHERE r.rating = 4)::int AS s4,
         count(*) FILTER (WHERE r.rating = 5)::int AS s5
       FROM products p2
       LEFT JOIN reviews r ON r.site = p2.site AND r.product = p2.id AND r.visibility = 'visible'
       WHERE p2.site = $1 AND ($2::text[] IS NULL OR p2.id = ANY ($2::text[]))
       GROUP BY p2.id
     ) c
     WHERE p.site = $1 AND p.id = c.id`,
    [site, products],
  );
}

interface SummaryRow {
  product: string;
  review_count: number | null;
  rating_sum: number | null;
  stars_1: number | null;
  stars_2: number | null;
  stars_3: number | null;
  stars_4: number | null;
  stars_5: number | null;
}

function summaryFrom(row: SummaryRow): RatingSummary {
  const count = Number(row.review_count ?? 0);
  const sum = Number(row.rating_sum ?? 0);
  return {
    product: row.product,
    average: count === 0 ? 0 : sum / count,
    count,
    histogram: {
      1: Number(row.stars_1 ?? 0),
      2: Number(row.stars_2 ?? 0),
      3: Number(row.stars_3 ?? 0),
      4: Number(row.stars_4 ?? 0),
      5: Number(row.stars_5 ?? 0),
    },
  };
}

/** The summaries of the products in the order asked; an unknown product has none (zeros). */
export async function selectSummaries(
  db: Queryable,
  site: string,
  products: string[],
): Promise<RatingSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `SELECT a.product, p.review_count, p.rating_sum, p.stars_1, p.stars_2, p.stars_3, p.stars_4,
       p.stars_5
     FROM unnest($2::text[]) WITH ORDINALITY AS a (product, ord)
     LEFT JOIN products p ON p.site = $1 AND p.id = a.product
     ORDER BY a.ord`,
    [site, products],
  );
  return rows.map(summaryFrom);
}

// ---- one review ----------------------------------------------------------------------------------

interface ReplyRow extends AuthorRow {
  body: string;
  body_html: string;
  created_at: string;
  updated_at: string | null;
}

interface Raw extends PostRow {
  product: string;
  rating: number;
  title: string;
  body: string;
  verified_purchase: boolean;
  upvotes: number;
  downvotes: number;
  my_vote: number;
  seq: string;
  reply: ReplyRow | null;
  /** Pages only: how many reviews match (the same on every row). */
  total?: number;
}

/** The reply of the review `r` with its author, as one JSON object (or NULL). */
const REPLY = `(SELECT row_to_json(x) FROM (
    SELECT r.reply_body AS body, r.reply_html AS body_html, r.reply_created_at AS created_at,
      r.reply_updated_at AS updated_at, ${AUTHOR_COLUMNS}
    FROM members m WHERE m.site = r.site AND m.id = r.reply_author
  ) x)`;

/**
 * The review and its author, with the viewer's helpful vote (`viewer`: the placeholder of their id,
 * `null` when nobody is signed in). Pages add their total (`extra`).
 */
function selectFrom(viewer: string | null, extra = ''): string {
  return `SELECT ${extra}r.id, r.product, r.rating, r.title, r.body, r.body_html, r.verified_purchase,
      r.page_url, r.visibility, r.upvotes, r.downvotes, r.created_at, r.updated_at,
      r.seq::text AS seq, NULL AS body_source, ${AUTHOR_COLUMNS},
      ${viewer === null ? '0' : 'coalesce(v.value, 0)'} AS my_vote, ${REPLY} AS reply
    FROM reviews r
    JOIN members m ON m.site = r.site AND m.id = r.author
    ${viewerColumns('r', 'review', viewer).join}`;
}

function fromRow(row: Raw): Review {
  const upvotes = Number(row.upvotes);
  const downvotes = Number(row.downvotes);
  const reply = row.reply;
  return {
    // A review is plain text: `body` is its source for everyone, so no `bodySource`.
    ...postFrom(row, null),
    score: upvotes - downvotes,
    upvotes,
    downvotes,
    myVote: voteValue(row.my_vote),
    product: row.product,
    rating: Number(row.rating) as Stars,
    title: row.title,
    body: row.body,
    verifiedPurchase: row.verified_purchase === true,
    photos: [],
    reply: reply
      ? {
          body: reply.body,
          bodyHtml: reply.body_html,
          author: authorFrom(reply),
          createdAt: iso(reply.created_at),
          ...(reply.updated_at && { updatedAt: iso(reply.updated_at) }),
        }
      : null,
  };
}

/** The review whatever its visibility (write responses; the caller decides who may see it). */
export async function selectReview(
  db: Queryable,
  site: string,
  id: string,
  viewer: string | null,
): Promise<Review | null> {
  const { rows } = await db.query<Raw>(
    `${selectFrom(viewer === null ? null : '$3')} WHERE r.site = $1 AND r.id = $2`,
    [site, id, viewer],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The member's own review of the product (hidden ones too: it is theirs to edit), or `null`. */
export async function selectOwnReview(
  db: Queryable,
  site: string,
  product: string,
  member: string,
): Promise<Review | null> {
  const { rows } = await db.query<Raw>(
    `${selectFrom('$3')}
     WHERE r.site = $1 AND r.product = $2 AND r.author = $3 AND r.visibility <> 'deleted'`,
    [site, product, member],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

// ---- pages ---------------------------------------------------------------------------------------

export interface ReviewPageQuery {
  site: string;
  product: string;
  sort: ReviewSort;
  stars: number | null;
  limit: number;
  viewer: string | null;
  /** The `seq` of the last review of the previous page. */
  afterSeq: string | null;
}

/** The keys of each order, every one descending; `-rating` is the rating ascending. */
const ORDER: Record<ReviewSort, string[]> = {
  helpful: ['score', 'created_at', 'seq'],
  newest: ['created_at', 'seq'],
  highest: ['rating', 'created_at', 'seq'],
  lowest: ['-rating', 'created_at', 'seq'],
};

const keyOf = (alias: string, key: string): string =>
  key.startsWith('-') ? `-${alias}.${key.slice(1)}` : `${alias}.${key}`;

/**
 * One page of the product's reviews the viewer may see (filtered by `stars`), one more than `limit`
 * to tell whether more follow, and the total. Pages continue after a given review (keyset).
 */
export async function selectReviewPage(
  db: Queryable,
  query: ReviewPageQuery,
): Promise<{ items: Review[]; seqs: string[]; total: number }> {
  const { params, param } = parameters([query.site, query.product, query.viewer]);
  const filters = ['r.site = $1', 'r.product = $2', visibleTo('r', '$3')];
  if (query.stars !== null) filters.push(`r.rating = ${param(query.stars)}`);
  const where = filters.join(' AND ');
  const count = {
    sql: `SELECT count(*)::int AS total FROM reviews r WHERE ${where}`,
    params: [...params],
  };
  const keys = ORDER[query.sort];
  const order = keys
    .map((k) => (k.startsWith('-') ? `r.${k.slice(1)} ASC` : `r.${k} DESC`))
    .join(', ');
  const after =
    query.afterSeq === null
      ? ''
      : ` AND (${keys.map((k) => keyOf('r', k)).join(', ')}) < (SELECT ${keys
          .map((k) => keyOf('c', k))
          .join(
            ', ',
          )} FROM reviews c WHERE c.site = $1 AND c.seq = ${param(query.afterSeq)}::bigint)`;
  const select = selectFrom(query.viewer === null ? null : '$3', `(${count.sql}) AS total, `);
  return runPage<Raw, Review>(
    db,
    {
      sql: `${select} WHERE ${where}${after} ORDER BY ${order} LIMIT ${param(query.limit + 1)}`,
      params,
    },
    count,
    query.afterSeq !== null,
    fromRow,
  );
}

// ---- writes --------------------------------------------------------------------------------------

export interface ReviewRef {
  id: string;
  product: string;
  author: string;
  rating: Stars;
  visibility: Visibility;
  verifiedPurchase: boolean;
  hasReply: boolean;
}

const REF_COLUMNS = `id, product, author, rating, visibility,
  verified_purchase AS "verifiedPurchase", reply_body IS NOT NULL AS "hasReply"`;

function refFrom(row: ReviewRef | undefined): ReviewRef | null {
  return row ? { ...row, rating: Number(row.rating) as Stars } : null;
}

/** The review, or `null`. */
export async function findReview(
  db: Queryable,
  site: string,
  id: string,
): Promise<ReviewRef | null> {
  const { rows } = await db.query<ReviewRef>(
    `SELECT ${REF_COLUMNS} FROM reviews WHERE site = $1 AND id = $2`,
    [site, id],
  );
  return refFrom(rows[0]);
}

/** The member's review of the product (not a deleted one), or `null`. */
export async function findOwnReview(
  db: Queryable,
  site: string,
  product: string,
  author: string,
): Promise<ReviewRef | null> {
  const { rows } = await db.query<ReviewRef>(
    `SELECT ${REF_COLUMNS} FROM reviews
     WHERE site = $1 AND product = $2 AND author = $3 AND visibility <> 'deleted'`,
    [site, product, author],
  );
  return refFrom(rows[0]);
}

export interface ReviewText {
  rating: number;
  title: string;
  body: string;
  bodyHtml: string;
  verifiedPurchase: boolean;
  pageUrl: string | null;
}

export interface NewReview extends ReviewText {
  site: string;
  id: string;
  product: string;
  author: string;
  /** Seeds only; default now. */
  createdAt?: string | null;
  /** `held`: a guest's review, waiting for a moderator (domain/spam.ts); default `visible`. */
  visibility?: Extract<Visibility, 'visible' | 'held'>;
}

/** Inserts a review; the caller counts a visible one on its product. */
export async function insertReview(db: Queryable, r: NewReview): Promise<void> {
  await db.query(
    `INSERT INTO reviews (site, id, product, author, rating, title, body, body_html,
       verified_purchase, page_url, created_at, visibility)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::timestamptz, now()), $12)`,
    [
      r.site,
      r.id,
      r.product,
      r.author,
      r.rating,
      r.title,
      r.body,
      r.bodyHtml,
      r.verifiedPurchase,
      r.pageUrl,
      r.createdAt ?? null,
      r.visibility ?? 'visible',
    ],
  );
}

/** Edits a review: new text and rating, `updated_at` now; the page URL stays unless a new one came. */
export async function updateReview(
  db: Queryable,
  site: string,
  id: string,
  r: ReviewText,
): Promise<void> {
  await db.query(
    `UPDATE reviews SET rating = $3, title = $4, body = $5, body_html = $6,
       verified_purchase = $7, page_url = coalesce($8, page_url), updated_at = now()
     WHERE site = $1 AND id = $2`,
    [site, id, r.rating, r.title, r.body, r.bodyHtml, r.verifiedPurchase, r.pageUrl],
  );
}

/**
 * Sets (or replaces) the staff reply of a visible review; `false` when there is no such review.
 * A replaced reply keeps when it was first written and gets `reply_updated_at`.
 */
export async function setReply(
  db: Queryable,
  reply: {
    site: string;
    reviewId: string;
    author: string;
    body: string;
    bodyHtml: string;
    /** Seeds only; default now. */
    at?: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE reviews SET reply_body = $3, reply_html = $4, reply_author = $5,
       reply_created_at = coalesce(reply_created_at, $6::timestamptz, now()),
       reply_updated_at = CASE WHEN reply_created_at IS NULL THEN NULL ELSE now() END
     WHERE site = $1 AND id = $2 AND visibility = 'visible'`,
    [reply.site, reply.reviewId, reply.body, reply.bodyHtml, reply.author, reply.at ?? null],
  );
  return rowCount > 0;
}

/** Helpful votes of the site's reviews counted from their rows (seeds). */
export async function recountReviewVotes(db: Queryable, site: string): Promise<void> {
  await db.query(
    `UPDATE reviews r SET
       upvotes = (SELECT count(*) FROM votes v WHERE v.site = r.site AND v.target_type = 'review'
         AND v.target_id = r.id AND v.value = 1),
       downvotes = (SELECT count(*) FROM votes v WHERE v.site = r.site AND v.target_type = 'review'
         AND v.target_id = r.id AND v.value = -1)
     WHERE r.site = $1`,
    [site],
  );
}

export async function countReviews(db: Queryable, site: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM reviews WHERE site = $1',
    [site],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Reviews: a product's page (with its summary and the reader's own), ratings of many, submit, reply. */
import { createRoute } from '@hono/zod-openapi';
import * as reviews from '../domain/reviews.js';
import { postContext, sendRead, sendWrite, writeContext } from '../http/responses.js';
import {
  IdParam,
  RatingsQuery,
  RatingsResponse,
  ReviewPageSchema,
  ReviewReplyBody,
  ReviewSchema,
  ReviewsQuery,
  SiteQuery,
  SubmitReviewBody,
} from '../schemas.js';
import {
  NOT_MODIFIED,
  READ_ERRORS,
  SECURITY,
  WRITE_ERRORS,
  json,
  jsonBody,
  type RegisterRoutes,
} from './common.js';

export const registerReviewRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reviews',
      summary:
        "A page of a product's reviews (`helpful`, `newest`, `highest`, `lowest`; filtered by `stars`) with the product's summary and the reader's own review (`mine`).",
      middleware: mw.read,
      request: { query: ReviewsQuery },
      responses: { 200: json(ReviewPageSchema, 'A page.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await reviews.listReviews(deps.db, c.get('site'), c.get('member')?.id ?? null, {
        ...q,
        sort: q.sort as 'helpful',
      });
      return sendRead(c, page) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ratings',
      summary:
        'The rating summaries of 1–100 products (`products=a,b`), in the order asked; an unknown product has none (zeros).',
      middleware: mw.read,
      request: { query: RatingsQuery },
      responses: {
        200: json(RatingsResponse, 'One summary per product.'),
        304: NOT_MODIFIED,
        ...READ_ERRORS,
      },
    }),
    async (c) => {
      const { products } = c.req.valid('query');
      return sendRead(c, await reviews.getRatings(deps.db, c.get('site'), products)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/reviews',
      summary:
        "Review a product (it comes into being on its first review). One review per member per product: posting again edits it (200, same id, helpful votes kept). Verified purchase comes from the token's `purchases` only. Without a token where the site allows guests: with `guest`, held for review.",
      security: SECURITY,
      middleware: mw.post,
      request: { query: SiteQuery, body: jsonBody(SubmitReviewBody) },
      responses: {
        200: json(ReviewSchema, 'The edited review.'),
        201: json(ReviewSchema, 'The new review.'),
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await reviews.submitReview(postContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/reviews/{id}/reply',
      summary: 'Staff: reply to a review (plain text); replying again replaces the reply.',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(ReviewReplyBody) },
      responses: { 200: json(ReviewSchema, 'The review with its reply.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await reviews.replyToReview(writeContext(c, deps, input), id, input);
      return sendWrite(c, outcome) as never;
    },
  );
};

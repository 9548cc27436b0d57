/** Ideas: list a board, read one, submit, comment, set a status, merge, follow. */
import { createRoute } from '@hono/zod-openapi';
import * as ideas from '../domain/ideas.js';
import { postContext, sendRead, sendWrite, writeContext } from '../http/responses.js';
import {
  FollowBody,
  FollowResponse,
  IdParam,
  IdeaCommentBody,
  IdeaCommentSchema,
  IdeaDetailSchema,
  IdeaPageSchema,
  IdeaQuery,
  IdeaSchema,
  IdeasQuery,
  MergeBody,
  SiteQuery,
  StatusBody,
  SubmitIdeaBody,
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

export const registerIdeaRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ideas',
      summary:
        "A page of a board's ideas (`top`, `trending`, `newest`; filtered by `status`; searched with `q`). Merged duplicates are not listed.",
      middleware: mw.read,
      request: { query: IdeasQuery },
      responses: { 200: json(IdeaPageSchema, 'A page.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await ideas.listIdeas(deps.db, c.get('site'), c.get('member')?.id ?? null, {
        board: q.board,
        sort: q.sort as 'top',
        status: q.status ?? null,
        limit: q.limit,
        cursor: q.cursor ?? null,
        query: q.q,
      });
      return sendRead(c, page) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/ideas/{id}',
      summary:
        'An idea with a page of its comments (oldest first), its status history and merged duplicates; a duplicate answers with its original.',
      middleware: mw.read,
      request: { params: IdParam, query: IdeaQuery },
      responses: { 200: json(IdeaDetailSchema, 'The idea.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const detail = await ideas.getIdea(deps.db, c.get('site'), c.get('member')?.id ?? null, {
        ideaId: id,
        commentLimit: q.commentLimit,
        commentCursor: q.commentCursor ?? null,
      });
      return sendRead(c, detail) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/ideas',
      summary:
        'Submit an idea (the board comes into being on first write); the author follows it and votes for it when their budget allows. Without a token where the site allows guests: with `guest`, held for review.',
      security: SECURITY,
      middleware: mw.post,
      request: { query: SiteQuery, body: jsonBody(SubmitIdeaBody) },
      responses: { 201: json(IdeaSchema, 'The new idea.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const outcome = await ideas.submitIdea(postContext(c, deps, input), input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/ideas/{id}/comments',
      summary:
        'Comment on an idea (on its original when merged); the commenter follows it. Without a token where the site allows guests: with `guest`, held for review.',
      security: SECURITY,
      middleware: mw.post,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(IdeaCommentBody) },
      responses: { 201: json(IdeaCommentSchema, 'The new comment.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await ideas.commentOnIdea(postContext(c, deps, input), id, input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/ideas/{id}/status',
      summary:
        "Staff: set an idea's status (one of its board's) with an optional official response; followers are notified.",
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(StatusBody) },
      responses: { 200: json(IdeaSchema, 'The idea.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await ideas.setIdeaStatus(writeContext(c, deps, input), id, input);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/ideas/{id}/merge',
      summary:
        'Staff: merge this duplicate into another idea of the same board (votes combine, comments and followers move).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(MergeBody) },
      responses: { 200: json(IdeaSchema, 'The original idea.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await ideas.mergeIdeas(writeContext(c, deps, input), id, input.originalId);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/ideas/{id}/following',
      summary: 'Follow or unfollow an idea (its original when merged).',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery, body: jsonBody(FollowBody) },
      responses: {
        200: json(FollowResponse, 'Whether the member follows it now.'),
        ...WRITE_ERRORS,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await ideas.followIdea(writeContext(c, deps, input), id, input.following);
      return sendWrite(c, outcome) as never;
    },
  );
};

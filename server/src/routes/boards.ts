/** Idea boards: read one (an unknown board reads as the defaults), configure one (staff). */
import { createRoute } from '@hono/zod-openapi';
import { configureBoard, getBoard } from '../domain/boards.js';
import { sendRead, sendWrite, writeContext } from '../http/responses.js';
import { BoardConfigBody, BoardParam, BoardSchema, SiteQuery } from '../schemas.js';
import {
  NOT_MODIFIED,
  READ_ERRORS,
  SECURITY,
  WRITE_ERRORS,
  json,
  jsonBody,
  type RegisterRoutes,
} from './common.js';

export const registerBoardRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/boards/{slug}',
      summary: "A board's statuses and vote budget, with the reader's remaining votes.",
      middleware: mw.read,
      request: { params: BoardParam, query: SiteQuery },
      responses: { 200: json(BoardSchema, 'The board.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const board = await getBoard(deps.db, c.get('site'), c.get('member')?.id ?? null, slug);
      return sendRead(c, board) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/boards/{slug}',
      summary:
        "Staff: replace a board's custom statuses and/or set its vote budget (`null`: none). Omitted fields stay.",
      security: SECURITY,
      middleware: mw.write,
      request: {
        params: BoardParam,
        query: SiteQuery,
        body: jsonBody(BoardConfigBody),
      },
      responses: { 200: json(BoardSchema, 'The board now.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      const input = c.req.valid('json');
      const outcome = await configureBoard(writeContext(c, deps, { slug, ...input }), slug, input);
      return sendWrite(c, outcome) as never;
    },
  );
};

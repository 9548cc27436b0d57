/** Answers: post one to a question. */
import { createRoute } from '@hono/zod-openapi';
import * as answers from '../domain/answers.js';
import { postContext, sendWrite } from '../http/responses.js';
import { AnswerBody, AnswerSchema, IdParam, SiteQuery } from '../schemas.js';
import { SECURITY, WRITE_ERRORS, json, type RegisterRoutes } from './common.js';

export const registerAnswerRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/questions/{id}/answers',
      summary:
        'Answer a question. Without a token where the site allows guests: with `guest`, held for review.',
      security: SECURITY,
      middleware: mw.post,
      request: {
        params: IdParam,
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: AnswerBody } } },
      },
      responses: { 201: json(AnswerSchema, 'The new answer.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const outcome = await answers.postAnswer(postContext(c, deps, body), id, body);
      return sendWrite(c, outcome) as never;
    },
  );
};

/** Questions: list a topic, read a thread, ask, accept an answer, escalate. */
import { createRoute } from '@hono/zod-openapi';
import { escalateQuestion } from '../domain/escalation.js';
import * as questions from '../domain/questions.js';
import { postContext, sendRead, sendWrite, writeContext } from '../http/responses.js';
import {
  AcceptBody,
  AskBody,
  IdParam,
  QuestionPageSchema,
  QuestionSchema,
  QuestionsQuery,
  SiteQuery,
  ThreadQuery,
  ThreadSchema,
} from '../schemas.js';
import {
  NOT_MODIFIED,
  READ_ERRORS,
  SECURITY,
  WRITE_ERRORS,
  json,
  type RegisterRoutes,
} from './common.js';

export const registerQuestionRoutes: RegisterRoutes = (app, deps, mw) => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/questions',
      summary: "A page of a topic's questions (sorted, or searched with `q`).",
      middleware: mw.read,
      request: { query: QuestionsQuery },
      responses: { 200: json(QuestionPageSchema, 'A page.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await questions.listQuestions(
        deps.db,
        c.get('site'),
        c.get('member')?.id ?? null,
        {
          topic: q.topic,
          sort: q.sort as 'active',
          limit: q.limit,
          cursor: q.cursor ?? null,
          ...(q.q !== undefined && { query: q.q }),
        },
      );
      return sendRead(c, page) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/questions/{id}',
      summary:
        'A question with a page of its answers (accepted first, then by score, then oldest).',
      middleware: mw.read,
      request: { params: IdParam, query: ThreadQuery },
      responses: { 200: json(ThreadSchema, 'The thread.'), 304: NOT_MODIFIED, ...READ_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const thread = await questions.getThread(
        deps.db,
        c.get('site'),
        c.get('member')?.id ?? null,
        {
          questionId: id,
          answerLimit: q.answerLimit,
          answerCursor: q.answerCursor ?? null,
        },
      );
      return sendRead(c, thread) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/questions',
      summary:
        'Ask a question (the topic comes into being on first write). Without a token where the site allows guests: with `guest`, held for review.',
      security: SECURITY,
      middleware: mw.post,
      request: {
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: AskBody } } },
      },
      responses: { 201: json(QuestionSchema, 'The new question.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const outcome = await questions.askQuestion(postContext(c, deps, body), body);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/questions/{id}/accepted-answer',
      summary: 'Accept an answer (`null` withdraws): the asker, or staff.',
      security: SECURITY,
      middleware: mw.write,
      request: {
        params: IdParam,
        query: SiteQuery,
        body: { required: true, content: { 'application/json': { schema: AcceptBody } } },
      },
      responses: { 200: json(QuestionSchema, 'The question.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const outcome = await questions.acceptAnswer(writeContext(c, deps, body), id, body.answerId);
      return sendWrite(c, outcome) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/questions/{id}/escalate',
      summary:
        'Hand the question to support ("I still need help"): the asker once `escalatableAt` has ' +
        'passed, staff any time; not once an answer is accepted. Escalating again changes nothing.',
      security: SECURITY,
      middleware: mw.write,
      request: { params: IdParam, query: SiteQuery },
      responses: { 200: json(QuestionSchema, 'The question, escalated.'), ...WRITE_ERRORS },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const outcome = await escalateQuestion(writeContext(c, deps, { id }), id);
      return sendWrite(c, outcome) as never;
    },
  );
};

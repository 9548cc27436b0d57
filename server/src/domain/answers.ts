/**
 * Answers: posting one to a question (the question becomes active and counts it; a staff answer
 * resolves its escalation).
 */
import { randomUUID } from 'node:crypto';
import type { Answer, ComposeGuard } from '../../../src/core/types.js';
import * as answersDb from '../db/answers.js';
import { insertEvent } from '../db/events.js';
import * as questionsDb from '../db/questions.js';
import { notFound } from '../errors.js';
import { resolveByAnswer } from './escalation.js';
import { renderPostFor, withNotices } from './markdown.js';
import { isVisible } from './questions.js';
import { guardPost } from './spam.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

export async function postAnswer(
  ctx: WriteContext,
  questionId: string,
  input: { body: string; pageUrl?: string | undefined; guard?: ComposeGuard | undefined },
): Promise<WriteOutcome<Answer>> {
  const body = await renderPostFor(ctx.db, ctx.site, ctx.member, input.body);
  return performWrite(ctx, 201, async (tx) => {
    const post = await guardPost(tx, ctx, {
      kind: 'answer',
      body: input.body,
      rendered: body,
      guard: input.guard,
    });
    const question = await questionsDb.lockQuestion(tx, ctx.site.id, questionId);
    if (!question || !isVisible(question, ctx.member.id)) {
      throw notFound('This question does not exist.');
    }
    const id = `a_${randomUUID()}`;
    await answersDb.insertAnswer(tx, {
      site: ctx.site.id,
      id,
      questionId: question.id,
      author: ctx.member.id,
      bodySource: input.body,
      bodyHtml: body.html,
      pageUrl: input.pageUrl ?? null,
      visibility: post.visibility,
      textHash: post.textHash,
    });
    // A held answer counts (and makes the question active) once approved.
    if (post.visibility === 'visible') {
      await questionsDb.countNewAnswer(tx, ctx.site.id, question.id);
    }
    await insertEvent(tx, {
      site: ctx.site.id,
      type: 'answer.posted',
      actor: ctx.member.id,
      targetType: 'answer',
      targetId: id,
      payload: {
        questionId: question.id,
        questionAuthor: question.author,
        pageUrl: input.pageUrl ?? null,
      },
    });
    await resolveByAnswer(tx, ctx.site.id, ctx.member, question, id);
    return withNotices(
      (await answersDb.selectAnswer(tx, ctx.site.id, id, ctx.member.id))!,
      body,
      post.notices,
    );
  });
}

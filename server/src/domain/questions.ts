/**
 * Questions: pages of a topic (sorts, search), threads, asking and accepting. Reads take the viewer's
 * member id (or `null`) to fill `myVote`; writes go through `performWrite`.
 */
import { randomUUID } from 'node:crypto';
import type {
  ComposeGuard,
  Page,
  Question,
  QuestionSort,
  QuestionThread,
} from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import * as answersDb from '../db/answers.js';
import { insertEvent } from '../db/events.js';
import * as questionsDb from '../db/questions.js';
import type { SiteRow } from '../db/sites.js';
import { ensureTopic } from '../db/topics.js';
import { invalidField, notFound } from '../errors.js';
import { assertCanAccept } from './auth.js';
import { renderPostFor, withNotices } from './markdown.js';
import { isFollowing } from './notifications.js';
import { listPosition, offsetOf, pageOf, parseCursor } from './pages.js';
import { searchFor } from './search.js';
import { guardPost } from './spam.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const NOT_FOUND = 'This question does not exist.';

export interface QuestionsRead {
  topic: string;
  sort: QuestionSort;
  limit: number;
  cursor?: string | null;
  query?: string;
}

export interface ThreadRead {
  questionId: string;
  answerLimit: number;
  answerCursor?: string | null;
}

export async function listQuestions(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: QuestionsRead,
): Promise<Page<Question>> {
  const search = searchFor(read.query);
  const position = listPosition(read.cursor, search !== null);
  const page = await questionsDb.selectQuestionPage(db, {
    site: site.id,
    topic: read.topic,
    sort: read.sort,
    limit: read.limit,
    viewer,
    ...position,
    search,
  });
  return pageOf(page, read.limit, position, search !== null);
}

export async function getThread(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: ThreadRead,
): Promise<QuestionThread> {
  const offset = offsetOf(parseCursor(read.answerCursor, 'answerCursor'), 'answerCursor');
  const [thread, following] = await Promise.all([
    questionsDb.selectThread(db, {
      site: site.id,
      questionId: read.questionId,
      viewer,
      limit: read.answerLimit + 1,
      offset,
    }),
    isFollowing(db, site, viewer, read.questionId),
  ]);
  if (!thread) throw notFound(NOT_FOUND);
  return {
    question: thread.question,
    answers: pageOf(
      { items: thread.answers, total: thread.total },
      read.answerLimit,
      { afterSeq: null, offset },
      true,
    ),
    following,
  };
}

export async function askQuestion(
  ctx: WriteContext,
  input: {
    topic: string;
    title: string;
    body: string;
    pageUrl?: string | undefined;
    guard?: ComposeGuard | undefined;
  },
): Promise<WriteOutcome<Question>> {
  const body = await renderPostFor(ctx.db, ctx.site, ctx.member, input.body);
  return performWrite(ctx, 201, async (tx) => {
    const post = await guardPost(tx, ctx, {
      kind: 'question',
      title: input.title,
      body: input.body,
      rendered: body,
      guard: input.guard,
    });
    const id = `q_${randomUUID()}`;
    await ensureTopic(tx, ctx.site.id, input.topic);
    await questionsDb.insertQuestion(tx, {
      site: ctx.site.id,
      id,
      topic: input.topic,
      author: ctx.member.id,
      title: input.title,
      bodySource: input.body,
      bodyHtml: body.html,
      pageUrl: input.pageUrl ?? null,
      visibility: post.visibility,
      textHash: post.textHash,
    });
    await insertEvent(tx, {
      site: ctx.site.id,
      type: 'question.asked',
      actor: ctx.member.id,
      targetType: 'question',
      targetId: id,
      payload: { topic: input.topic, title: input.title, pageUrl: input.pageUrl ?? null },
    });
    return withNotices(
      (await questionsDb.selectQuestion(tx, ctx.site.id, id, ctx.member.id))!,
      body,
      post.notices,
    );
  });
}

/** The asker or staff accept an answer of this question (`null` withdraws the acceptance). */
export async function acceptAnswer(
  ctx: WriteContext,
  questionId: string,
  answerId: string | null,
): Promise<WriteOutcome<Question>> {
  return performWrite(ctx, 200, async (tx) => {
    const question = await questionsDb.lockQuestion(tx, ctx.site.id, questionId);
    if (!question || !isVisible(question, ctx.member.id)) throw notFound(NOT_FOUND);
    assertCanAccept(ctx.member, question.author);
    if (answerId !== null) {
      const answer = await answersDb.findAnswer(tx, ctx.site.id, answerId);
      if (!answer || !isVisible({ ...answer, author: '' }, ctx.member.id)) {
        throw notFound('This answer does not exist.');
      }
      if (answer.questionId !== question.id) {
        throw invalidField('answerId', 'That answer belongs to another question.');
      }
    }
    await questionsDb.setAcceptedAnswer(tx, ctx.site.id, question.id, answerId);
    // The target is the answer gaining (or losing) the mark; withdrawing nothing targets the question.
    const target = answerId ?? question.acceptedAnswerId;
    await insertEvent(tx, {
      site: ctx.site.id,
      type: answerId === null ? 'answer.unaccepted' : 'answer.accepted',
      actor: ctx.member.id,
      targetType: target === null ? 'question' : 'answer',
      targetId: target ?? question.id,
      payload: {
        questionId: question.id,
        answerId,
        previousAnswerId: question.acceptedAnswerId,
        questionAuthor: question.author,
      },
    });
    return (await questionsDb.selectQuestion(tx, ctx.site.id, question.id, ctx.member.id))!;
  });
}

export function isVisible(
  post: { visibility: string; author: string },
  viewer: string | null,
): boolean {
  return post.visibility === 'visible' || (post.visibility === 'held' && post.author === viewer);
}

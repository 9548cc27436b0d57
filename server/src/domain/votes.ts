/**
 * Votes on questions and answers: one per member per target (the primary key), `0` withdraws it,
 * never on one's own post. The target row is locked first, so that concurrent votes on it take turns
 * and the counts stay exact.
 */
import type { VoteResult } from '../../../src/core/adapter.js';
import type { VoteValue } from '../../../src/core/types.js';
import * as answersDb from '../db/answers.js';
import { insertEvent } from '../db/events.js';
import * as questionsDb from '../db/questions.js';
import * as votesDb from '../db/votes.js';
import { notFound } from '../errors.js';
import { assertNotOwnPost } from './auth.js';
import { isVisible } from './questions.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

export async function castVote(
  ctx: WriteContext,
  input: { targetType: 'question' | 'answer'; targetId: string; value: VoteValue },
): Promise<WriteOutcome<VoteResult>> {
  const { targetType, targetId, value } = input;
  return performWrite(ctx, 200, async (tx) => {
    const target =
      targetType === 'question'
        ? await questionsDb.lockQuestion(tx, ctx.site.id, targetId)
        : await answersDb.lockAnswer(tx, ctx.site.id, targetId);
    if (!target || !isVisible(target, ctx.member.id)) {
      throw notFound(`This ${targetType} does not exist.`);
    }
    assertNotOwnPost(ctx.member, target.author);

    const key = { site: ctx.site.id, member: ctx.member.id, targetType, targetId };
    const previous = await votesDb.currentVote(tx, key);
    if (value === 0) await votesDb.deleteVote(tx, key);
    else await votesDb.upsertVote(tx, key, value);
    const up = (value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
    const down = (value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
    const counts =
      targetType === 'question'
        ? await questionsDb.addQuestionVotes(tx, ctx.site.id, targetId, up, down)
        : await answersDb.addAnswerVotes(tx, ctx.site.id, targetId, up, down);

    await insertEvent(tx, {
      site: ctx.site.id,
      type: 'vote.cast',
      actor: ctx.member.id,
      targetType,
      targetId,
      payload: { value, previous, targetAuthor: target.author },
    });
    return {
      targetType,
      targetId,
      value,
      score: counts.upvotes - counts.downvotes,
      upvotes: counts.upvotes,
      downvotes: counts.downvotes,
    };
  });
}

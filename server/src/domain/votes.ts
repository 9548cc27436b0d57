/**
 * Votes on questions, answers and reviews ("helpful", "not helpful"): one per member per target (the
 * primary key), `0` withdraws it, never on one's own post, only on what the member can read (an answer
 * of a hidden question cannot be voted on). The counts stay exact under concurrency (see `db/votes.ts`
 * `castVote`). Votes on ideas (1 or 0, one's own allowed, budgeted per board) go through
 * `domain/ideas.ts`.
 */
import type { VoteResult } from '../../../src/core/adapter.js';
import type { VoteValue } from '../../../src/core/types.js';
import * as votesDb from '../db/votes.js';
import { notFound } from '../errors.js';
import { assertNotOwnPost } from './auth.js';
import { voteOnIdea } from './ideas.js';
import { findReachable } from './moderation.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

export async function castVote(
  ctx: WriteContext,
  input: { targetType: votesDb.VotableType; targetId: string; value: VoteValue },
): Promise<WriteOutcome<VoteResult>> {
  const { targetType, targetId, value } = input;
  if (targetType === 'idea') {
    return performWrite(ctx, 200, (tx) => voteOnIdea(tx, ctx, targetId, value));
  }
  return performWrite(ctx, 200, async (tx) => {
    const target = await findReachable(tx, ctx, targetType, targetId);
    assertNotOwnPost(ctx.member, target.author);

    // The vote, the target's counts and the `vote.cast` event: one statement, which locks the target.
    const key = { site: ctx.site.id, member: ctx.member.id, targetType, targetId };
    const counts = await votesDb.castVote(tx, key, value, target.author);
    if (!counts) throw notFound(`This ${targetType} does not exist.`); // hidden meanwhile
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

/**
 * Ideas: pages of a board (sorts, status filter, search), the detail (comments, history, merged
 * duplicates), submitting, voting (with the board's vote budget), comments, status changes with an
 * official response (notifying followers), merging duplicates and following. A merged duplicate
 * stands for its original: reading, voting, commenting, following and setting a status act on it.
 */
import { randomUUID } from 'node:crypto';
import type { VoteResult } from '../../../src/core/adapter.js';
import type {
  ComposeGuard,
  Idea,
  IdeaComment,
  IdeaDetail,
  IdeaSort,
  Page,
  VoteValue,
} from '../../../src/core/types.js';
import * as boardsDb from '../db/boards.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import * as ideasDb from '../db/ideas.js';
import type { SiteRow } from '../db/sites.js';
import * as votesDb from '../db/votes.js';
import { conflict, invalidField, notFound } from '../errors.js';
import { assertStaff } from './auth.js';
import { remainingVotes } from './boards.js';
import { renderPostFor, withNotices } from './markdown.js';
import { listPosition, offsetOf, pageOf, parseCursor } from './pages.js';
import { isVisible } from './questions.js';
import { searchFor } from './search.js';
import { guardPost } from './spam.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const NOT_FOUND = 'This idea does not exist.';
const NO_VOTES_LEFT = 'You have no votes left on this board.';

export interface IdeasRead {
  board: string;
  sort: IdeaSort;
  status?: string | null | undefined;
  limit: number;
  cursor?: string | null | undefined;
  query?: string | undefined;
}

export interface IdeaRead {
  ideaId: string;
  commentLimit: number;
  commentCursor?: string | null | undefined;
}

export async function listIdeas(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: IdeasRead,
): Promise<Page<Idea>> {
  const search = searchFor(read.query);
  const byOffset = ideasDb.pagedByOffset(read.sort, search !== null);
  const position = listPosition(read.cursor, byOffset);
  const page = await ideasDb.selectIdeaPage(db, {
    site: site.id,
    board: read.board,
    sort: read.sort,
    status: read.status || null,
    limit: read.limit,
    viewer,
    ...position,
    search,
  });
  return pageOf(page, read.limit, position, byOffset);
}

export async function getIdea(
  db: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: IdeaRead,
): Promise<IdeaDetail> {
  const offset = offsetOf(parseCursor(read.commentCursor, 'commentCursor'), 'commentCursor');
  const found = await ideasDb.findIdea(db, site.id, read.ideaId);
  const idea =
    found &&
    isVisible(found, viewer) &&
    (await ideasDb.selectIdea(db, site.id, found.mergedInto ?? found.id, viewer));
  if (!idea) throw notFound(NOT_FOUND);
  const [comments, history, mergedIdeas] = await Promise.all([
    ideasDb.selectComments(db, {
      site: site.id,
      ideaId: idea.id,
      viewer,
      limit: read.commentLimit + 1,
      offset,
    }),
    ideasDb.selectHistory(db, site.id, idea.id),
    ideasDb.selectMergedIdeas(db, site.id, idea.id),
  ]);
  return {
    idea,
    comments: pageOf(
      { ...comments, seqs: [] },
      read.commentLimit,
      { afterSeq: null, offset },
      true,
    ),
    history,
    mergedIdeas,
  };
}

/**
 * The idea `id` stands for (itself, or the original it was merged into), locked; 404 when there is
 * none the member may see. Only originals are locked, so that a merge (which locks both) and a write
 * on its duplicate cannot wait for each other in a circle.
 */
async function lockOriginal(
  tx: Queryable,
  ctx: WriteContext,
  id: string,
  lock: 'FOR KEY SHARE' | 'FOR NO KEY UPDATE',
): Promise<ideasDb.IdeaRef> {
  let target = id;
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await ideasDb.findIdea(tx, ctx.site.id, target);
    if (!found) break;
    const idea = await ideasDb.findIdea(tx, ctx.site.id, found.mergedInto ?? found.id, lock);
    if (!idea || !isVisible(idea, ctx.member.id)) break;
    if (idea.mergedInto === null) return idea;
    target = idea.mergedInto; // merged meanwhile
  }
  throw notFound(NOT_FOUND);
}

/**
 * May the member add a vote on the idea? Votes on closed ideas (done, declined) cost nothing, and a
 * vote the member holds on it already is not a second one. Takes the member's budget lock on the
 * board (until the transaction ends) before counting, so that concurrent votes cannot overspend.
 */
async function budgetAllows(
  tx: Queryable,
  ctx: WriteContext,
  idea: ideasDb.IdeaRef,
  budget: number | null,
): Promise<boolean> {
  if (budget === null || ideasDb.CLOSED_STATUSES.includes(idea.status)) return true;
  await ideasDb.lockBudget(tx, ctx.site.id, idea.board, ctx.member.id);
  return (
    (await ideasDb.countHeldVotes(tx, ctx.site.id, idea.board, ctx.member.id, idea.id)) < budget
  );
}

/** The vote on an idea (in the vote's transaction): budgeted, and the voter follows the idea. */
export async function voteOnIdea(
  tx: Queryable,
  ctx: WriteContext,
  ideaId: string,
  value: VoteValue,
): Promise<VoteResult> {
  if (value === -1) throw invalidField('value', 'An idea vote is 1 (vote) or 0 (withdraw).');
  const idea = await lockOriginal(tx, ctx, ideaId, 'FOR NO KEY UPDATE');
  const budget = await boardsDb.voteBudgetOf(tx, ctx.site.id, idea.board);
  if (value === 1 && !(await budgetAllows(tx, ctx, idea, budget))) throw conflict(NO_VOTES_LEFT);
  const key = {
    site: ctx.site.id,
    member: ctx.member.id,
    targetType: 'idea' as const,
    targetId: idea.id,
  };
  const counts = await votesDb.castVote(tx, key, value, idea.author);
  if (!counts) throw notFound(NOT_FOUND);
  if (value === 1) await ideasDb.setFollowing(tx, ctx.site.id, idea.id, ctx.member.id, true);
  return {
    targetType: 'idea',
    targetId: idea.id,
    value,
    score: counts.upvotes,
    upvotes: counts.upvotes,
    downvotes: 0,
    votesRemaining: await remainingVotes(tx, ctx.site.id, idea.board, budget, ctx.member.id),
  };
}

/**
 * A new idea (status `open`): the author follows it, and votes for it when their budget allows (a
 * guest, who cannot vote, does not).
 */
export async function submitIdea(
  ctx: WriteContext,
  input: {
    board: string;
    title: string;
    body: string;
    pageUrl?: string | undefined;
    guard?: ComposeGuard | undefined;
  },
): Promise<WriteOutcome<Idea>> {
  const body = await renderPostFor(ctx.db, ctx.site, ctx.member, input.body);
  const site = ctx.site.id;
  return performWrite(ctx, 201, async (tx) => {
    const post = await guardPost(tx, ctx, {
      kind: 'idea',
      title: input.title,
      body: input.body,
      rendered: body,
      guard: input.guard,
    });
    const id = `i_${randomUUID()}`;
    await boardsDb.ensureBoard(tx, site, input.board);
    const idea = {
      site,
      id,
      board: input.board,
      author: ctx.member.id,
      title: input.title,
      bodySource: input.body,
      bodyHtml: body.html,
      pageUrl: input.pageUrl ?? null,
      visibility: post.visibility,
      textHash: post.textHash,
    };
    await ideasDb.insertIdea(tx, idea);
    await insertEvent(tx, {
      site,
      type: 'idea.submitted',
      actor: ctx.member.id,
      targetType: 'idea',
      targetId: id,
      payload: { board: input.board, title: input.title, pageUrl: idea.pageUrl },
    });
    await ideasDb.setFollowing(tx, site, id, ctx.member.id, true);
    const budget = await boardsDb.voteBudgetOf(tx, site, input.board);
    const ref = { ...idea, status: 'open', mergedInto: null };
    if (!ctx.member.guest && (await budgetAllows(tx, ctx, ref, budget))) {
      const key = { site, member: ctx.member.id, targetType: 'idea' as const, targetId: id };
      await votesDb.castVote(tx, key, 1, ctx.member.id);
    }
    return withNotices(
      (await ideasDb.selectIdea(tx, site, id, ctx.member.id))!,
      body,
      post.notices,
    );
  });
}

/** A comment (Markdown, rendered and sanitised like answers); the commenter follows the idea. */
export async function commentOnIdea(
  ctx: WriteContext,
  ideaId: string,
  input: { body: string; pageUrl?: string | undefined; guard?: ComposeGuard | undefined },
): Promise<WriteOutcome<IdeaComment>> {
  const body = await renderPostFor(ctx.db, ctx.site, ctx.member, input.body);
  const site = ctx.site.id;
  return performWrite(ctx, 201, async (tx) => {
    const post = await guardPost(tx, ctx, {
      kind: 'comment',
      body: input.body,
      rendered: body,
      guard: input.guard,
    });
    const idea = await lockOriginal(tx, ctx, ideaId, 'FOR NO KEY UPDATE');
    const id = `c_${randomUUID()}`;
    await ideasDb.insertComment(tx, {
      site,
      id,
      ideaId: idea.id,
      author: ctx.member.id,
      bodySource: input.body,
      bodyHtml: body.html,
      pageUrl: input.pageUrl ?? null,
      visibility: post.visibility,
      textHash: post.textHash,
    });
    await ideasDb.setFollowing(tx, site, idea.id, ctx.member.id, true);
    await insertEvent(tx, {
      site,
      type: 'idea.commented',
      actor: ctx.member.id,
      targetType: 'comment',
      targetId: id,
      payload: { ideaId: idea.id, ideaAuthor: idea.author, pageUrl: input.pageUrl ?? null },
    });
    return withNotices(
      (await ideasDb.selectComment(tx, site, id, ctx.member.id))!,
      body,
      post.notices,
    );
  });
}

/** `"Title" is now planned`: the status's label, or its slug in words. */
function statusTitle(title: string, status: { slug: string; label?: string }): string {
  return `"${title}" is now ${status.label ?? status.slug.replace(/-/g, ' ')}`;
}

/**
 * Staff: a new status (one of the board's) with an optional official response, kept in the history;
 * every follower but the actor gets a notification.
 */
export async function setIdeaStatus(
  ctx: WriteContext,
  ideaId: string,
  input: { status: string; response?: string | undefined },
): Promise<WriteOutcome<Idea>> {
  assertStaff(ctx.member);
  const response = input.response?.trim() ? input.response : null;
  // Staff only (always trusted), yet through the same rule as every post.
  const responseHtml =
    response === null ? null : (await renderPostFor(ctx.db, ctx.site, ctx.member, response)).html;
  const site = ctx.site.id;
  return performWrite(ctx, 200, async (tx) => {
    const idea = await lockOriginal(tx, ctx, ideaId, 'FOR NO KEY UPDATE');
    const status = await boardsDb.hasStatus(tx, site, idea.board, input.status);
    if (!status) {
      throw invalidField('status', `"${input.status}" is not a status of this board.`);
    }
    await ideasDb.changeStatus(tx, {
      site,
      ideaId: idea.id,
      from: idea.status,
      to: status.slug,
      responseSource: response,
      responseHtml,
      changedBy: ctx.member.id,
    });
    await insertEvent(tx, {
      site,
      type: 'idea.status-changed',
      actor: ctx.member.id,
      targetType: 'idea',
      targetId: idea.id,
      payload: { from: idea.status, to: status.slug },
    });
    await ideasDb.notifyFollowers(tx, {
      site,
      ideaId: idea.id,
      except: ctx.member.id,
      kind: 'idea.status-changed',
      title: statusTitle(idea.title, status),
      pageUrl: idea.pageUrl,
    });
    return (await ideasDb.selectIdea(tx, site, idea.id, ctx.member.id))!;
  });
}

/**
 * Staff: the duplicate is merged into the original (or the original's own original), on the same
 * board. Votes combine without counting a member twice; comments and followers move over.
 */
export async function mergeIdeas(
  ctx: WriteContext,
  duplicateId: string,
  originalId: string,
): Promise<WriteOutcome<Idea>> {
  assertStaff(ctx.member);
  const site = ctx.site.id;
  return performWrite(ctx, 200, async (tx) => {
    const duplicate = await ideasDb.findIdea(tx, site, duplicateId);
    if (!duplicate) throw notFound(NOT_FOUND);
    const original = await ideasDb.findIdea(tx, site, originalId);
    if (!original) throw invalidField('originalId', 'That idea does not exist.');
    const rootId = original.mergedInto ?? original.id;
    if (rootId === duplicate.id)
      throw invalidField('originalId', 'An idea cannot be merged into itself.');
    // Both locked, in one order, so that two merges of the same pair cannot wait for each other.
    const locked = new Map<string, ideasDb.IdeaRef | null>();
    for (const id of [duplicate.id, rootId].sort())
      locked.set(id, await ideasDb.findIdea(tx, site, id, 'FOR UPDATE'));
    const dup = locked.get(duplicate.id)!;
    const root = locked.get(rootId);
    if (!root) throw invalidField('originalId', 'That idea does not exist.');
    if (dup.mergedInto !== null) throw conflict('This idea has been merged already.');
    if (root.mergedInto !== null) throw conflict('That idea has just been merged; try again.');
    if (root.board !== dup.board)
      throw invalidField('originalId', 'Only ideas on the same board can be merged.');
    await ideasDb.mergeIdea(tx, site, dup.id, root.id);
    await insertEvent(tx, {
      site,
      type: 'idea.merged',
      actor: ctx.member.id,
      targetType: 'idea',
      targetId: dup.id,
      payload: { originalId: root.id },
    });
    return (await ideasDb.selectIdea(tx, site, root.id, ctx.member.id))!;
  });
}

export async function followIdea(
  ctx: WriteContext,
  ideaId: string,
  following: boolean,
): Promise<WriteOutcome<{ following: boolean }>> {
  return performWrite(ctx, 200, async (tx) => {
    const idea = await lockOriginal(tx, ctx, ideaId, 'FOR KEY SHARE');
    await ideasDb.setFollowing(tx, ctx.site.id, idea.id, ctx.member.id, following);
    await insertEvent(tx, {
      site: ctx.site.id,
      type: following ? 'idea.followed' : 'idea.unfollowed',
      actor: ctx.member.id,
      targetType: 'idea',
      targetId: idea.id,
      payload: {},
    });
    return { following };
  });
}

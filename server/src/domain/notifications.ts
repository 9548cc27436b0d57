/**
 * Notifications and follows. Every notification is built from `community_events`: `performWrite` hands
 * the events its write inserted to {@link notifyForEvents} in the write's own transaction, and so do
 * writers outside it (badges after a write, the escalation job). Who is told:
 *
 * | event                 | recipients                                              |
 * | --------------------- | ------------------------------------------------------- |
 * | `answer.posted`       | the question's followers but the answerer               |
 * | `answer.accepted`     | the answer's author, unless they accepted it themselves |
 * | `question.escalated`  | the asker, unless they escalated it themselves          |
 * | `idea.commented`      | the idea's followers but the commenter                  |
 * | `idea.status-changed` | the idea's followers but the actor (`db/ideas.ts`)      |
 * | `review.replied`      | the review's author, unless they replied themselves     |
 * | `badge.awarded`       | the member                                              |
 * | `member.warned`       | the member (the reason as excerpt; no actor named)      |
 * | `member.suspended`    | the member (the reason as excerpt; no actor named)      |
 *
 * Content that is not visible (held, hidden), or whose question or idea is not, notifies nobody.
 *
 * Follows: asking and answering follow the question (also after an unfollow), voting on it or one of
 * its answers follows it unless the member unfollowed it; `PUT /v1/follows` sets it by choice.
 */
import type { NotificationsPage, TargetType } from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import * as db from '../db/notifications.js';
import { EXCERPT_MAX, oneLine, plainExcerpt, postLink } from '../text.js';
import { eventsByIds, type EventRow } from '../db/reputation.js';
import type { SiteRow } from '../db/sites.js';
import { invalidField, notFound } from '../errors.js';
import { followIdea } from './ideas.js';
import { afterCursor, parseCursor } from './pages.js';
import { siteName } from './mail.js';
import { badgeOf } from './reputation.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const others = (members: Iterable<string>, actor: string | null): string[] =>
  [...new Set(members)].filter((m) => m !== actor);

async function onEvent(tx: Queryable, site: SiteRow, event: EventRow): Promise<void> {
  const base = { site: site.id, kind: event.type as string, actor: event.actor };
  switch (event.type) {
    case 'question.asked': {
      if (event.actor) await db.followQuestionFor(tx, site.id, event.targetId, event.actor, true);
      return;
    }
    case 'vote.cast': {
      if (!event.actor || !event.payload.value) return;
      let questionId: string | null = null;
      if (event.targetType === 'question') questionId = event.targetId;
      else if (event.targetType === 'answer') {
        questionId = (await db.answerFacts(tx, site.id, event.targetId))?.parentId ?? null;
      }
      if (questionId) await db.followQuestionFor(tx, site.id, questionId, event.actor, false);
      return;
    }
    case 'answer.posted': {
      const answer = await db.answerFacts(tx, site.id, event.targetId);
      if (!answer) return;
      if (event.actor) await db.followQuestionFor(tx, site.id, answer.parentId, event.actor, true);
      if (!answer.visible) return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: answer.parentTitle,
          excerpt: plainExcerpt(answer.bodyHtml),
          targetType: 'answer',
          targetId: answer.id,
          pageUrl: postLink(answer.parentPageUrl ?? answer.pageUrl, 'question', answer.parentId),
        },
        others(await db.questionFollowers(tx, site.id, answer.parentId), event.actor),
      );
      return;
    }
    case 'answer.accepted': {
      const id = typeof event.payload.answerId === 'string' ? event.payload.answerId : null;
      const answer = id && (await db.answerFacts(tx, site.id, id));
      if (!answer || !answer.visible) return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: answer.parentTitle,
          excerpt: plainExcerpt(answer.bodyHtml),
          targetType: 'answer',
          targetId: answer.id,
          pageUrl: postLink(answer.parentPageUrl ?? answer.pageUrl, 'question', answer.parentId),
        },
        others([answer.author], event.actor),
      );
      return;
    }
    case 'question.escalated': {
      const question = await db.questionFacts(tx, site.id, event.targetId);
      if (!question || question.visibility !== 'visible') return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: question.title,
          excerpt: '',
          targetType: 'question',
          targetId: question.id,
          pageUrl: postLink(question.pageUrl, 'question', question.id),
        },
        others([question.author], event.actor),
      );
      return;
    }
    case 'idea.commented': {
      const comment = await db.commentFacts(tx, site.id, event.targetId);
      if (!comment || !comment.visible) return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: comment.parentTitle,
          excerpt: plainExcerpt(comment.bodyHtml),
          targetType: 'comment',
          targetId: comment.id,
          pageUrl: postLink(comment.parentPageUrl ?? comment.pageUrl, 'idea', comment.parentId),
        },
        others(await db.ideaFollowers(tx, site.id, comment.parentId), event.actor),
      );
      return;
    }
    case 'review.replied': {
      const review = await db.reviewFacts(tx, site.id, event.targetId);
      if (!review || !review.visible || review.reply === null) return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: review.title || review.product,
          excerpt: review.reply,
          targetType: 'review',
          targetId: review.id,
          pageUrl: postLink(review.pageUrl, 'review', review.id),
        },
        others([review.author], event.actor),
      );
      return;
    }
    case 'badge.awarded': {
      const slug = typeof event.payload.badge === 'string' ? event.payload.badge : null;
      if (!slug || event.targetType !== 'member') return;
      const tier = event.payload.tier as 'bronze' | 'silver' | 'gold';
      const badge = badgeOf(site, slug, tier);
      await db.insertNotifications(
        tx,
        {
          ...base,
          title: badge.name,
          excerpt: badge.description,
          targetType: 'member',
          targetId: event.targetId,
          pageUrl: null,
        },
        [event.targetId],
      );
      return;
    }
    case 'member.warned':
    case 'member.suspended': {
      // From "the moderators", not the staff member who acted; titled with the community's name.
      const reason = typeof event.payload.reason === 'string' ? event.payload.reason : '';
      if (event.targetType !== 'member') return;
      await db.insertNotifications(
        tx,
        {
          ...base,
          actor: null,
          title: siteName(site),
          excerpt: oneLine(reason, EXCERPT_MAX),
          targetType: 'member',
          targetId: event.targetId,
          pageUrl: null,
        },
        [event.targetId],
      );
      return;
    }
    default:
      // `idea.status-changed` notifies in its write (db/ideas.ts `notifyFollowers`); others tell nobody.
      return;
  }
}

/**
 * Follows and notifications for the community events `eventIds` (in their order), in the
 * transaction `tx` that inserted them. `performWrite` calls it for every write; whoever inserts events
 * outside it (the escalation job, badges awarded after a write) calls it in their own transaction.
 */
export async function notifyForEvents(
  tx: Queryable,
  site: SiteRow,
  eventIds: string[],
): Promise<void> {
  if (!eventIds.length) return;
  for (const event of await eventsByIds(tx, eventIds)) await onEvent(tx, site, event);
}

// ---- reads ---------------------------------------------------------------------------------------

const EMPTY: NotificationsPage = { items: [], nextCursor: null, total: 0, unread: 0 };

/** The viewer's notifications, newest first; signed out: an empty page. */
export async function listNotifications(
  database: Queryable,
  site: SiteRow,
  viewer: string | null,
  read: { limit: number; cursor: string | null },
): Promise<NotificationsPage> {
  if (viewer === null) return EMPTY;
  const cursor = parseCursor(read.cursor, 'cursor');
  if (cursor && cursor.kind !== 'after') throw invalidField('cursor', 'Unknown cursor.');
  const [rows, counts] = await Promise.all([
    db.selectNotifications(database, site.id, viewer, read.limit, cursor?.seq ?? null),
    db.countNotifications(database, site.id, viewer),
  ]);
  const more = rows.length > read.limit;
  const items = rows.slice(0, read.limit);
  return {
    items,
    nextCursor: more ? afterCursor(items.at(-1)!.id) : null,
    total: counts.total,
    unread: counts.unread,
  };
}

// ---- writes --------------------------------------------------------------------------------------

/**
 * Marks the member's notifications read (their own among `ids`, or all); returns what is left unread.
 * A suspended member may (their inbox is theirs, and tells them why they are suspended).
 */
export function markRead(
  ctx: WriteContext,
  ids: string[] | 'all',
): Promise<WriteOutcome<{ unread: number }>> {
  return performWrite(
    ctx,
    200,
    async (tx) => {
      await db.markNotificationsRead(tx, ctx.site.id, ctx.member.id, ids);
      const { unread } = await db.countNotifications(tx, ctx.site.id, ctx.member.id);
      return { unread };
    },
    { whileSuspended: true },
  );
}

/** Follows or unfollows a question (remembered) or an idea (its original when merged). */
export function setFollowing(
  ctx: WriteContext,
  input: {
    targetType: Extract<TargetType, 'question' | 'idea'>;
    targetId: string;
    following: boolean;
  },
): Promise<WriteOutcome<{ following: boolean }>> {
  if (input.targetType === 'idea') return followIdea(ctx, input.targetId, input.following);
  return performWrite(ctx, 200, async (tx) => {
    const question = await db.questionFacts(tx, ctx.site.id, input.targetId);
    const visible =
      question &&
      (question.visibility === 'visible' ||
        (question.visibility === 'held' && question.author === ctx.member.id));
    if (!visible) throw notFound('This question does not exist.');
    await db.setQuestionFollowing(tx, ctx.site.id, question.id, ctx.member.id, input.following);
    await insertEvent(tx, {
      site: ctx.site.id,
      type: input.following ? 'question.followed' : 'question.unfollowed',
      actor: ctx.member.id,
      targetType: 'question',
      targetId: question.id,
      payload: {},
    });
    return { following: input.following };
  });
}

/** Whether the viewer follows the question (a thread's `following`). */
export function isFollowing(
  database: Queryable,
  site: SiteRow,
  viewer: string | null,
  questionId: string,
): Promise<boolean> {
  return viewer === null
    ? Promise.resolve(false)
    : db.isFollowingQuestion(database, site.id, questionId, viewer);
}

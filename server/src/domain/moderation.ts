/**
 * Flags and moderation, generic over questions, answers, ideas, comments and reviews. Any member flags
 * content they can read and did not write (once per target: again updates the reason). Staff hide or
 * approve content with a reason. Hidden content is not listed, reads as 404, and leaves every count and
 * average: the parent's count of visible children (a question's answers, an idea's comments) or the
 * product's aggregate changes in the same transaction, under the parent's lock. A topic's or board's
 * totals are counted when read, and a hidden question or idea takes its thread with it. A flag from a
 * member at trust level 3 or more holds the content at once (`held`: out of every count like hidden,
 * still readable by its author) until staff approve or hide it.
 */
import type { ModerationResult } from '../../../src/core/adapter.js';
import type {
  FlagReason,
  ModerationAction,
  TargetType,
  Visibility,
} from '../../../src/core/types.js';
import type { Queryable } from '../db/database.js';
import { insertEvent } from '../db/events.js';
import { getMember } from '../db/members.js';
import * as moderationDb from '../db/moderation.js';
import * as reviewsDb from '../db/reviews.js';
import { forbidden, invalidField, notFound, unsupported } from '../errors.js';
import { assertStaff, isStaff } from './auth.js';
import { newMemberTrustLevel } from './markdown.js';
import { isVisible } from './questions.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const notFoundOf = (type: TargetType) => notFound(`This ${type} does not exist.`);

/** The trust level from which a member's flag holds the content at once. */
export const HOLDING_TRUST_LEVEL = 3;

/** The content is readable by `viewer`: visible (or their own held post), in a readable thread. */
export function isReachable(content: moderationDb.ContentRef, viewer: string | null): boolean {
  return (
    isVisible(content, viewer) &&
    (content.parentPost === null || isVisible(content.parentPost, viewer))
  );
}

/** The content the member may act on (vote, flag); 404 when they cannot read it. */
export async function findReachable(
  tx: Queryable,
  ctx: WriteContext,
  type: TargetType,
  id: string,
): Promise<moderationDb.ContentRef> {
  const content = await moderationDb.findContent(tx, ctx.site.id, type, id);
  if (!content || !isReachable(content, ctx.member.id)) throw notFoundOf(type);
  return content;
}

export async function flagContent(
  ctx: WriteContext,
  input: {
    targetType: TargetType;
    targetId: string;
    reason: FlagReason;
    note?: string | undefined;
  },
): Promise<WriteOutcome<ModerationResult>> {
  const { targetType, targetId, reason } = input;
  return performWrite(ctx, 200, async (tx) => {
    const content = await findReachable(tx, ctx, targetType, targetId);
    if (content.author === ctx.member.id) throw forbidden('You cannot flag your own post.');
    const previous = await moderationDb.upsertFlag(tx, {
      site: ctx.site.id,
      member: ctx.member.id,
      targetType,
      targetId,
      reason,
      note: input.note?.trim() ? input.note : null,
    });
    await insertEvent(tx, {
      site: ctx.site.id,
      type: 'content.flagged',
      actor: ctx.member.id,
      targetType,
      targetId,
      payload: { reason, previousReason: previous, targetAuthor: content.author },
    });
    if (content.visibility === 'visible' && (await holdsOnFlag(tx, ctx))) {
      const held = await changeVisibility(tx, ctx.site.id, targetType, targetId, 'held');
      // Staff hid (or deleted) it meanwhile: that decision stands.
      if (held.previous !== 'visible' && held.previous !== 'held') {
        await changeVisibility(tx, ctx.site.id, targetType, targetId, held.previous);
        return { targetType, targetId, visibility: held.previous };
      }
      await insertEvent(tx, {
        site: ctx.site.id,
        type: 'content.held',
        actor: ctx.member.id,
        targetType,
        targetId,
        payload: { reason, previous: held.previous, targetAuthor: held.author },
      });
      return { targetType, targetId, visibility: 'held' };
    }
    return { targetType, targetId, visibility: content.visibility };
  });
}

/**
 * Whether the flagger's flag holds the content: a member (not staff, who hide directly) at trust level
 * 3 or more, by their stored level (never below what the site gives new members).
 */
async function holdsOnFlag(tx: Queryable, ctx: WriteContext): Promise<boolean> {
  if (isStaff(ctx.member)) return false;
  const stored = await getMember(tx, ctx.site.id, ctx.member.id);
  const level = Math.max(stored?.trustLevel ?? 0, newMemberTrustLevel(ctx.site));
  return level >= HOLDING_TRUST_LEVEL;
}

/**
 * Sets the content's visibility and keeps what counts it right; returns the visibility it had. Its
 * parent is locked first (a comment that a merge moved meanwhile is looked up again).
 */
async function changeVisibility(
  tx: Queryable,
  site: string,
  type: TargetType,
  id: string,
  visibility: Visibility,
): Promise<{ previous: Visibility; author: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const content = await moderationDb.findContent(tx, site, type, id);
    if (!content || content.visibility === 'deleted') break;
    const parentId = content.parentId;
    if (parentId !== null) await moderationDb.lockParent(tx, site, type, parentId);
    const previous = await moderationDb.setVisibility(tx, site, type, id, parentId, visibility);
    if (previous === null) continue;
    const delta = Number(visibility === 'visible') - Number(previous === 'visible');
    if (delta !== 0 && parentId !== null) {
      if (type === 'review') {
        const { rating } = (await reviewsDb.findReview(tx, site, id))!;
        await reviewsDb.adjustProduct(
          tx,
          site,
          parentId,
          delta > 0 ? { add: rating } : { remove: rating },
        );
      } else {
        await moderationDb.countVisibleChildren(tx, site, type, parentId, delta);
      }
    }
    return { previous, author: content.author };
  }
  throw notFoundOf(type);
}

const AVAILABLE: Partial<Record<ModerationAction, Visibility>> = {
  hide: 'hidden',
  approve: 'visible',
};

/** Staff: hide or approve content, with a reason. The other actions come with the moderation queue. */
export async function moderate(
  ctx: WriteContext,
  input: {
    action: ModerationAction;
    targetType: TargetType | 'member';
    targetId: string;
    reason: string;
  },
): Promise<WriteOutcome<ModerationResult>> {
  assertStaff(ctx.member);
  const visibility = AVAILABLE[input.action];
  if (!visibility) {
    throw unsupported(
      `The "${input.action}" action is not available yet; use "hide" or "approve".`,
    );
  }
  if (input.targetType === 'member') {
    throw invalidField('targetType', 'Only posts can be hidden or approved.');
  }
  const targetType = input.targetType;
  return performWrite(ctx, 200, async (tx) => {
    const { previous, author } = await changeVisibility(
      tx,
      ctx.site.id,
      targetType,
      input.targetId,
      visibility,
    );
    await insertEvent(tx, {
      site: ctx.site.id,
      type: input.action === 'hide' ? 'content.hidden' : 'content.approved',
      actor: ctx.member.id,
      targetType,
      targetId: input.targetId,
      payload: { reason: input.reason, previous, targetAuthor: author },
    });
    return { targetType, targetId: input.targetId, visibility };
  });
}

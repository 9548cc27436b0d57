/**
 * Flags and moderation, generic over questions, answers, ideas, comments and reviews. Any member flags
 * content they can read and did not write (once per target: again updates the reason). A post is held
 * (`held`: out of every count like hidden, still readable by its author) when its open flags come from
 * `moderation.flagsToHold` different members, or at once on a flag from a member at trust level 3 or
 * more, until staff decide.
 *
 * Staff act with a reason: on a post `approve` (visible), `hide` or `delete` (gone for good, also for
 * its author; it cannot be approved again), each settling the post's open flags (only later flags count
 * again); on a member `warn` and `suspend` (both tell the member in their inbox) and `unsuspend`. A
 * suspended member can read but not write (`performWrite` refuses); staff cannot be suspended.
 * Hidden and deleted content is not listed, reads as 404, and leaves every count and average: the
 * parent's count of visible children (a question's answers, an idea's comments) or the product's
 * aggregate changes in the same transaction, under the parent's lock. A topic's or board's totals are
 * counted when read, and a hidden question or idea takes its thread with it.
 *
 * Every action and every hold is a community event (`content.held|approved|hidden|deleted`,
 * `member.warned|suspended|unsuspended`): the audit log reads them. A hold by the flags' count has no
 * actor; a trust level 3+ member's hold names them.
 */
import type { ModerationResult } from '../../../src/core/adapter.js';
import type {
  AuditAction,
  AuditEntry,
  FlagReason,
  ModerationAction,
  ModerationItem,
  Page,
  QueueReason,
  TargetType,
  Visibility,
} from '../../../src/core/types.js';
import type { Database, Queryable } from '../db/database.js';
import { insertEvent, type CommunityEventType } from '../db/events.js';
import * as moderationDb from '../db/moderation.js';
import * as reviewsDb from '../db/reviews.js';
import type { SiteRow } from '../db/sites.js';
import { conflict, forbidden, invalidField, notFound } from '../errors.js';
import { oneLine, plainExcerpt, postLink } from '../text.js';
import { assertStaff, isStaff, type Member } from './auth.js';
import { authorTrustLevel } from './markdown.js';
import { moderationOf } from './moderation-settings.js';
import { afterCursor, parseCursor } from './pages.js';
import { isVisible } from './questions.js';
import { performWrite, type WriteContext, type WriteOutcome } from './writes.js';

const notFoundOf = (type: TargetType) => notFound(`This ${type} does not exist.`);

/** The trust level from which a member's flag holds the content at once. */
export const HOLDING_TRUST_LEVEL = 3;

/** Longest suspension, in hours (a year). */
export const MAX_SUSPENSION_HOURS = 24 * 365;

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
    await moderationDb.lockFlagsOf(tx, ctx.site.id, targetType, targetId);
    const content = await findReachable(tx, ctx, targetType, targetId);
    if (content.author === ctx.member.id) throw forbidden('You cannot flag your own post.');
    const { previous, open } = await moderationDb.upsertFlag(tx, {
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
    if (content.visibility !== 'visible') {
      return { targetType, targetId, visibility: content.visibility };
    }
    const byTrust = await holdsOnFlag(tx, ctx);
    if (!byTrust && open < moderationOf(ctx.site).flagsToHold) {
      return { targetType, targetId, visibility: content.visibility };
    }
    const held = await changeVisibility(tx, ctx.site.id, targetType, targetId, 'held');
    await insertEvent(tx, {
      site: ctx.site.id,
      type: 'content.held',
      // The community's count holds it: nobody in particular did.
      actor: byTrust ? ctx.member.id : null,
      targetType,
      targetId,
      payload: { reason, previous: held.previous, targetAuthor: held.author },
    });
    return { targetType, targetId, visibility: 'held' };
  });
}

/**
 * Whether the flagger's flag holds the content: a member (not staff, who hide directly) at trust level
 * 3 or more, by their stored level (never below what the site gives new members).
 */
async function holdsOnFlag(tx: Queryable, ctx: WriteContext): Promise<boolean> {
  if (isStaff(ctx.member)) return false;
  return (await authorTrustLevel(tx, ctx.site, ctx.member)) >= HOLDING_TRUST_LEVEL;
}

/**
 * Sets the content's visibility and keeps what counts it right; returns the visibility it had. Its
 * parent is locked first (a comment that a merge moved meanwhile is looked up again). Deleted content
 * stays deleted (404).
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

// ---- staff actions -------------------------------------------------------------------------------------

const POST_ACTIONS: Partial<
  Record<ModerationAction, { visibility: Visibility; event: CommunityEventType }>
> = {
  approve: { visibility: 'visible', event: 'content.approved' },
  hide: { visibility: 'hidden', event: 'content.hidden' },
  delete: { visibility: 'deleted', event: 'content.deleted' },
};

export interface ActionInput {
  action: ModerationAction;
  targetType: TargetType | 'member';
  targetId: string;
  reason: string;
  /** `suspend`: hours (1–8760). */
  duration?: number | undefined;
}

/**
 * Staff: a decision on a post (`approve`, `hide`, `delete`) or on a member (`warn`, `suspend`,
 * `unsuspend`), with a reason. See the module's comment for what each does.
 */
export async function moderate(
  ctx: WriteContext,
  input: ActionInput,
): Promise<WriteOutcome<ModerationResult>> {
  assertStaff(ctx.member);
  const onPost = POST_ACTIONS[input.action];
  if (onPost) {
    if (input.targetType === 'member') {
      throw invalidField(
        'targetType',
        `"${input.action}" acts on a post: use its type (question, answer, idea, comment, review).`,
      );
    }
    return decideOnPost(ctx, { ...input, targetType: input.targetType }, onPost);
  }
  if (input.targetType !== 'member') {
    throw invalidField(
      'targetType',
      `"${input.action}" acts on a member: use targetType "member" and the member's id.`,
    );
  }
  return actOnMember(ctx, input);
}

function decideOnPost(
  ctx: WriteContext,
  input: ActionInput & { targetType: TargetType },
  onPost: { visibility: Visibility; event: CommunityEventType },
): Promise<WriteOutcome<ModerationResult>> {
  const { targetType, targetId } = input;
  return performWrite(ctx, 200, async (tx) => {
    await moderationDb.lockFlagsOf(tx, ctx.site.id, targetType, targetId);
    const content = await moderationDb.findContent(tx, ctx.site.id, targetType, targetId);
    if (!content) throw notFoundOf(targetType);
    if (content.visibility === 'deleted') {
      throw conflict(`This ${targetType} was deleted: it cannot be shown or changed any more.`);
    }
    const { previous, author } = await changeVisibility(
      tx,
      ctx.site.id,
      targetType,
      targetId,
      onPost.visibility,
    );
    const settled = await moderationDb.settleFlags(tx, ctx.site.id, targetType, targetId);
    if (onPost.visibility === 'visible' && previous !== 'visible') {
      await announceApproved(tx, ctx, targetType, targetId);
    }
    await insertEvent(tx, {
      site: ctx.site.id,
      type: onPost.event,
      actor: ctx.member.id,
      targetType,
      targetId,
      payload: { reason: input.reason, previous, targetAuthor: author, settledFlags: settled },
    });
    return { targetType, targetId, visibility: onPost.visibility };
  });
}

/** The event that announces a new post of each type. */
const CREATED: Record<TargetType, CommunityEventType> = {
  question: 'question.asked',
  answer: 'answer.posted',
  idea: 'idea.submitted',
  comment: 'idea.commented',
  review: 'review.submitted',
};

/**
 * A guest's post, held since it was written, was announced to nobody: webhooks skipped its creation
 * event (migration 015) and it notified nobody. Its first approval writes that event again, as if it
 * were posted now, so subscribers and followers hear of it once. Members' posts were announced when
 * written, and are not again.
 */
async function announceApproved(
  tx: Queryable,
  ctx: WriteContext,
  targetType: TargetType,
  targetId: string,
): Promise<void> {
  const created = await moderationDb.unannouncedCreation(
    tx,
    ctx.site.id,
    targetType,
    targetId,
    CREATED[targetType],
  );
  if (!created) return;
  await insertEvent(tx, {
    site: ctx.site.id,
    type: CREATED[targetType],
    actor: created.actor,
    targetType,
    targetId,
    payload: { ...created.payload, approvedBy: ctx.member.id },
  });
}

function actOnMember(
  ctx: WriteContext,
  input: ActionInput,
): Promise<WriteOutcome<ModerationResult>> {
  const { action, targetId } = input;
  const hours = action === 'suspend' ? input.duration : undefined;
  if (action === 'suspend') {
    if (hours === undefined) {
      throw invalidField('duration', 'How long? Give the suspension a duration in hours.');
    }
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_SUSPENSION_HOURS) {
      throw invalidField(
        'duration',
        `A suspension lasts from 1 to ${MAX_SUSPENSION_HOURS} hours (a year).`,
      );
    }
  }
  return performWrite(ctx, 200, async (tx) => {
    const changes = action !== 'warn';
    const member = await moderationDb.findMemberState(
      tx,
      ctx.site.id,
      targetId,
      changes ? ctx.member.id : null,
    );
    if (!member || member.erased) throw notFound('This member does not exist.');
    const previous = member.suspendedUntil;
    let until = previous;
    if (action === 'suspend') {
      if (member.roles.includes('staff') || member.roles.includes('moderator')) {
        throw conflict('Staff and moderators cannot be suspended.');
      }
      until = await moderationDb.setSuspension(tx, ctx.site.id, targetId, hours!);
    } else if (action === 'unsuspend') {
      if (previous === null) throw conflict('This member is not suspended.');
      until = await moderationDb.setSuspension(tx, ctx.site.id, targetId, null);
    }
    const event: CommunityEventType =
      action === 'warn'
        ? 'member.warned'
        : action === 'suspend'
          ? 'member.suspended'
          : 'member.unsuspended';
    await insertEvent(tx, {
      site: ctx.site.id,
      type: event,
      actor: ctx.member.id,
      targetType: 'member',
      targetId,
      payload: {
        reason: input.reason,
        previous,
        until,
        ...(hours !== undefined && { duration: hours }),
        targetAuthor: targetId,
      },
    });
    return {
      targetType: 'member' as const,
      targetId,
      visibility: 'visible' as const,
      suspendedUntil: until,
    };
  });
}

// ---- staff reads: the queue and the audit log ---------------------------------------------------------

export interface StaffReadContext {
  db: Database;
  site: SiteRow;
  member: Member;
}

/** `q.<µs>.<rank>.<seq>`: after the queue's post with these keys. */
const QUEUE_CURSOR = /^q\.(\d{1,17})\.(\d)\.(\d{1,18})$/;

function queueCursor(key: moderationDb.QueueKey): string {
  return `q.${key.waitingUs}.${key.rank}.${key.seq}`;
}

function parseQueueCursor(value: string | null | undefined): moderationDb.QueueKey | null {
  if (!value) return null;
  const match = QUEUE_CURSOR.exec(value);
  if (!match) throw invalidField('cursor', 'Unknown cursor.');
  return { waitingUs: match[1]!, rank: Number(match[2]), seq: match[3]! };
}

/** A post's text as one short plain line (a review's is plain text already). */
const excerptOf = (row: { bodyHtml: string | null; bodyText: string | null }): string =>
  row.bodyText !== null ? oneLine(row.bodyText) : plainExcerpt(row.bodyHtml ?? '');

/** The kind of post whose page opens it (an answer opens in its question, a comment in its idea). */
const LINK_KIND: Record<TargetType, 'question' | 'idea' | 'review'> = {
  question: 'question',
  answer: 'question',
  idea: 'idea',
  comment: 'idea',
  review: 'review',
};

/**
 * Staff: held posts (guests' first when filtering by `guest`) and visible posts with open flags,
 * longest waiting first (since the first open flag, or since it was written).
 */
export async function moderationQueue(
  ctx: StaffReadContext,
  read: { limit: number; cursor?: string | null | undefined; reason?: QueueReason | null },
): Promise<Page<ModerationItem>> {
  assertStaff(ctx.member);
  const after = parseQueueCursor(read.cursor);
  const { rows, total } = await moderationDb.selectQueue(ctx.db, {
    site: ctx.site.id,
    limit: read.limit,
    after,
    reason: read.reason ?? null,
  });
  const items = rows.slice(0, read.limit).map((row): ModerationItem => {
    const pageUrl = postLink(row.linkPage, LINK_KIND[row.targetType], row.linkId);
    return {
      targetType: row.targetType,
      targetId: row.targetId,
      title: oneLine(row.title),
      excerpt: excerptOf(row),
      author: row.author,
      guest: row.guest,
      authorSuspendedUntil: row.authorSuspendedUntil,
      flags: row.flags,
      notes: row.notes,
      reason: row.reason,
      visibility: row.visibility,
      createdAt: row.createdAt,
      flaggedAt: row.flaggedAt,
      ...(pageUrl && { pageUrl }),
    };
  });
  return {
    items,
    nextCursor: rows.length > read.limit ? queueCursor(rows[read.limit - 1]!.key) : null,
    total,
  };
}

const AUDIT_ACTION: Record<moderationDb.AuditEventType, AuditAction> = {
  'content.held': 'hold',
  'content.approved': 'approve',
  'content.hidden': 'hide',
  'content.deleted': 'delete',
  'member.warned': 'warn',
  'member.suspended': 'suspend',
  'member.unsuspended': 'unsuspend',
};

/** Staff: every staff action and every hold, newest first. */
export async function moderationAudit(
  ctx: StaffReadContext,
  read: { limit: number; cursor?: string | null | undefined },
): Promise<Page<AuditEntry>> {
  assertStaff(ctx.member);
  const cursor = parseCursor(read.cursor, 'cursor');
  if (cursor && cursor.kind !== 'after') throw invalidField('cursor', 'Unknown cursor.');
  const { rows, total } = await moderationDb.selectAudit(ctx.db, {
    site: ctx.site.id,
    limit: read.limit,
    beforeId: cursor?.seq ?? null,
  });
  const items = rows.slice(0, read.limit).map((row): AuditEntry => {
    const { reason, until } = row.payload;
    const onPost = row.targetType !== 'member';
    return {
      id: row.id,
      action: AUDIT_ACTION[row.type],
      actor: row.actor,
      targetType: row.targetType,
      targetId: row.targetId,
      subject: row.subject,
      reason: typeof reason === 'string' ? reason : '',
      ...(row.type === 'member.suspended' && { until: typeof until === 'string' ? until : null }),
      ...(onPost &&
        (row.bodyHtml !== null || row.bodyText !== null) && { excerpt: excerptOf(row) }),
      at: row.at,
    };
  });
  return {
    items,
    nextCursor: rows.length > read.limit ? afterCursor(rows[read.limit - 1]!.id) : null,
    total,
  };
}

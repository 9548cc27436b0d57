/**
 * The memory adapter's flags and moderation, generic over questions, answers, ideas, comments and
 * reviews (docs/api.md, "Flags and moderation"), as the reference server keeps them:
 * - members flag what they can see (not their own, once per post: again replaces the reason). A flag
 *   is open until staff decide on the post; flagging a post again after that opens the flag anew;
 * - open flags from {@link ModerationOptions.flagsToHold} members (3 by default), or one from a member
 *   at trust level 3 or more (not staff: they hide), hold a visible post: `held`, seen only by its
 *   author, until staff decide. The hold is in the audit log with the flag's reason (and the flagger
 *   when their trust level held it);
 * - staff `approve`, `hide` or `delete` a post (its open flags settle; a deleted post cannot be changed
 *   again: 409); `warn`, `suspend` (for `duration` hours) or `unsuspend` a member (`targetType:
 *   'member'`), always with a reason. A warned or suspended member gets a notification with the reason
 *   (titled with the site); a suspended one cannot write until then (`../memory.ts` refuses); staff
 *   cannot be suspended (409), nor a member who is not suspended unsuspended (409). Deleting a post
 *   removes its text for good (a review leaves with its votes, so that its author may review again);
 * - the queue lists held posts, guests' posts waiting (held) and visible posts with open flags, oldest
 *   first; the audit log every action and hold, newest first (the latest 1000).
 *
 * Hidden, held and deleted posts leave every list and count: the readers of the other parts skip them,
 * and this part recounts the one stored count, a question's `answerCount`. `../memory.ts` loads it on
 * the first flag, action or staff read.
 */
import type { ModerationResult } from '../../core/adapter.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.js';
import { isStaff } from '../../core/token.js';
import type {
  AuditEntry,
  FlagReason,
  MemberClaims,
  ModerationAction,
  ModerationItem,
  QueueReason,
  TargetType,
  Visibility,
} from '../../core/types.js';
import { excerptOf, notify } from './notifications.js';
import {
  flagKey,
  isThreadVisibleTo,
  isVisibleTo,
  newId,
  paginate,
  parseCursor,
  parseLimit,
  textIn,
  throwIfInvalid,
  time,
  type MemoryHost,
  type ModerationBackend,
  type StoredAnswer,
  type StoredFlag,
  type StoredIdea,
  type StoredIdeaComment,
  type StoredModerationAction,
  type StoredPost,
  type StoredQuestion,
  type StoredReview,
} from './state.js';

export interface ModerationOptions {
  /** Open flags from different members that hold a post (default 3; whole numbers from 1). */
  flagsToHold?: number;
  /** The community's name, the title of a warned or suspended member's notification (the site). */
  community?: string;
}

type Fields = Record<string, string>;

const CONTENT: readonly TargetType[] = ['question', 'answer', 'idea', 'comment', 'review'];
const REASONS: readonly FlagReason[] = ['spam', 'offensive', 'off-topic', 'other'];
const ACTIONS: readonly ModerationAction[] = [
  'approve',
  'hide',
  'delete',
  'warn',
  'suspend',
  'unsuspend',
];
/** The actions on a member (`targetType: 'member'`); the others act on a post. */
const MEMBER_ACTIONS: readonly ModerationAction[] = ['warn', 'suspend', 'unsuspend'];
const QUEUE_REASONS: readonly QueueReason[] = ['flagged', 'held', 'guest'];
const MAX_NOTE = 500;
const MAX_REASON = 500;
const MAX_ACTIONS = 1000;
const MAX_NOTES = 5;
const MAX_SUSPENSION_HOURS = 8760;
const HOUR = 3_600_000;
/** A notification's excerpt, at most (as the server's). */
const MAX_NOTIFICATION_EXCERPT = 200;
const DEFAULT_FLAGS_TO_HOLD = 3;
/** The trust level from which a member's flag holds the post at once (as the server's). */
const HOLDING_TRUST_LEVEL = 3;

const oneOf = (list: readonly string[]) => `Use one of ${list.join(', ')}.`;

/** The target of a flag (`types`: posts) or an action (also `member`), as the server checks it. */
function targetIn(input: unknown, fields: Fields, types: readonly string[]): [TargetType, string] {
  const { targetType, targetId } = (input ?? {}) as { targetType?: unknown; targetId?: unknown };
  if (!types.includes(targetType as string)) fields.targetType = oneOf(types);
  if (typeof targetId !== 'string' || !targetId) fields.targetId = 'Which post?';
  return [targetType as TargetType, targetId as string];
}

/** The hash that opens a post on its page, in the element that shows it. */
/* @__NO_SIDE_EFFECTS__ */
function linkTo(pageUrl: string | undefined, hash: string): string | undefined {
  return pageUrl ? `${pageUrl.replace(/#.*$/, '')}#${hash}` : undefined;
}

/** One line, at most {@link MAX_NOTIFICATION_EXCERPT} characters. */
/* @__NO_SIDE_EFFECTS__ */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_NOTIFICATION_EXCERPT
    ? `${line.slice(0, MAX_NOTIFICATION_EXCERPT - 1).trimEnd()}…`
    : line;
}

/* @__NO_SIDE_EFFECTS__ */
function staffOnly(claims: MemberClaims): void {
  if (!isStaff(claims)) throw new ForbiddenError('Only staff can moderate.');
}

/** The moderation part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createModerationBackend(
  host: MemoryHost,
  options: ModerationOptions = {},
): ModerationBackend {
  const { flagsToHold: wanted } = options;
  const community = options.community || 'Community';
  const flagsToHold =
    typeof wanted === 'number' && Number.isInteger(wanted) && wanted >= 1
      ? wanted
      : DEFAULT_FLAGS_TO_HOLD;

  function postsOf(targetType: TargetType): Map<string, StoredPost> {
    const { questions, answers, ideas, ideaComments, reviews } = host.state;
    const posts = {
      question: questions,
      answer: answers,
      idea: ideas,
      comment: ideaComments,
      review: reviews,
    };
    return posts[targetType] as Map<string, StoredPost>;
  }

  /** The post staff or members act on; a deleted one cannot be changed any more (staff: 409). */
  function find(targetType: TargetType, targetId: string, staff = false): StoredPost {
    const post = postsOf(targetType).get(targetId);
    if (post?.visibility === 'deleted' && staff)
      throw new ConflictError(
        `This ${targetType} was deleted: it cannot be shown or changed any more.`,
      );
    if (!post || post.visibility === 'deleted')
      throw new NotFoundError(`This ${targetType} does not exist.`);
    return post;
  }

  /** Sets the post's visibility, and its question's `answerCount` for an answer. */
  function setVisibility(targetType: TargetType, post: StoredPost, visibility: Visibility): void {
    post.visibility = visibility;
    if (targetType !== 'answer') return;
    const { questionId } = post as StoredAnswer;
    const question = host.state.questions.get(questionId);
    if (!question) return;
    question.answerCount = 0;
    for (const answer of host.state.answers.values())
      if (answer.questionId === questionId && isVisibleTo(answer, null)) question.answerCount++;
  }

  /** Gone for good: the text goes; a review leaves the state with its votes. */
  function deletePost(targetType: TargetType, post: StoredPost): void {
    if (targetType === 'review') {
      host.state.reviews.delete(post.id);
      for (const [key, vote] of host.state.votes)
        if (vote.targetType === 'review' && vote.targetId === post.id) host.state.votes.delete(key);
      post.visibility = 'deleted';
      return;
    }
    delete post.bodySource;
    post.bodyHtml = '';
    setVisibility(targetType, post, 'deleted');
  }

  const result = (targetType: TargetType, post: StoredPost): ModerationResult => ({
    targetType,
    targetId: post.id,
    visibility: post.visibility ?? 'visible',
  });

  // -- flags

  const targetKey = (targetType: TargetType, targetId: string) => `${targetType}\u0000${targetId}`;

  /** Open flags by {@link targetKey}. */
  function openFlags(): Map<string, StoredFlag[]> {
    const open = new Map<string, StoredFlag[]>();
    for (const flag of host.state.flags.values()) {
      if (flag.settledAt) continue;
      const key = targetKey(flag.targetType, flag.targetId);
      const list = open.get(key);
      if (list) list.push(flag);
      else open.set(key, [flag]);
    }
    return open;
  }

  function openFlagsOn(targetType: TargetType, targetId: string): StoredFlag[] {
    return [...host.state.flags.values()].filter(
      (f) => !f.settledAt && f.targetType === targetType && f.targetId === targetId,
    );
  }

  function settleFlags(targetType: TargetType, targetId: string, at: string): void {
    for (const flag of openFlagsOn(targetType, targetId)) flag.settledAt = at;
  }

  // -- the audit log

  function record(entry: Omit<StoredModerationAction, 'id'>): void {
    const log = host.state.moderation;
    log.push({ id: newId('mod_'), ...entry });
    log.splice(0, Math.max(0, log.length - MAX_ACTIONS));
  }

  function toEntry(stored: StoredModerationAction): AuditEntry {
    const { id, action, actorId, targetType, targetId, subjectId, reason, until, excerpt, at } =
      stored;
    return {
      id: id ?? `${action}:${targetType}:${targetId}:${at}`,
      action,
      actor: actorId ? host.authorOf(actorId) : null,
      targetType,
      targetId,
      subject: subjectId ? host.authorOf(subjectId) : null,
      reason,
      ...(until && { until }),
      ...(excerpt && { excerpt }),
      at,
    };
  }

  // -- the queue

  function titleOf(targetType: TargetType, post: StoredPost): string {
    const { questions, ideas } = host.state;
    switch (targetType) {
      case 'question':
      case 'idea':
        return (post as StoredQuestion | StoredIdea).title;
      case 'answer':
        return questions.get((post as StoredAnswer).questionId)?.title ?? '';
      case 'comment':
        return ideas.get((post as StoredIdeaComment).ideaId)?.title ?? '';
      case 'review': {
        const review = post as StoredReview;
        return review.title || review.product;
      }
    }
  }

  function pageUrlOf(targetType: TargetType, post: StoredPost): string | undefined {
    const { questions, ideas } = host.state;
    const id = encodeURIComponent;
    switch (targetType) {
      case 'question':
        return linkTo(post.pageUrl, `kith-question-${id(post.id)}`);
      case 'answer': {
        const question = questions.get((post as StoredAnswer).questionId);
        return (
          question && linkTo(question.pageUrl ?? post.pageUrl, `kith-question-${id(question.id)}`)
        );
      }
      case 'idea':
        return linkTo(post.pageUrl, `kith-idea-${id(post.id)}`);
      case 'comment': {
        const idea = ideas.get((post as StoredIdeaComment).ideaId);
        return idea && linkTo(idea.pageUrl ?? post.pageUrl, `kith-idea-${id(idea.id)}`);
      }
      case 'review':
        return linkTo(post.pageUrl, `kith-review-${id(post.id)}`);
    }
  }

  /** Until when the member is suspended, when they are now. */
  function suspendedUntil(memberId: string): string | null {
    const until = host.state.members.get(memberId)?.suspendedUntil;
    return until && time(until) > host.now().getTime() ? until : null;
  }

  interface Waiting {
    targetType: TargetType;
    post: StoredPost;
    flags: StoredFlag[];
    reason: QueueReason;
    since: number;
  }

  function toItem({ targetType, post, flags, reason }: Waiting): ModerationItem {
    const counts = new Map<FlagReason, number>();
    for (const flag of flags) counts.set(flag.reason, (counts.get(flag.reason) ?? 0) + 1);
    const newestFirst = [...flags].sort((a, b) => time(b.createdAt) - time(a.createdAt));
    const pageUrl = pageUrlOf(targetType, post);
    return {
      targetType,
      targetId: post.id,
      title: titleOf(targetType, post),
      excerpt: excerptOf(post.bodyHtml),
      author: host.authorOf(post.authorId),
      ...(host.state.members.get(post.authorId)?.guest && { guest: true }),
      authorSuspendedUntil: suspendedUntil(post.authorId),
      flags: [...counts]
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
        .map(([flagReason, count]) => ({ reason: flagReason, count })),
      notes: newestFirst.flatMap((f) => (f.note ? [f.note] : [])).slice(0, MAX_NOTES),
      reason,
      visibility: post.visibility ?? 'visible',
      createdAt: post.createdAt,
      flaggedAt: newestFirst[0]?.createdAt ?? null,
      ...(pageUrl && { pageUrl }),
    };
  }

  /** The posts waiting for a decision, oldest first (since the first open flag, or since posted). */
  function waiting(only: QueueReason | null): Waiting[] {
    const open = openFlags();
    const found: Waiting[] = [];
    for (const targetType of CONTENT) {
      for (const post of postsOf(targetType).values()) {
        const visibility = post.visibility ?? 'visible';
        const flags = open.get(targetKey(targetType, post.id)) ?? [];
        const reason: QueueReason | null =
          visibility === 'held'
            ? host.state.members.get(post.authorId)?.guest
              ? 'guest'
              : 'held'
            : visibility === 'visible' && flags.length
              ? 'flagged'
              : null;
        if (!reason || (only && reason !== only)) continue;
        const since = flags.length
          ? Math.min(...flags.map((f) => time(f.createdAt)))
          : time(post.createdAt);
        found.push({ targetType, post, flags, reason, since });
      }
    }
    return found.sort((a, b) => a.since - b.since || a.post.seq - b.post.seq);
  }

  // -- staff actions

  function actOnPost(
    claims: MemberClaims,
    action: ModerationAction,
    targetType: TargetType,
    targetId: string,
    reason: string,
  ): ModerationResult {
    const post = find(targetType, targetId, true);
    const at = host.now().toISOString();
    const excerpt = excerptOf(post.bodyHtml) || titleOf(targetType, post);
    settleFlags(targetType, targetId, at);
    if (action === 'delete') deletePost(targetType, post);
    else setVisibility(targetType, post, action === 'hide' ? 'hidden' : 'visible');
    record({
      action,
      actorId: claims.sub,
      targetType,
      targetId,
      subjectId: post.authorId,
      reason,
      ...(excerpt && { excerpt }),
      at,
    });
    return result(targetType, post);
  }

  function actOnMember(
    claims: MemberClaims,
    action: ModerationAction,
    memberId: string,
    reason: string,
    duration: number,
  ): ModerationResult {
    const member = host.state.members.get(memberId);
    if (!member || member.summary.erased) throw new NotFoundError('This member does not exist.');
    if (
      action === 'suspend' &&
      member.summary.roles.some((r) => r === 'staff' || r === 'moderator')
    )
      throw new ConflictError('Staff and moderators cannot be suspended.');
    if (action === 'unsuspend' && !member.suspendedUntil)
      throw new ConflictError('This member is not suspended.');
    const now = host.now();
    const at = now.toISOString();
    let until = member.suspendedUntil ?? null;
    if (action === 'suspend') {
      until = new Date(now.getTime() + duration * HOUR).toISOString();
      member.suspendedUntil = until;
    } else if (action === 'unsuspend') {
      member.suspendedUntil = until = null;
    }
    if (action !== 'unsuspend') {
      // As the server tells them: from the moderators, titled with the community's name.
      notify(host.state, [memberId], null, {
        kind: action === 'warn' ? 'member.warned' : 'member.suspended',
        title: community,
        targetType: 'member',
        targetId: memberId,
        actor: null,
        excerpt: oneLine(reason),
        createdAt: at,
      });
    }
    record({
      action,
      actorId: claims.sub,
      targetType: 'member',
      targetId: memberId,
      subjectId: memberId,
      reason,
      ...(action === 'suspend' && { until }),
      at,
    });
    return {
      targetType: 'member',
      targetId: memberId,
      visibility: 'visible',
      suspendedUntil: until,
    };
  }

  return {
    writes: {
      async flag(input, claims) {
        const fields: Fields = {};
        const [targetType, targetId] = targetIn(input, fields, CONTENT);
        const reason = input?.reason;
        if (!REASONS.includes(reason)) fields.reason = oneOf(REASONS);
        const note = textIn(input?.note, 'note', fields, MAX_NOTE).trim();
        throwIfInvalid(fields);
        return () => {
          const post = find(targetType, targetId);
          if (!isThreadVisibleTo(host.state, post, claims.sub))
            throw new NotFoundError(`This ${targetType} does not exist.`);
          if (post.authorId === claims.sub)
            throw new ForbiddenError('You cannot flag your own post.');
          const key = flagKey(claims.sub, targetType, targetId);
          const previous = host.state.flags.get(key);
          const at = host.now().toISOString();
          host.state.flags.set(key, {
            memberId: claims.sub,
            targetType,
            targetId,
            reason,
            ...(note && { note }),
            // A flag raised again after a decision is a new one.
            createdAt: previous && !previous.settledAt ? previous.createdAt : at,
          });
          const open = openFlagsOn(targetType, targetId);
          const trusted = !isStaff(claims) && host.trustLevelOf(claims.sub) >= HOLDING_TRUST_LEVEL;
          if (
            (post.visibility ?? 'visible') === 'visible' &&
            (trusted || open.length >= flagsToHold)
          ) {
            setVisibility(targetType, post, 'held');
            // As the server logs it: the flag's reason; the flagger when their trust level held it.
            record({
              action: 'hold',
              actorId: trusted ? claims.sub : null,
              targetType,
              targetId,
              subjectId: post.authorId,
              reason,
              ...(excerptOf(post.bodyHtml) && { excerpt: excerptOf(post.bodyHtml) }),
              at,
            });
          }
          return result(targetType, post);
        };
      },

      async act(input, claims) {
        const fields: Fields = {};
        const action = input?.action;
        if (!ACTIONS.includes(action)) fields.action = oneOf(ACTIONS);
        const [targetType, targetId] = targetIn(input, fields, [...CONTENT, 'member']);
        const reason = textIn(input?.reason, 'reason', fields, MAX_REASON, 'Give a reason.').trim();
        const duration = input?.duration;
        if (
          action === 'suspend' &&
          !(
            typeof duration === 'number' &&
            Number.isInteger(duration) &&
            duration >= 1 &&
            duration <= MAX_SUSPENSION_HOURS
          )
        )
          fields.duration = `A suspension lasts 1 to ${MAX_SUSPENSION_HOURS} hours (a whole number).`;
        throwIfInvalid(fields);
        staffOnly(claims);
        const onMember = MEMBER_ACTIONS.includes(action);
        if (onMember !== ((targetType as string) === 'member')) {
          const message = onMember
            ? `"${action}" acts on a member: use targetType "member" and the member's id.`
            : 'Only posts can be approved, hidden or deleted.';
          throw new ValidationError(message, { targetType: message });
        }
        return () =>
          onMember
            ? actOnMember(claims, action, targetId, reason, duration ?? 0)
            : actOnPost(claims, action, targetType, targetId, reason);
      },
    },

    queue(input, claims) {
      staffOnly(claims);
      const limit = parseLimit(input?.limit, 'limit');
      const offset = parseCursor(input?.cursor, 'cursor');
      const only = input?.reason ?? null;
      if (only !== null && !QUEUE_REASONS.includes(only))
        throwIfInvalid({ reason: oneOf(QUEUE_REASONS) });
      return paginate(waiting(only), offset, limit, toItem);
    },

    audit(input, claims) {
      staffOnly(claims);
      const limit = parseLimit(input?.limit, 'limit');
      const offset = parseCursor(input?.cursor, 'cursor');
      return paginate([...host.state.moderation].reverse(), offset, limit, toEntry);
    },
  };
}

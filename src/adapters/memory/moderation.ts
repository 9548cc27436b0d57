/**
 * The memory adapter's flags and moderation, generic over questions, answers, ideas, comments and
 * reviews (docs/api.md, "Flags and moderation"): members flag what they can see (not their own, once
 * per post: again replaces the reason); staff hide or approve with a reason. A flag from a member at
 * trust level 3 or more (not staff: they hide) holds a visible post at once: `held`, seen only by its
 * author, until staff approve or hide it. Hidden and held posts leave every list and count: the
 * readers of the other parts skip them, and this part recounts the one stored count, a question's
 * `answerCount`. `../memory.ts` loads it on the first flag or action.
 */
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isStaff } from '../../core/token.js';
import type { FlagReason, ModerationAction, TargetType, Visibility } from '../../core/types.js';
import {
  flagKey,
  isThreadVisibleTo,
  isVisibleTo,
  textIn,
  throwIfInvalid,
  type MemoryHost,
  type ModerationBackend,
  type StoredAnswer,
  type StoredPost,
} from './state.js';

type Fields = Record<string, string>;

const CONTENT: readonly TargetType[] = ['question', 'answer', 'idea', 'comment', 'review'];
const REASONS: readonly FlagReason[] = ['spam', 'offensive', 'off-topic', 'other'];
/** All are valid input; only hide and approve are available (the others come with the queue). */
const ACTIONS: readonly ModerationAction[] = ['approve', 'hide', 'delete', 'warn', 'suspend'];
const MAX_NOTE = 500;
const MAX_REASON = 500;
const MAX_ACTIONS = 1000;
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

/** The moderation part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createModerationBackend(host: MemoryHost): ModerationBackend {
  function find(targetType: TargetType, targetId: string): StoredPost {
    const { questions, answers, ideas, ideaComments, reviews } = host.state;
    const posts = {
      question: questions,
      answer: answers,
      idea: ideas,
      comment: ideaComments,
      review: reviews,
    };
    const post = (posts[targetType] as Map<string, StoredPost>).get(targetId);
    if (!post) throw new NotFoundError(`This ${targetType} does not exist.`);
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

  const result = (targetType: TargetType, post: StoredPost) => ({
    targetType,
    targetId: post.id,
    visibility: post.visibility ?? 'visible',
  });

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
          host.state.flags.set(key, {
            memberId: claims.sub,
            targetType,
            targetId,
            reason,
            ...(note && { note }),
            createdAt: host.state.flags.get(key)?.createdAt ?? host.now().toISOString(),
          });
          if (
            (post.visibility ?? 'visible') === 'visible' &&
            !isStaff(claims) &&
            host.trustLevelOf(claims.sub) >= HOLDING_TRUST_LEVEL
          )
            setVisibility(targetType, post, 'held');
          return result(targetType, post);
        };
      },

      async act(input, claims) {
        const fields: Fields = {};
        const action = input?.action;
        if (!ACTIONS.includes(action)) fields.action = oneOf(ACTIONS);
        const [targetType, targetId] = targetIn(input, fields, [...CONTENT, 'member']);
        const reason = textIn(input?.reason, 'reason', fields, MAX_REASON, 'Give a reason.').trim();
        throwIfInvalid(fields);
        if (!isStaff(claims)) throw new ForbiddenError('Only staff can moderate.');
        // As the server: 400 with the server's words (its code is `unsupported`).
        if (action !== 'hide' && action !== 'approve') {
          const message = `The "${action}" action is not available yet; use "hide" or "approve".`;
          throw new ValidationError(message, { action: message });
        }
        if ((targetType as string) === 'member') {
          const message = 'Only posts can be hidden or approved.';
          throw new ValidationError(message, { targetType: message });
        }
        return () => {
          const post = find(targetType, targetId);
          setVisibility(targetType, post, action === 'hide' ? 'hidden' : 'visible');
          const log = host.state.moderation;
          log.push({
            action: action as 'hide' | 'approve',
            actorId: claims.sub,
            targetType,
            targetId,
            reason,
            at: host.now().toISOString(),
          });
          log.splice(0, Math.max(0, log.length - MAX_ACTIONS));
          return result(targetType, post);
        };
      },
    },
  };
}

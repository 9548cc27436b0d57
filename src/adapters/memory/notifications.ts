/**
 * The memory adapter's notifications: the inbox read, marking read, following questions, and the
 * notifications each write leaves — as the reference server writes them in the write's transaction:
 * - `answer.posted`: the question's followers but the answerer;
 * - `answer.accepted`: the answer's author, unless they accepted it themselves;
 * - `question.escalated`: the asker, unless they escalated it themselves;
 * - `idea.status-changed` (written by `./ideas.ts` with {@link notify}), `idea.commented`: the idea's
 *   followers but the actor;
 * - `review.replied`: the review's author; `badge.awarded`: the member.
 *
 * `../memory.ts` loads this part with the first write (or the first inbox read). Each write touches
 * only the followers it notifies and the bounded list (the latest {@link MAX_NOTIFICATIONS} of the
 * site), never the whole state.
 */
import { NotFoundError } from '../../core/errors.js';
import type { Notification, NotificationsPage } from '../../core/types.js';
import {
  followKey,
  followQuestion,
  isVisibleTo,
  newId,
  paginate,
  parseCursor,
  parseLimit,
  throwIfInvalid,
  type MemoryHost,
  type MemoryState,
  type NotificationsBackend,
  type StoredNotification,
  type StoredPost,
  type StoredQuestion,
} from './state.js';

/** Notifications kept, for every member together (oldest go first). */
export const MAX_NOTIFICATIONS = 1000;
const MAX_EXCERPT = 140;
const MAX_IDS = 100;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
  nbsp: ' ',
};

/** Plain text of rendered HTML, on one line, at most {@link MAX_EXCERPT} characters. */
/* @__NO_SIDE_EFFECTS__ */
export function excerptOf(html: string | undefined): string {
  const text = (html ?? '')
    .replace(/<\/?(?:p|br|li|h[1-6]|blockquote|pre|tr|td|th)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT - 1).trimEnd()}…` : text;
}

/** The stored page URL with the hash that opens the post there (`#kith-question-q_1`). */
/* @__NO_SIDE_EFFECTS__ */
export function pageUrlOf(
  pageUrl: string | undefined,
  kind: 'question' | 'idea',
  id: string,
): string | undefined {
  return pageUrl
    ? `${pageUrl.replace(/#.*$/, '')}#kith-${kind}-${encodeURIComponent(id)}`
    : undefined;
}

/** Adds a notification for each of `memberIds` but `exceptId` (each once), keeping the latest. */
export function notify(
  state: MemoryState,
  memberIds: Iterable<string>,
  exceptId: string | null,
  fields: Omit<StoredNotification, 'id' | 'memberId' | 'read'>,
): void {
  const { notifications } = state;
  for (const memberId of new Set(memberIds)) {
    if (memberId === exceptId) continue;
    notifications.push({
      id: newId('n_'),
      memberId,
      ...fields,
      ...(fields.actor && { actor: { ...fields.actor, roles: [...fields.actor.roles] } }),
      read: false,
    });
  }
  if (notifications.length > MAX_NOTIFICATIONS)
    notifications.splice(0, notifications.length - MAX_NOTIFICATIONS);
}

/* @__NO_SIDE_EFFECTS__ */
function toNotification(stored: StoredNotification): Notification {
  const n: Partial<StoredNotification> = structuredClone(stored);
  delete n.memberId;
  return n as Notification;
}

/** The notifications part of the memory adapter `host`. */
/* @__NO_SIDE_EFFECTS__ */
export function createNotificationsBackend(host: MemoryHost): NotificationsBackend {
  const nowIso = (): string => host.now().toISOString();
  const actor = (memberId: string) => host.authorOf(memberId);

  function unreadOf(memberId: string): number {
    let unread = 0;
    for (const n of host.state.notifications) if (n.memberId === memberId && !n.read) unread++;
    return unread;
  }

  function questionFields(question: StoredQuestion, post: StoredPost = question) {
    return {
      title: question.title,
      targetType: 'question' as const,
      targetId: question.id,
      ...optionalPageUrl(pageUrlOf(question.pageUrl ?? post.pageUrl, 'question', question.id)),
    };
  }

  return {
    read(request, viewerId): NotificationsPage {
      const limit = parseLimit(request.limit, 'limit');
      const offset = parseCursor(request.cursor, 'cursor');
      if (viewerId === null) return { items: [], nextCursor: null, total: 0, unread: 0 };
      const mine = host.state.notifications.filter((n) => n.memberId === viewerId).reverse();
      return {
        ...paginate(mine, offset, limit, toNotification),
        unread: mine.filter((n) => !n.read).length,
      };
    },

    writes: {
      async markRead(input, claims) {
        const ids = input?.ids;
        const fields: Record<string, string> = {};
        if (
          ids !== 'all' &&
          !(
            Array.isArray(ids) &&
            ids.length <= MAX_IDS &&
            ids.every((id) => typeof id === 'string' && id)
          )
        ) {
          fields.ids = `Name up to ${MAX_IDS} notifications, or "all".`;
        }
        throwIfInvalid(fields);
        return () => {
          const wanted = ids === 'all' ? null : new Set(ids);
          for (const n of host.state.notifications) {
            if (n.memberId === claims.sub && (wanted === null || wanted.has(n.id))) n.read = true;
          }
          return { unread: unreadOf(claims.sub) };
        };
      },

      async followQuestion(input, claims) {
        const fields: Record<string, string> = {};
        if (typeof input?.questionId !== 'string' || !input.questionId)
          fields.targetId = 'Which question?';
        if (typeof input?.following !== 'boolean') fields.following = 'Follow: true or false.';
        throwIfInvalid(fields);
        return () => {
          const question = host.state.questions.get(input.questionId);
          if (!question || !isVisibleTo(question, claims.sub))
            throw new NotFoundError('This question does not exist.');
          followQuestion(host.state, question.id, claims.sub, input.following);
          return { following: input.following };
        };
      },
    },

    answerPosted(question, answer) {
      const followers = host.state.questionFollowers.get(question.id) ?? [];
      notify(host.state, followers, answer.authorId, {
        kind: 'answer.posted',
        ...questionFields(question, answer),
        actor: actor(answer.authorId),
        excerpt: excerptOf(answer.bodyHtml),
        createdAt: answer.createdAt,
      });
    },

    answerAccepted(question, answerId, actorId) {
      const answer = host.state.answers.get(answerId);
      if (!answer) return;
      notify(host.state, [answer.authorId], actorId, {
        kind: 'answer.accepted',
        ...questionFields(question, answer),
        actor: actor(actorId),
        excerpt: excerptOf(answer.bodyHtml),
        createdAt: nowIso(),
      });
    },

    questionEscalated(question, actorId) {
      notify(host.state, [question.authorId], actorId, {
        kind: 'question.escalated',
        ...questionFields(question),
        actor: actorId === null ? null : actor(actorId),
        excerpt: '',
        createdAt: question.escalatedAt ?? nowIso(),
      });
    },

    ideaCommented({ id, ideaId }) {
      const comment = host.state.ideaComments.get(id);
      const idea = host.state.ideas.get(ideaId);
      if (!comment || !idea) return;
      const prefix = followKey(idea.id, '');
      const followers: string[] = [];
      for (const key of host.state.followers)
        if (key.startsWith(prefix)) followers.push(key.slice(prefix.length));
      notify(host.state, followers, comment.authorId, {
        kind: 'idea.commented',
        title: idea.title,
        targetType: 'idea',
        targetId: idea.id,
        ...optionalPageUrl(pageUrlOf(idea.pageUrl ?? comment.pageUrl, 'idea', idea.id)),
        actor: actor(comment.authorId),
        excerpt: excerptOf(comment.bodyHtml),
        createdAt: comment.createdAt,
      });
    },

    reviewReplied({ id }) {
      const review = host.state.reviews.get(id);
      const reply = review?.reply;
      if (!review || !reply) return;
      notify(host.state, [review.authorId], reply.authorId, {
        kind: 'review.replied',
        title: review.title || review.product,
        targetType: 'review',
        targetId: review.id,
        ...optionalPageUrl(review.pageUrl),
        actor: actor(reply.authorId),
        excerpt: excerptOf(reply.bodyHtml),
        createdAt: reply.updatedAt ?? reply.createdAt,
      });
    },

    badgesAwarded(awards) {
      for (const award of awards) {
        notify(host.state, [award.memberId], null, {
          kind: 'badge.awarded',
          title: award.badge.name,
          targetType: 'member',
          targetId: award.memberId,
          actor: null,
          excerpt: award.badge.description,
          createdAt: award.awardedAt,
        });
      }
    },
  };
}

/* @__NO_SIDE_EFFECTS__ */
function optionalPageUrl(pageUrl: string | undefined): { pageUrl?: string } {
  return pageUrl === undefined ? {} : { pageUrl };
}

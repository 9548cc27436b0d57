/**
 * Every `kith-*` event, declared once. All bubble and are composed (they cross shadow roots), so a host
 * can listen on `document`. Vote events fire after the backend acknowledged the vote.
 */
import type { KithErrorCode } from './errors.js';
import type {
  Answer,
  Badge,
  FlagReason,
  Idea,
  IdeaStatusSlug,
  ModerationAction,
  Notification,
  Question,
  Review,
  TargetType,
  VoteValue,
} from './types.js';

export interface KithEventDetails {
  'kith-question-asked': { question: Question };
  'kith-answer-posted': { answer: Answer };
  'kith-answer-accepted': { questionId: string; answerId: string | null };
  'kith-vote': { targetType: TargetType; targetId: string; value: VoteValue };
  /** A failure the element showed to the user; `action` names what failed (`load`, `ask`, `vote`…). */
  'kith-error': { code: KithErrorCode; message: string; action: string };
  /** The member token expired: call `Kith.identify(newToken)`; the element keeps the draft and retries. */
  'kith-auth-expired': { action: string };
  /** A signed-out member asked to do something that needs an account. */
  'kith-sign-in-requested': { signInUrl: string | null; action: string };
  'kith-idea-submitted': { idea: Idea };
  'kith-idea-status-changed': { ideaId: string; from: IdeaStatusSlug | null; to: IdeaStatusSlug };
  'kith-review-submitted': { review: Review };
  /** A member reported content; the backend acknowledged it. */
  'kith-flag': { targetType: TargetType; targetId: string; reason: FlagReason };
  /**
   * A member was awarded badges; every `<kith-badge>` showing that member fires it (dedupe by
   * `memberId` when several chips of one member are on the page).
   */
  'kith-badge-awarded': { memberId: string; badges: Badge[] };
  /** The element became visible for the first time. */
  'kith-impression': { element: string };
  /** The asker handed their question to support ("I still need help"). */
  'kith-question-escalated': { question: Question };
  /** The member followed or unfollowed a question or an idea. */
  'kith-follow-changed': { targetType: 'question' | 'idea'; targetId: string; following: boolean };
  /** `<kith-inbox>`: a notification was opened (its link followed); cancel to navigate yourself. */
  'kith-notification-open': { notification: Notification };
  /** `<kith-moderation>`: a staff action was stored. */
  'kith-moderation-action': {
    action: ModerationAction;
    targetType: TargetType | 'member';
    targetId: string;
  };
}

export type KithEventName = keyof KithEventDetails;
export type KithEvent<K extends KithEventName> = CustomEvent<KithEventDetails[K]>;

/** Dispatches a typed `kith-*` event from `target`; returns false when a listener cancelled it. */
export function emit<K extends KithEventName>(
  target: EventTarget,
  name: K,
  detail: KithEventDetails[K],
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }),
  );
}

declare global {
  interface HTMLElementEventMap {
    'kith-question-asked': KithEvent<'kith-question-asked'>;
    'kith-answer-posted': KithEvent<'kith-answer-posted'>;
    'kith-answer-accepted': KithEvent<'kith-answer-accepted'>;
    'kith-vote': KithEvent<'kith-vote'>;
    'kith-error': KithEvent<'kith-error'>;
    'kith-auth-expired': KithEvent<'kith-auth-expired'>;
    'kith-sign-in-requested': KithEvent<'kith-sign-in-requested'>;
    'kith-idea-submitted': KithEvent<'kith-idea-submitted'>;
    'kith-idea-status-changed': KithEvent<'kith-idea-status-changed'>;
    'kith-review-submitted': KithEvent<'kith-review-submitted'>;
    'kith-flag': KithEvent<'kith-flag'>;
    'kith-badge-awarded': KithEvent<'kith-badge-awarded'>;
    'kith-impression': KithEvent<'kith-impression'>;
    'kith-question-escalated': KithEvent<'kith-question-escalated'>;
    'kith-follow-changed': KithEvent<'kith-follow-changed'>;
    'kith-notification-open': KithEvent<'kith-notification-open'>;
    'kith-moderation-action': KithEvent<'kith-moderation-action'>;
  }
  interface DocumentEventMap {
    'kith-auth-expired': KithEvent<'kith-auth-expired'>;
    'kith-vote': KithEvent<'kith-vote'>;
    'kith-error': KithEvent<'kith-error'>;
  }
}

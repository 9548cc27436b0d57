/**
 * The opened question: its body, answers, votes, acceptance, the follow toggle, and the asker's
 * "I still need help" (escalation to support). A separate chunk, loaded when a reader
 * first opens (or points at) a question, because only here does user HTML — and so DOMPurify — enter
 * the page: readers who only skim titles never download the sanitiser.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { userHtml } from '../../core/sanitize.js';
import {
  formatRelativeTime,
  registerMessages,
  type MessageKey,
  type Messages,
  type SupportedLocale,
} from '../../core/i18n.js';
import type { Answer, MemberSummary, Question, VoteValue } from '../../core/types.js';
import messages from '../../locales/qa-thread/en.js';
import type { ThreadState } from '../../stores/qa.js';
import { voteButtons } from '../common/vote-buttons.js';
import { showMoreButton } from '../common/show-more.js';

// The opened question's texts (and those of what it lets a member do) come with it.
registerMessages(messages, { de: () => import('../../locales/qa-thread/de.js') });

/** The thread's styles (the element adopts them when this chunk arrives). */
export const threadStyles = css`
  .post,
  .answer {
    display: flex;
    gap: 1rem;
  }
  .answer {
    padding: 0.9rem 0;
    border-top: 1px solid var(--_border);
  }
  .answer.is-accepted {
    padding: 0.9rem;
    border: 2px solid var(--_success);
    border-radius: 6px;
  }
  h3#thread-heading {
    margin: 0 0 0.5rem;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  .answers-heading {
    margin: 0.5rem 0 0;
    font-size: 1.05em;
  }
  .accepted-mark {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin: 0 0 0.4rem;
    color: var(--_success);
    font-weight: 700;
  }
  .accepted-mark svg {
    width: 1em;
    height: 1em;
    fill: currentColor;
  }
  .accept {
    margin-top: 0.5rem;
  }
  .accept[aria-pressed='true'] {
    border-color: var(--_success);
    color: var(--_success);
  }
  .answer-form {
    display: grid;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .escalation,
  .escalate {
    margin: 0.5rem 0 0;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_accent);
    background: var(--_surface);
  }
  .escalation .resolved {
    color: var(--_success);
  }
  .escalate p {
    margin: 0.3rem 0 0;
  }
  .follow[aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
`;

export interface ThreadView {
  state: ThreadState & { question: Question };
  mayAccept: boolean;
  /** The signed-in member asked the question. */
  asker: boolean;
  /** The follow toggle's state; `null` hides it (signed out, or a backend without notifications). */
  following: boolean | null;
  /** "I still need help" was pressed and the backend has not answered yet. */
  escalating: boolean;
  locale: SupportedLocale;
  /** Renders the element again (when the asker may escalate). */
  refresh(): void;
  /** The id of the member's post just written whose links and images became text. */
  linksAsText: string | null;
  /**
   * The messages of the element's language (a new object when more arrive): part of the key under
   * which an unchanged answer is not rendered again.
   */
  messages: Messages | undefined;
  error: string | null;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  time(iso: string): TemplateResult;
  author(member: MemberSummary): TemplateResult;
  back: TemplateResult;
  answerForm: TemplateResult;
  onVote(targetType: 'question' | 'answer', id: string, value: VoteValue): void;
  onAccept(answer: Answer): void;
  onEscalate(): void;
  onFollow(): void;
  onMoreAnswers(): void;
  /** A post's Report / Hide buttons and open form; `moderationVersion` changes with their state. */
  moderation(targetType: 'question' | 'answer', post: Question | Answer): TemplateResult;
  moderationVersion: number;
}

function votes(v: ThreadView, type: 'question' | 'answer', post: Question | Answer) {
  return voteButtons({
    score: post.score,
    myVote: post.myVote,
    upLabel: v.t('vote.upName', { score: post.score }),
    downLabel: v.t('vote.downName', { score: post.score }),
    onVote: (value) => v.onVote(type, post.id, value),
  });
}

/** Under the member's post just written: its links and images became text. */
const linksNotice = (v: ThreadView, id: string) =>
  v.linksAsText === id
    ? html`<p class="muted" part="notice">${v.t('post.linksAsText')}</p>`
    : nothing;

function renderAnswer(v: ThreadView, a: Answer): TemplateResult {
  return html`<li
    class="answer ${a.accepted ? 'is-accepted' : ''}"
    part=${a.accepted ? 'answer accepted' : 'answer'}
    data-answer-id=${a.id}
    data-moderation="answer:${a.id}"
    tabindex="-1"
  >
    ${votes(v, 'answer', a)}
    <div class="post-main">
      ${
        a.accepted
          ? html`<p class="accepted-mark">
              <svg viewBox="0 0 16 16" aria-hidden="true">
                <path d="M6.2 11.3 2.9 8l-1 1 4.3 4.3 8-8-1-1z" />
              </svg>
              ${v.t('qa.accepted')}
            </p>`
          : nothing
      }
      <div class="post-body">${userHtml(a.bodyHtml)}</div>
      ${linksNotice(v, a.id)}
      <div class="meta muted">
        ${v.author(a.author)} · ${v.t('qa.answeredAt')} ${v.time(a.createdAt)}
      </div>
      ${
        v.mayAccept
          ? html`<button
              type="button"
              class="btn accept"
              aria-pressed=${a.accepted ? 'true' : 'false'}
              @click=${() => v.onAccept(a)}
            >
              ${a.accepted ? v.t('qa.unaccept') : v.t('qa.accept')}
            </button>`
          : nothing
      }
      ${v.moderation('answer', a)}
    </div>
  </li>`;
}

/** "Escalated to support" and why, or the asker's "I still need help" (or from when they may). */
function renderEscalation(v: ThreadView, q: Question): TemplateResult | typeof nothing {
  const { t } = v;
  if (q.escalatedAt) {
    const resolved = !!q.escalationResolvedAt;
    return html`<p id="escalation" class="escalation" part="escalation" tabindex="-1">
      <strong class=${resolved ? 'resolved' : ''}
        >${t(resolved ? 'qa.escalated.resolved' : 'qa.escalated')}</strong
      >
      ${t(
        resolved
          ? 'qa.escalation.resolved'
          : q.escalatedBy === 'asker'
            ? v.asker
              ? 'qa.escalation.mine'
              : 'qa.escalation.asker'
            : q.escalatedBy === 'staff'
              ? 'qa.escalation.staff'
              : 'qa.escalation.schedule',
      )}
    </p>`;
  }
  // The asker may escalate from `escalatableAt` on, while nothing is accepted.
  const at = v.asker && !q.acceptedAnswerId && q.escalatableAt;
  const wait = at ? Date.parse(at) - Date.now() : NaN;
  if (wait > 0) {
    // Each render may add a timer: they all come due together, and Lit renders once for them.
    if (wait < 2 ** 31) setTimeout(v.refresh, wait + 50);
    return html`<p class="muted" part="escalate-hint">
      ${t('qa.escalate.later', { time: formatRelativeTime(v.locale, at as string) })}
    </p>`;
  }
  // aria-disabled rather than disabled while sending: the button keeps focus.
  return wait <= 0
    ? html`<div class="escalate">
        <button
          type="button"
          class="btn"
          part="escalate"
          aria-describedby="escalate-note"
          aria-disabled=${v.escalating ? 'true' : 'false'}
          @click=${() => v.onEscalate()}
        >
          ${t(v.escalating ? 'qa.escalate.sending' : 'qa.escalate')}
        </button>
        <p id="escalate-note" class="muted">${t('qa.escalate.note')}</p>
      </div>`
    : nothing;
}

export function renderThread(v: ThreadView): TemplateResult {
  const { state } = v;
  const q = state.question;
  return html`<article part="thread" class="thread" aria-labelledby="thread-heading">
    ${v.back}
    <div class="post" data-moderation="question:${q.id}">
      ${votes(v, 'question', q)}
      <div class="post-main">
        <h3 id="thread-heading" tabindex="-1">${q.title}</h3>
        <div class="post-body">${userHtml(q.bodyHtml)}</div>
        ${linksNotice(v, q.id)}
        <div class="meta muted">
          ${v.author(q.author)} · ${v.t('qa.asked')} ${v.time(q.createdAt)}
        </div>
        ${
          v.following == null
            ? nothing
            : html`<button
                type="button"
                class="btn follow"
                part="follow"
                aria-pressed=${v.following ? 'true' : 'false'}
                @click=${() => v.onFollow()}
              >
                ${v.t('qa.follow')}
              </button>`
        }
        ${renderEscalation(v, q)} ${v.moderation('question', q)}
      </div>
    </div>
    ${v.error ? html`<p class="error" part="error" role="alert">${v.error}</p>` : nothing}
    <h4 class="answers-heading">${v.t('qa.answer.heading', { count: state.total })}</h4>
    ${
      state.answers.length
        ? html`<ol class="answers">
            ${state.answers.map((a) =>
              // An unchanged answer is not rendered again ("Show more" on a long thread stays cheap).
              guard([a, v.mayAccept, v.messages, v.moderationVersion, v.linksAsText === a.id], () =>
                renderAnswer(v, a),
              ),
            )}
          </ol>`
        : html`<p class="empty">${v.t('qa.answers.none')}</p>`
    }
    ${showMoreButton({ state, label: v.t('qa.answers.more'), onMore: () => v.onMoreAnswers() })}
    ${v.answerForm}
  </article>`;
}

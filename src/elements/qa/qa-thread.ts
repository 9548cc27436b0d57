/**
 * The opened question: its body, answers, votes, acceptance. A separate chunk, loaded when a reader
 * first opens (or points at) a question, because only here does user HTML — and so DOMPurify — enter
 * the page: readers who only skim titles never download the sanitiser.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { userHtml } from '../../core/sanitize.js';
import type { MessageKey, Messages } from '../../core/i18n.js';
import type { Answer, MemberSummary, Question, VoteValue } from '../../core/types.js';
import type { ThreadState } from '../../stores/qa.js';
import { voteButtons } from '../common/vote-buttons.js';
import { showMoreButton } from '../common/show-more.js';

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
`;

export interface ThreadView {
  state: ThreadState & { question: Question };
  mayAccept: boolean;
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
          ${q.escalatedAt ? html`· <span class="escalated">${v.t('qa.escalated')}</span>` : nothing}
        </div>
        ${v.moderation('question', q)}
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

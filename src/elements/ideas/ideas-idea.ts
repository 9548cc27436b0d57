/**
 * The opened idea: its body, official response, status history, comments and follow toggle. A separate
 * chunk, loaded when a reader first opens (or points at) an idea, because only here does user HTML —
 * and so DOMPurify — enter the page (as with the opened question of `<kith-qa>`). The staff controls
 * are a chunk of their own (`ideas-staff.ts`).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { MessageKey } from '../../core/i18n.js';
import { userHtml } from '../../core/sanitize.js';
import type { Idea, IdeaComment, IdeaStatusSlug, MemberSummary } from '../../core/types.js';
import type { IdeaState } from '../../stores/ideas.js';
import { showMoreButton } from '../common/show-more.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The opened idea's styles (the element adopts them when this chunk arrives). */
export const ideaStyles = css`
  .post {
    display: flex;
    gap: 1rem;
    align-items: flex-start;
  }
  h3#idea-heading {
    margin: 0 0 0.4rem;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  h4 {
    margin: 0 0 0.4rem;
    font-size: 1.05em;
  }
  .follow {
    margin-top: 0.4rem;
  }
  .follow[aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .official {
    padding: 0.75rem 0.9rem;
    border: 2px solid var(--_accent);
    border-radius: var(--kith-radius);
    background: var(--_surface);
  }
  .history ol {
    display: grid;
    gap: 0.3rem;
  }
  .comments {
    display: grid;
  }
  .comment {
    padding: 0.7rem 0;
    border-top: 1px solid var(--_border);
  }
  .comment.is-staff {
    padding-inline: 0.7rem;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: 6px;
  }
  .comment-form {
    display: grid;
    gap: 0.5rem;
  }
`;

export interface IdeaView {
  state: IdeaState & { idea: Idea };
  error: string | null;
  signedIn: boolean;
  /** The id of the member's post just written whose links and images became text. */
  linksAsText: string | null;
  t: Translate;
  time(iso: string): TemplateResult;
  author(member: MemberSummary): TemplateResult;
  status(slug: IdeaStatusSlug): TemplateResult;
  statusLabel(slug: IdeaStatusSlug): string;
  back: TemplateResult;
  vote: TemplateResult;
  commentForm: TemplateResult;
  staff: TemplateResult | typeof nothing;
  onFollow(): void;
  onMoreComments(): void;
  /** A post's Report / Hide buttons and open form. */
  moderation(targetType: 'idea' | 'comment', post: Idea | IdeaComment): TemplateResult;
}

/** Under the member's post just written: its links and images became text. */
const linksNotice = (v: IdeaView, id: string) =>
  v.linksAsText === id
    ? html`<p class="muted" part="notice">${v.t('post.linksAsText')}</p>`
    : nothing;

const isStaffMember = (m: MemberSummary) => m.roles.some((r) => r === 'staff' || r === 'moderator');

function renderComment(v: IdeaView, c: IdeaComment): TemplateResult {
  const staff = isStaffMember(c.author);
  return html`<li
    class="comment ${staff ? 'is-staff' : ''}"
    part=${staff ? 'comment staff-comment' : 'comment'}
    data-comment-id=${c.id}
    data-moderation="comment:${c.id}"
    tabindex="-1"
  >
    <div class="meta muted">
      ${v.author(c.author)} · ${v.time(c.createdAt)}
      ${c.fromIdeaId ? html`· <span>${v.t('ideas.comment.fromMerged')}</span>` : nothing}
    </div>
    <div class="post-body">${userHtml(c.bodyHtml)}</div>
    ${linksNotice(v, c.id)} ${v.moderation('comment', c)}
  </li>`;
}

export function renderIdea(v: IdeaView): TemplateResult {
  const { state, t } = v;
  const idea = state.idea;
  const response = idea.officialResponse;
  return html`<article part="detail" class="detail" aria-labelledby="idea-heading">
    ${v.back}
    <div class="post" data-moderation="idea:${idea.id}">
      ${v.vote}
      <div class="post-main">
        <h3 id="idea-heading" tabindex="-1">${idea.title}</h3>
        <div class="meta muted">
          ${v.status(idea.status)} · ${v.author(idea.author)} · ${t('ideas.suggested')}
          ${v.time(idea.createdAt)}
        </div>
        <div class="post-body">${userHtml(idea.bodyHtml)}</div>
        ${linksNotice(v, idea.id)}
        ${
          v.signedIn
            ? html`<button
                type="button"
                class="btn follow"
                part="follow"
                aria-pressed=${idea.following ? 'true' : 'false'}
                @click=${() => v.onFollow()}
              >
                ${t('ideas.follow')}
              </button>`
            : nothing
        }
        ${v.moderation('idea', idea)}
      </div>
    </div>
    ${v.error ? html`<p class="error" part="error" role="alert">${v.error}</p>` : nothing}
    ${
      response
        ? html`<section
            class="official"
            part="official-response"
            aria-labelledby="official-heading"
          >
            <h4 id="official-heading">${t('ideas.official.heading')}</h4>
            <div class="meta muted">
              ${v.author(response.author)} · ${v.time(response.createdAt)}
            </div>
            <div class="post-body">${userHtml(response.bodyHtml)}</div>
          </section>`
        : nothing
    }
    ${
      state.mergedIdeas.length
        ? html`<section class="merged" aria-labelledby="merged-heading">
            <h4 id="merged-heading">${t('ideas.merged.heading')}</h4>
            <ul>
              ${state.mergedIdeas.map((m) => html`<li>${m.title}</li>`)}
            </ul>
          </section>`
        : nothing
    }
    ${
      state.history.length
        ? html`<section class="history" part="history" aria-labelledby="history-heading">
            <h4 id="history-heading">${t('ideas.history.heading')}</h4>
            <ol>
              ${state.history.map(
                (h) =>
                  html`<li class="meta">
                    ${v.status(h.to)}
                    ${
                      h.from && h.from !== h.to
                        ? html`<span class="muted"
                            >${t('ideas.history.from', { status: v.statusLabel(h.from) })}</span
                          >`
                        : nothing
                    }
                    · ${v.author(h.changedBy)} · ${v.time(h.changedAt)}
                  </li>`,
              )}
            </ol>
          </section>`
        : nothing
    }
    ${v.staff}
    <h4 class="comments-heading">${t('ideas.comments.count', { count: state.total })}</h4>
    ${
      state.comments.length
        ? html`<ol class="comments">
            ${state.comments.map((c) => renderComment(v, c))}
          </ol>`
        : html`<p class="empty">${t('ideas.comments.none')}</p>`
    }
    ${showMoreButton({ state, label: t('ideas.comments.more'), onMore: () => v.onMoreComments() })}
    ${v.commentForm}
  </article>`;
}

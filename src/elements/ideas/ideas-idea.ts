/**
 * The opened idea: its body, official response, status history, comments, follow toggle and the staff
 * controls. A separate chunk, loaded when a reader first opens (or points at) an idea, because only here
 * does user HTML — and so DOMPurify — enter the page (as with the opened question of `<kith-qa>`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageKey } from '../../core/i18n.js';
import { userHtml } from '../../core/sanitize.js';
import type { Idea, IdeaComment, IdeaStatusSlug, MemberSummary } from '../../core/types.js';
import type { IdeaState } from '../../stores/ideas.js';
import type { FormState } from '../shared/posting-element.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface IdeaView {
  state: IdeaState & { idea: Idea };
  error: string | null;
  signedIn: boolean;
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
}

const isStaffMember = (m: MemberSummary) => m.roles.some((r) => r === 'staff' || r === 'moderator');

function renderComment(v: IdeaView, c: IdeaComment): TemplateResult {
  const staff = isStaffMember(c.author);
  return html`<li
    class="comment ${staff ? 'is-staff' : ''}"
    part=${staff ? 'comment staff-comment' : 'comment'}
    data-comment-id=${c.id}
    tabindex="-1"
  >
    <div class="meta muted">
      ${v.author(c.author)} · ${v.time(c.createdAt)}
      ${c.fromIdeaId ? html`· <span>${v.t('ideas.comment.fromMerged')}</span>` : nothing}
    </div>
    <div class="post-body">${userHtml(c.bodyHtml)}</div>
  </li>`;
}

export function renderIdea(v: IdeaView): TemplateResult {
  const { state, t } = v;
  const idea = state.idea;
  const response = idea.officialResponse;
  return html`<article part="detail" class="detail" aria-labelledby="idea-heading">
    ${v.back}
    <div class="post">
      ${v.vote}
      <div class="post-main">
        <h3 id="idea-heading" tabindex="-1">${idea.title}</h3>
        <div class="meta muted">
          ${v.status(idea.status)} · ${v.author(idea.author)} · ${t('ideas.suggested')}
          ${v.time(idea.createdAt)}
        </div>
        <div class="post-body">${userHtml(idea.bodyHtml)}</div>
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
    <h4 class="comments-heading">${t('ideas.comments.heading', { count: state.total })}</h4>
    ${
      state.comments.length
        ? html`<ol class="comments">
            ${state.comments.map((c) => renderComment(v, c))}
          </ol>`
        : html`<p class="empty">${t('ideas.comments.none')}</p>`
    }
    ${
      state.nextCursor
        ? html`<button
            type="button"
            class="btn more"
            ?disabled=${state.loadingMore}
            @click=${() => v.onMoreComments()}
          >
            ${t('ideas.comments.more')}
          </button>`
        : nothing
    }
    ${v.commentForm}
  </article>`;
}

export interface StaffControls {
  t: Translate;
  statuses: { slug: IdeaStatusSlug; label: string }[];
  chosen: IdeaStatusSlug;
  onChoose(slug: IdeaStatusSlug): void;
  responseEditor: TemplateResult;
  statusForm: FormState;
  onSubmitStatus(e: Event): void;
  mergeQuery: string;
  onMergeQuery(value: string): void;
  /** The merge search answered (an empty answer shows "no other idea matches"). */
  searched: boolean;
  results: Idea[];
  target: Idea | null;
  onPick(target: Idea | null): void;
  onMerge(): void;
  mergeForm: FormState;
}

/** Staff only: change the status with an official response; merge this idea into its original. */
export function renderStaffControls(o: StaffControls): TemplateResult {
  const { t } = o;
  return html`<section class="staff" part="staff" aria-labelledby="staff-heading">
    <h4 id="staff-heading">${t('ideas.staff.heading')}</h4>
    <form class="status-form" novalidate @submit=${(e: Event) => o.onSubmitStatus(e)}>
      <label for="status-select">${t('ideas.staff.status')}</label>
      <select
        id="status-select"
        @change=${(e: Event) => o.onChoose((e.target as HTMLSelectElement).value)}
      >
        ${o.statuses.map(
          (s) => html`<option value=${s.slug} ?selected=${s.slug === o.chosen}>${s.label}</option>`,
        )}
      </select>
      ${o.responseEditor}
      ${
        o.statusForm.error
          ? html`<p class="error" part="error" role="alert">${o.statusForm.error}</p>`
          : nothing
      }
      <div class="actions">
        <button
          class="btn btn-primary"
          part="button"
          type="submit"
          ?disabled=${o.statusForm.posting}
        >
          ${o.statusForm.posting ? t('form.posting') : t('ideas.staff.submit')}
        </button>
      </div>
    </form>
    <div class="merge">
      <label for="merge-search">${t('ideas.merge.label')}</label>
      <input
        id="merge-search"
        type="search"
        autocomplete="off"
        .value=${o.mergeQuery}
        @input=${(e: Event) => o.onMergeQuery((e.target as HTMLInputElement).value)}
      />
      ${
        o.target
          ? html`<div class="merge-confirm">
              <p>${t('ideas.merge.confirm', { title: o.target.title })}</p>
              ${
                o.mergeForm.error
                  ? html`<p class="error" part="error" role="alert">${o.mergeForm.error}</p>`
                  : nothing
              }
              <div class="actions">
                <button type="button" class="btn" @click=${() => o.onPick(null)}>
                  ${t('form.cancel')}
                </button>
                <button
                  id="merge-confirm"
                  type="button"
                  class="btn btn-primary"
                  part="button"
                  ?disabled=${o.mergeForm.posting}
                  @click=${() => o.onMerge()}
                >
                  ${o.mergeForm.posting ? t('form.posting') : t('ideas.merge.submit')}
                </button>
              </div>
            </div>`
          : o.results.length
            ? html`<ul class="merge-results">
                ${o.results.map(
                  (idea) =>
                    html`<li>
                      <button type="button" class="link-button" @click=${() => o.onPick(idea)}>
                        ${t('ideas.merge.choose', { title: idea.title })}
                      </button>
                    </li>`,
                )}
              </ul>`
            : o.searched
              ? html`<p class="muted">${t('ideas.merge.none')}</p>`
              : nothing
      }
    </div>
  </section>`;
}

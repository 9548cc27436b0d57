/**
 * The staff controls of an opened idea in `<kith-ideas>`: change its status with an official response,
 * merge it into its original. A separate chunk, loaded only when a staff member opens an idea: members
 * and readers never download it.
 */
import {
  css,
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import type { Idea, IdeaStatusSlug } from '../../core/types.js';
import messages from '../../locales/ideas-staff/en.js';
import { createIdeaSearch, type IdeaSearch } from '../../stores/ideas.js';
import { mergeIdea, setIdeaStatus } from '../../stores/ideas-staff.js';
import type { Session } from '../../stores/session.js';
import { idleForm, type FormState } from '../common/posting-element.js';

registerMessages(messages, { de: () => import('../../locales/ideas-staff/de.js') });

/** What the element lends the controls on each render. */
export interface StaffView {
  session: Session;
  board: string;
  idea: Idea;
  statuses: { slug: IdeaStatusSlug; label: string }[];
  t(key: MessageKey, params?: Record<string, string | number>): string;
  statusLabel(slug: IdeaStatusSlug): string;
  /** The official response's Markdown editor (`#response-body`). */
  responseEditor(o: {
    value: string;
    error: string | null;
    onInput(value: string): void;
  }): TemplateResult;
  resetResponseEditor(): void;
  /** A failed write shown at its form (see `PostingElement.failedForm`). */
  failed(error: unknown, action: string, retry: () => void): FormState;
  announce(message: string): void;
  open(id: string): void;
  focusAfterRender(selector: string): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/** The controls' state for one element: the chosen status, the response, the merge search. */
export class StaffControls implements ReactiveController {
  private readonly host: Host;
  private view: StaffView | null = null;
  private statusChoice: IdeaStatusSlug | null = null;
  private responseBody = '';
  private statusForm: FormState = idleForm();
  private mergeQuery = '';
  private mergeTarget: Idea | null = null;
  private mergeForm: FormState = idleForm();
  private search: IdeaSearch | null = null;
  private searchKey = '';
  private unlisten: (() => void) | null = null;

  constructor(host: Host) {
    this.host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.unlisten?.();
    this.search?.dispose();
    this.unlisten = this.search = null;
    this.searchKey = '';
  }

  /** Back to the start (another idea opened). */
  reset(): void {
    this.statusChoice = null;
    this.responseBody = '';
    this.statusForm = idleForm();
    this.mergeQuery = '';
    this.mergeTarget = null;
    this.mergeForm = idleForm();
    this.search?.setQuery('');
  }

  private update(): void {
    this.host.requestUpdate();
  }

  /** The merge picker's search over the board (a new one for another session or board). */
  private mergeSearch(v: StaffView): IdeaSearch {
    const key = `${v.session.key}|${v.board}`;
    if (!this.search || key !== this.searchKey) {
      this.hostDisconnected();
      this.searchKey = key;
      this.search = createIdeaSearch(v.session, v.board, { limit: 8 });
      this.unlisten = this.search.store.listen(() => this.update());
    }
    return this.search;
  }

  private async changeStatus(e?: Event): Promise<void> {
    e?.preventDefault();
    const v = this.view;
    if (!v || this.statusForm.posting) return;
    const { idea } = v;
    const status = this.statusChoice ?? idea.status;
    this.statusForm = { posting: true, error: null, fields: {} };
    this.update();
    try {
      const { from } = await setIdeaStatus(v.session, {
        ideaId: idea.id,
        status,
        response: this.responseBody.trim(),
      });
      this.statusForm = idleForm();
      this.responseBody = '';
      this.statusChoice = null;
      v.resetResponseEditor();
      emit(this.host, 'kith-idea-status-changed', { ideaId: idea.id, from, to: status });
      v.announce(v.t('ideas.staff.updated', { status: v.statusLabel(status) }));
    } catch (error) {
      this.statusForm = v.failed(error, 'status', () => void this.changeStatus());
    }
    this.update();
  }

  private async merge(): Promise<void> {
    const v = this.view;
    const target = this.mergeTarget;
    if (!v || !target || this.mergeForm.posting) return;
    this.mergeForm = { posting: true, error: null, fields: {} };
    this.update();
    try {
      const original = await mergeIdea(v.session, {
        duplicateId: v.idea.id,
        originalId: target.id,
      });
      this.mergeForm = idleForm();
      v.open(original.id);
      v.announce(v.t('ideas.merge.done', { title: original.title }));
    } catch (error) {
      this.mergeForm = v.failed(error, 'merge', () => void this.merge());
    }
    this.update();
  }

  private pick(target: Idea | null): void {
    this.mergeTarget = target;
    this.view?.focusAfterRender(target ? '#merge-confirm' : '#merge-search');
    this.update();
  }

  render(v: StaffView): TemplateResult {
    this.view = v;
    const { t, idea } = v;
    const search = this.mergeSearch(v).store.get();
    const results = search.results.filter((i) => i.id !== idea.id && !i.mergedInto);
    const chosen = this.statusChoice ?? idea.status;
    return html`<section class="staff" part="staff" aria-labelledby="staff-heading">
      <h4 id="staff-heading">${t('ideas.staff.heading')}</h4>
      <form class="status-form" novalidate @submit=${(e: Event) => void this.changeStatus(e)}>
        <label for="status-select">${t('ideas.staff.status')}</label>
        <select
          id="status-select"
          @change=${(e: Event) => {
            this.statusChoice = (e.target as HTMLSelectElement).value;
            this.update();
          }}
        >
          ${v.statuses.map(
            (s) => html`<option value=${s.slug} ?selected=${s.slug === chosen}>${s.label}</option>`,
          )}
        </select>
        ${v.responseEditor({
          value: this.responseBody,
          error: this.statusForm.fields.response ?? null,
          onInput: (value) => {
            this.responseBody = value;
            this.update();
          },
        })}
        ${
          this.statusForm.error
            ? html`<p class="error" part="error" role="alert">${this.statusForm.error}</p>`
            : nothing
        }
        <div class="actions">
          <button
            class="btn btn-primary"
            part="button"
            type="submit"
            ?disabled=${this.statusForm.posting}
          >
            ${this.statusForm.posting ? t('form.posting') : t('ideas.staff.submit')}
          </button>
        </div>
      </form>
      <div class="merge">
        <label for="merge-search">${t('ideas.merge.label')}</label>
        <input
          id="merge-search"
          type="search"
          autocomplete="off"
          .value=${this.mergeQuery}
          @input=${(e: Event) => {
            this.mergeQuery = (e.target as HTMLInputElement).value;
            this.mergeTarget = null;
            this.search?.setQuery(this.mergeQuery);
            this.update();
          }}
        />
        ${
          this.mergeTarget
            ? html`<div class="merge-confirm">
                <p>${t('ideas.merge.confirm', { title: this.mergeTarget.title })}</p>
                ${
                  this.mergeForm.error
                    ? html`<p class="error" part="error" role="alert">${this.mergeForm.error}</p>`
                    : nothing
                }
                <div class="actions">
                  <button type="button" class="btn" @click=${() => this.pick(null)}>
                    ${t('form.cancel')}
                  </button>
                  <button
                    id="merge-confirm"
                    type="button"
                    class="btn btn-primary"
                    part="button"
                    ?disabled=${this.mergeForm.posting}
                    @click=${() => void this.merge()}
                  >
                    ${this.mergeForm.posting ? t('form.posting') : t('ideas.merge.submit')}
                  </button>
                </div>
              </div>`
            : results.length
              ? html`<ul class="merge-results">
                  ${results.map(
                    (result) =>
                      html`<li>
                        <button type="button" class="link-button" @click=${() => this.pick(result)}>
                          ${t('ideas.merge.choose', { title: result.title })}
                        </button>
                      </li>`,
                  )}
                </ul>`
              : search.status === 'ready'
                ? html`<p class="muted">${t('ideas.merge.none')}</p>`
                : nothing
        }
      </div>
    </section>`;
  }
}

/** Adopted by the element when this chunk arrives. */
export const staffStyles = css`
  .staff {
    display: grid;
    gap: 1rem;
    padding: 0.75rem 0.9rem;
    border: 1px dashed var(--_border);
    border-radius: var(--kith-radius);
  }
  .staff label {
    font-weight: 600;
  }
  .status-form,
  .merge,
  .merge-confirm {
    display: grid;
    gap: 0.5rem;
  }
  .merge-results {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .merge-confirm p {
    margin: 0;
  }
`;

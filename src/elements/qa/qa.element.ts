import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ValidationError, toKithError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { $catalogs } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import {
  QUESTION_SORTS,
  type Answer,
  type Question,
  type QuestionSort,
  type Role,
  type VoteValue,
} from '../../core/types.js';
import { draftKey, loadDraft, saveDraft, type DraftKind } from '../../stores/drafts.js';
import {
  BODY_MAX,
  TITLE_MAX,
  acceptAnswer,
  askQuestion,
  createQuestionSearch,
  loadMoreAnswers,
  loadMoreQuestions,
  postAnswer,
  questionList,
  questionThread,
  reloadQuestions,
  reloadThread,
  vote,
  type QuestionListState,
  type QuestionSearch,
  type SearchState,
  type ThreadState,
} from '../../stores/qa.js';
import type { Session } from '../../stores/session.js';
import { currentPageUrl, intInRange, oneOf, safeUrl, warnOnce } from '../shared/attributes.js';
import { author } from '../shared/author.js';
import { KithElement } from '../shared/kith-element.js';
import { MarkdownEditor, type EditorTexts } from '../shared/markdown-editor.js';
import { StoreController } from '../shared/store-controller.js';
import { qaStyles } from './qa.styles.js';

const HASH_PREFIX = '#kith-question-';
const ANSWER_SLICE = 25;

interface FormState {
  posting: boolean;
  error: string | null;
  fields: Record<string, string>;
}

const idleForm = (): FormState => ({ posting: false, error: null, fields: {} });

/**
 * Questions and answers about one topic (a product, a page): search before asking, ask, answer, vote,
 * accept the best answer.
 *
 * @summary Q&A threads for a topic.
 *
 * @fires kith-question-asked - A question was posted. `detail: { question }`
 * @fires kith-answer-posted - An answer was posted. `detail: { answer }`
 * @fires kith-answer-accepted - An answer was accepted, or (answerId `null`) un-accepted.
 * @fires kith-vote - The server acknowledged a vote. `detail: { targetType, targetId, value }`
 * @fires kith-error - A failure was shown to the user. `detail: { code, message, action }`
 * @fires kith-auth-expired - The member token expired; call `Kith.identify()` again.
 * @fires kith-sign-in-requested - A signed-out visitor asked to sign in. Cancel it to handle sign-in yourself.
 *
 * @csspart base - The outer container.
 * @csspart header - Heading and count.
 * @csspart composer - The search-and-ask form.
 * @csspart list - The list of questions.
 * @csspart question - One question in the list.
 * @csspart thread - An opened question with its answers.
 * @csspart answer - One answer.
 * @csspart accepted - The accepted answer.
 * @csspart votes - Vote buttons and score; also `vote-up`, `vote-down`, `score`.
 * @csspart author - An author's name, avatar and role marks; also `role-mark`.
 * @csspart editor - A Markdown field with its preview; also `textarea`, `preview`.
 * @csspart button - Primary buttons.
 * @csspart error - Error messages.
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Secondary text.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-surface - Raised surfaces.
 * @cssprop --kith-color-border - Borders.
 * @cssprop --kith-color-accent - Links, primary buttons, pressed votes.
 * @cssprop --kith-color-on-accent - Text on the accent colour.
 * @cssprop --kith-color-success - Accepted answers.
 * @cssprop --kith-color-danger - Errors.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithQa extends KithElement {
  static override styles = qaStyles;

  /** What the questions are about: a product id, a page. Default: the page's path. */
  @property() topic: string | undefined;

  /** `active` (default), `newest`, `top` or `unanswered`. */
  @property() sort: QuestionSort = 'active';

  /** Questions (and answers) per page, 1–100. Default 20. */
  @property({ attribute: 'page-size' }) pageSize: number | string = 20;

  /** The page URL stored with posts, so links lead back here. Default: this page without query or hash. */
  @property({ attribute: 'page-url' }) pageUrl: string | undefined;

  /** Where "Sign in" leads. Without it, the element only fires `kith-sign-in-requested`. */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  @state() private openId: string | null = null;
  @state() private askTitle = '';
  @state() private askBody = '';
  @state() private askForm: FormState = idleForm();
  @state() private answerBody = '';
  @state() private answerForm: FormState = idleForm();
  @state() private listError: string | null = null;

  private readonly list = new StoreController<QuestionListState>(this);
  private readonly thread = new StoreController<ThreadState>(this);
  private readonly searchResults = new StoreController<SearchState>(this);
  private search: QuestionSearch | null = null;
  private readonly askEditor = new MarkdownEditor(this);
  private readonly answerEditor = new MarkdownEditor(this);
  /** A write refused for an expired token, retried once the host identifies the member again. */
  private retryAfterIdentify: (() => void) | null = null;
  private focusAfterRender: string | null = null;
  private lastSearchAnnounced = '';

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.handleLocationChange);
    window.addEventListener('popstate', this.handleLocationChange);
    this.handleLocationChange();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.handleLocationChange);
    window.removeEventListener('popstate', this.handleLocationChange);
    this.search?.dispose();
    this.search = null;
  }

  // ---- attributes, resolved -------------------------------------------------------------------

  private get effectiveTopic(): string {
    const topic = this.topic?.trim();
    if (topic) return topic.slice(0, 200);
    if (this.topic !== undefined) warnOnce(this.localName, 'topic', this.topic, 'the page path');
    return location.pathname || '/';
  }

  private get effectiveSort(): QuestionSort {
    return oneOf(this.localName, 'sort', this.sort, QUESTION_SORTS, 'active');
  }

  private get effectivePageSize(): number {
    return intInRange(this.localName, 'page-size', this.pageSize, 1, 100, 20);
  }

  private get effectivePageUrl(): string {
    return safeUrl(this.localName, 'page-url', this.pageUrl) ?? currentPageUrl();
  }

  private get effectiveSignInUrl(): string | null {
    return safeUrl(this.localName, 'sign-in-url', this.signInUrl);
  }

  private draftKeyFor(kind: DraftKind, target: string): string {
    return draftKey(this.session?.site ?? null, this.member?.sub ?? null, kind, target);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  protected override sessionChanged(session: Session, previous: Session | null): void {
    this.search?.dispose();
    this.search = createQuestionSearch(session, this.effectiveTopic);
    this.loadAskDraft();
    if (this.openId) this.loadAnswerDraft(this.openId);
    if (previous && this.retryAfterIdentify && this.member) {
      const retry = this.retryAfterIdentify;
      this.retryAfterIdentify = null;
      retry();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('topic') && this.session) {
      this.search?.dispose();
      this.search = createQuestionSearch(this.session, this.effectiveTopic);
      this.loadAskDraft();
    }
    if (this.session) {
      this.list.use(
        questionList(this.session, this.effectiveTopic, this.effectiveSort, this.effectivePageSize),
      );
      if (this.openId) {
        const thread = this.thread.use(
          questionThread(this.session, this.openId, this.effectivePageSize),
        );
        // A deep link to another element's question (another topic) is not ours to show.
        if (thread.question && thread.question.topic !== this.effectiveTopic) this.openId = null;
      }
      if (this.search) this.searchResults.use(this.search.store);
    }
  }

  protected override updated(): void {
    if (this.focusAfterRender) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
      if (target) {
        this.focusAfterRender = null;
        target.focus();
      }
    }
    const search = this.searchResults.value;
    if (search?.status === 'ready' && search.query !== this.lastSearchAnnounced) {
      this.lastSearchAnnounced = search.query;
      this.announce(
        search.total
          ? this.t('qa.search.results', { count: search.total })
          : this.t('qa.search.none'),
      );
    }
  }

  private loadAskDraft(): void {
    const draft = loadDraft(this.draftKeyFor('question', this.effectiveTopic));
    this.askTitle = draft.title;
    this.askBody = draft.body;
    if (draft.title) this.search?.setQuery(draft.title);
  }

  private loadAnswerDraft(questionId: string): void {
    this.answerBody = loadDraft(this.draftKeyFor('answer', questionId)).body;
    this.answerForm = idleForm();
  }

  // ---- navigation -------------------------------------------------------------------------------

  private handleLocationChange = (): void => {
    const id = location.hash.startsWith(HASH_PREFIX)
      ? decodeURIComponent(location.hash.slice(HASH_PREFIX.length))
      : null;
    if (id === this.openId) return;
    this.openId = id;
    if (id) {
      this.loadAnswerDraft(id);
      this.focusAfterRender = '#thread-heading';
    }
  };

  private openQuestion(id: string, event?: Event): void {
    event?.preventDefault();
    history.pushState(null, '', HASH_PREFIX + encodeURIComponent(id));
    this.openId = id;
    this.answerWindow = ANSWER_SLICE;
    this.loadAnswerDraft(id);
    this.focusAfterRender = '#thread-heading';
    this.answerEditor.reset();
  }

  private closeQuestion(): void {
    const id = this.openId;
    history.pushState(null, '', location.pathname + location.search);
    this.openId = null;
    if (id) this.focusAfterRender = `[data-question-id="${CSS.escape(id)}"]`;
  }

  private requestSignIn(action: string, event?: Event): void {
    const url = this.effectiveSignInUrl;
    const proceed = emit(this, 'kith-sign-in-requested', { signInUrl: url, action });
    if (!proceed) event?.preventDefault();
  }

  // ---- writes -----------------------------------------------------------------------------------

  private handleAskTitleInput(e: Event): void {
    this.askTitle = (e.target as HTMLInputElement).value;
    saveDraft(this.draftKeyFor('question', this.effectiveTopic), { title: this.askTitle });
    this.search?.setQuery(this.askTitle);
    if (this.askForm.fields.title) this.askForm = { ...this.askForm, fields: {} };
  }

  private handleAskBodyInput(value: string): void {
    this.askBody = value;
    saveDraft(this.draftKeyFor('question', this.effectiveTopic), { body: value });
  }

  private async submitQuestion(e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    if (!session || this.askForm.posting) return;
    if (!this.member) {
      this.requestSignIn('ask');
      return;
    }
    const key = this.draftKeyFor('question', this.effectiveTopic);
    this.askForm = { posting: true, error: null, fields: {} };
    try {
      const question = await askQuestion(
        session,
        {
          topic: this.effectiveTopic,
          title: this.askTitle,
          body: this.askBody,
          pageUrl: this.effectivePageUrl,
        },
        key,
      );
      this.askForm = idleForm();
      this.askTitle = '';
      this.askBody = '';
      this.askEditor.reset();
      this.search?.setQuery('');
      emit(this, 'kith-question-asked', { question });
      this.announce(this.t('qa.ask.posted'));
      this.openQuestion(question.id);
    } catch (error) {
      this.askForm = this.failedForm(error, 'ask', () => void this.submitQuestion());
      this.focusAfterRender = this.askForm.fields.title ? '#ask-title' : '#ask-error';
    }
  }

  private failedForm(error: unknown, action: string, retry: () => void): FormState {
    const kithError = toKithError(error);
    const message = this.reportError(kithError, action);
    if ('expired' in kithError && kithError.expired) this.retryAfterIdentify = retry;
    const fields: Record<string, string> = {};
    if (kithError instanceof ValidationError) {
      for (const [field, raw] of Object.entries(kithError.fields)) {
        const max = /^too-long:(\d+)$/.exec(raw)?.[1];
        fields[field] =
          raw === 'required'
            ? this.t(field === 'title' ? 'form.required.title' : 'form.required.body')
            : max
              ? this.t('form.tooLong', { max: Number(max) })
              : raw;
      }
    }
    const shown = Object.keys(fields).length ? message : `${message} ${this.t('form.draftKept')}`;
    this.announce(shown);
    return { posting: false, error: shown, fields };
  }

  private handleAnswerInput(questionId: string, value: string): void {
    this.answerBody = value;
    saveDraft(this.draftKeyFor('answer', questionId), { body: value });
    if (this.answerForm.fields.body) this.answerForm = { ...this.answerForm, fields: {} };
  }

  private async submitAnswer(questionId: string, e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    if (!session || this.answerForm.posting) return;
    if (!this.member) {
      this.requestSignIn('answer');
      return;
    }
    this.answerForm = { posting: true, error: null, fields: {} };
    try {
      const answer = await postAnswer(
        session,
        { questionId, body: this.answerBody, pageUrl: this.effectivePageUrl },
        this.draftKeyFor('answer', questionId),
      );
      this.answerForm = idleForm();
      this.answerBody = '';
      this.answerEditor.reset();
      emit(this, 'kith-answer-posted', { answer });
      this.announce(this.t('qa.answer.posted'));
      this.focusAfterRender = `[data-answer-id="${CSS.escape(answer.id)}"]`;
    } catch (error) {
      this.answerForm = this.failedForm(error, 'answer', () => void this.submitAnswer(questionId));
      this.focusAfterRender = this.answerForm.fields.body ? '#answer-body' : '#answer-error';
    }
  }

  private async castVote(
    targetType: 'question' | 'answer',
    targetId: string,
    value: VoteValue,
  ): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!this.member) {
      this.requestSignIn('vote');
      this.announce(this.t('qa.signIn.prompt'));
      return;
    }
    try {
      const stored = await vote(session, targetType, targetId, value);
      if (stored !== null) emit(this, 'kith-vote', { targetType, targetId, value: stored });
    } catch (error) {
      const reason = this.reportError(error, 'vote');
      this.announce(this.t('error.vote', { reason }));
      this.listError = this.t('error.vote', { reason });
    }
  }

  private async toggleAccept(question: Question, answer: Answer): Promise<void> {
    const session = this.session;
    if (!session) return;
    const answerId = answer.accepted ? null : answer.id;
    try {
      await acceptAnswer(session, question.id, answerId);
      emit(this, 'kith-answer-accepted', { questionId: question.id, answerId });
      this.announce(this.t(answerId ? 'qa.acceptedAnnounce' : 'qa.unacceptedAnnounce'));
    } catch (error) {
      const reason = this.reportError(error, 'accept');
      this.announce(this.t('error.accept', { reason }));
      this.listError = this.t('error.accept', { reason });
    }
  }

  private async showMoreQuestions(): Promise<void> {
    const store = this.currentListStore();
    if (!store) return;
    const firstNew = store.get().items.length;
    try {
      const added = await loadMoreQuestions(store);
      if (added) {
        this.announce(this.t('qa.list.loadedMore', { count: added }));
        const next = store.get().items[firstNew];
        if (next) this.focusAfterRender = `[data-question-id="${CSS.escape(next.id)}"]`;
      }
    } catch (error) {
      this.listError = this.reportError(error, 'load');
      this.announce(this.listError);
    }
  }

  private async showMoreAnswers(): Promise<void> {
    if (!this.session || !this.openId) return;
    const store = questionThread(this.session, this.openId, this.effectivePageSize);
    const firstNew = store.get().answers.length;
    try {
      const added = await loadMoreAnswers(store);
      const next = store.get().answers[firstNew];
      if (added && next) this.focusAfterRender = `[data-answer-id="${CSS.escape(next.id)}"]`;
    } catch (error) {
      this.listError = this.reportError(error, 'load');
      this.announce(this.listError);
    }
  }

  private changeSort(sort: QuestionSort): void {
    this.sort = sort;
    this.listError = null;
  }

  // ---- rendering --------------------------------------------------------------------------------

  private roleLabel = (role: Role) =>
    this.t(
      role === 'staff' ? 'role.staff' : role === 'moderator' ? 'role.moderator' : 'role.expert',
    );

  private authorOf(post: { author: Question['author'] }): TemplateResult {
    return author(post.author, this.roleLabel, this.t('member.former'));
  }

  private editorTexts(label: string): EditorTexts {
    return {
      label,
      write: this.t('editor.write'),
      preview: this.t('editor.preview'),
      hint: this.t('editor.hint'),
      previewEmpty: this.t('editor.previewEmpty'),
      previewLoading: this.t('editor.previewLoading'),
      count: (count, max) => this.t('editor.count', { count, max }),
    };
  }

  override render(): TemplateResult {
    const list = this.list.value;
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <header part="header" class="header">
        <h2 id="heading">${this.t('qa.heading')}</h2>
        ${
          list?.status === 'ready'
            ? html`<span class="muted">${this.t('qa.count', { count: list.total })}</span>`
            : nothing
        }
      </header>
      ${this.renderConfigError()}
      ${
        this.session
          ? this.openId
            ? this.renderThread()
            : html`${this.renderComposer()} ${this.renderList()}`
          : this.configError
            ? nothing
            : this.renderSkeleton()
      }
      ${this.renderLiveRegion()}
    </section>`;
  }

  private renderSignInPrompt(action: string): TemplateResult {
    const url = this.effectiveSignInUrl;
    return html`<p class="sign-in" part="sign-in">
      ${this.t('qa.signIn.prompt')}
      ${
        url
          ? html`<a href=${url} @click=${(e: Event) => this.requestSignIn(action, e)}
              >${this.t('qa.signIn.link')}</a
            >`
          : html`<button
              type="button"
              class="link-button"
              @click=${() => this.requestSignIn(action)}
            >
              ${this.t('qa.signIn.link')}
            </button>`
      }
    </p>`;
  }

  private renderComposer(): TemplateResult {
    const search = this.searchResults.value;
    const form = this.askForm;
    const titleError = form.fields.title;
    const expanded = this.askTitle.length > 0 || this.askBody.length > 0;
    return html`<form
      part="composer"
      class="composer"
      novalidate
      @submit=${(e: Event) => void this.submitQuestion(e)}
    >
      <label for="ask-title" class="composer-label">${this.t('qa.search.label')}</label>
      <input
        id="ask-title"
        type="text"
        autocomplete="off"
        maxlength=${TITLE_MAX}
        placeholder=${this.t('qa.search.placeholder')}
        aria-describedby=${titleError ? 'ask-title-error' : nothing}
        aria-invalid=${titleError ? 'true' : 'false'}
        aria-controls="similar"
        .value=${this.askTitle}
        @input=${this.handleAskTitleInput}
      />
      ${
        titleError
          ? html`<p id="ask-title-error" class="error field-error">${titleError}</p>`
          : nothing
      }
      <div
        id="similar"
        class="similar ${search?.status === 'ready' && search.results.length ? 'has-results' : ''}"
        part="similar"
      >
        ${
          search && search.status === 'ready' && search.results.length
            ? html`<h3 class="similar-heading">${this.t('qa.similar.heading')}</h3>
                <ul
                  class="similar-list"
                  @pointerover=${this.loadThreadView}
                  @focusin=${this.loadThreadView}
                >
                  ${search.results.map(
                    (q) =>
                      html`<li>
                        <a
                          href=${HASH_PREFIX + encodeURIComponent(q.id)}
                          @click=${(e: Event) => this.openQuestion(q.id, e)}
                          >${q.title}</a
                        >
                        <span class="muted">
                          ${this.t('qa.answers.count', { count: q.answerCount })}
                          ${q.acceptedAnswerId ? html`· ${this.t('qa.answered')}` : nothing}
                        </span>
                      </li>`,
                  )}
                </ul>`
            : nothing
        }
      </div>
      ${
        expanded
          ? html`${this.askEditor.render({
              id: 'ask-body',
              value: this.askBody,
              max: BODY_MAX,
              rows: 4,
              error: form.fields.body ?? null,
              texts: this.editorTexts(this.t('qa.ask.body')),
              onInput: (v) => this.handleAskBodyInput(v),
            })}
            ${
              form.error && !titleError
                ? html`<p id="ask-error" class="error" part="error" role="alert" tabindex="-1">
                    ${form.error}
                  </p>`
                : nothing
            }
            ${
              this.member
                ? html`<div class="actions">
                    <button
                      class="btn btn-primary"
                      part="button"
                      type="submit"
                      ?disabled=${form.posting}
                    >
                      ${form.posting ? this.t('form.posting') : this.t('qa.ask.submit')}
                    </button>
                  </div>`
                : this.renderSignInPrompt('ask')
            }`
          : this.member
            ? nothing
            : this.renderSignInPrompt('ask')
      }
    </form>`;
  }

  private renderSortControl(): TemplateResult {
    const current = this.effectiveSort;
    return html`<div class="sorts" role="group" aria-label=${this.t('qa.sort.label')}>
      ${QUESTION_SORTS.map(
        (sort) =>
          html`<button
            type="button"
            class="sort"
            aria-pressed=${sort === current ? 'true' : 'false'}
            @click=${() => this.changeSort(sort)}
          >
            ${this.t(`qa.sort.${sort}`)}
          </button>`,
      )}
    </div>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div class="skeleton-list" aria-busy="true">
      <span class="visually-hidden">${this.t('qa.loading')}</span>
      ${[0, 1, 2].map(
        () =>
          html`<div class="skeleton-item" aria-hidden="true">
            <span class="skeleton skeleton-stat"></span>
            <span class="skeleton-lines">
              <span class="skeleton skeleton-line"></span>
              <span class="skeleton skeleton-line short"></span>
            </span>
          </div>`,
      )}
    </div>`;
  }

  private renderList(): TemplateResult {
    const state = this.list.value;
    const sort = this.effectiveSort;
    let body: TemplateResult;
    if (!state || state.status === 'loading') {
      body = this.renderSkeleton();
    } else if (state.status === 'error') {
      body = html`<div class="state-error" part="error" role="alert">
        <p>${this.t('qa.error.load')} ${state.error ? this.errorMessage(state.error) : ''}</p>
        <button type="button" class="btn" @click=${() => this.retryList()}>
          ${this.t('action.retry')}
        </button>
      </div>`;
    } else if (!state.items.length) {
      body = html`<p class="empty" part="empty">
        ${sort === 'unanswered' ? this.t('qa.empty.unanswered') : this.t('qa.empty')}
      </p>`;
    } else {
      body = html`<ul
          class="questions"
          part="list"
          aria-label=${this.t('qa.list.label')}
          @pointerover=${this.loadThreadView}
          @focusin=${this.loadThreadView}
        >
          ${state.items.map((q) => this.renderQuestionItem(q))}
        </ul>
        ${
          state.nextCursor
            ? html`<button
                type="button"
                class="btn more"
                ?disabled=${state.loadingMore}
                @click=${() => void this.showMoreQuestions()}
              >
                ${state.loadingMore ? this.t('qa.loading') : this.t('qa.list.more')}
              </button>`
            : nothing
        }`;
    }
    return html`<div class="list-head">${this.renderSortControl()}</div>
      ${
        this.listError
          ? html`<p class="error" part="error" role="alert">${this.listError}</p>`
          : nothing
      }
      <div class="list-body">${body}</div>`;
  }

  private retryList(): void {
    const store = this.currentListStore();
    if (store) void reloadQuestions(store);
  }

  /** The list store of the current session, topic, sort and page size. */
  private currentListStore() {
    if (!this.session) return null;
    return questionList(
      this.session,
      this.effectiveTopic,
      this.effectiveSort,
      this.effectivePageSize,
    );
  }

  private renderQuestionItem(q: Question): TemplateResult {
    return html`<li class="question" part="question">
      <div class="stats" aria-hidden="true">
        <span class="stat"
          ><strong>${q.score}</strong> ${this.t('qa.stat.votes', { count: q.score })}</span
        >
        <span class="stat ${q.acceptedAnswerId ? 'answered' : ''}"
          ><strong>${q.answerCount}</strong>
          ${this.t('qa.stat.answers', { count: q.answerCount })}</span
        >
      </div>
      <div class="question-main">
        <a
          class="question-title"
          data-question-id=${q.id}
          href=${HASH_PREFIX + encodeURIComponent(q.id)}
          @click=${(e: Event) => this.openQuestion(q.id, e)}
          >${q.title}</a
        >
        <span class="visually-hidden">
          ${this.t('vote.score', { count: q.score })},
          ${this.t('qa.answers.count', { count: q.answerCount })}${
            q.acceptedAnswerId ? `, ${this.t('qa.answered')}` : ''
          }
        </span>
        <div class="meta muted">
          ${this.authorOf(q)} · ${this.t('qa.asked')} ${this.relativeTime(q.createdAt)}
          ${q.escalatedAt ? html`· <span class="escalated">${this.t('qa.escalated')}</span>` : nothing}
        </div>
      </div>
    </li>`;
  }

  private threadView: typeof import('./qa-thread.js') | null = null;
  /** How many of the thread's answers are rendered so far (see renderThread). */
  @state() private answerWindow = ANSWER_SLICE;
  private growScheduled = false;
  private threadViewLoading: Promise<void> | null = null;

  /** Loads the thread chunk (on opening a question, or ahead of it when a reader points at one). */
  private loadThreadView = (): Promise<void> => {
    this.threadViewLoading ??= import('./qa-thread.js').then(
      (mod) => {
        this.threadView = mod;
        this.requestUpdate();
      },
      (error: unknown) => {
        this.threadViewLoading = null;
        this.listError = this.reportError(error, 'load');
        this.announce(this.listError);
      },
    );
    return this.threadViewLoading;
  };

  private renderThread(): TemplateResult {
    const state = this.thread.value;
    const back = html`<button
      type="button"
      class="link-button back"
      @click=${() => this.closeQuestion()}
    >
      ← ${this.t('qa.back')}
    </button>`;
    if (state?.status === 'error' || (state?.status === 'ready' && !state.question)) {
      return html`<div part="thread" class="thread">
        ${back}
        <div class="state-error" part="error" role="alert">
          <p>${this.t('qa.error.thread')} ${state.error ? this.errorMessage(state.error) : ''}</p>
          <button type="button" class="btn" @click=${() => this.retryThread()}>
            ${this.t('action.retry')}
          </button>
        </div>
      </div>`;
    }
    if (!this.threadView) void this.loadThreadView();
    if (!state || state.status === 'loading' || !state.question || !this.threadView) {
      return html`<div part="thread" class="thread">${back} ${this.renderSkeleton()}</div>`;
    }
    const q = state.question;
    const member = this.member;
    // Long pages of answers are added a slice per frame, so no single task blocks the page.
    if (this.answerWindow < state.answers.length && !this.growScheduled) {
      this.growScheduled = true;
      requestAnimationFrame(() => {
        this.growScheduled = false;
        this.answerWindow += ANSWER_SLICE;
      });
    }
    return this.threadView.renderThread({
      state: { ...state, question: q, answers: state.answers.slice(0, this.answerWindow) },
      mayAccept: !!member && (member.sub === q.author.id || isStaff(member)),
      locale: this.resolvedLocale + ($catalogs.get()[this.resolvedLocale] ? '' : '…'),
      error: this.listError,
      t: (key, params) => this.t(key, params),
      time: (iso) => this.relativeTime(iso),
      author: (m) => author(m, this.roleLabel, this.t('member.former')),
      back,
      answerForm: this.renderAnswerForm(q),
      onVote: (type, id, value) => void this.castVote(type, id, value),
      onAccept: (a) => void this.toggleAccept(q, a),
      onMoreAnswers: () => void this.showMoreAnswers(),
    });
  }

  private retryThread(): void {
    if (!this.session || !this.openId) return;
    void reloadThread(questionThread(this.session, this.openId, this.effectivePageSize));
  }

  private renderAnswerForm(q: Question): TemplateResult {
    if (!this.member) return this.renderSignInPrompt('answer');
    const form = this.answerForm;
    return html`<form
      class="answer-form"
      part="answer-form"
      novalidate
      @submit=${(e: Event) => void this.submitAnswer(q.id, e)}
    >
      ${this.answerEditor.render({
        id: 'answer-body',
        value: this.answerBody,
        max: BODY_MAX,
        required: true,
        error: form.fields.body ?? null,
        texts: this.editorTexts(this.t('qa.answer.body')),
        onInput: (v) => this.handleAnswerInput(q.id, v),
      })}
      ${
        form.error && !form.fields.body
          ? html`<p id="answer-error" class="error" part="error" role="alert" tabindex="-1">
              ${form.error}
            </p>`
          : nothing
      }
      <div class="actions">
        <button class="btn btn-primary" part="button" type="submit" ?disabled=${form.posting}>
          ${form.posting ? this.t('form.posting') : this.t('qa.answer.submit')}
        </button>
      </div>
    </form>`;
  }
}

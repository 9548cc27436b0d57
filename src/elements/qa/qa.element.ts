import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { $catalogs, registerMessages, type MessageKey } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import {
  QUESTION_SORTS,
  type Answer,
  type PostBase,
  type Question,
  type QuestionSort,
  type ViewEvent,
  type VoteValue,
} from '../../core/types.js';
import messages from '../../locales/qa/en.js';
import { loadDraft, saveDraft } from '../../stores/drafts.js';
import {
  BODY_MAX,
  acceptAnswer,
  askQuestion,
  createQuestionSearch,
  escalateQuestion,
  followQuestion,
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
import { oneOf, warnOnce } from '../common/attributes.js';
import type { ModerationTarget } from '../../stores/moderation.js';
import { PostingElement, idleForm, type FormState } from '../common/posting-element.js';
import { StoreController } from '../common/store-controller.js';
import { qaStyles } from './qa.styles.js';
import { showMoreButton } from '../common/show-more.js';

registerMessages(messages, { de: () => import('../../locales/qa/de.js') });

const HASH_PREFIX = '#kith-question-';
const ANSWER_SLICE = 25;
const REQUIRED = { title: 'form.required.title', body: 'form.required.body' } as const;

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
 * @fires kith-flag - A member reported a question or answer. `detail: { targetType, targetId, reason }`
 * @fires kith-question-escalated - The asker handed their question to support ("I still need help"). `detail: { question }`
 * @fires kith-follow-changed - The member followed or unfollowed a question. `detail: { targetType: 'question', targetId, following }`
 * @fires kith-error - A failure was shown to the user. `detail: { code, message, action }`
 * @fires kith-auth-expired - The member token expired; call `Kith.identify()` again.
 * @fires kith-sign-in-requested - A signed-out visitor asked to sign in. Cancel it to handle sign-in yourself.
 *
 * @csspart base - The outer container.
 * @csspart header - Heading and count.
 * @csspart feed-link - "Subscribe via Atom feed" (when the backend has feeds; `no-feed` hides it).
 * @csspart composer - The search-and-ask form.
 * @csspart list - The list of questions.
 * @csspart question - One question in the list.
 * @csspart thread - An opened question with its answers.
 * @csspart answer - One answer.
 * @csspart accepted - The accepted answer.
 * @csspart escalated - "Escalated to support" / "Answered by support" on a question in the list.
 * @csspart escalation - The same mark with its explanation on an opened question.
 * @csspart escalate - The asker's "I still need help" button; also `escalate-hint` (from when).
 * @csspart follow - The follow toggle of an opened question.
 * @csspart votes - Vote buttons and score; also `vote-up`, `vote-down`, `score`.
 * @csspart author - An author's name, avatar and role marks; also `role-mark`.
 * @csspart editor - A Markdown field with its preview; also `textarea`, `preview`.
 * @csspart button - Primary buttons.
 * @csspart error - Error messages.
 * @csspart guidelines - The site's community guidelines in a compose form; also `guest` (a guest's
 *   name and e-mail) and `notice` (the thanks for a post that waits for a moderator).
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
export class KithQa extends PostingElement {
  static override styles = qaStyles;

  /** What the questions are about: a product id, a page. Default: the page's path. */
  @property() topic: string | undefined;

  /** `active` (default), `newest`, `top` or `unanswered`. */
  @property() sort: QuestionSort = 'active';

  protected readonly hashPrefix = HASH_PREFIX;

  @state() private askTitle = '';
  @state() private askBody = '';
  @state() private askForm: FormState = idleForm();
  @state() private answerBody = '';
  @state() private answerForm: FormState = idleForm();
  /** The member's post just written whose links and images became text (trust level 0). */
  @state() private linksAsText: string | null = null;
  /** "I still need help" was pressed and the backend has not answered yet. */
  @state() private escalating = false;

  private readonly list = new StoreController<QuestionListState>(this);
  private readonly thread = new StoreController<ThreadState>(this);
  private readonly searchResults = new StoreController<SearchState<Question>>(this);
  private search: QuestionSearch | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
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

  protected override feed() {
    const topic = this.effectiveTopic;
    return { kind: 'topic' as const, key: topic, title: this.t('qa.feed', { topic }) };
  }

  private get effectiveSort(): QuestionSort {
    return oneOf(this.localName, 'sort', this.sort, QUESTION_SORTS, 'active');
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  protected override sessionChanged(session: Session, previous: Session | null): void {
    this.search?.dispose();
    this.search = createQuestionSearch(session, this.effectiveTopic);
    this.loadAskDraft();
    if (this.openId) this.loadAnswerDraft(this.openId);
    this.linksAsText = null;
    super.sessionChanged(session, previous);
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
        else if (this.openId !== this.viewedId)
          this.recordView('question-opened', (this.viewedId = this.openId));
      }
      if (this.search) this.searchResults.use(this.search.store);
    }
  }

  protected override updated(): void {
    super.updated();
    this.announceSearch(this.searchResults.value, 'qa.search.results', 'qa.search.none');
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

  /** The question whose opening was last reported to the view beacon. */
  private viewedId: string | null = null;

  /** The view beacon (self-service deflection); its store loads on first use, where there is one. */
  private recordView(type: ViewEvent['type'], questionId: string): void {
    const session = this.session;
    if (session?.adapter.recordViews)
      void import('../../stores/views.js').then((m) => m.recordView(session, { type, questionId }));
  }

  // ---- navigation -------------------------------------------------------------------------------

  protected itemSelector(id: string): string {
    return `[data-question-id="${CSS.escape(id)}"]`;
  }

  protected itemOpened(id: string): void {
    this.answerWindow = ANSWER_SLICE;
    this.loadAnswerDraft(id);
    this.focusAfterRender = '#thread-heading';
    this.resetEditor('answer-body');
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
    if (!this.mayPost) {
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
          ...this.composeExtras('ask-body'),
        },
        key,
      );
      this.askTitle = '';
      this.askBody = '';
      this.resetEditor('ask-body');
      this.search?.setQuery('');
      emit(this, 'kith-question-asked', { question });
      this.recordView('question-asked', question.id);
      this.askForm = this.announcePosted('qa.ask.posted', question);
      // A held question waits for a moderator: the form stays, thanking, instead of opening it.
      if (!this.askForm.notice) this.openItem(question.id);
    } catch (error) {
      this.askForm = this.failedForm(error, 'ask', () => void this.submitQuestion(), REQUIRED);
      this.focusAfterRender = this.askForm.fields.title ? '#ask-title' : '#ask-error';
    }
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
    if (!this.mayPost) {
      this.requestSignIn('answer');
      return;
    }
    this.answerForm = { posting: true, error: null, fields: {} };
    try {
      const answer = await postAnswer(
        session,
        {
          questionId,
          body: this.answerBody,
          pageUrl: this.effectivePageUrl,
          ...this.composeExtras('answer-body'),
        },
        this.draftKeyFor('answer', questionId),
      );
      this.answerBody = '';
      this.resetEditor('answer-body');
      emit(this, 'kith-answer-posted', { answer });
      this.answerForm = this.announcePosted('qa.answer.posted', answer);
      if (!this.answerForm.notice)
        this.focusAfterRender = `[data-answer-id="${CSS.escape(answer.id)}"]`;
    } catch (error) {
      this.answerForm = this.failedForm(
        error,
        'answer',
        () => void this.submitAnswer(questionId),
        REQUIRED,
      );
      this.focusAfterRender = this.answerForm.fields.body ? '#answer-body' : '#answer-error';
    }
  }

  /**
   * Announces a post, and that its links and images were written as text (also shown under it); or,
   * when it waits for a moderator (a guest's), thanks saying so. Returns the form's state after it:
   * with that `notice` when held (the post is then neither shown nor opened).
   */
  private announcePosted(key: MessageKey, post: PostBase): FormState {
    const held = post.notices?.includes('held');
    this.linksAsText = post.notices?.includes('links-as-text') ? post.id : null;
    const message = this.t(held ? 'compose.held' : key);
    this.announce(message + (this.linksAsText ? ` ${this.t('post.linksAsText')}` : ''));
    return held ? { ...idleForm(), notice: message } : idleForm();
  }

  private async castVote(
    targetType: 'question' | 'answer',
    targetId: string,
    value: VoteValue,
  ): Promise<void> {
    const session = this.memberSession('vote', 'qa.signIn.prompt');
    if (!session) return;
    const stored = await this.act('vote', 'error.vote', () =>
      vote(session, targetType, targetId, value),
    );
    if (stored != null) emit(this, 'kith-vote', { targetType, targetId, value: stored });
  }

  private async toggleAccept(question: Question, answer: Answer): Promise<void> {
    const session = this.session;
    if (!session) return;
    const answerId = answer.accepted ? null : answer.id;
    const updated = await this.act('accept', 'error.accept', () =>
      acceptAnswer(session, question.id, answerId),
    );
    if (!updated) return;
    emit(this, 'kith-answer-accepted', { questionId: question.id, answerId });
    this.announce(this.t(answerId ? 'qa.acceptedAnnounce' : 'qa.unacceptedAnnounce'));
  }

  private async escalate(question: Question): Promise<void> {
    const session = this.memberSession('escalate', 'qa.signIn.prompt');
    if (!session || this.escalating) return;
    this.escalating = true;
    const updated = await this.act('escalate', 'error.escalate', () =>
      escalateQuestion(session, question.id),
    );
    this.escalating = false;
    if (!updated) return;
    emit(this, 'kith-question-escalated', { question: updated });
    this.announce(this.t('qa.escalate.done'));
    // The button is gone: focus moves to what replaced it.
    this.focusAfterRender = '#escalation';
  }

  private async toggleFollow(questionId: string, following: boolean): Promise<void> {
    const session = this.memberSession('follow', 'qa.signIn.prompt');
    if (!session) return;
    const stored = await this.act('follow', 'error.follow', () =>
      followQuestion(session, questionId, following),
    );
    if (stored == null) return;
    emit(this, 'kith-follow-changed', {
      targetType: 'question',
      targetId: questionId,
      following: stored,
    });
    this.announce(this.t(stored ? 'qa.followed' : 'qa.unfollowed'));
  }

  private async showMoreQuestions(): Promise<void> {
    const store = this.currentListStore();
    if (!store) return;
    await this.showMore(
      () => loadMoreQuestions(store),
      () => store.get().items,
      (count) => this.t('qa.list.loadedMore', { count }),
    );
  }

  private async showMoreAnswers(): Promise<void> {
    if (!this.session || !this.openId) return;
    const store = questionThread(this.session, this.openId, this.effectivePageSize);
    await this.showMore(
      () => loadMoreAnswers(store),
      () => store.get().answers,
      undefined,
      (id) => `[data-answer-id="${CSS.escape(id)}"]`,
    );
  }

  private changeSort(sort: QuestionSort): void {
    this.sort = sort;
    this.actionError = null;
  }

  // ---- rendering --------------------------------------------------------------------------------

  override render(): TemplateResult {
    const list = this.list.value;
    return this.renderShell({
      heading: this.t('qa.heading'),
      header:
        list?.status === 'ready'
          ? html`<span class="muted">${this.t('qa.count', { count: list.total })}</span>`
          : nothing,
      loading: this.t('qa.loading'),
      body: () =>
        this.openId ? this.renderThread() : html`${this.renderComposer()} ${this.renderList()}`,
    });
  }

  private renderComposer(): TemplateResult {
    const search = this.searchResults.value;
    const form = this.askForm;
    const titleError = form.fields.title;
    const expanded = this.askTitle.length > 0 || this.askBody.length > 0 || !!form.notice;
    return html`<form
      part="composer"
      class="composer"
      novalidate
      @focusin=${this.loadEditor}
      @submit=${(e: Event) => void this.submitQuestion(e)}
    >
      ${this.renderTitleField({
        id: 'ask-title',
        label: this.t('qa.search.label'),
        placeholder: this.t('qa.search.placeholder'),
        value: this.askTitle,
        error: titleError,
        onInput: this.handleAskTitleInput,
      })}
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
                          @click=${(e: Event) => {
                            this.recordView('suggestion-opened', q.id);
                            this.openItem(q.id, e);
                          }}
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
          ? this.renderFormEnd({
              editor: {
                id: 'ask-body',
                value: this.askBody,
                max: BODY_MAX,
                rows: 4,
                error: form.fields.body ?? null,
                label: this.t('qa.ask.body'),
                onInput: (v) => this.handleAskBodyInput(v),
              },
              form,
              errorId: 'ask-error',
              fieldError: !!titleError,
              submit: this.t('qa.ask.submit'),
              action: 'ask',
              prompt: this.t('qa.signIn.prompt'),
            })
          : this.member
            ? nothing
            : this.renderSignInPrompt('ask', this.t('qa.signIn.prompt'))
      }
    </form>`;
  }

  private renderList(): TemplateResult {
    const state = this.list.value;
    const sort = this.effectiveSort;
    let body: TemplateResult;
    if (!state || state.status === 'loading') {
      body = this.renderSkeleton(this.t('qa.loading'));
    } else if (state.status === 'error') {
      body = this.renderLoadError(this.t('qa.error.load'), state.error, () => this.retryList());
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
        ${showMoreButton({
          state,
          label: this.t('qa.list.more'),
          busyLabel: this.t('qa.loading'),
          onMore: () => void this.showMoreQuestions(),
        })}`;
    }
    return html`<div class="list-head">
        ${this.renderSorts(
          this.t('qa.sort.label'),
          QUESTION_SORTS,
          this.effectiveSort,
          (sort) => this.t(`qa.sort.${sort}`),
          (sort) => this.changeSort(sort),
        )}
      </div>
      ${this.renderActionError(this.actionError)}
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
          @click=${(e: Event) => this.openItem(q.id, e)}
          >${q.title}</a
        >
        <span class="visually-hidden">
          ${this.t('vote.score', { count: q.score })},
          ${this.t('qa.answers.count', { count: q.answerCount })}${
            q.acceptedAnswerId ? `, ${this.t('qa.answered')}` : ''
          }
        </span>
        <div class="meta muted">
          ${this.authorOf(q.author)} · ${this.t('qa.asked')} ${this.relativeTime(q.createdAt)}
          ${
            q.escalatedAt
              ? html`·
                  <span
                    class="escalated ${q.escalationResolvedAt ? 'resolved' : ''}"
                    part="escalated"
                    >${this.t(q.escalationResolvedAt ? 'qa.escalated.resolved' : 'qa.escalated')}</span
                  >`
              : nothing
          }
        </div>
      </div>
    </li>`;
  }

  private readonly threadView = this.lazyView(() => import('./qa-thread.js'));
  /** How many of the thread's answers are rendered so far (see renderThread). */
  @state() private answerWindow = ANSWER_SLICE;
  private growScheduled = false;
  /**
   * Loads the thread chunk (on opening a question, or ahead of it when a reader points at one), and for
   * a member the editor of the answer form, so the thread shows whole.
   */
  private loadThreadView = (): Promise<void> => {
    if (this.mayPost) void this.loadEditor();
    return this.threadView.load();
  };

  private renderThread(): TemplateResult {
    const state = this.thread.value;
    const back = html`<button
      type="button"
      class="link-button back"
      @click=${() => this.closeItem()}
    >
      ← ${this.t('qa.back')}
    </button>`;
    if (state?.status === 'error' || (state?.status === 'ready' && !state.question)) {
      return html`<div part="thread" class="thread">
        ${back}
        ${this.renderLoadError(this.t('qa.error.thread'), state.error, () => this.retryThread())}
      </div>`;
    }
    const view = this.threadView.module;
    const waiting = !view || (this.mayPost && !this.editorReady);
    if (waiting) void this.loadThreadView();
    if (!state || state.status === 'loading' || !state.question || !view || waiting) {
      return html`<div part="thread" class="thread">
        ${back} ${this.renderSkeleton(this.t('qa.loading'))}
      </div>`;
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
    this.adoptStyles(view.threadStyles);
    const asker = member?.sub === q.author.id;
    return view.renderThread({
      state: { ...state, question: q, answers: state.answers.slice(0, this.answerWindow) },
      mayAccept: !!member && (asker || isStaff(member)),
      asker,
      following: member && this.session?.adapter.notifications ? state.following : null,
      escalating: this.escalating,
      locale: this.resolvedLocale,
      refresh: () => this.requestUpdate(),
      linksAsText: this.linksAsText,
      messages: $catalogs.get()[this.resolvedLocale],
      error: this.actionError,
      t: (key, params) => this.t(key, params),
      time: (iso) => this.relativeTime(iso),
      author: (m) => this.authorOf(m),
      back,
      answerForm: this.renderAnswerForm(q),
      onVote: (type, id, value) => void this.castVote(type, id, value),
      onAccept: (a) => void this.toggleAccept(q, a),
      onEscalate: () => void this.escalate(q),
      onFollow: () => void this.toggleFollow(q.id, !state.following),
      onMoreAnswers: () => void this.showMoreAnswers(),
      moderation: (targetType, post) => this.renderModeration(targetType, post),
      moderationVersion: this.moderationVersion,
    });
  }

  /** A hidden question closes and leaves the list; a hidden answer leaves the thread. */
  protected override moderationHidden(target: ModerationTarget): void {
    if (target.targetType === 'question') {
      if (this.openId === target.targetId) this.closeItem();
      this.retryList();
    } else {
      this.retryThread();
    }
  }

  private retryThread(): void {
    if (!this.session || !this.openId) return;
    void reloadThread(questionThread(this.session, this.openId, this.effectivePageSize));
  }

  private renderAnswerForm(q: Question): TemplateResult {
    if (!this.mayPost) return this.renderSignInPrompt('answer', this.t('qa.signIn.prompt'));
    const form = this.answerForm;
    return html`<form
      class="answer-form"
      part="answer-form"
      novalidate
      @submit=${(e: Event) => void this.submitAnswer(q.id, e)}
    >
      ${this.renderFormEnd({
        editor: {
          id: 'answer-body',
          value: this.answerBody,
          max: BODY_MAX,
          required: true,
          error: form.fields.body ?? null,
          label: this.t('qa.answer.body'),
          onInput: (v) => this.handleAnswerInput(q.id, v),
        },
        form,
        errorId: 'answer-error',
        fieldError: !!form.fields.body,
        submit: this.t('qa.answer.submit'),
        action: 'answer',
        prompt: this.t('qa.signIn.prompt'),
      })}
    </form>`;
  }
}

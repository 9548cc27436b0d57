import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import {
  DEFAULT_IDEA_STATUSES,
  IDEA_SORTS,
  type Board,
  type Idea,
  type IdeaSort,
  type IdeaStatusDefinition,
  type IdeaStatusSlug,
  type PostBase,
} from '../../core/types.js';
import messages from '../../locales/ideas/en.js';
import { loadDraft, saveDraft } from '../../stores/drafts.js';
import {
  boardState,
  createIdeaSearch,
  ideaDetail,
  ideaList,
  loadMoreComments,
  loadMoreIdeas,
  reloadBoard,
  reloadIdea,
  refreshBoard,
  reloadIdeas,
  voteIdea,
  type BoardState,
  type IdeaListState,
  type IdeaSearch,
  type IdeaState,
} from '../../stores/ideas.js';
import type { SearchState } from '../../stores/search.js';
import type { Session } from '../../stores/session.js';
import { BODY_MAX } from '../../stores/writes.js';
import { oneOf, warnOnce } from '../common/attributes.js';
import type { ModerationTarget } from '../../stores/moderation.js';
import { PostingElement, idleForm, type FormState } from '../common/posting-element.js';
import { StoreController } from '../common/store-controller.js';
import { voteToggle } from '../common/vote-toggle.js';
import type { Roadmap } from './ideas-roadmap.js';
import type { StaffControls } from './ideas-staff.js';
import { ideasStyles } from './ideas.styles.js';
import { showMoreButton } from '../common/show-more.js';

registerMessages(messages, { de: () => import('../../locales/ideas/de.js') });

const HASH_PREFIX = '#kith-idea-';
const VIEWS = ['list', 'roadmap'] as const;
type IdeasView = (typeof VIEWS)[number];
const STATUS_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const REQUIRED = { title: 'ideas.required.title', body: 'ideas.required.comment' } as const;
const SEARCH_DELAY = 300;
/** A member's writes (idea, comment, follow), their own chunk: imported ahead on sign-in. */
const memberWrites = () => import('../../stores/ideas-writes.js');

/**
 * An idea board: members suggest ideas (seeing similar ones while they type), vote with an optional
 * budget, comment and follow; staff set statuses with an official response and merge duplicates. The
 * roadmap view shows the planned, in-progress and done ideas in columns.
 *
 * @summary Idea voting and a public roadmap for a board.
 *
 * @fires kith-idea-submitted - An idea was suggested. `detail: { idea }`
 * @fires kith-vote - The server acknowledged a vote. `detail: { targetType: 'idea', targetId, value }`
 * @fires kith-flag - A member reported an idea or comment. `detail: { targetType, targetId, reason }`
 * @fires kith-idea-status-changed - Staff changed an idea's status here. `detail: { ideaId, from, to }`
 * @fires kith-follow-changed - The member followed or unfollowed an idea. `detail: { targetType: 'idea', targetId, following }`
 * @fires kith-error - A failure was shown to the user. `detail: { code, message, action }`
 * @fires kith-auth-expired - The member token expired; call `Kith.identify()` again.
 * @fires kith-sign-in-requested - A signed-out visitor asked to sign in. Cancel it to handle sign-in yourself.
 *
 * @csspart base - The outer container.
 * @csspart header - Heading, count and the remaining votes.
 * @csspart feed-link - "Subscribe via Atom feed" (when the backend has feeds; `no-feed` hides it).
 * @csspart budget - "You have N of M votes left".
 * @csspart composer - The suggest-an-idea form; also `similar` (similar ideas while typing).
 * @csspart toolbar - Sort, status filter and search.
 * @csspart list - The list of ideas.
 * @csspart idea - One idea in the list.
 * @csspart vote - A vote toggle button; also `score`.
 * @csspart status - A status badge (text, with the status colour as a dot).
 * @csspart roadmap - The roadmap; also `column` and `card`.
 * @csspart detail - An opened idea.
 * @csspart official-response - The official response on an opened idea.
 * @csspart history - The status history.
 * @csspart comment - One comment; staff comments also `staff-comment`.
 * @csspart comment-form - The comment form.
 * @csspart follow - The follow toggle.
 * @csspart staff - The staff controls (status change, merge).
 * @csspart author - An author's name, avatar and role marks; also `role-mark`.
 * @csspart editor - A Markdown field with its preview; also `textarea`, `preview`.
 * @csspart button - Primary buttons.
 * @csspart sign-in - The invitation to sign in.
 * @csspart empty - The empty state.
 * @csspart error - Error messages.
 * @csspart guidelines - The site's community guidelines in a compose form; also `guest` (a guest's
 *   name and e-mail) and `notice` (the thanks for a post that waits for a moderator).
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Secondary text.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-surface - Raised surfaces (similar ideas, roadmap columns, official response).
 * @cssprop --kith-color-border - Borders.
 * @cssprop --kith-color-accent - Links, primary buttons, pressed votes.
 * @cssprop --kith-color-on-accent - Text on the accent colour.
 * @cssprop --kith-color-success - The "done" status.
 * @cssprop --kith-color-danger - Errors, the "declined" status.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithIdeas extends PostingElement {
  static override styles = ideasStyles;

  /** The board's slug (required): a product, an area of the product. */
  @property() board: string | undefined;

  /** `top` (default), `trending` (recent votes weigh more) or `newest`. */
  @property() sort: IdeaSort = 'top';

  /** Show only ideas with this status slug; empty for all. */
  @property() status = '';

  /** `list` (default) or `roadmap` (columns by status). */
  @property() view: IdeasView = 'list';

  protected readonly hashPrefix = HASH_PREFIX;

  @state() private searchText = '';
  @state() private appliedQuery = '';
  @state() private ideaTitle = '';
  @state() private ideaBody = '';
  @state() private submitForm: FormState = idleForm();
  @state() private commentBody = '';
  @state() private commentForm: FormState = idleForm();
  /** The member's post just written whose links and images became text (trust level 0). */
  @state() private linksAsText: string | null = null;

  private readonly list = new StoreController<IdeaListState>(this);
  private readonly boardInfo = new StoreController<BoardState>(this);
  private readonly detail = new StoreController<IdeaState>(this);
  private readonly similar = new StoreController<SearchState<Idea>>(this);
  private similarSearch: IdeaSearch | null = null;
  private readonly ideaView = this.lazyView(() => import('./ideas-idea.js'));
  /** The roadmap view's chunk, loaded when `view="roadmap"` is shown. */
  private readonly roadmapChunk = this.lazyView(() => import('./ideas-roadmap.js'));
  private roadmap: Roadmap | null = null;
  /** The staff controls' chunk, loaded when a staff member opens an idea. */
  private readonly staffChunk = this.lazyView(() => import('./ideas-staff.js'));
  private staff: StaffControls | null = null;
  /** Loads the opened idea's chunk (ahead of opening when pointed at) and a member's comment editor. */
  private loadIdeaView = (): Promise<void> => {
    if (this.mayPost) void this.loadEditor();
    return this.ideaView.load();
  };
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disposeSearches();
    clearTimeout(this.searchTimer);
  }

  // ---- attributes, resolved -------------------------------------------------------------------

  private get effectiveBoard(): string | null {
    const board = this.board?.trim();
    return board ? board.slice(0, 200) : null;
  }

  protected override feed() {
    const board = this.effectiveBoard;
    return board
      ? { kind: 'board' as const, key: board, title: this.t('ideas.feed', { board }) }
      : null;
  }

  private get effectiveSort(): IdeaSort {
    return oneOf(this.localName, 'sort', this.sort, IDEA_SORTS, 'top');
  }

  private get effectiveView(): IdeasView {
    return oneOf(this.localName, 'view', this.view, VIEWS, 'list');
  }

  /** A roadmap opens the ideas clicked in it; a shared link opens in the page's idea lists. */
  protected override acceptsDeepLinks(): boolean {
    return this.effectiveView !== 'roadmap';
  }

  /** The status filter: a slug of the board (checked once the board is known), or `null` for all. */
  private get effectiveStatus(): IdeaStatusSlug | null {
    const status = this.status?.trim();
    if (!status) return null;
    const board = this.boardInfo.value?.board;
    if (!STATUS_SLUG.test(status) || (board && !board.statuses.some((s) => s.slug === status))) {
      warnOnce(this.localName, 'status', status, 'all statuses');
      return null;
    }
    return status;
  }

  private get loadedBoard(): Board | null {
    return this.boardInfo.value?.board ?? null;
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  private disposeSearches(): void {
    this.similarSearch?.dispose();
    this.similarSearch = null;
  }

  private createSearches(session: Session): void {
    this.disposeSearches();
    const board = this.effectiveBoard;
    if (!board) return;
    this.similarSearch = createIdeaSearch(session, board);
    this.loadIdeaDraft();
  }

  protected override sessionChanged(session: Session, previous: Session | null): void {
    // Ahead of a member's first write (which reports a failure to load it).
    if (this.member) memberWrites().catch(() => undefined);
    this.createSearches(session);
    if (this.openId) this.loadCommentDraft(this.openId);
    this.linksAsText = null;
    super.sessionChanged(session, previous);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.session;
    const board = this.effectiveBoard;
    if (changed.has('board') && session) this.createSearches(session);
    if (!session || !board) return;
    this.boardInfo.use(boardState(session, board));
    const pageSize = this.effectivePageSize;
    if (this.openId) {
      const idea = this.detail.use(ideaDetail(session, this.openId, pageSize)).idea;
      // A deep link to another board's idea is not ours to show.
      if (idea && idea.board !== board) this.openId = null;
    }
    if (this.effectiveView !== 'roadmap') {
      this.list.use(
        ideaList(session, {
          board,
          sort: this.effectiveSort,
          status: this.effectiveStatus,
          query: this.appliedQuery,
          pageSize,
        }),
      );
    }
    if (this.similarSearch) this.similar.use(this.similarSearch.store);
  }

  protected override updated(): void {
    super.updated();
    this.announceSearch(this.similar.value, 'ideas.search.results', 'ideas.search.none');
    // Custom status colours: set through CSSOM (no style attributes under a strict CSP).
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('[data-color]')) {
      el.style.setProperty('--_status', el.dataset.color!);
    }
  }

  private loadIdeaDraft(): void {
    const board = this.effectiveBoard;
    if (!board) return;
    const draft = loadDraft(this.draftKeyFor('idea', board));
    this.ideaTitle = draft.title;
    this.ideaBody = draft.body;
    if (draft.title) this.similarSearch?.setQuery(draft.title);
  }

  private loadCommentDraft(ideaId: string): void {
    this.commentBody = loadDraft(this.draftKeyFor('comment', ideaId)).body;
    this.commentForm = idleForm();
  }

  // ---- statuses ---------------------------------------------------------------------------------

  private statusDef(slug: IdeaStatusSlug): IdeaStatusDefinition | undefined {
    return this.loadedBoard?.statuses.find((s) => s.slug === slug);
  }

  private statusLabel = (slug: IdeaStatusSlug): string => {
    const label = this.statusDef(slug)?.label;
    if (label) return label;
    return (DEFAULT_IDEA_STATUSES as readonly string[]).includes(slug)
      ? this.t(`ideas.status.${slug}` as 'ideas.status.open')
      : slug;
  };

  /** A status as text with its colour on a dot and border only (text keeps its contrast). */
  private statusBadge = (slug: IdeaStatusSlug): TemplateResult => {
    const color = this.statusDef(slug)?.color;
    return html`<span
      class="status status-${slug}"
      part="status"
      data-color=${color && COLOR.test(color) ? color : nothing}
      ><span class="status-mark" aria-hidden="true"></span>${this.statusLabel(slug)}</span
    >`;
  };

  // ---- navigation -------------------------------------------------------------------------------

  protected itemSelector(id: string): string {
    return `[data-idea-id="${CSS.escape(id)}"]`;
  }

  protected itemOpened(id: string): void {
    this.loadCommentDraft(id);
    this.focusAfterRender = '#idea-heading';
    this.resetEditor('comment-body');
    this.resetEditor('response-body');
    this.staff?.reset();
    this.actionError = null;
  }

  // ---- writes -----------------------------------------------------------------------------------

  private handleTitleInput(e: Event): void {
    this.ideaTitle = (e.target as HTMLInputElement).value;
    saveDraft(this.draftKeyFor('idea', this.effectiveBoard!), { title: this.ideaTitle });
    this.similarSearch?.setQuery(this.ideaTitle);
    if (this.submitForm.fields.title) this.submitForm = { ...this.submitForm, fields: {} };
  }

  private handleBodyInput(value: string): void {
    this.ideaBody = value;
    saveDraft(this.draftKeyFor('idea', this.effectiveBoard!), { body: value });
  }

  private async submit(e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    const board = this.effectiveBoard;
    if (!session || !board || this.submitForm.posting) return;
    if (!this.mayPost) {
      this.requestSignIn('submit');
      return;
    }
    this.submitForm = { posting: true, error: null, fields: {} };
    try {
      const { submitIdea } = await memberWrites();
      const idea = await submitIdea(
        session,
        {
          board,
          title: this.ideaTitle,
          body: this.ideaBody,
          pageUrl: this.effectivePageUrl,
          ...this.composeExtras('idea-body'),
        },
        this.draftKeyFor('idea', board),
      );
      this.ideaTitle = '';
      this.ideaBody = '';
      this.resetEditor('idea-body');
      this.similarSearch?.setQuery('');
      emit(this, 'kith-idea-submitted', { idea });
      this.submitForm = this.announcePosted('ideas.suggest.posted', idea);
      // A held idea waits for a moderator: the form stays, thanking, instead of opening it.
      if (!this.submitForm.notice) this.openItem(idea.id);
    } catch (error) {
      this.submitForm = this.failedForm(error, 'submit', () => void this.submit(), REQUIRED);
      this.focusAfterRender = this.submitForm.fields.title ? '#idea-title' : '#submit-error';
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

  private async castVote(idea: Idea): Promise<void> {
    const session = this.memberSession('vote', 'ideas.signIn.prompt');
    if (!session) return;
    const result = await this.act(
      'vote',
      'error.vote',
      () => voteIdea(session, idea.id, idea.myVote === 1 ? 0 : 1),
      (error) => (error.code === 'conflict' ? this.t('ideas.budget.none') : null),
    );
    if (!result) return;
    emit(this, 'kith-vote', { targetType: 'idea', targetId: result.targetId, value: result.value });
    this.announce(this.t(result.value ? 'ideas.voted' : 'ideas.unvoted'));
  }

  private handleCommentInput(ideaId: string, value: string): void {
    this.commentBody = value;
    saveDraft(this.draftKeyFor('comment', ideaId), { body: value });
    if (this.commentForm.fields.body) this.commentForm = { ...this.commentForm, fields: {} };
  }

  private async submitComment(ideaId: string, e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    if (!session || this.commentForm.posting) return;
    this.commentForm = { posting: true, error: null, fields: {} };
    try {
      const { commentOnIdea } = await memberWrites();
      const comment = await commentOnIdea(
        session,
        {
          ideaId,
          body: this.commentBody,
          pageUrl: this.effectivePageUrl,
          ...this.composeExtras('comment-body'),
        },
        this.draftKeyFor('comment', ideaId),
      );
      this.commentBody = '';
      this.resetEditor('comment-body');
      this.commentForm = this.announcePosted('ideas.comment.posted', comment);
      if (!this.commentForm.notice)
        this.focusAfterRender = `[data-comment-id="${CSS.escape(comment.id)}"]`;
    } catch (error) {
      const retry = () => void this.submitComment(ideaId);
      this.commentForm = this.failedForm(error, 'comment', retry, REQUIRED);
      this.focusAfterRender = this.commentForm.fields.body ? '#comment-body' : '#comment-error';
    }
  }

  private async toggleFollow(idea: Idea): Promise<void> {
    const session = this.session;
    if (!session) return;
    const following = await this.act('follow', 'error.follow', () =>
      memberWrites().then((w) => w.followIdea(session, idea.id, !idea.following)),
    );
    if (following == null) return;
    emit(this, 'kith-follow-changed', { targetType: 'idea', targetId: idea.id, following });
    this.announce(this.t(following ? 'ideas.followed' : 'ideas.unfollowed'));
  }

  private handleSearchInput(e: Event): void {
    this.searchText = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.appliedQuery = this.searchText.trim();
    }, SEARCH_DELAY);
  }

  private currentList() {
    const board = this.effectiveBoard;
    if (!this.session || !board) return null;
    return ideaList(this.session, {
      board,
      sort: this.effectiveSort,
      status: this.effectiveStatus,
      query: this.appliedQuery,
      pageSize: this.effectivePageSize,
    });
  }

  private async showMoreIdeas(): Promise<void> {
    const store = this.currentList();
    if (!store) return;
    await this.showMore(
      () => loadMoreIdeas(store),
      () => store.get().items,
      (count) => this.t('ideas.list.loadedMore', { count }),
    );
  }

  private currentDetail() {
    if (!this.session || !this.openId) return null;
    return ideaDetail(this.session, this.openId, this.effectivePageSize);
  }

  private async showMoreComments(): Promise<void> {
    const store = this.currentDetail();
    if (!store) return;
    await this.showMore(
      () => loadMoreComments(store),
      () => store.get().comments,
      undefined,
      (id) => `[data-comment-id="${CSS.escape(id)}"]`,
    );
  }

  // ---- rendering --------------------------------------------------------------------------------

  override render(): TemplateResult {
    const list = this.list.value;
    const roadmap = this.effectiveView === 'roadmap';
    return this.renderShell({
      heading: this.t(roadmap ? 'ideas.roadmap.label' : 'ideas.heading'),
      header: html`${
        !roadmap && !this.openId && list?.status === 'ready'
          ? html`<span class="muted">${this.t('ideas.count', { count: list.total })}</span>`
          : nothing
      }
      ${this.renderBudget()}`,
      missing: this.effectiveBoard ? null : 'ideas.missingBoard',
      loading: this.t('ideas.loading'),
      body: () =>
        this.openId
          ? this.renderOpenIdea()
          : roadmap
            ? this.renderRoadmap()
            : html`${this.renderComposer()} ${this.renderList()}`,
    });
  }

  private renderBudget(): TemplateResult | typeof nothing {
    const board = this.loadedBoard;
    if (!this.member || !board || board.voteBudget == null || board.votesRemaining == null) {
      return nothing;
    }
    return html`<p class="budget" part="budget">
      ${this.t('ideas.budget', { count: board.votesRemaining, budget: board.voteBudget })}
    </p>`;
  }

  private renderVote(idea: Idea): TemplateResult {
    return voteToggle({
      count: idea.upvotes,
      pressed: idea.myVote === 1,
      label: this.t('ideas.vote.name', { count: idea.upvotes, title: idea.title }),
      onToggle: () => void this.castVote(idea),
    });
  }

  private ideaLink(idea: Idea, cls: string): TemplateResult {
    return html`<a
      class=${cls}
      data-idea-id=${idea.id}
      href=${HASH_PREFIX + encodeURIComponent(idea.id)}
      @click=${(e: Event) => this.openItem(idea.id, e)}
      >${idea.title}</a
    >`;
  }

  private renderComposer(): TemplateResult {
    const search = this.similar.value;
    const form = this.submitForm;
    const titleError = form.fields.title;
    const expanded = this.ideaTitle.length > 0 || this.ideaBody.length > 0 || !!form.notice;
    const results = search?.status === 'ready' ? search.results : [];
    const prompt = this.t('ideas.signIn.prompt');
    return html`<form
      part="composer"
      class="composer"
      novalidate
      @focusin=${this.loadEditor}
      @submit=${(e: Event) => void this.submit(e)}
    >
      ${this.renderTitleField({
        id: 'idea-title',
        label: this.t('ideas.suggest.label'),
        placeholder: this.t('ideas.suggest.placeholder'),
        value: this.ideaTitle,
        error: titleError,
        onInput: this.handleTitleInput,
      })}
      <div id="similar" class="similar ${results.length ? 'has-results' : ''}" part="similar">
        ${
          results.length
            ? html`<h3 class="similar-heading">${this.t('ideas.similar.heading')}</h3>
                <ul class="similar-ideas" @pointerover=${this.loadIdeaView}>
                  ${results.map(
                    (idea) =>
                      html`<li class="similar-idea">
                        ${this.renderVote(idea)} ${this.ideaLink(idea, 'similar-title')}
                        ${this.statusBadge(idea.status)}
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
                id: 'idea-body',
                value: this.ideaBody,
                max: BODY_MAX,
                rows: 4,
                error: form.fields.body ?? null,
                label: this.t('ideas.suggest.body'),
                onInput: (v) => this.handleBodyInput(v),
              },
              form,
              errorId: 'submit-error',
              fieldError: !!titleError,
              submit: this.t('ideas.suggest.submit'),
              action: 'submit',
              prompt,
            })
          : this.member
            ? nothing
            : this.renderSignInPrompt('submit', prompt)
      }
    </form>`;
  }

  private renderToolbar(): TemplateResult {
    const board = this.loadedBoard;
    const current = this.effectiveStatus ?? '';
    return html`<div class="toolbar" part="toolbar">
      ${this.renderSorts(
        this.t('ideas.sort.label'),
        IDEA_SORTS,
        this.effectiveSort,
        (sort) => this.t(`ideas.sort.${sort}`),
        (sort) => {
          this.sort = sort;
          this.actionError = null;
        },
      )}
      <label class="filter">
        ${this.t('ideas.filter.status')}
        <select
          @change=${(e: Event) => {
            this.status = (e.target as HTMLSelectElement).value;
          }}
        >
          <option value="" ?selected=${!current}>${this.t('ideas.filter.all')}</option>
          ${(board?.statuses ?? []).map(
            (s) =>
              html`<option value=${s.slug} ?selected=${s.slug === current}>
                ${this.statusLabel(s.slug)}
              </option>`,
          )}
        </select>
      </label>
      <input
        type="search"
        class="list-search"
        aria-label=${this.t('ideas.filter.search')}
        placeholder=${this.t('ideas.filter.search')}
        .value=${this.searchText}
        @input=${this.handleSearchInput}
      />
    </div>`;
  }

  private renderList(): TemplateResult {
    const state = this.list.value;
    let body: TemplateResult;
    if (!state || state.status === 'loading') {
      body = this.renderSkeleton(this.t('ideas.loading'));
    } else if (state.status === 'error') {
      body = this.renderLoadError(this.t('ideas.error.load'), state.error, () => {
        const store = this.currentList();
        if (store) void reloadIdeas(store);
      });
    } else if (!state.items.length) {
      const filtered = this.appliedQuery || this.effectiveStatus;
      body = html`<p class="empty" part="empty">
        ${this.t(filtered ? 'ideas.empty.filtered' : 'ideas.empty')}
      </p>`;
    } else {
      body = html`<ul
          class="ideas"
          part="list"
          aria-label=${this.t('ideas.list.label')}
          @pointerover=${this.loadIdeaView}
          @focusin=${this.loadIdeaView}
        >
          ${state.items.map((idea) => this.renderIdeaItem(idea))}
        </ul>
        ${showMoreButton({
          state,
          label: this.t('ideas.list.more'),
          busyLabel: this.t('ideas.loading'),
          onMore: () => void this.showMoreIdeas(),
        })}`;
    }
    return html`${this.renderToolbar()} ${this.renderActionError(this.actionError)}
      <div class="list-body">${body}</div>`;
  }

  private renderIdeaItem(idea: Idea): TemplateResult {
    return html`<li class="idea" part="idea">
      ${this.renderVote(idea)}
      <div class="idea-main">
        ${this.ideaLink(idea, 'idea-title')}
        <div class="meta muted">
          ${this.statusBadge(idea.status)} ·
          <span>${this.t('ideas.comments.count', { count: idea.commentCount })}</span> ·
          ${this.authorOf(idea.author)} ${this.relativeTime(idea.createdAt)}
        </div>
      </div>
    </li>`;
  }

  private renderRoadmap(): TemplateResult {
    const info = this.boardInfo.value;
    if (info?.status === 'error') {
      return this.renderLoadError(this.t('ideas.error.load'), info.error, () => {
        if (this.session && this.effectiveBoard) {
          void reloadBoard(boardState(this.session, this.effectiveBoard));
        }
      });
    }
    const module = this.roadmapChunk.module;
    if (!module) void this.roadmapChunk.load();
    if (!info?.board || !module || !this.session) {
      return this.renderSkeleton(this.t('ideas.loading'));
    }
    this.adoptStyles(module.roadmapStyles);
    this.roadmap ??= new module.Roadmap(this);
    return this.roadmap.render({
      session: this.session,
      board: info.board,
      sort: this.effectiveSort,
      pageSize: this.effectivePageSize,
      href: (id) => HASH_PREFIX + encodeURIComponent(id),
      t: (key, params) => this.t(key, params),
      status: this.statusBadge,
      open: (id, e) => this.openItem(id, e),
      prefetch: this.loadIdeaView,
    });
  }

  private renderOpenIdea(): TemplateResult {
    const state = this.detail.value;
    const back = html`<button
      type="button"
      class="link-button back"
      @click=${() => this.closeItem()}
    >
      ← ${this.t(this.effectiveView === 'roadmap' ? 'ideas.roadmap.label' : 'ideas.back')}
    </button>`;
    if (state?.status === 'error' || (state?.status === 'ready' && !state.idea)) {
      return html`<div part="detail" class="detail">
        ${back}
        ${this.renderLoadError(this.t('ideas.error.idea'), state.error, () => {
          const store = this.currentDetail();
          if (store) void reloadIdea(store);
        })}
      </div>`;
    }
    const view = this.ideaView.module;
    const waiting = !view || (this.mayPost && !this.editorReady);
    if (waiting) void this.loadIdeaView();
    if (!state || state.status === 'loading' || !state.idea || !view || waiting) {
      return html`<div part="detail" class="detail">
        ${back} ${this.renderSkeleton(this.t('ideas.loading'))}
      </div>`;
    }
    const idea = state.idea;
    const member = this.member;
    this.adoptStyles(view.ideaStyles);
    return view.renderIdea({
      state: { ...state, idea },
      error: this.actionError,
      signedIn: !!member,
      linksAsText: this.linksAsText,
      t: (key, params) => this.t(key, params),
      time: (iso) => this.relativeTime(iso),
      author: (m) => this.authorOf(m),
      status: this.statusBadge,
      statusLabel: this.statusLabel,
      back,
      vote: this.renderVote(idea),
      commentForm: this.renderCommentForm(idea),
      staff: isStaff(member) ? this.renderStaff(idea) : nothing,
      onFollow: () => void this.toggleFollow(idea),
      onMoreComments: () => void this.showMoreComments(),
      moderation: (targetType, post) => this.renderModeration(targetType, post),
    });
  }

  /** A hidden idea closes and leaves the board; a hidden comment leaves the idea. */
  protected override moderationHidden(target: ModerationTarget): void {
    const board = this.effectiveBoard;
    if (target.targetType === 'idea' && this.openId === target.targetId) this.closeItem();
    if (this.session && board) refreshBoard(this.session, board);
  }

  private renderCommentForm(idea: Idea): TemplateResult {
    if (!this.mayPost) return this.renderSignInPrompt('comment', this.t('ideas.signIn.prompt'));
    const form = this.commentForm;
    return html`<form
      class="comment-form"
      part="comment-form"
      novalidate
      @submit=${(e: Event) => void this.submitComment(idea.id, e)}
    >
      ${this.renderFormEnd({
        editor: {
          id: 'comment-body',
          value: this.commentBody,
          max: BODY_MAX,
          required: true,
          rows: 3,
          error: form.fields.body ?? null,
          label: this.t('ideas.comment.body'),
          onInput: (v) => this.handleCommentInput(idea.id, v),
        },
        form,
        errorId: 'comment-error',
        fieldError: !!form.fields.body,
        submit: this.t('ideas.comment.submit'),
        action: 'comment',
        prompt: this.t('ideas.signIn.prompt'),
      })}
    </form>`;
  }

  private renderStaff(idea: Idea): TemplateResult | typeof nothing {
    const module = this.staffChunk.module;
    const session = this.session;
    if (!module || !session) {
      void this.staffChunk.load();
      return nothing;
    }
    this.adoptStyles(module.staffStyles);
    this.staff ??= new module.StaffControls(this);
    return this.staff.render({
      session,
      board: idea.board,
      idea,
      statuses: (this.loadedBoard?.statuses ?? []).map((s) => ({
        slug: s.slug,
        label: this.statusLabel(s.slug),
      })),
      t: (key, params) => this.t(key, params),
      statusLabel: this.statusLabel,
      responseEditor: (o) =>
        this.renderEditor({
          id: 'response-body',
          max: BODY_MAX,
          rows: 3,
          label: this.t('ideas.staff.response'),
          ...o,
        }),
      resetResponseEditor: () => this.resetEditor('response-body'),
      failed: (error, action, retry) => this.failedForm(error, action, retry, {}),
      announce: (message) => this.announce(message),
      open: (id) => this.openItem(id),
      focusAfterRender: (selector) => {
        this.focusAfterRender = selector;
      },
    });
  }
}

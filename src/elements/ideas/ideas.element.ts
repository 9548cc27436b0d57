import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { computed, type ReadableAtom } from 'nanostores';
import { emit } from '../../core/events.js';
import { isStaff } from '../../core/token.js';
import {
  DEFAULT_IDEA_STATUSES,
  IDEA_SORTS,
  type Board,
  type Idea,
  type IdeaSort,
  type IdeaStatusDefinition,
  type IdeaStatusSlug,
} from '../../core/types.js';
import { loadDraft, saveDraft } from '../../stores/drafts.js';
import {
  boardState,
  commentOnIdea,
  createIdeaSearch,
  followIdea,
  ideaDetail,
  ideaList,
  loadMoreComments,
  loadMoreIdeas,
  mergeIdea,
  reloadBoard,
  reloadIdea,
  reloadIdeas,
  setIdeaStatus,
  submitIdea,
  voteIdea,
  type BoardState,
  type IdeaListState,
  type IdeaSearch,
  type IdeaState,
} from '../../stores/ideas.js';
import type { SearchState } from '../../stores/search.js';
import type { Session } from '../../stores/session.js';
import { BODY_MAX } from '../../stores/writes.js';
import { oneOf, warnOnce } from '../shared/attributes.js';
import { MarkdownEditor } from '../shared/markdown-editor.js';
import { PostingElement, idleForm, type FormState } from '../shared/posting-element.js';
import { StoreController } from '../shared/store-controller.js';
import { voteToggle } from '../shared/vote-toggle.js';
import { ideasStyles } from './ideas.styles.js';

const HASH_PREFIX = '#kith-idea-';
const VIEWS = ['list', 'roadmap'] as const;
type IdeasView = (typeof VIEWS)[number];
const STATUS_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const REQUIRED = { title: 'ideas.required.title', body: 'ideas.required.comment' } as const;
const SEARCH_DELAY = 300;

/**
 * An idea board: members suggest ideas (seeing similar ones while they type), vote with an optional
 * budget, comment and follow; staff set statuses with an official response and merge duplicates. The
 * roadmap view shows the planned, in-progress and done ideas in columns.
 *
 * @summary Idea voting and a public roadmap for a board.
 *
 * @fires kith-idea-submitted - An idea was suggested. `detail: { idea }`
 * @fires kith-vote - The server acknowledged a vote. `detail: { targetType: 'idea', targetId, value }`
 * @fires kith-idea-status-changed - Staff changed an idea's status here. `detail: { ideaId, from, to }`
 * @fires kith-error - A failure was shown to the user. `detail: { code, message, action }`
 * @fires kith-auth-expired - The member token expired; call `Kith.identify()` again.
 * @fires kith-sign-in-requested - A signed-out visitor asked to sign in. Cancel it to handle sign-in yourself.
 *
 * @csspart base - The outer container.
 * @csspart header - Heading, count and the remaining votes.
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
  @state() private statusChoice: string | null = null;
  @state() private responseBody = '';
  @state() private statusForm: FormState = idleForm();
  @state() private mergeQuery = '';
  @state() private mergeTarget: Idea | null = null;
  @state() private mergeForm: FormState = idleForm();
  @state() private activeCard: string | null = null;

  private readonly list = new StoreController<IdeaListState>(this);
  private readonly boardInfo = new StoreController<BoardState>(this);
  private readonly detail = new StoreController<IdeaState>(this);
  private readonly similar = new StoreController<SearchState<Idea>>(this);
  private readonly mergeResults = new StoreController<SearchState<Idea>>(this);
  private readonly columns = new StoreController<IdeaListState[]>(this);
  private readonly columnStores = new Map<string, ReadableAtom<IdeaListState[]>>();
  private similarSearch: IdeaSearch | null = null;
  private mergeSearch: IdeaSearch | null = null;
  private readonly ideaEditor = new MarkdownEditor(this);
  private readonly commentEditor = new MarkdownEditor(this);
  private readonly responseEditor = new MarkdownEditor(this);
  private readonly ideaView = this.lazyView(() => import('./ideas-idea.js'));
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

  private get effectiveSort(): IdeaSort {
    return oneOf(this.localName, 'sort', this.sort, IDEA_SORTS, 'top');
  }

  private get effectiveView(): IdeasView {
    return oneOf(this.localName, 'view', this.view, VIEWS, 'list');
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
    this.mergeSearch?.dispose();
    this.similarSearch = this.mergeSearch = null;
  }

  private createSearches(session: Session): void {
    this.disposeSearches();
    const board = this.effectiveBoard;
    if (!board) return;
    this.similarSearch = createIdeaSearch(session, board);
    this.mergeSearch = createIdeaSearch(session, board, { limit: 8 });
    this.loadIdeaDraft();
  }

  protected override sessionChanged(session: Session, previous: Session | null): void {
    this.createSearches(session);
    if (this.openId) this.loadCommentDraft(this.openId);
    super.sessionChanged(session, previous);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const session = this.session;
    const board = this.effectiveBoard;
    if (changed.has('board') && session) this.createSearches(session);
    if (!session || !board) return;
    const info = this.boardInfo.use(boardState(session, board));
    const pageSize = this.effectivePageSize;
    if (this.openId) {
      const idea = this.detail.use(ideaDetail(session, this.openId, pageSize)).idea;
      // A deep link to another board's idea is not ours to show.
      if (idea && idea.board !== board) this.openId = null;
    }
    if (this.effectiveView === 'roadmap') {
      if (info.board) this.columns.use(this.columnsStore(session, info.board));
    } else {
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
    if (this.mergeSearch) this.mergeResults.use(this.mergeSearch.store);
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

  /** Planned through done, with any status ordered between them (a custom `beta`, say). */
  private roadmapStatuses(board: Board): IdeaStatusDefinition[] {
    const orderOf = (slug: string) => board.statuses.find((s) => s.slug === slug)?.order;
    const from = orderOf('planned') ?? 2;
    const to = orderOf('done') ?? 4;
    return board.statuses.filter((s) => s.order >= from && s.order <= to);
  }

  /** One store over the roadmap's columns; their reads go out together (one batched request). */
  private columnsStore(session: Session, board: Board): ReadableAtom<IdeaListState[]> {
    const statuses = this.roadmapStatuses(board).map((s) => s.slug);
    const query = { sort: this.effectiveSort, pageSize: this.effectivePageSize };
    const key = `${session.key}|${board.slug}|${statuses.join()}|${JSON.stringify(query)}`;
    let store = this.columnStores.get(key);
    if (!store) {
      const stores = statuses.map((status) =>
        ideaList(session, { board: board.slug, status, query: '', ...query }),
      );
      store = computed(stores, (...states) => states);
      this.columnStores.set(key, store);
    }
    return store;
  }

  // ---- navigation -------------------------------------------------------------------------------

  protected itemSelector(id: string): string {
    return `[data-idea-id="${CSS.escape(id)}"]`;
  }

  protected itemOpened(id: string): void {
    this.loadCommentDraft(id);
    this.focusAfterRender = '#idea-heading';
    this.commentEditor.reset();
    this.responseEditor.reset();
    this.statusChoice = null;
    this.responseBody = '';
    this.statusForm = idleForm();
    this.mergeQuery = '';
    this.mergeTarget = null;
    this.mergeForm = idleForm();
    this.mergeSearch?.setQuery('');
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
    if (!this.member) {
      this.requestSignIn('submit');
      return;
    }
    this.submitForm = { posting: true, error: null, fields: {} };
    try {
      const idea = await submitIdea(
        session,
        { board, title: this.ideaTitle, body: this.ideaBody, pageUrl: this.effectivePageUrl },
        this.draftKeyFor('idea', board),
      );
      this.submitForm = idleForm();
      this.ideaTitle = '';
      this.ideaBody = '';
      this.ideaEditor.reset();
      this.similarSearch?.setQuery('');
      emit(this, 'kith-idea-submitted', { idea });
      this.announce(this.t('ideas.suggest.posted'));
      this.openItem(idea.id);
    } catch (error) {
      this.submitForm = this.failedForm(error, 'submit', () => void this.submit(), REQUIRED);
      this.focusAfterRender = this.submitForm.fields.title ? '#idea-title' : '#submit-error';
    }
  }

  private async castVote(idea: Idea): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!this.member) {
      this.requestSignIn('vote');
      this.announce(this.t('ideas.signIn.prompt'));
      return;
    }
    this.actionError = null;
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
      const comment = await commentOnIdea(
        session,
        { ideaId, body: this.commentBody, pageUrl: this.effectivePageUrl },
        this.draftKeyFor('comment', ideaId),
      );
      this.commentForm = idleForm();
      this.commentBody = '';
      this.commentEditor.reset();
      this.announce(this.t('ideas.comment.posted'));
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
      followIdea(session, idea.id, !idea.following),
    );
    if (following != null) this.announce(this.t(following ? 'ideas.followed' : 'ideas.unfollowed'));
  }

  private async changeStatus(idea: Idea, e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    if (!session || this.statusForm.posting) return;
    const status = this.statusChoice ?? idea.status;
    this.statusForm = { posting: true, error: null, fields: {} };
    try {
      const { from } = await setIdeaStatus(session, {
        ideaId: idea.id,
        status,
        response: this.responseBody.trim(),
      });
      this.statusForm = idleForm();
      this.responseBody = '';
      this.statusChoice = null;
      this.responseEditor.reset();
      emit(this, 'kith-idea-status-changed', { ideaId: idea.id, from, to: status });
      this.announce(this.t('ideas.staff.updated', { status: this.statusLabel(status) }));
    } catch (error) {
      const retry = () => void this.changeStatus(idea);
      this.statusForm = this.failedForm(error, 'status', retry, {});
    }
  }

  private async merge(duplicate: Idea): Promise<void> {
    const session = this.session;
    const target = this.mergeTarget;
    if (!session || !target || this.mergeForm.posting) return;
    this.mergeForm = { posting: true, error: null, fields: {} };
    try {
      const original = await mergeIdea(session, {
        duplicateId: duplicate.id,
        originalId: target.id,
      });
      this.mergeForm = idleForm();
      this.openItem(original.id);
      this.announce(this.t('ideas.merge.done', { title: original.title }));
    } catch (error) {
      this.mergeForm = this.failedForm(error, 'merge', () => void this.merge(duplicate), {});
    }
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
      store.get().items.length,
      (i) => {
        const next = store.get().items[i];
        return next ? this.itemSelector(next.id) : null;
      },
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
      store.get().comments.length,
      (i) => {
        const next = store.get().comments[i];
        return next ? `[data-comment-id="${CSS.escape(next.id)}"]` : null;
      },
    );
  }

  // ---- roadmap keyboard -------------------------------------------------------------------------

  /** The roadmap's cards as columns of ids (empty columns skipped by the arrow keys). */
  private cardGrid(): string[][] {
    return (this.columns.value ?? []).map((c) => c.items.map((i) => i.id));
  }

  private handleRoadmapKey(e: KeyboardEvent): void {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-card]')?.dataset.card;
    if (!id) return;
    const grid = this.cardGrid();
    const col = grid.findIndex((c) => c.includes(id));
    const row = grid[col]!.indexOf(id);
    const filled = grid.map((c, i) => (c.length ? i : -1)).filter((i) => i >= 0);
    const at = filled.indexOf(col);
    let next: string | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = grid[col]![Math.min(row + 1, grid[col]!.length - 1)];
        break;
      case 'ArrowUp':
        next = grid[col]![Math.max(row - 1, 0)];
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        const target = grid[filled[at + (e.key === 'ArrowRight' ? 1 : -1)] ?? col]!;
        next = target[Math.min(row, target.length - 1)];
        break;
      }
      case 'Home':
        next = e.ctrlKey ? grid[filled[0]!]![0] : grid[col]![0];
        break;
      case 'End': {
        const target = e.ctrlKey ? grid[filled[filled.length - 1]!]! : grid[col]!;
        next = target[target.length - 1];
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    if (next) this.moveToCard(next);
  }

  private moveToCard(id: string): void {
    this.activeCard = id;
    this.renderRoot.querySelector<HTMLElement>(`[data-card="${CSS.escape(id)}"]`)?.focus();
  }

  // ---- rendering --------------------------------------------------------------------------------

  override render(): TemplateResult {
    const board = this.effectiveBoard;
    const list = this.list.value;
    const roadmap = this.effectiveView === 'roadmap';
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <header part="header" class="header">
        <h2 id="heading">${this.t(roadmap ? 'ideas.roadmap.label' : 'ideas.heading')}</h2>
        ${
          !roadmap && !this.openId && list?.status === 'ready'
            ? html`<span class="muted">${this.t('ideas.count', { count: list.total })}</span>`
            : nothing
        }
        ${this.renderBudget()}
      </header>
      ${this.renderConfigError()}
      ${
        !board
          ? this.renderMissingBoard()
          : this.session
            ? this.openId
              ? this.renderOpenIdea()
              : roadmap
                ? this.renderRoadmap()
                : html`${this.renderComposer()} ${this.renderList()}`
            : this.configError
              ? nothing
              : this.renderSkeleton(this.t('ideas.loading'))
      }
      ${this.renderLiveRegion()}
    </section>`;
  }

  private renderMissingBoard(): TemplateResult {
    console.error(`Kith <${this.localName}>: ${this.t('ideas.missingBoard')}`);
    return html`<p class="config-error" part="error" role="alert">
      ${this.t('error.config', { message: this.t('ideas.missingBoard') })}
    </p>`;
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
    const expanded = this.ideaTitle.length > 0 || this.ideaBody.length > 0;
    const results = search?.status === 'ready' ? search.results : [];
    const prompt = this.t('ideas.signIn.prompt');
    return html`<form
      part="composer"
      class="composer"
      novalidate
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
                <ul class="similar-ideas" @pointerover=${this.ideaView.load}>
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
              editor: this.ideaEditor.render({
                id: 'idea-body',
                value: this.ideaBody,
                max: BODY_MAX,
                rows: 4,
                error: form.fields.body ?? null,
                texts: this.editorTexts(this.t('ideas.suggest.body')),
                onInput: (v) => this.handleBodyInput(v),
              }),
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
          @pointerover=${this.ideaView.load}
          @focusin=${this.ideaView.load}
        >
          ${state.items.map((idea) => this.renderIdeaItem(idea))}
        </ul>
        ${
          state.nextCursor
            ? html`<button
                type="button"
                class="btn more"
                ?disabled=${state.loadingMore}
                @click=${() => void this.showMoreIdeas()}
              >
                ${state.loadingMore ? this.t('ideas.loading') : this.t('ideas.list.more')}
              </button>`
            : nothing
        }`;
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
    const columns = this.columns.value;
    if (!info?.board || !columns) return this.renderSkeleton(this.t('ideas.loading'));
    const statuses = this.roadmapStatuses(info.board);
    const grid = this.cardGrid();
    const active = grid.flat().includes(this.activeCard ?? '') ? this.activeCard : grid.flat()[0];
    return html`<div
      class="roadmap"
      part="roadmap"
      @keydown=${this.handleRoadmapKey}
      @pointerover=${this.ideaView.load}
      @focusin=${this.ideaView.load}
    >
      <p id="roadmap-help" class="visually-hidden">${this.t('ideas.roadmap.help')}</p>
      ${statuses.map((status, i) => {
        const column = columns[i];
        const id = `column-${status.slug}`;
        return html`<section class="column" part="column" aria-labelledby=${id}>
          <h3 id=${id} class="column-heading">
            ${this.statusBadge(status.slug)}
            ${column?.status === 'ready' ? html`<span class="muted">${column.total}</span>` : nothing}
          </h3>
          ${
            !column || column.status === 'loading'
              ? html`<div class="skeleton column-skeleton" aria-hidden="true"></div>`
              : column.status === 'error'
                ? html`<p class="error">${this.t('ideas.error.load')}</p>`
                : column.items.length
                  ? html`<ul class="cards">
                      ${column.items.map(
                        (idea) =>
                          html`<li>
                            <a
                              class="card"
                              part="card"
                              data-card=${idea.id}
                              data-idea-id=${idea.id}
                              href=${HASH_PREFIX + encodeURIComponent(idea.id)}
                              tabindex=${idea.id === active ? '0' : '-1'}
                              aria-describedby="roadmap-help"
                              @focus=${() => {
                                this.activeCard = idea.id;
                              }}
                              @click=${(e: Event) => this.openItem(idea.id, e)}
                            >
                              <span class="card-title">${idea.title}</span>
                              <span class="card-meta muted">
                                ${this.t('vote.score', { count: idea.upvotes })} ·
                                ${this.t('ideas.comments.count', { count: idea.commentCount })}
                              </span>
                            </a>
                          </li>`,
                      )}
                    </ul>`
                  : html`<p class="muted column-empty">${this.t('ideas.roadmap.empty')}</p>`
          }
        </section>`;
      })}
    </div>`;
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
    if (!view) void this.ideaView.load();
    if (!state || state.status === 'loading' || !state.idea || !view) {
      return html`<div part="detail" class="detail">
        ${back} ${this.renderSkeleton(this.t('ideas.loading'))}
      </div>`;
    }
    const idea = state.idea;
    const member = this.member;
    return view.renderIdea({
      state: { ...state, idea },
      error: this.actionError,
      signedIn: !!member,
      t: (key, params) => this.t(key, params),
      time: (iso) => this.relativeTime(iso),
      author: (m) => this.authorOf(m),
      status: this.statusBadge,
      statusLabel: this.statusLabel,
      back,
      vote: this.renderVote(idea),
      commentForm: this.renderCommentForm(idea),
      staff: isStaff(member) ? this.renderStaff(view, idea) : nothing,
      onFollow: () => void this.toggleFollow(idea),
      onMoreComments: () => void this.showMoreComments(),
    });
  }

  private renderCommentForm(idea: Idea): TemplateResult {
    if (!this.member) return this.renderSignInPrompt('comment', this.t('ideas.signIn.prompt'));
    const form = this.commentForm;
    return html`<form
      class="comment-form"
      part="comment-form"
      novalidate
      @submit=${(e: Event) => void this.submitComment(idea.id, e)}
    >
      ${this.renderFormEnd({
        editor: this.commentEditor.render({
          id: 'comment-body',
          value: this.commentBody,
          max: BODY_MAX,
          required: true,
          rows: 3,
          error: form.fields.body ?? null,
          texts: this.editorTexts(this.t('ideas.comment.body')),
          onInput: (v) => this.handleCommentInput(idea.id, v),
        }),
        form,
        errorId: 'comment-error',
        fieldError: !!form.fields.body,
        submit: this.t('ideas.comment.submit'),
        action: 'comment',
        prompt: this.t('ideas.signIn.prompt'),
      })}
    </form>`;
  }

  private renderStaff(view: typeof import('./ideas-idea.js'), idea: Idea): TemplateResult {
    const merge = this.mergeResults.value;
    return view.renderStaffControls({
      t: (key, params) => this.t(key, params),
      statuses: (this.loadedBoard?.statuses ?? []).map((s) => ({
        slug: s.slug,
        label: this.statusLabel(s.slug),
      })),
      chosen: this.statusChoice ?? idea.status,
      onChoose: (slug) => {
        this.statusChoice = slug;
      },
      responseEditor: this.responseEditor.render({
        id: 'response-body',
        value: this.responseBody,
        max: BODY_MAX,
        rows: 3,
        error: this.statusForm.fields.response ?? null,
        texts: this.editorTexts(this.t('ideas.staff.response')),
        onInput: (v) => {
          this.responseBody = v;
        },
      }),
      statusForm: this.statusForm,
      onSubmitStatus: (e) => void this.changeStatus(idea, e),
      mergeQuery: this.mergeQuery,
      onMergeQuery: (value) => {
        this.mergeQuery = value;
        this.mergeTarget = null;
        this.mergeSearch?.setQuery(value);
      },
      searched: merge?.status === 'ready',
      results: (merge?.results ?? []).filter((i) => i.id !== idea.id && !i.mergedInto),
      target: this.mergeTarget,
      onPick: (target) => {
        this.mergeTarget = target;
        this.focusAfterRender = target ? '#merge-confirm' : '#merge-search';
      },
      onMerge: () => void this.merge(idea),
      mergeForm: this.mergeForm,
    });
  }
}

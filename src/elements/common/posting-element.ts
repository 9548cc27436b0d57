import { html, nothing, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ComposeExtras } from '../../core/adapter.js';
import { ValidationError, toKithError, type KithError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import type { MessageKey } from '../../core/i18n.js';
import type { CommunityInfo, FeedRef, MemberSummary, Role } from '../../core/types.js';
import { communityInfo } from '../../stores/community.js';
import { draftKey, type DraftKind } from '../../stores/drafts.js';
import type { SearchState } from '../../stores/search.js';
import { TITLE_MAX } from '../../stores/writes.js';
import type { Session } from '../../stores/session.js';
import { currentPageUrl, intInRange, safeUrl } from './attributes.js';
import { author } from './author.js';
import type { FeedController } from './feed-link.js';
import { KithElement } from './kith-element.js';
import type { EditorForms, EditorOptions } from './editor.js';
import type { ModerationControls, ModerationForm, ModerationView } from './moderation-controls.js';
import type { ModerationTarget } from '../../stores/moderation.js';
import { isStaff } from '../../core/token.js';
import { StoreController } from './store-controller.js';

/** A form's sending state: posting, the message after a failure, and messages per field. */
export interface FormState {
  posting: boolean;
  error: string | null;
  fields: Record<string, string>;
  /** After a post that waits for a moderator: the thanks saying so. */
  notice?: string;
}

export const idleForm = (): FormState => ({ posting: false, error: null, fields: {} });

/**
 * What the elements where members read and write lists of posts share (`<kith-qa>`, `<kith-ideas>`):
 * the `page-size`, `page-url` and `sign-in-url` attributes, opening one post by its URL hash, drafts,
 * form failures (announced, the draft kept, retried after `Kith.identify()` when the token expired),
 * the sign-in invitation, the Atom feed link (`no-feed`), and the loading, error and author pieces.
 */
export abstract class PostingElement extends KithElement {
  /** Items (and comments or answers) per page, 1–100. Default 20. */
  @property({ attribute: 'page-size' }) pageSize: number | string = 20;

  /** The page URL stored with posts, so links lead back here. Default: this page without query or hash. */
  @property({ attribute: 'page-url' }) pageUrl: string | undefined;

  /** Where "Sign in" leads. Without it, the element only fires `kith-sign-in-requested`. */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  /**
   * Leaves out the Atom feed: the link in the header and the `<link rel="alternate">` in the page's
   * head. (Without it, both show when the backend has a feed for what the element shows.)
   */
  @property({ type: Boolean, attribute: 'no-feed' }) noFeed = false;

  /** The opened post (from the URL hash `<hashPrefix><id>`), or `null` for the list. */
  @state() protected openId: string | null = null;
  /** A failed action (vote, show more…), shown above the list or the opened post. */
  @state() protected actionError: string | null = null;
  /** The site's guidelines, guests and spam guard for the compose forms (read with the lists). */
  private readonly community = new StoreController<CommunityInfo | null>(this);

  /** `#kith-question-`, `#kith-idea-`: the URL hash that opens one post. */
  protected abstract readonly hashPrefix: string;
  /** The selector of the list link that opens `id` (focus returns there on closing). */
  protected abstract itemSelector(id: string): string;
  /** Called when a post opens (by a click or by the URL): load its drafts, focus its heading. */
  protected abstract itemOpened(id: string): void;

  /** A write refused for an expired token, retried once the host identifies the member again. */
  protected retryAfterIdentify: (() => void) | null = null;
  /** Focused after the next render (a CSS selector in the shadow root). */
  protected focusAfterRender: string | null = null;
  private lastSearchAnnounced = '';

  /** What the element shows, as a feed (`title` names it in the page's head); `null`: no feed. */
  protected feed(): (FeedRef & { title: string }) | null {
    return null;
  }

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
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.session) this.community.use(communityInfo(this.session));
    const feed = this.noFeed ? null : this.feed();
    // Feeds are public: the link is the same for every reader and never carries the member's token.
    const url =
      feed &&
      this.session?.adapter.notifications?.feedUrl?.({ kind: feed.kind, key: feed.key }, {});
    const module = this.feedChunk.module;
    if (module)
      (this.feedLink ??= new module.FeedController(this)).show(url ?? null, feed?.title ?? '');
    else if (url) void this.feedChunk.load();
  }

  protected get effectivePageSize(): number {
    return intInRange(this.localName, 'page-size', this.pageSize, 1, 100, 20);
  }

  protected get effectivePageUrl(): string {
    return safeUrl(this.localName, 'page-url', this.pageUrl) ?? currentPageUrl();
  }

  protected get effectiveSignInUrl(): string | null {
    return safeUrl(this.localName, 'sign-in-url', this.signInUrl);
  }

  /** A visitor without any token where the site allows guests: they may post as one. */
  protected get asGuest(): boolean {
    return !this.session?.token && !!this.community.value?.guests;
  }

  /** Whether the visitor may post: a member, or a guest (an expired member signs in again). */
  protected get mayPost(): boolean {
    return !!this.member || this.asGuest;
  }

  /** The site's community guidelines (plain text) for the compose forms; `null`: none. */
  protected get guidelines(): string | null {
    return this.community.value?.guidelines ?? null;
  }

  protected draftKeyFor(kind: DraftKind, target: string): string {
    return draftKey(this.session?.site ?? null, this.member?.sub ?? null, kind, target);
  }

  protected override sessionChanged(_session: Session, previous: Session | null): void {
    if (previous && this.retryAfterIdentify && this.member) {
      const retry = this.retryAfterIdentify;
      this.retryAfterIdentify = null;
      retry();
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
  }

  // ---- navigation -------------------------------------------------------------------------------

  /**
   * Where this element stands among the page's elements of its tag (`kith-ideas:1`). A post opened by
   * a click opens in that element only (the key is kept in `history.state`, so a reload, Back and
   * Forward keep it): a list and a roadmap of one board don't both open it.
   */
  private get locationKey(): string {
    const peers = [...document.querySelectorAll(this.localName)];
    return `${this.localName}:${Math.max(0, peers.indexOf(this))}`;
  }

  /** Whether a deep link from elsewhere (not opened in one of the page's elements) opens here. */
  protected acceptsDeepLinks(): boolean {
    return true;
  }

  private handleLocationChange = (): void => {
    const owner = (history.state as { kithOwner?: unknown } | null)?.kithOwner;
    const mine =
      typeof owner === 'string' && owner.startsWith(`${this.localName}:`)
        ? owner === this.locationKey
        : this.acceptsDeepLinks();
    const id =
      mine && location.hash.startsWith(this.hashPrefix)
        ? decodeURIComponent(location.hash.slice(this.hashPrefix.length))
        : null;
    if (id === this.openId) return;
    this.openId = id;
    if (id) this.itemOpened(id);
  };

  protected openItem(id: string, event?: Event): void {
    event?.preventDefault();
    history.pushState(
      { kithOwner: this.locationKey },
      '',
      this.hashPrefix + encodeURIComponent(id),
    );
    this.openId = id;
    this.itemOpened(id);
  }

  protected closeItem(): void {
    const id = this.openId;
    history.pushState(null, '', location.pathname + location.search);
    this.openId = null;
    if (id) this.focusAfterRender = this.itemSelector(id);
  }

  protected requestSignIn(action: string, event?: Event): void {
    const url = this.effectiveSignInUrl;
    const proceed = emit(this, 'kith-sign-in-requested', { signInUrl: url, action });
    if (!proceed) event?.preventDefault();
  }

  /**
   * The session for an action only members take (a vote): for a signed-out visitor, the sign-in
   * request and the `prompt` announced instead, and `null`. Clears the last action's failure.
   */
  protected memberSession(action: string, prompt: MessageKey): Session | null {
    const session = this.session;
    if (!session) return null;
    if (!this.member) {
      this.requestSignIn(action);
      this.announce(this.t(prompt));
      return null;
    }
    this.actionError = null;
    return session;
  }

  /**
   * Shows a failed write at its form: field messages translated (`required` per `required[field]`),
   * the summary announced with "your text is kept", and an expired token's write queued for retry.
   */
  protected failedForm(
    error: unknown,
    action: string,
    retry: () => void,
    required: Record<string, MessageKey>,
  ): FormState {
    const kithError = toKithError(error);
    const message = this.reportError(kithError, action);
    if ('expired' in kithError && kithError.expired) this.retryAfterIdentify = retry;
    const fields: Record<string, string> = {};
    if (kithError instanceof ValidationError) {
      for (const [field, raw] of Object.entries(kithError.fields)) {
        const max = /^too-long:(\d+)$/.exec(raw)?.[1];
        const requiredKey = required[field];
        fields[field] =
          raw === 'required' && requiredKey
            ? this.t(requiredKey)
            : max
              ? this.t('form.tooLong', { max: Number(max) })
              : raw;
      }
    }
    const shown = Object.keys(fields).length ? message : `${message} ${this.t('form.draftKept')}`;
    this.announce(shown);
    return { posting: false, error: shown, fields };
  }

  /**
   * Runs an action the member started (a vote, an acceptance…). A failure is reported, then shown and
   * announced as the `failure` message with its reason (`reasonOf` may say it better than the default).
   */
  protected async act<T>(
    action: string,
    failure: MessageKey,
    run: () => Promise<T>,
    reasonOf?: (error: KithError) => string | null,
  ): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      const reported = this.reportError(error, action);
      const reason = reasonOf?.(toKithError(error)) ?? reported;
      this.actionError = this.t(failure, { reason });
      this.announce(this.actionError);
      return undefined;
    }
  }

  /** Shows a failed read (the next page, a view's chunk) above the list and announces it. */
  protected showLoadFailure(error: unknown): void {
    this.actionError = this.reportError(error, 'load');
    this.announce(this.actionError);
  }

  /**
   * "Show more": loads the next page of `items`, announces how many came (`loaded`), and moves focus to
   * the first new item (`selectorOf` its id; by default the list's) — the list pattern of the WAI-ARIA
   * practices.
   */
  protected async showMore(
    loadMore: () => Promise<number>,
    items: () => readonly { id: string }[],
    loaded?: (count: number) => string,
    selectorOf: (id: string) => string = (id) => this.itemSelector(id),
  ): Promise<void> {
    const firstNew = items().length;
    try {
      const added = await loadMore();
      if (!added) return;
      if (loaded) this.announce(loaded(added));
      const next = items()[firstNew];
      if (next) this.focusAfterRender = selectorOf(next.id);
    } catch (error) {
      this.showLoadFailure(error);
    }
  }

  /**
   * A view in its own chunk (the opened post: only it needs the sanitiser). `load()` imports it once,
   * on opening or ahead of it when a reader points at a post; `module` is set when it arrived.
   */
  protected lazyView<M>(importer: () => Promise<M>): { module: M | null; load(): Promise<void> } {
    let loading: Promise<void> | null = null;
    const view = {
      module: null as M | null,
      load: (): Promise<void> =>
        (loading ??= importer().then(
          (mod) => {
            view.module = mod;
            this.requestUpdate();
          },
          (error: unknown) => {
            loading = null;
            this.showLoadFailure(error);
          },
        )),
    };
    return view;
  }

  /** Announces once per query how many similar posts the search-as-you-type found. */
  protected announceSearch(
    search: SearchState<unknown> | undefined,
    found: MessageKey,
    none: MessageKey,
  ): void {
    if (search?.status === 'ready' && search.query !== this.lastSearchAnnounced) {
      this.lastSearchAnnounced = search.query;
      this.announce(search.total ? this.t(found, { count: search.total }) : this.t(none));
    }
  }

  // ---- rendering pieces -------------------------------------------------------------------------

  protected roleLabel = (role: Role): string =>
    this.t(
      role === 'staff' ? 'role.staff' : role === 'moderator' ? 'role.moderator' : 'role.expert',
    );

  protected authorOf(member: MemberSummary): TemplateResult {
    return author(member, {
      roleLabel: this.roleLabel,
      formerLabel: this.t('member.former'),
      locale: this.resolvedLocale,
    });
  }

  /**
   * Adds the styles of a part that arrived in its own chunk (the editor, the roadmap) to this element's
   * shadow root, once; they apply after the element's own styles.
   */
  protected adoptStyles(styles: CSSResult): void {
    const root = this.renderRoot as ShadowRoot;
    const sheet = styles.styleSheet;
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  /** The feed link's chunk: loaded once the backend has a feed for what the element shows. */
  private readonly feedChunk = this.lazyView(() => import('./feed-link.js'));
  private feedLink: FeedController | null = null;

  /** The Markdown editor's chunk: loaded by the first form that shows one, so readers never do. */
  private readonly editorChunk = this.lazyView(() => import('./editor.js'));
  /** The forms' editors, guidelines, spam guards and guest fields (from the editor's chunk). */
  private editorForms: EditorForms | null = null;

  /** Loads the editor ahead of a form that will show it (a member opens a post, focuses a composer). */
  protected loadEditor = (): Promise<void> => this.editorChunk.load();

  /** Whether the editor's chunk has arrived (a member's opened post waits for it: no placeholder). */
  protected get editorReady(): boolean {
    return !!this.editorChunk.module;
  }

  /** The forms' parts once the editor's chunk has arrived; `null` before. */
  private get forms(): EditorForms | null {
    const module = this.editorChunk.module;
    return module && (this.editorForms ??= new module.EditorForms(this));
  }

  /** A Markdown editor (one per `o.id`); until its chunk arrives, a placeholder of its height. */
  protected renderEditor(o: EditorOptions): TemplateResult {
    const forms = this.forms;
    if (forms) return forms.editor(o, (key, params) => this.t(key, params));
    void this.loadEditor();
    return html`<div class="skeleton editor-placeholder" aria-hidden="true"></div>`;
  }

  /** The editor `id` back to writing (after a post, on opening another post); its form's clock too. */
  protected resetEditor(id: string): void {
    this.editorForms?.reset(id);
  }

  /**
   * What the post of the form with the editor `id` carries besides its content: the spam guards, and
   * a guest's name (throws a `ValidationError` at the name field when missing).
   */
  protected composeExtras(id: string): ComposeExtras {
    return this.editorForms?.extras(id, this.asGuest, (key) => this.t(key)) ?? {};
  }

  // ---- reporting and hiding posts ----------------------------------------------------------------

  /** The report and hide forms: their own chunk, loaded on the first click of "Report" or "Hide". */
  private readonly moderationChunk = this.lazyView(() => import('./moderation-controls.js'));
  private moderationControls: ModerationControls | null = null;

  /** Changes whenever a report or hide form opens, closes or is sent (for guarded renders). */
  protected get moderationVersion(): number {
    return this.moderationControls?.version ?? 0;
  }

  /** After staff hid a post here: read the lists again (and close the post if it was open). */
  protected moderationHidden(_target: ModerationTarget): void {}

  private moderationView(): ModerationView | null {
    const session = this.session;
    if (!session) return null;
    return {
      session,
      t: (key, params) => this.t(key, params),
      act: (action, failure, run) => this.act(action, failure, run),
      announce: (message) => this.announce(message),
      focusAfterRender: (selector) => {
        this.focusAfterRender = selector;
      },
      selectorOf: (target) =>
        `[data-moderation="${target.targetType}:${CSS.escape(target.targetId)}"]`,
      hidden: (target) => this.moderationHidden(target),
    };
  }

  private async toggleModeration(form: ModerationForm, target: ModerationTarget): Promise<void> {
    await this.moderationChunk.load();
    const module = this.moderationChunk.module;
    const view = this.moderationView();
    if (!module || !view) return;
    this.adoptStyles(module.moderationStyles);
    this.moderationControls ??= new module.ModerationControls(this);
    this.moderationControls.toggle(view, form, target);
  }

  /**
   * A post's "Report" button (members, not on their own posts) and "Hide" button (staff), or the
   * thanks once reported. The post's container carries `data-moderation` (see `moderationTarget`).
   */
  protected renderModerationButtons(
    target: ModerationTarget,
    authorId: string,
  ): TemplateResult | typeof nothing {
    const member = this.member;
    if (!member) return nothing;
    const controls = this.moderationControls;
    const button = (form: ModerationForm, label: string) =>
      html`<button
        type="button"
        class="link-button"
        aria-expanded=${controls?.isOpen(form, target) ? 'true' : 'false'}
        @click=${() => void this.toggleModeration(form, target)}
      >
        ${label}
      </button>`;
    return html`${
      member.sub === authorId
        ? nothing
        : controls?.isReported(target)
          ? html`<span class="muted flag-done" tabindex="-1"
              >${this.t('moderation.flag.done')}</span
            >`
          : button('flag', this.t('moderation.report'))
    }
    ${isStaff(member) ? button('hide', this.t('moderation.hide')) : nothing}`;
  }

  /** The open report or hide form of a post, if any. */
  protected renderModerationForm(target: ModerationTarget): TemplateResult | typeof nothing {
    const view = this.moderationView();
    return this.moderationControls && view
      ? this.moderationControls.renderForm(view, target)
      : nothing;
  }

  /**
   * The element's frame: its section and heading (with `header` beside it), the config error, then
   * `missing` (a required attribute's message) or, once the session is known, `body()` — until then
   * placeholder rows labelled `loading` — and the live region.
   */
  protected renderShell(o: {
    heading: unknown;
    header?: unknown;
    missing?: MessageKey | null;
    loading: string;
    body: () => unknown;
    after?: unknown;
  }): TemplateResult {
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <header part="header" class="header">
        <h2 id="heading" tabindex="-1">${o.heading}</h2>
        ${o.header} ${this.feedLink?.render(this.t('feed.link'))}
      </header>
      ${this.renderConfigError()}
      ${
        o.missing
          ? this.renderMissing(o.missing)
          : this.session
            ? o.body()
            : this.configError
              ? nothing
              : this.renderSkeleton(o.loading)
      }
      ${o.after} ${this.renderLiveRegion()}
    </section>`;
  }

  /** A required attribute is missing: said on the page and in the console. */
  private renderMissing(message: MessageKey): TemplateResult {
    console.error(`Kith <${this.localName}>: ${this.t(message)}`);
    return html`<p class="config-error" part="error" role="alert">
      ${this.t('error.config', { message: this.t(message) })}
    </p>`;
  }

  /** A post's Report / Hide buttons and its open form (`post` is a question, answer, idea…). */
  protected renderModeration(
    targetType: ModerationTarget['targetType'],
    post: { id: string; author: MemberSummary },
  ): TemplateResult {
    const target = { targetType, targetId: post.id };
    return html`<div class="post-actions">
        ${this.renderModerationButtons(target, post.author.id)}
      </div>
      ${this.renderModerationForm(target)}`;
  }

  protected renderSignInPrompt(action: string, prompt: string): TemplateResult {
    const url = this.effectiveSignInUrl;
    const link = this.t('signIn.link');
    return html`<p class="sign-in" part="sign-in">
      ${prompt}
      ${
        url
          ? html`<a href=${url} @click=${(e: Event) => this.requestSignIn(action, e)}>${link}</a>`
          : html`<button
              type="button"
              class="link-button"
              @click=${() => this.requestSignIn(action)}
            >
              ${link}
            </button>`
      }
    </p>`;
  }

  /** The sort buttons: a labelled group of toggle buttons, the current one pressed. */
  protected renderSorts<S extends string>(
    label: string,
    sorts: readonly S[],
    current: S,
    labelOf: (sort: S) => string,
    onChange: (sort: S) => void,
  ): TemplateResult {
    return html`<div class="sorts" role="group" aria-label=${label}>
      ${sorts.map(
        (sort) =>
          html`<button
            type="button"
            class="sort"
            aria-pressed=${sort === current ? 'true' : 'false'}
            @click=${() => onChange(sort)}
          >
            ${labelOf(sort)}
          </button>`,
      )}
    </div>`;
  }

  /** The title field that opens a composer (it also drives the similar-posts search, `#similar`). */
  protected renderTitleField(o: {
    id: string;
    label: string;
    placeholder: string;
    value: string;
    error: string | undefined;
    onInput: (e: Event) => void;
  }): TemplateResult {
    const errorId = `${o.id}-error`;
    return html`<label for=${o.id} class="composer-label">${o.label}</label>
      <input
        id=${o.id}
        type="text"
        autocomplete="off"
        maxlength=${TITLE_MAX}
        placeholder=${o.placeholder}
        aria-describedby=${o.error ? errorId : nothing}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-controls="similar"
        .value=${o.value}
        @input=${o.onInput}
      />
      ${o.error ? html`<p id=${errorId} class="error field-error">${o.error}</p>` : nothing}`;
  }

  /**
   * The end of a post form: its Markdown editor (`renderEditor`'s options), then with the editor's
   * chunk a guest's name and e-mail, the spam guards' honeypot, the site's guidelines and a held
   * post's thanks; the failure message (unless a field shows it) and the submit button; for a
   * signed-out visitor the invitation to sign in (besides "Post as guest" where the site allows it).
   */
  protected renderFormEnd(o: {
    editor: EditorOptions;
    form: FormState;
    errorId: string;
    fieldError: boolean;
    submit: string;
    action: string;
    prompt: string;
  }): TemplateResult {
    const { form } = o;
    const { id } = o.editor;
    const editor = this.renderEditor(o.editor);
    const fields = this.forms?.fields(id);
    const member = !!this.member;
    const guest = this.asGuest;
    return html`${editor}
    ${fields?.render({
      id,
      guidelines: this.guidelines,
      guest,
      fields: form.fields,
      notice: form.notice,
      t: (key) => this.t(key),
    })}
    ${
      form.error && !o.fieldError
        ? html`<p id=${o.errorId} class="error" part="error" role="alert" tabindex="-1">
            ${form.error}
          </p>`
        : nothing
    }
    ${
      member || (guest && fields)
        ? html`<div class="actions">
            <button class="btn btn-primary" part="button" type="submit" ?disabled=${form.posting}>
              ${
                form.posting
                  ? this.t('form.posting')
                  : member
                    ? o.submit
                    : this.t('compose.guest.submit')
              }
            </button>
          </div>`
        : nothing
    }
    ${member ? nothing : this.renderSignInPrompt(o.action, o.prompt)}`;
  }

  /** Placeholder rows with reserved height (no layout shift when the list arrives). */
  protected renderSkeleton(label: string): TemplateResult {
    return html`<div class="skeleton-list" aria-busy="true">
      <span class="visually-hidden">${label}</span>
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

  /** The error state of a read, with "Try again". */
  protected renderLoadError(
    message: string,
    error: KithError | null,
    retry: () => void,
  ): TemplateResult {
    return html`<div class="state-error" part="error" role="alert">
      <p>${message} ${error ? this.errorMessage(error) : ''}</p>
      <button type="button" class="btn" @click=${retry}>${this.t('action.retry')}</button>
    </div>`;
  }

  /** The message of a failed write shown above the list (or the opened post). */
  protected renderActionError(message: string | null): TemplateResult | typeof nothing {
    return message ? html`<p class="error" part="error" role="alert">${message}</p>` : nothing;
  }
}

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { formatNumber, registerMessages } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import {
  MAX_REVIEW_PHOTOS,
  REVIEW_SORTS,
  type FlagReason,
  type Photo,
  type Review,
  type ReviewSort,
  type Stars,
} from '../../core/types.js';
import messages from '../../locales/reviews/en.js';
import starMessages from '../../locales/stars/en.js';
import { loadDraft, saveDraft } from '../../stores/drafts.js';
import {
  REPLY_MAX,
  flagContent,
  loadMoreReviews,
  moderateReview,
  reloadReviews,
  replyToReview,
  reviewList,
  submitReview,
  uploadPhoto,
  voteHelpful,
  type ReviewListState,
} from '../../stores/reviews.js';
import type { Session } from '../../stores/session.js';
import { BODY_MAX, TITLE_MAX } from '../../stores/writes.js';
import { oneOf, warnOnce } from '../common/attributes.js';
import { PostingElement, idleForm, type FormState } from '../common/posting-element.js';
import { applyFills, formatAverage, percent, stars } from '../common/stars.js';
import { StoreController } from '../common/store-controller.js';
import { reviewsStyles } from './reviews.styles.js';

registerMessages(messages, { de: () => import('../../locales/reviews/de.js') });
registerMessages(starMessages, { de: () => import('../../locales/stars/de.js') });

const HASH_PREFIX = '#kith-review-';
const STAR_VALUES = [5, 4, 3, 2, 1] as const;
const FLAG_REASONS: readonly FlagReason[] = ['spam', 'offensive', 'off-topic', 'other'];
const REQUIRED = { body: 'reviews.required.body', rating: 'stars.required' } as const;
const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,image/gif';
/** JSON-LD for search engines: only pages with `seo` download it. */
const seoChunk = () => import('./reviews-seo.js');
/** `<kith-star-input>`: only members who write a review download it. */
const starInput = () => import('../star-input/star-input.js');

interface Upload {
  name: string;
  error: string | null;
}

/**
 * Ratings and reviews of one product: the average and count, a histogram whose bars filter the list,
 * reviews sorted by helpfulness, date or rating, "Was this helpful?" votes, the staff's replies, photos
 * in a viewer, reporting, and the form to write (or edit) the member's review. With `seo`, a schema.org
 * `Product` with `AggregateRating` and `Review`s goes into the light DOM as JSON-LD.
 *
 * @summary Product ratings and reviews, with helpful votes, photos and staff replies.
 *
 * @fires kith-review-submitted - A review was posted or updated. `detail: { review }`
 * @fires kith-vote - The server acknowledged a helpful vote. `detail: { targetType: 'review', targetId, value }`
 * @fires kith-flag - A member reported a review. `detail: { targetType, targetId, reason }`
 * @fires kith-error - A failure was shown to the user. `detail: { code, message, action }`
 * @fires kith-auth-expired - The member token expired; call `Kith.identify()` again.
 * @fires kith-sign-in-requested - A signed-out visitor asked to sign in. Cancel it to handle sign-in yourself.
 *
 * @csspart base - The outer container.
 * @csspart header - Heading and count.
 * @csspart summary - The average, its stars and the count.
 * @csspart histogram - The rating bars (buttons that filter); each bar also `bar`.
 * @csspart stars - Read-only stars.
 * @csspart composer - The write-a-review form; also `photos-input`.
 * @csspart toolbar - Sort buttons and the active filter.
 * @csspart list - The list of reviews.
 * @csspart review - One review; also `review-title`, `review-body`, `verified`, `photos`, `helpful`.
 * @csspart reply - The staff reply under a review.
 * @csspart viewer - The photo viewer dialog.
 * @csspart author - An author's name, avatar and role marks; also `role-mark`.
 * @csspart button - Primary buttons.
 * @csspart sign-in - The invitation to sign in.
 * @csspart empty - The empty state.
 * @csspart error - Error messages.
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Secondary text.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-surface - Raised surfaces (the staff reply, histogram tracks).
 * @cssprop --kith-color-border - Borders.
 * @cssprop --kith-color-accent - Links, primary buttons, pressed toggles, histogram bars.
 * @cssprop --kith-color-on-accent - Text on the accent colour.
 * @cssprop --kith-color-success - The verified-purchase mark.
 * @cssprop --kith-color-danger - Errors.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-color-star - Filled stars (default amber).
 * @cssprop --kith-color-star-empty - Empty stars.
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithReviews extends PostingElement {
  static override styles = reviewsStyles;

  /** The product's id (required), e.g. its SKU. */
  @property() product: string | undefined;

  /** The product's name, for the heading and the JSON-LD `Product`. */
  @property({ attribute: 'product-name' }) productName: string | undefined;

  /** `helpful` (default), `newest`, `highest` or `lowest`. */
  @property() sort: ReviewSort = 'helpful';

  /** Add schema.org JSON-LD (`Product`, `AggregateRating`, `Review`) to the page for search engines. */
  @property({ type: Boolean }) seo = false;

  protected readonly hashPrefix = HASH_PREFIX;

  /** The star filter (a histogram bar), `null` for all. */
  @state() private starFilter: Stars | null = null;
  @state() private composing = false;
  @state() private rating = 0;
  @state() private reviewTitle = '';
  @state() private reviewBody = '';
  @state() private photos: Photo[] = [];
  @state() private uploads: Upload[] = [];
  @state() private form: FormState = idleForm();
  /** The review whose report form is open, and those reported in this visit. */
  @state() private flagging: string | null = null;
  @state() private flagged = new Set<string>();
  @state() private replying: string | null = null;
  @state() private replyBody = '';
  @state() private replyForm: FormState = idleForm();
  @state() private hiding: string | null = null;
  @state() private hideReason = '';
  @state() private viewer: { photos: Photo[]; index: number; author: string } | null = null;

  private readonly list = new StoreController<ReviewListState>(this);
  /** The last list shown: kept on screen (busy) while another sort or filter loads, so focus stays. */
  private shown: { product: string; state: ReviewListState } | null = null;
  private viewerOpener: HTMLElement | null = null;

  // ---- attributes, resolved -------------------------------------------------------------------

  private get effectiveProduct(): string | null {
    const product = this.product?.trim();
    return product ? product.slice(0, 200) : null;
  }

  private get effectiveSort(): ReviewSort {
    return oneOf(this.localName, 'sort', this.sort, REVIEW_SORTS, 'helpful');
  }

  private get displayName(): string | null {
    return this.productName?.trim() || null;
  }

  private currentList() {
    const product = this.effectiveProduct;
    if (!this.session || !product) return null;
    return reviewList(this.session, {
      product,
      sort: this.effectiveSort,
      stars: this.starFilter,
      pageSize: this.effectivePageSize,
    });
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  protected override sessionChanged(session: Session, previous: Session | null): void {
    this.loadReviewDraft();
    super.sessionChanged(session, previous);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('product') && this.session) this.loadReviewDraft();
    const store = this.currentList();
    if (store) this.list.use(store);
  }

  protected override updated(): void {
    super.updated();
    applyFills(this.renderRoot);
    this.updateJsonLd();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.querySelector(':scope > script[data-kith-seo]')?.remove();
  }

  protected itemSelector(id: string): string {
    return `[data-review-id="${CSS.escape(id)}"]`;
  }

  /** A link to one review (`#kith-review-<id>`) moves focus to it once it is shown. */
  protected itemOpened(id: string): void {
    this.focusAfterRender = this.itemSelector(id);
  }

  private loadReviewDraft(): void {
    const product = this.effectiveProduct;
    if (!product) return;
    const draft = loadDraft(this.draftKeyFor('review', product));
    this.rating = draft.rating;
    this.reviewTitle = draft.title;
    this.reviewBody = draft.body;
    // A draft in progress opens the form again after a reload.
    if (draft.rating || draft.title || draft.body) {
      this.composing = true;
      void starInput().catch((error: unknown) => this.showLoadFailure(error));
    }
  }

  private saveReviewDraft(): void {
    const product = this.effectiveProduct;
    if (!product) return;
    saveDraft(this.draftKeyFor('review', product), {
      rating: this.rating,
      title: this.reviewTitle,
      body: this.reviewBody,
    });
  }

  private updateJsonLd(): void {
    const state = this.list.value;
    const product = this.effectiveProduct;
    if (!this.seo || !product || state?.status !== 'ready' || !state.summary) {
      if (!this.seo) this.querySelector(':scope > script[data-kith-seo]')?.remove();
      return;
    }
    if (!this.displayName) warnOnce(this.localName, 'product-name', '', 'the product id');
    const data = {
      name: this.displayName ?? product,
      product,
      summary: state.summary,
      reviews: state.items,
    };
    seoChunk().then(
      ({ reviewsJsonLd, writeJsonLd }) => {
        if (this.seo && this.isConnected) writeJsonLd(this, reviewsJsonLd(data));
      },
      (error: unknown) => console.error('Kith <kith-reviews>: JSON-LD could not load', error),
    );
  }

  // ---- actions ----------------------------------------------------------------------------------

  private openComposer(): void {
    const mine = this.list.value?.mine;
    if (mine && !this.rating && !this.reviewTitle && !this.reviewBody) {
      this.rating = mine.rating;
      this.reviewTitle = mine.title;
      this.reviewBody = mine.body;
      this.photos = mine.photos;
    }
    this.composing = true;
    this.focusAfterRender = '#review-rating';
    void starInput().catch((error: unknown) => this.showLoadFailure(error));
  }

  private closeComposer(): void {
    this.composing = false;
    this.form = idleForm();
    this.focusAfterRender = '#write-review';
  }

  private async submit(e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    const product = this.effectiveProduct;
    if (!session || !product || this.form.posting || this.uploads.some((u) => !u.error)) return;
    const editing = !!this.list.value?.mine;
    this.form = { posting: true, error: null, fields: {} };
    try {
      const review = await submitReview(
        session,
        {
          product,
          rating: this.rating,
          title: this.reviewTitle,
          body: this.reviewBody,
          photos: this.photos,
          pageUrl: this.effectivePageUrl,
        },
        this.draftKeyFor('review', product),
      );
      this.form = idleForm();
      this.composing = false;
      this.rating = 0;
      this.reviewTitle = '';
      this.reviewBody = '';
      this.photos = [];
      this.uploads = [];
      emit(this, 'kith-review-submitted', { review });
      this.announce(this.t(editing ? 'reviews.form.updated' : 'reviews.form.posted'));
      this.focusAfterRender = this.itemSelector(review.id);
    } catch (error) {
      this.form = this.failedForm(error, 'review', () => void this.submit(), REQUIRED);
      const fields = this.form.fields;
      this.focusAfterRender = fields.rating
        ? '#review-rating'
        : fields.body
          ? '#review-body'
          : fields.title
            ? '#review-title'
            : '#review-error';
    }
  }

  private async addPhotos(input: HTMLInputElement): Promise<void> {
    const session = this.session;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!session || !files.length) return;
    const room =
      MAX_REVIEW_PHOTOS - this.photos.length - this.uploads.filter((u) => !u.error).length;
    if (files.length > room)
      this.announce(this.t('reviews.form.tooManyPhotos', { max: MAX_REVIEW_PHOTOS }));
    this.uploads = this.uploads.filter((u) => !u.error);
    await Promise.all(
      files.slice(0, Math.max(0, room)).map(async (file) => {
        const upload: Upload = { name: file.name, error: null };
        this.uploads = [...this.uploads, upload];
        this.announce(this.t('reviews.form.uploading', { name: file.name }));
        try {
          const photo = await uploadPhoto(session, file);
          this.photos = [...this.photos, photo];
          this.uploads = this.uploads.filter((u) => u !== upload);
        } catch (error) {
          const reason = this.reportError(error, 'upload');
          const failed = {
            ...upload,
            error: this.t('reviews.form.uploadFailed', { name: file.name, reason }),
          };
          this.uploads = this.uploads.map((u) => (u === upload ? failed : u));
          this.announce(failed.error);
        }
      }),
    );
  }

  private removePhoto(index: number): void {
    this.photos = this.photos.filter((_, i) => i !== index);
    this.focusAfterRender = '#add-photos';
  }

  private async vote(review: Review, value: 1 | -1): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!this.member) {
      this.requestSignIn('vote');
      this.announce(this.t('reviews.signIn.prompt'));
      return;
    }
    this.actionError = null;
    const next = review.myVote === value ? 0 : value;
    const result = await this.act(
      'vote',
      'error.vote',
      () => voteHelpful(session, review.id, next),
      (error) => (error.code === 'forbidden' ? this.t('reviews.error.ownReview') : null),
    );
    if (!result) return;
    emit(this, 'kith-vote', { targetType: 'review', targetId: review.id, value: result.value });
    this.announce(this.t(result.value ? 'reviews.helpful.thanks' : 'reviews.helpful.withdrawn'));
  }

  private async flag(review: Review, e: Event): Promise<void> {
    e.preventDefault();
    const session = this.session;
    if (!session) return;
    const reason = new FormData(e.target as HTMLFormElement).get('reason') as FlagReason | null;
    if (!reason) return;
    const done = await this.act('flag', 'reviews.error.flag', () =>
      flagContent(session, { targetType: 'review', targetId: review.id, reason }),
    );
    if (!done) return;
    this.flagging = null;
    this.flagged = new Set(this.flagged).add(review.id);
    emit(this, 'kith-flag', { targetType: 'review', targetId: review.id, reason });
    this.announce(this.t('reviews.flag.done'));
    this.focusAfterRender = `${this.itemSelector(review.id)} .flag-done`;
  }

  private openReply(review: Review): void {
    this.replying = review.id;
    const draft = loadDraft(this.draftKeyFor('comment', `review-reply:${review.id}`));
    this.replyBody = draft.body || review.reply?.body || '';
    this.replyForm = idleForm();
    this.focusAfterRender = '#reply-body';
  }

  private async submitReply(review: Review, e?: Event): Promise<void> {
    e?.preventDefault();
    const session = this.session;
    if (!session || this.replyForm.posting) return;
    this.replyForm = { posting: true, error: null, fields: {} };
    try {
      await replyToReview(
        session,
        { reviewId: review.id, body: this.replyBody },
        this.draftKeyFor('comment', `review-reply:${review.id}`),
      );
      this.replying = null;
      this.replyBody = '';
      this.replyForm = idleForm();
      this.announce(this.t('reviews.reply.posted'));
      this.focusAfterRender = `${this.itemSelector(review.id)} .reply`;
    } catch (error) {
      this.replyForm = this.failedForm(error, 'reply', () => void this.submitReply(review), {
        reply: 'reviews.reply.required',
      });
      this.focusAfterRender = this.replyForm.fields.reply ? '#reply-body' : '#reply-error';
    }
  }

  private async hide(review: Review, e: Event): Promise<void> {
    e.preventDefault();
    const session = this.session;
    if (!session) return;
    if (!this.hideReason.trim()) {
      this.actionError = this.t('reviews.hide.required');
      this.announce(this.actionError);
      this.focusAfterRender = '#hide-reason';
      return;
    }
    const done = await this.act('hide', 'reviews.error.hide', () =>
      moderateReview(session, { review, action: 'hide', reason: this.hideReason }),
    );
    if (!done) return;
    this.hiding = null;
    this.hideReason = '';
    this.announce(this.t('reviews.hide.done'));
    this.focusAfterRender = '#heading';
  }

  private filterBy(stars: Stars): void {
    this.starFilter = this.starFilter === stars ? null : stars;
    this.actionError = null;
  }

  private async showMoreReviews(): Promise<void> {
    const store = this.currentList();
    if (!store) return;
    await this.showMore(
      () => loadMoreReviews(store),
      store.get().items.length,
      (i) => {
        const next = store.get().items[i];
        return next ? this.itemSelector(next.id) : null;
      },
      (count) => this.t('reviews.list.loadedMore', { count }),
    );
  }

  private openViewer(review: Review, index: number, e: Event): void {
    this.viewerOpener = e.currentTarget as HTMLElement;
    this.viewer = { photos: review.photos, index, author: review.author.name };
    void this.updateComplete.then(() => this.renderRoot.querySelector('dialog')?.showModal());
  }

  private closeViewer(): void {
    this.viewer = null;
    this.viewerOpener?.focus();
    this.viewerOpener = null;
  }

  private stepViewer(delta: number): void {
    const v = this.viewer;
    if (!v) return;
    this.viewer = { ...v, index: (v.index + delta + v.photos.length) % v.photos.length };
  }

  private handleViewerKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowRight') this.stepViewer(1);
    else if (e.key === 'ArrowLeft') this.stepViewer(-1);
  }

  // ---- rendering --------------------------------------------------------------------------------

  override render(): TemplateResult {
    const product = this.effectiveProduct;
    const name = this.displayName;
    let list = this.list.value;
    let busy = false;
    if (list?.status === 'ready' && product) this.shown = { product, state: list };
    else if (list?.status === 'loading' && this.shown?.product === product) {
      list = this.shown.state;
      busy = true;
    }
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <header part="header" class="header">
        <h2 id="heading" tabindex="-1">
          ${name ? this.t('reviews.headingOf', { product: name }) : this.t('reviews.heading')}
        </h2>
      </header>
      ${this.renderConfigError()}
      ${
        !product
          ? this.renderMissingProduct()
          : this.session
            ? !list || list.status === 'loading'
              ? this.renderSkeleton(this.t('reviews.loading'))
              : list.status === 'error'
                ? this.renderLoadError(this.t('reviews.error.load'), list.error, () => {
                    const store = this.currentList();
                    if (store) void reloadReviews(store);
                  })
                : this.renderLoaded(list, busy)
            : this.configError
              ? nothing
              : this.renderSkeleton(this.t('reviews.loading'))
      }
      ${this.renderViewer()} ${this.renderLiveRegion()}
    </section>`;
  }

  private renderMissingProduct(): TemplateResult {
    console.error(`Kith <${this.localName}>: ${this.t('reviews.missingProduct')}`);
    return html`<p class="config-error" part="error" role="alert">
      ${this.t('error.config', { message: this.t('reviews.missingProduct') })}
    </p>`;
  }

  private renderLoaded(list: ReviewListState, busy: boolean): TemplateResult {
    return html`<div class="overview">
        ${this.renderSummary(list)}
        <div class="write">
          ${
            this.composing
              ? nothing
              : html`<button
                  id="write-review"
                  type="button"
                  class="btn btn-primary"
                  part="button"
                  @click=${() => (this.member ? this.openComposer() : this.requestSignIn('review'))}
                >
                  ${this.t(list.mine ? 'reviews.edit' : 'reviews.write')}
                </button>`
          }
          ${this.member ? nothing : this.renderSignInPrompt('review', this.t('reviews.signIn.prompt'))}
        </div>
      </div>
      ${this.composing && this.member ? this.renderComposer(list) : nothing}
      ${this.renderToolbar(list)} ${this.renderActionError(this.actionError)}
      <div class="list-body" aria-busy=${busy ? 'true' : 'false'}>${this.renderList(list)}</div>`;
  }

  private renderSummary(list: ReviewListState): TemplateResult {
    const summary = list.summary;
    const count = summary?.count ?? 0;
    const average = formatAverage(this.resolvedLocale, summary?.average ?? 0);
    return html`<div class="summary" part="summary">
      <p class="average-line">
        <span class="average" aria-hidden="true">${count ? average : '–'}</span>
        ${stars(summary?.average ?? 0, this.t('stars.ratedCount', { count, average }))}
        <span class="muted" aria-hidden="true">${this.t('reviews.basedOn', { count })}</span>
      </p>
      ${count ? this.renderHistogram(list) : nothing}
    </div>`;
  }

  private renderHistogram(list: ReviewListState): TemplateResult {
    const summary = list.summary!;
    return html`<ul
      class="histogram"
      part="histogram"
      aria-label=${this.t('reviews.histogram.label')}
    >
      ${STAR_VALUES.map((n) => {
        const count = summary.histogram[n] ?? 0;
        const share = summary.count ? count / summary.count : 0;
        const shown = new Intl.NumberFormat(this.resolvedLocale, { style: 'percent' }).format(
          share,
        );
        return html`<li>
          <button
            type="button"
            class="bar"
            part="bar"
            aria-pressed=${this.starFilter === n ? 'true' : 'false'}
            ?disabled=${!count && this.starFilter !== n}
            @click=${() => this.filterBy(n)}
          >
            <span class="visually-hidden"
              >${this.t('reviews.histogram.bar', { stars: n, count, share: shown })}</span
            >
            <span class="bar-label" aria-hidden="true">${n} ★</span>
            <span class="bar-track" aria-hidden="true"
              ><span class="bar-fill" data-fill=${percent(share)}></span
            ></span>
            <span class="bar-count" aria-hidden="true"
              >${formatNumber(this.resolvedLocale, count)}</span
            >
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private renderToolbar(list: ReviewListState): TemplateResult | typeof nothing {
    if (!list.summary?.count) return nothing;
    return html`<div class="toolbar" part="toolbar">
      ${this.renderSorts(
        this.t('reviews.sort.label'),
        REVIEW_SORTS,
        this.effectiveSort,
        (sort) => this.t(`reviews.sort.${sort}`),
        (sort) => {
          this.sort = sort;
          this.actionError = null;
        },
      )}
      ${
        this.starFilter
          ? html`<p class="filter-note">
              ${this.t('reviews.filter.showing', { count: this.starFilter })}
              <button type="button" class="link-button" @click=${() => (this.starFilter = null)}>
                ${this.t('reviews.filter.clear')}
              </button>
            </p>`
          : nothing
      }
    </div>`;
  }

  private renderComposer(list: ReviewListState): TemplateResult {
    const form = this.form;
    const fields = form.fields;
    const room =
      MAX_REVIEW_PHOTOS - this.photos.length - this.uploads.filter((u) => !u.error).length;
    const uploading = this.uploads.some((u) => !u.error);
    return html`<form
      class="composer review-form"
      part="composer"
      novalidate
      aria-labelledby="form-heading"
      @submit=${this.submit}
    >
      <h3 id="form-heading">${this.t('reviews.form.heading')}</h3>
      ${list.mine ? html`<p class="muted">${this.t('reviews.form.oneReview')}</p>` : nothing}
      <kith-star-input
        id="review-rating"
        name="rating"
        required
        locale=${this.resolvedLocale}
        label=${this.t('reviews.form.rating')}
        value=${this.rating ? String(this.rating) : ''}
        aria-describedby=${fields.rating ? 'rating-error' : nothing}
        @change=${(e: Event) => {
          this.rating = Number((e.target as HTMLInputElement).value) || 0;
          this.saveReviewDraft();
          if (fields.rating) this.form = { ...form, fields: { ...fields, rating: '' } };
        }}
      ></kith-star-input>
      ${fields.rating ? html`<p id="rating-error" class="error field-error">${fields.rating}</p>` : nothing}
      <label for="review-title" class="composer-label">${this.t('reviews.form.title')}</label>
      <input
        id="review-title"
        type="text"
        maxlength=${TITLE_MAX}
        autocomplete="off"
        placeholder=${this.t('reviews.form.titlePlaceholder')}
        aria-invalid=${fields.title ? 'true' : 'false'}
        aria-describedby=${fields.title ? 'title-error' : nothing}
        .value=${this.reviewTitle}
        @input=${(e: Event) => {
          this.reviewTitle = (e.target as HTMLInputElement).value;
          this.saveReviewDraft();
        }}
      />
      ${fields.title ? html`<p id="title-error" class="error field-error">${fields.title}</p>` : nothing}
      <label for="review-body" class="composer-label">${this.t('reviews.form.body')}</label>
      <textarea
        id="review-body"
        rows="5"
        maxlength=${BODY_MAX}
        placeholder=${this.t('reviews.form.bodyHint')}
        aria-invalid=${fields.body ? 'true' : 'false'}
        aria-describedby=${fields.body ? 'body-error body-count' : 'body-count'}
        .value=${this.reviewBody}
        @input=${(e: Event) => {
          this.reviewBody = (e.target as HTMLTextAreaElement).value;
          this.saveReviewDraft();
          if (fields.body) this.form = { ...form, fields: { ...fields, body: '' } };
        }}
      ></textarea>
      <p id="body-count" class="muted count">
        ${this.t('reviews.form.count', { count: this.reviewBody.length, max: BODY_MAX })}
      </p>
      ${fields.body ? html`<p id="body-error" class="error field-error">${fields.body}</p>` : nothing}
      <fieldset class="photos-field" part="photos-input">
        <legend class="composer-label">
          ${this.t('reviews.form.photos', { max: MAX_REVIEW_PHOTOS })}
        </legend>
        ${
          this.photos.length
            ? html`<ul class="photo-previews">
                ${this.photos.map(
                  (p, i) =>
                    html`<li>
                      <img src=${p.thumbnailUrl} alt=${p.alt ?? ''} width="64" height="64" />
                      <button
                        type="button"
                        class="btn remove-photo"
                        aria-label=${this.t('reviews.form.removePhoto', { index: i + 1 })}
                        @click=${() => this.removePhoto(i)}
                      >
                        ✕
                      </button>
                    </li>`,
                )}
              </ul>`
            : nothing
        }
        ${this.uploads.map(
          (u) =>
            html`<p class=${u.error ? 'error' : 'muted'} role=${u.error ? 'alert' : nothing}>
              ${u.error ?? this.t('reviews.form.uploading', { name: u.name })}
            </p>`,
        )}
        ${
          room > 0
            ? html`<label class="btn add-photos" for="add-photos">
                  ${this.t('reviews.form.addPhotos')}
                </label>
                <input
                  id="add-photos"
                  class="file-input"
                  type="file"
                  accept=${PHOTO_TYPES}
                  multiple
                  @change=${(e: Event) => void this.addPhotos(e.target as HTMLInputElement)}
                />`
            : nothing
        }
      </fieldset>
      ${
        form.error && !Object.values(fields).some(Boolean)
          ? html`<p id="review-error" class="error" part="error" role="alert" tabindex="-1">
              ${form.error}
            </p>`
          : nothing
      }
      <div class="actions">
        <button
          class="btn btn-primary"
          part="button"
          type="submit"
          ?disabled=${form.posting || uploading}
        >
          ${
            form.posting
              ? this.t('form.posting')
              : this.t(list.mine ? 'reviews.form.update' : 'reviews.form.submit')
          }
        </button>
        <button type="button" class="btn" @click=${this.closeComposer}>
          ${this.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderList(list: ReviewListState): TemplateResult {
    if (!list.items.length) {
      return html`<p class="empty" part="empty">
        ${
          this.starFilter
            ? this.t('reviews.empty.filtered', { count: this.starFilter })
            : this.t('reviews.none')
        }
      </p>`;
    }
    return html`<ul class="reviews" part="list" aria-label=${this.t('reviews.list.label')}>
        ${list.items.map((review) => this.renderReview(review))}
      </ul>
      ${
        list.nextCursor
          ? html`<button
              type="button"
              class="btn more"
              ?disabled=${list.loadingMore}
              @click=${() => void this.showMoreReviews()}
            >
              ${list.loadingMore ? this.t('reviews.loading') : this.t('reviews.list.more')}
            </button>`
          : nothing
      }`;
  }

  private renderReview(review: Review): TemplateResult {
    const locale = this.resolvedLocale;
    const headingId = `review-${review.id}-title`;
    return html`<li>
      <article
        class="review"
        part="review"
        data-review-id=${review.id}
        tabindex="-1"
        aria-labelledby=${headingId}
      >
        <div class="review-head">
          ${stars(
            review.rating,
            this.t('stars.rated', { average: formatNumber(locale, review.rating) }),
          )}
          <h3 id=${headingId} class="review-title" part="review-title">
            ${
              review.title ||
              html`<span class="visually-hidden"
                >${this.t('stars.option', { count: review.rating })}</span
              >`
            }
          </h3>
        </div>
        <div class="meta muted">
          ${this.authorOf(review.author)}
          ${
            review.verifiedPurchase
              ? html`<span class="verified" part="verified"
                  ><span aria-hidden="true">✓</span> ${this.t('reviews.verified')}</span
                >`
              : nothing
          }
          ${this.relativeTime(review.createdAt)}
          ${review.updatedAt ? html`<span>(${this.t('reviews.edited')})</span>` : nothing}
        </div>
        <p class="review-body" part="review-body">${review.body}</p>
        ${review.photos.length ? this.renderPhotos(review) : nothing}
        ${review.reply ? this.renderReply(review) : nothing} ${this.renderHelpful(review)}
        ${this.replying === review.id ? this.renderReplyForm(review) : nothing}
        ${this.flagging === review.id ? this.renderFlagForm(review) : nothing}
        ${this.hiding === review.id ? this.renderHideForm(review) : nothing}
      </article>
    </li>`;
  }

  private renderPhotos(review: Review): TemplateResult {
    const count = review.photos.length;
    return html`<ul
      class="photos"
      part="photos"
      aria-label=${this.t('reviews.photos.label', { name: review.author.name })}
    >
      ${review.photos.map(
        (p, i) =>
          html`<li>
            <button
              type="button"
              class="thumb"
              aria-label=${this.t('reviews.photos.open', { index: i + 1, count })}
              @click=${(e: Event) => this.openViewer(review, i, e)}
            >
              <img src=${p.thumbnailUrl} alt=${p.alt ?? ''} loading="lazy" width="72" height="72" />
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private renderReply(review: Review): TemplateResult {
    const reply = review.reply!;
    return html`<div class="reply" part="reply" tabindex="-1">
      <p class="reply-heading">
        ${this.t('reviews.reply.heading', { name: reply.author.name })}
        ${this.authorOf(reply.author)} ${this.relativeTime(reply.updatedAt ?? reply.createdAt)}
      </p>
      <p class="review-body">${reply.body}</p>
    </div>`;
  }

  private renderHelpful(review: Review): TemplateResult {
    const own = this.member?.sub === review.author.id;
    const staff = isStaff(this.member);
    const reported = this.flagged.has(review.id);
    return html`<div class="helpful" part="helpful">
      ${
        own
          ? html`<span class="muted"
              >${this.t('reviews.helpful.summary', { count: review.upvotes })}</span
            >`
          : html`<span class="helpful-vote" role="group" aria-labelledby="helpful-${review.id}"
              ><span class="muted" id="helpful-${review.id}"
                >${this.t('reviews.helpful.question')}</span
              >
              ${([1, -1] as const).map(
                (value) =>
                  html`<button
                    type="button"
                    class="btn helpful-button"
                    aria-pressed=${review.myVote === value ? 'true' : 'false'}
                    @click=${() => void this.vote(review, value)}
                  >
                    ${this.t(value === 1 ? 'reviews.helpful.yes' : 'reviews.helpful.no', {
                      count: value === 1 ? review.upvotes : review.downvotes,
                    })}
                  </button>`,
              )}</span
            >`
      }
      <span class="review-actions">
        ${
          own
            ? nothing
            : reported
              ? html`<span class="muted flag-done" tabindex="-1"
                  >${this.t('reviews.flag.done')}</span
                >`
              : this.member
                ? html`<button
                    type="button"
                    class="link-button"
                    aria-expanded=${this.flagging === review.id ? 'true' : 'false'}
                    @click=${() => {
                      this.flagging = this.flagging === review.id ? null : review.id;
                      this.focusAfterRender = '#flag-reason-spam';
                    }}
                  >
                    ${this.t('reviews.flag.action')}
                  </button>`
                : nothing
        }
        ${
          staff
            ? html`<button type="button" class="link-button" @click=${() => this.openReply(review)}>
                  ${this.t(review.reply ? 'reviews.reply.editAction' : 'reviews.reply.action')}
                </button>
                <button
                  type="button"
                  class="link-button"
                  aria-expanded=${this.hiding === review.id ? 'true' : 'false'}
                  @click=${() => {
                    this.hiding = this.hiding === review.id ? null : review.id;
                    this.focusAfterRender = '#hide-reason';
                  }}
                >
                  ${this.t('reviews.hide.action')}
                </button>`
            : nothing
        }
      </span>
    </div>`;
  }

  private renderFlagForm(review: Review): TemplateResult {
    return html`<form class="inline-form" @submit=${(e: Event) => void this.flag(review, e)}>
      <fieldset>
        <legend>${this.t('reviews.flag.label')}</legend>
        ${FLAG_REASONS.map(
          (reason, i) =>
            html`<label class="radio"
              ><input
                type="radio"
                name="reason"
                id="flag-reason-${reason}"
                value=${reason}
                ?checked=${i === 0}
              />
              ${this.t(`reviews.flag.${reason}`)}</label
            >`,
        )}
      </fieldset>
      <div class="actions">
        <button type="submit" class="btn">${this.t('reviews.flag.submit')}</button>
        <button type="button" class="btn" @click=${() => (this.flagging = null)}>
          ${this.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderReplyForm(review: Review): TemplateResult {
    const form = this.replyForm;
    return html`<form class="inline-form" @submit=${(e: Event) => void this.submitReply(review, e)}>
      <label for="reply-body" class="composer-label">${this.t('reviews.reply.label')}</label>
      <textarea
        id="reply-body"
        rows="3"
        maxlength=${REPLY_MAX}
        aria-invalid=${form.fields.reply ? 'true' : 'false'}
        aria-describedby=${form.fields.reply ? 'reply-field-error' : nothing}
        .value=${this.replyBody}
        @input=${(e: Event) => {
          this.replyBody = (e.target as HTMLTextAreaElement).value;
          saveDraft(this.draftKeyFor('comment', `review-reply:${review.id}`), {
            body: this.replyBody,
          });
        }}
      ></textarea>
      ${
        form.fields.reply
          ? html`<p id="reply-field-error" class="error field-error">${form.fields.reply}</p>`
          : form.error
            ? html`<p id="reply-error" class="error" role="alert" tabindex="-1">${form.error}</p>`
            : nothing
      }
      <div class="actions">
        <button type="submit" class="btn btn-primary" ?disabled=${form.posting}>
          ${form.posting ? this.t('form.posting') : this.t('reviews.reply.submit')}
        </button>
        <button type="button" class="btn" @click=${() => (this.replying = null)}>
          ${this.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderHideForm(review: Review): TemplateResult {
    return html`<form class="inline-form" @submit=${(e: Event) => void this.hide(review, e)}>
      <label for="hide-reason" class="composer-label">${this.t('reviews.hide.reason')}</label>
      <input
        id="hide-reason"
        type="text"
        maxlength="500"
        .value=${this.hideReason}
        @input=${(e: Event) => (this.hideReason = (e.target as HTMLInputElement).value)}
      />
      <div class="actions">
        <button type="submit" class="btn">${this.t('reviews.hide.submit')}</button>
        <button type="button" class="btn" @click=${() => (this.hiding = null)}>
          ${this.t('reviews.form.cancel')}
        </button>
      </div>
    </form>`;
  }

  private renderViewer(): TemplateResult | typeof nothing {
    const v = this.viewer;
    if (!v) return nothing;
    const photo = v.photos[v.index]!;
    const count = v.photos.length;
    const label = this.t('reviews.viewer.label', { index: v.index + 1, count });
    return html`<dialog
      class="viewer"
      part="viewer"
      aria-label=${label}
      @close=${this.closeViewer}
      @keydown=${this.handleViewerKey}
    >
      <figure>
        <img
          src=${photo.url}
          alt=${photo.alt || this.t('reviews.photos.label', { name: v.author })}
        />
        <figcaption>${label}</figcaption>
      </figure>
      <div class="viewer-actions">
        ${
          count > 1
            ? html`<button type="button" class="btn" @click=${() => this.stepViewer(-1)}>
                  ${this.t('reviews.viewer.previous')}
                </button>
                <button type="button" class="btn" @click=${() => this.stepViewer(1)}>
                  ${this.t('reviews.viewer.next')}
                </button>`
            : nothing
        }
        <button
          type="button"
          class="btn btn-primary"
          @click=${() => this.renderRoot.querySelector('dialog')?.close()}
        >
          ${this.t('reviews.viewer.close')}
        </button>
      </div>
    </dialog>`;
  }
}

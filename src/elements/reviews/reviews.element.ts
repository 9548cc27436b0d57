import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { formatNumber, registerMessages } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import { REVIEW_SORTS, type Review, type ReviewSort, type Stars } from '../../core/types.js';
import messages from '../../locales/reviews/en.js';
import starMessages from '../../locales/stars/en.js';
import {
  loadMoreReviews,
  refreshProduct,
  reloadReviews,
  reviewList,
  voteHelpful,
  type ReviewListState,
} from '../../stores/reviews.js';
import type { Session } from '../../stores/session.js';
import { oneOf, warnOnce } from '../common/attributes.js';
import { PostingElement } from '../common/posting-element.js';
import { applyFills, formatAverage, percent, stars } from '../common/stars.js';
import { StoreController } from '../common/store-controller.js';
import type { MemberView, ReviewMemberControls } from './reviews-member.js';
import type { PhotoViewer } from './reviews-viewer.js';
import { reviewsStyles } from './reviews.styles.js';
import { showMoreButton } from '../common/show-more.js';

registerMessages(messages, { de: () => import('../../locales/reviews/de.js') });
registerMessages(starMessages, { de: () => import('../../locales/stars/de.js') });

const HASH_PREFIX = '#kith-review-';

/** A member's controls with the view they render in; `null` for readers (or while loading). */
type MemberControls = { controls: ReviewMemberControls; view: MemberView } | null;
const STAR_VALUES = [5, 4, 3, 2, 1] as const;
/** JSON-LD for search engines: only pages with `seo` download it. */
const seoChunk = () => import('./reviews-seo.js');

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
 * @csspart feed-link - "Subscribe via Atom feed" (when the backend has feeds; `no-feed` hides it).
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
 * @csspart guidelines - The site's community guidelines in a compose form; also `guest` (a guest's
 *   name and e-mail) and `notice` (the thanks for a post that waits for a moderator).
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

  private readonly list = new StoreController<ReviewListState>(this);
  /** Members' and staff's forms (with the star input and the writes): their own chunk. */
  private readonly memberChunk = this.lazyView(() => import('./reviews-member.js'));
  private controls: ReviewMemberControls | null = null;
  /** The last list shown: kept on screen (busy) while another sort or filter loads, so focus stays. */
  private shown: { product: string; state: ReviewListState } | null = null;
  private readonly viewerChunk = this.lazyView(() => import('./reviews-viewer.js'));
  private viewer: PhotoViewer | null = null;
  private loadViewer = (): Promise<void> => this.viewerChunk.load();

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

  protected override feed() {
    const product = this.effectiveProduct;
    return product
      ? {
          kind: 'product' as const,
          key: product,
          title: this.t('reviews.headingOf', { product: this.displayName ?? product }),
        }
      : null;
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
    // A member's controls load ahead, and their draft comes back (the form opens if one is in progress).
    this.draftFor = null;
    if (this.member) void this.memberChunk.load();
    super.sessionChanged(session, previous);
  }

  /** The session and product whose draft the controls hold. */
  private draftFor: string | null = null;

  /**
   * The member's (or, where the site allows guests, a visitor's) controls, once their chunk has
   * arrived (`null` for readers and meanwhile).
   */
  private memberControls(): MemberControls {
    const module = this.memberChunk.module;
    const view = this.memberView();
    if (!module || !view || !this.mayPost) return null;
    this.adoptStyles(module.memberStyles);
    this.controls ??= new module.ReviewMemberControls(this);
    const key = `${view.session.key}|${view.product}`;
    if (this.draftFor !== key) {
      this.draftFor = key;
      this.controls.loadDraft(view);
    }
    return { controls: this.controls, view };
  }

  /** A guest's first "Write a review" (where the site allows guests): the form's chunk, then the form. */
  private async openGuestComposer(): Promise<void> {
    await this.memberChunk.load();
    const member = this.memberControls();
    member?.controls.openComposer(member.view);
  }

  private memberView(): MemberView | null {
    const session = this.session;
    const product = this.effectiveProduct;
    if (!session || !product) return null;
    return {
      session,
      product,
      pageUrl: this.effectivePageUrl,
      locale: this.resolvedLocale,
      mine: this.list.value?.mine ?? null,
      guest: this.asGuest,
      guidelines: this.guidelines,
      t: (key, params) => this.t(key, params),
      draftKey: (target) => this.draftKeyFor('review', target),
      failed: (error, action, retry, required) => this.failedForm(error, action, retry, required),
      act: (action, failure, run) => this.act(action, failure, run),
      reportError: (error, action) => this.reportError(error, action),
      announce: (message) => this.announce(message),
      focusAfterRender: (selector) => {
        this.focusAfterRender = selector;
      },
      reviewSelector: (id) => this.itemSelector(id),
    };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
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

  /** A review hidden by staff leaves the list, the summary and the product's rating tiles. */
  protected override moderationHidden(): void {
    const product = this.effectiveProduct;
    if (this.session && product) refreshProduct(this.session, product);
    this.focusAfterRender = '#heading';
  }

  protected itemSelector(id: string): string {
    return `[data-review-id="${CSS.escape(id)}"]`;
  }

  /** A link to one review (`#kith-review-<id>`) moves focus to it once it is shown. */
  protected itemOpened(id: string): void {
    this.focusAfterRender = this.itemSelector(id);
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

  private async vote(review: Review, value: 1 | -1): Promise<void> {
    const session = this.memberSession('vote', 'reviews.signIn.prompt');
    if (!session) return;
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

  private filterBy(stars: Stars): void {
    this.starFilter = this.starFilter === stars ? null : stars;
    this.actionError = null;
  }

  private async showMoreReviews(): Promise<void> {
    const store = this.currentList();
    if (!store) return;
    await this.showMore(
      () => loadMoreReviews(store),
      () => store.get().items,
      (count) => this.t('reviews.list.loadedMore', { count }),
    );
  }

  private async openViewer(review: Review, index: number, e: Event): Promise<void> {
    const opener = e.currentTarget as HTMLElement;
    await this.loadViewer();
    const module = this.viewerChunk.module;
    if (!module) return;
    this.adoptStyles(module.viewerStyles);
    this.viewer ??= new module.PhotoViewer(this);
    this.viewer.open(review.photos, index, review.author.name, opener);
  }

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
    return this.renderShell({
      heading: name ? this.t('reviews.headingOf', { product: name }) : this.t('reviews.heading'),
      missing: product ? null : 'reviews.missingProduct',
      loading: this.t('reviews.loading'),
      body: () =>
        !list || list.status === 'loading'
          ? this.renderSkeleton(this.t('reviews.loading'))
          : list.status === 'error'
            ? this.renderLoadError(this.t('reviews.error.load'), list.error, () => {
                const store = this.currentList();
                if (store) void reloadReviews(store);
              })
            : this.renderLoaded(list, busy),
      after: this.viewer?.render((key, params) => this.t(key, params)),
    });
  }

  private renderLoaded(list: ReviewListState, busy: boolean): TemplateResult {
    const member = this.memberControls();
    const composing = !!member?.controls.composing;
    return html`<div class="overview">
        ${this.renderSummary(list)}
        <div class="write">
          ${
            composing
              ? nothing
              : html`<button
                  id="write-review"
                  type="button"
                  class="btn btn-primary"
                  part="button"
                  ?disabled=${!!this.member && !member}
                  @click=${() =>
                    member
                      ? member.controls.openComposer(member.view)
                      : this.mayPost
                        ? void this.openGuestComposer()
                        : this.requestSignIn('review')}
                >
                  ${this.t(list.mine ? 'reviews.edit' : 'reviews.write')}
                </button>`
          }
          ${this.member ? nothing : this.renderSignInPrompt('review', this.t('reviews.signIn.prompt'))}
        </div>
      </div>
      ${composing ? member!.controls.renderComposer(member!.view) : nothing}
      ${this.renderToolbar(list)} ${this.renderActionError(this.actionError)}
      <div class="list-body" aria-busy=${busy ? 'true' : 'false'}>
        ${this.renderList(list, member)}
      </div>`;
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
              >${this.t('reviews.histogram.bar', {
                count: n,
                reviews: this.t('reviews.count', { count }),
                share: shown,
              })}</span
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

  /**
   * The member's own review first, whatever the sort (and whichever page it is on), so that they see
   * what they posted; unless the star filter leaves it out or moderators hid it.
   */
  private shownReviews(list: ReviewListState): Review[] {
    const mine = list.mine;
    if (!mine || (mine.visibility ?? 'visible') !== 'visible') return list.items;
    if (this.starFilter && mine.rating !== this.starFilter) return list.items;
    return [mine, ...list.items.filter((r) => r.id !== mine.id)];
  }

  private renderList(list: ReviewListState, member: MemberControls): TemplateResult {
    const reviews = this.shownReviews(list);
    if (!reviews.length) {
      return html`<p class="empty" part="empty">
        ${
          this.starFilter
            ? this.t('reviews.empty.filtered', { count: this.starFilter })
            : this.t('reviews.none')
        }
      </p>`;
    }
    return html`<ul class="reviews" part="list" aria-label=${this.t('reviews.list.label')}>
        ${reviews.map((review) => this.renderReview(review, member))}
      </ul>
      ${showMoreButton({
        state: list,
        label: this.t('reviews.list.more'),
        busyLabel: this.t('reviews.loading'),
        onMore: () => void this.showMoreReviews(),
      })}`;
  }

  private renderReview(review: Review, member: MemberControls): TemplateResult {
    const locale = this.resolvedLocale;
    const headingId = `review-${review.id}-title`;
    return html`<li>
      <article
        class="review"
        part="review"
        data-review-id=${review.id}
        data-moderation="review:${review.id}"
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
        ${review.reply ? this.renderReply(review) : nothing} ${this.renderHelpful(review, member)}
        ${member ? member.controls.renderReplyForm(member.view, review) : nothing}
        ${this.renderModerationForm({ targetType: 'review', targetId: review.id })}
      </article>
    </li>`;
  }

  private renderPhotos(review: Review): TemplateResult {
    const count = review.photos.length;
    return html`<ul
      class="photos"
      part="photos"
      @pointerover=${this.loadViewer}
      @focusin=${this.loadViewer}
      aria-label=${this.t('reviews.photos.label', { name: review.author.name })}
    >
      ${review.photos.map(
        (p, i) =>
          html`<li>
            <button
              type="button"
              class="thumb"
              aria-label=${this.t('reviews.photos.open', { index: i + 1, count })}
              @click=${(e: Event) => void this.openViewer(review, i, e)}
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

  private renderHelpful(review: Review, member: MemberControls): TemplateResult {
    const own = this.member?.sub === review.author.id;
    const staff = isStaff(this.member);
    const target = { targetType: 'review' as const, targetId: review.id };
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
        ${this.renderModerationButtons(target, review.author.id)}
        ${
          staff && member
            ? html`<button
                type="button"
                class="link-button"
                aria-expanded=${member.controls.isReplying(review.id) ? 'true' : 'false'}
                @click=${() => member.controls.toggleReply(member.view, review)}
              >
                ${this.t(review.reply ? 'reviews.reply.editAction' : 'reviews.reply.action')}
              </button>`
            : nothing
        }
      </span>
    </div>`;
  }
}

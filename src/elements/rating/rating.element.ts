import { css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { formatNumber, registerMessages } from '../../core/i18n.js';
import messages from '../../locales/stars/en.js';
import { productRating, type RatingState } from '../../stores/ratings.js';
import type { Session } from '../../stores/session.js';
import { safeUrl, warnOnce } from '../common/attributes.js';
import { KithElement } from '../common/kith-element.js';
import { applyFills, formatAverage, stars, starsStyles } from '../common/stars.js';
import { StoreController } from '../common/store-controller.js';
import { baseStyles } from '../common/styles.js';

registerMessages(messages, { de: () => import('../../locales/stars/de.js') });

/**
 * A product's rating for product tiles and listings: read-only stars with a fractional fill, the
 * average and the number of reviews, linking to the reviews. Many on one page cost one read.
 *
 * @summary Compact read-only stars and review count for a product.
 *
 * @csspart base - The link (or, without `href`, the span) around everything.
 * @csspart stars - The stars.
 * @csspart average - The average, one decimal.
 * @csspart count - The number of reviews.
 *
 * @cssprop --kith-color-star - Filled stars (default amber).
 * @cssprop --kith-color-star-empty - Empty stars.
 * @cssprop --kith-color-accent - The link colour.
 */
export class KithRating extends KithElement {
  static override styles = [
    baseStyles,
    starsStyles,
    css`
      :host {
        display: inline-block;
      }
      .base {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        min-height: 24px;
        min-width: 8.5em;
        text-decoration: none;
      }
      a.base:hover .count {
        text-decoration: underline;
      }
      .average {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .count {
        color: var(--_muted);
      }
    `,
  ];

  /** The product id (required), as used by `<kith-reviews product>`. */
  @property() product: string | undefined;

  /** Where the rating links to (the product's reviews). Without it, the rating is not a link. */
  @property() href: string | undefined;

  private readonly rating = new StoreController<RatingState>(this);

  private get effectiveProduct(): string | null {
    const product = this.product?.trim();
    return product ? product.slice(0, 200) : null;
  }

  protected override sessionChanged(session: Session): void {
    const product = this.effectiveProduct;
    if (product) this.rating.use(productRating(session, product));
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('product') && this.session && this.effectiveProduct) {
      this.rating.use(productRating(this.session, this.effectiveProduct));
    }
  }

  protected override updated(): void {
    applyFills(this.renderRoot);
  }

  protected override render(): TemplateResult {
    const classes = `base ${this.themeClass()}`;
    if (this.configError) return html`<span class=${classes}>${this.renderConfigError()}</span>`;
    if (!this.effectiveProduct) {
      warnOnce(this.localName, 'product', this.product, 'nothing shown (it is required)');
      return html`<span class=${classes}></span>`;
    }
    const state = this.rating.value;
    const summary = state?.summary;
    if (!summary) {
      // Loading, or the read failed: reserve the space, say nothing wrong on a product tile.
      return html`<span class=${classes} part="base" aria-busy=${state?.status !== 'error'}
        >${stars(0, '')}</span
      >`;
    }
    const locale = this.resolvedLocale;
    const average = formatAverage(locale, summary.average);
    const label = this.t('stars.ratedCount', { count: summary.count, average });
    const content = html`${stars(summary.average, summary.count ? this.t('stars.rated', { average }) : label)}
      ${
        summary.count
          ? html`<span class="average" part="average" aria-hidden="true">${average}</span>`
          : nothing
      }
      <span class="count" part="count" aria-hidden="true"
        >(${formatNumber(locale, summary.count)})</span
      >`;
    const href = safeUrl(this.localName, 'href', this.href);
    return href
      ? html`<a class=${classes} part="base" href=${href} aria-label=${label}>${content}</a>`
      : html`<span class=${classes} part="base" role="group" aria-label=${label}>${content}</span>`;
  }
}

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { registerMessages } from '../../core/i18n.js';
import type { LeaderboardPeriod } from '../../core/types.js';
import messages from '../../locales/members/en.js';
import { leaderboard, type LeaderboardState } from '../../stores/members.js';
import type { Session } from '../../stores/session.js';
import { intInRange, oneOf } from '../common/attributes.js';
import { KithElement } from '../common/kith-element.js';
import { StoreController } from '../common/store-controller.js';
import { leaderboardStyles } from './leaderboard.styles.js';

registerMessages(messages, { de: () => import('../../locales/members/de.js') });

export const LEADERBOARD_PERIODS: readonly LeaderboardPeriod[] = ['week', 'month', 'all'];
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** Skeleton rows at most: the list's usual height, without a screenful of placeholders. */
const SKELETON_ROWS = 10;

/**
 * The community's top helpers this week, this month or of all time, for one topic or board or the
 * whole site: rank, the member (a compact `<kith-badge>` that opens their profile) and the points of
 * the period. Staff are not ranked.
 *
 * @summary Top helpers by period, per topic or board.
 *
 * @fires kith-error - The leaderboard could not be loaded. `detail: { code, message, action: 'load' }`
 * @fires kith-badge-awarded - From the `<kith-badge>` of each listed member (see there).
 *
 * @csspart base - The outer container.
 * @csspart header - Heading and period switch.
 * @csspart periods - The period switch (toggle buttons); each `period`.
 * @csspart period - A period button (`aria-pressed` on the current one).
 * @csspart list - The ordered list of entries.
 * @csspart entry - One entry; also `rank`, `member` (the `<kith-badge>`) and `points`.
 * @csspart empty - The empty state.
 * @csspart error - Errors, with "Try again".
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Points and the empty state.
 * @cssprop --kith-color-background - Background (default: transparent).
 * @cssprop --kith-color-border - Row separators and buttons.
 * @cssprop --kith-color-accent - The pressed period.
 * @cssprop --kith-color-on-accent - Text on the pressed period.
 * @cssprop --kith-color-danger - Errors.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-radius - Corner radius.
 * @cssprop --kith-padding - Padding when a theme is set.
 */
export class KithLeaderboard extends KithElement {
  static override styles = leaderboardStyles;

  /** `week` (default), `month` or `all`; follows the period switch. */
  @property({ reflect: true }) period: LeaderboardPeriod = 'week';

  /** Only points earned in this Q&A topic. */
  @property() topic: string | undefined;

  /** Only points earned on this idea board. */
  @property() board: string | undefined;

  /** How many members to list, 1–100 (default 10). */
  @property() limit: number | string = DEFAULT_LIMIT;

  private readonly entries = new StoreController<LeaderboardState>(this);
  /** The last list shown: kept (busy) while another period loads, so nothing jumps. */
  private shown: LeaderboardState | null = null;
  private reportedError: unknown = null;

  private get effectivePeriod(): LeaderboardPeriod {
    return oneOf(this.localName, 'period', this.period, LEADERBOARD_PERIODS, 'week');
  }

  private get effectiveLimit(): number {
    return intInRange(this.localName, 'limit', this.limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
  }

  private slug(value: string | undefined): string | undefined {
    return value?.trim().slice(0, 200) || undefined;
  }

  private currentStore() {
    if (!this.session) return null;
    return leaderboard(this.session, {
      period: this.effectivePeriod,
      topic: this.slug(this.topic),
      board: this.slug(this.board),
      limit: this.effectiveLimit,
    });
  }

  protected override sessionChanged(_session: Session): void {
    this.shown = null;
    const store = this.currentStore();
    if (store) this.entries.use(store);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const store = this.currentStore();
    if (store) this.entries.use(store);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const state = this.entries.value;
    if (state?.status === 'error' && state.error && state.error !== this.reportedError) {
      this.reportedError = state.error;
      this.reportError(state.error, 'load');
    }
  }

  private selectPeriod(period: LeaderboardPeriod): void {
    this.period = period;
  }

  private readonly handleRetry = (): void => {
    // A failed read is forgotten by the store: asking again reads again.
    this.reportedError = null;
    const store = this.currentStore();
    if (store) this.entries.use(store);
    this.requestUpdate();
  };

  private renderSkeleton(): TemplateResult {
    const rows = Math.min(this.effectiveLimit, SKELETON_ROWS);
    return html`<div class="skeleton-list" aria-busy="true">
      <span class="visually-hidden">${this.t('leaderboard.loading')}</span>
      ${Array.from(
        { length: rows },
        () =>
          html`<div class="skeleton-row" aria-hidden="true">
            <span class="skeleton"></span><span class="skeleton skeleton-member"></span
            ><span class="skeleton skeleton-points"></span>
          </div>`,
      )}
    </div>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    if (!this.session) return this.configError ? nothing : this.renderSkeleton();
    let state = this.entries.value;
    let busy = false;
    if (state?.status === 'ready') this.shown = state;
    else if (state?.status === 'loading' && this.shown) {
      state = this.shown;
      busy = true;
    }
    if (!state || state.status === 'loading') return this.renderSkeleton();
    if (state.status === 'error') {
      return html`<div class="state-error" part="error" role="alert">
        <p>${this.t('leaderboard.error')} ${state.error ? this.errorMessage(state.error) : ''}</p>
        <button type="button" class="btn" @click=${this.handleRetry}>
          ${this.t('action.retry')}
        </button>
      </div>`;
    }
    if (!state.entries.length) {
      return html`<p class="empty" part="empty">${this.t('leaderboard.empty')}</p>`;
    }
    return html`<ol class="entries" part="list" aria-busy=${busy ? 'true' : 'false'}>
      ${state.entries.map(
        (entry) =>
          html`<li class="entry" part="entry">
            <span class="rank" part="rank"
              ><span class="visually-hidden"
                >${this.t('leaderboard.rank', { rank: entry.rank })}</span
              ><span aria-hidden="true">${entry.rank}</span></span
            >
            <span
              ><kith-badge
                compact
                part="member"
                member=${entry.member.id}
                locale=${this.resolvedLocale}
              ></kith-badge
            ></span>
            <span class="points" part="points"
              >${this.t('members.points', { count: entry.points })}</span
            >
          </li>`,
      )}
    </ol>`;
  }

  protected override render(): TemplateResult {
    const current = this.effectivePeriod;
    return html`<section
      part="base"
      class="base ${this.themeClass()}"
      aria-labelledby="heading"
      lang=${this.resolvedLocale}
    >
      <header part="header" class="header">
        <h2 id="heading">${this.t('leaderboard.heading')}</h2>
        <div class="periods" part="periods" role="group" aria-label=${this.t('leaderboard.period')}>
          ${LEADERBOARD_PERIODS.map(
            (period) =>
              html`<button
                type="button"
                class="btn period"
                part="period"
                aria-pressed=${period === current ? 'true' : 'false'}
                @click=${() => this.selectPeriod(period)}
              >
                ${this.t(`leaderboard.period.${period}`)}
              </button>`,
          )}
        </div>
      </header>
      ${this.renderConfigError()} ${this.renderBody()} ${this.renderLiveRegion()}
    </section>`;
  }
}

import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import type { MemberCard, MemberSummary, Role } from '../../core/types.js';
import messages from '../../locales/members/en.js';
import { memberCard, onBadgeAwarded, type MemberCardState } from '../../stores/members.js';
import type { Session } from '../../stores/session.js';
import { hueOf } from '../common/author.js';
import { StoreController } from '../common/store-controller.js';
import { KithElement } from '../common/kith-element.js';
import type { BadgeProfile } from './badge-profile.js';
import { badgeName, httpUrl, tierLabel, tierShape } from './badge-texts.js';
import { badgeStyles } from './badge.styles.js';

registerMessages(messages, { de: () => import('../../locales/members/de.js') });

const MARKED_ROLES: readonly Role[] = ['staff', 'moderator', 'expert'];
/** As the server accepts a token's `sub`. */
const MAX_ID_LENGTH = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A member chip: avatar, name, role marks, trust level, best badges and reputation. It is a button that
 * opens the member's community profile (every badge and how it was earned, tie strength, recent
 * contributions; for the signed-in member their own data, for staff erasure) in a popover; the profile
 * is its own chunk, loaded on the first open. Many chips on one page cost one read, and they stay
 * current as reputation and badges change. Given the `summary` a post embeds, the chip shows at once
 * and adds the badges when the read arrives (every author of `<kith-qa>`, `<kith-ideas>` and
 * `<kith-reviews>` is a chip).
 *
 * @summary A member's chip with a profile popover.
 *
 * @fires kith-badge-awarded - The member shown was awarded badges. Every `<kith-badge>` showing that
 *   member fires it. `detail: { memberId, badges }`
 * @fires kith-error - The profile could not be loaded, or an own-data action failed.
 *   `detail: { code, message, action: 'profile' | 'export' | 'erase' }`
 *
 * @csspart base - The wrapper around the chip and the popover.
 * @csspart button - The chip (a button; a plain span for a former member).
 * @csspart avatar - The avatar image or initials.
 * @csspart name - The member's name.
 * @csspart role-mark - A role mark (Staff, Moderator, Expert).
 * @csspart trust-level - "Trust level 3".
 * @csspart badges - The best badges on the chip; each is `badge`.
 * @csspart badge - One badge (its shape is `tier` and `tier-gold|silver|bronze`).
 * @csspart reputation - The reputation.
 * @csspart profile - The popover with the profile.
 * @csspart close - The popover's Close button.
 * @csspart facts - Reputation, trust level and joining date in the profile.
 * @csspart awards - Every badge with its cause; each `award`.
 * @csspart ties - The four tie-strength bars; each `tie`, its bar `meter`.
 * @csspart recent - Recent contributions.
 * @csspart own-data - Download and erase (the member's own profile; erase for staff).
 * @csspart error - Configuration and load errors.
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Trust level, reputation, secondary text.
 * @cssprop --kith-color-background - The popover's background (default: `Canvas`).
 * @cssprop --kith-color-surface - The chip's background.
 * @cssprop --kith-color-border - Borders.
 * @cssprop --kith-color-accent - Links, hovered chip border, tie-strength bars.
 * @cssprop --kith-color-danger - Errors and the erase buttons.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-color-gold - Gold badges' diamond (default `#d4a017`).
 * @cssprop --kith-color-silver - Silver badges' square (default `#9ca3af`).
 * @cssprop --kith-color-bronze - Bronze badges' circle (default `#a0522d`).
 * @cssprop --kith-avatar-size - The avatar's size (default `2em`).
 * @cssprop --kith-radius - The popover's corner radius.
 */
export class KithBadge extends KithElement {
  static override styles = badgeStyles;

  /** The member's id (attribute `member`; required unless `summary` is set). */
  @property({ attribute: 'member' }) memberId: string | undefined;

  /**
   * The member as a post embeds it (`MemberSummary`: name, avatar, roles, reputation, trust level):
   * the chip shows it at once instead of waiting for the card read, which adds the top badges.
   */
  @property({ attribute: false }) summary: MemberSummary | undefined;

  /** Avatar and name only (for lists such as `<kith-leaderboard>`). */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private open = false;
  @state() private avatarFailed = false;
  @state() private profileLoadFailed = false;

  private readonly card = new StoreController<MemberCardState>(this);
  private cardId: string | null = null;
  /** The profile's chunk, once it arrived (it keeps the profile's own state). */
  private profile: BadgeProfile | null = null;
  private profileLoading: Promise<void> | null = null;
  private offAwarded: (() => void) | null = null;

  /** The member id, or why there is none. */
  private get resolvedMember(): { id: string } | { problem: MessageKey } {
    const id = this.memberId?.trim() || this.summary?.id;
    if (!id) return { problem: 'members.missingMember' };
    if (id.length > MAX_ID_LENGTH || CONTROL.test(id)) return { problem: 'members.invalidMember' };
    return { id };
  }

  private get shownId(): string | null {
    const m = this.resolvedMember;
    return 'id' in m ? m.id : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offAwarded = onBadgeAwarded(({ session, memberId, badges }) => {
      if (memberId !== this.shownId || session.key !== this.session?.key) return;
      emit(this, 'kith-badge-awarded', { memberId, badges });
      if (this.open) this.profile?.reload();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offAwarded?.();
    this.offAwarded = null;
  }

  /** Follows the member's card (one batched read for every chip asking in the same task). */
  private watchCard(): void {
    const id = this.shownId;
    if (this.session && id) this.card.use(memberCard(this.session, id));
    if (id !== this.cardId) {
      this.cardId = id;
      this.avatarFailed = false;
    }
  }

  protected override sessionChanged(_session: Session): void {
    this.watchCard();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('memberId') && !changed.has('summary')) return;
    const member = this.resolvedMember;
    if ('problem' in member) {
      console.error(`Kith <${this.localName}>: ${this.t(member.problem)}`);
      this.hideProfile();
    } else if (member.id !== this.cardId) {
      this.hideProfile();
      this.watchCard();
    }
  }

  // ---- the popover --------------------------------------------------------------------------------

  private get profilePanel(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('#profile');
  }

  private hideProfile(): void {
    const popover = this.profilePanel;
    if (popover?.matches(':popover-open')) popover.hidePopover();
  }

  private loadProfileChunk(): Promise<void> {
    this.profileLoadFailed = false;
    return (this.profileLoading ??= import('./badge-profile.js').then(
      (module) => {
        this.profile = new module.BadgeProfile(this);
        this.requestUpdate();
      },
      (error: unknown) => {
        this.profileLoading = null;
        this.profileLoadFailed = true;
        this.reportError(error, 'profile');
      },
    ));
  }

  /** Opened by the chip (`popovertarget`), closed by Escape, Close, the chip or a click elsewhere. */
  private readonly handleToggle = (e: Event): void => {
    const open = (e as ToggleEvent).newState === 'open';
    if (open === this.open) return;
    this.open = open;
    const root = this.renderRoot as ShadowRoot;
    if (open) {
      void this.loadProfileChunk();
      void this.updateComplete.then(() =>
        root.querySelector<HTMLElement>('#profile .close')?.focus(),
      );
    } else {
      this.profile?.closed();
      // Back to the chip, unless the reader clicked their way somewhere else.
      const active = root.activeElement;
      if (
        (active && this.profilePanel?.contains(active)) ||
        document.activeElement === document.body ||
        !document.activeElement
      ) {
        root.querySelector<HTMLElement>('.chip')?.focus();
      }
    }
  };

  private readonly handleRetry = (): void => void this.loadProfileChunk();

  // ---- rendering ----------------------------------------------------------------------------------

  private initials(name: string): string {
    return (
      name
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((w) => [...w][0]!.toUpperCase())
        .join('') || '?'
    );
  }

  private renderAvatar(card: MemberSummary): TemplateResult {
    const src = this.avatarFailed ? null : httpUrl(card.avatar);
    return src
      ? html`<img
          class="avatar-image"
          part="avatar"
          src=${src}
          alt=""
          loading="lazy"
          @error=${() => (this.avatarFailed = true)}
        />`
      : html`<span class="avatar hue-${hueOf(card.id) % 12}" part="avatar" aria-hidden="true"
          >${this.initials(card.name)}</span
        >`;
  }

  private renderRoles(card: MemberSummary): TemplateResult[] {
    return card.roles
      .filter((r) => MARKED_ROLES.includes(r))
      .map(
        (r) =>
          html`<span class="role-mark role-${r}" part="role-mark"
            >${this.t(`role.${r as 'staff'}`)}</span
          >`,
      );
  }

  private renderChipContent(card: MemberCard): TemplateResult {
    const t = this.t.bind(this);
    return html`${this.renderAvatar(card)}<span class="name" part="name">${card.name}</span>${
        this.compact
          ? nothing
          : html`${this.renderRoles(card)}<span class="trust" part="trust-level"
                >${t('members.trustLevel', { level: card.trustLevel })}</span
              >${
                card.topBadges.length
                  ? html`<span class="top-badges" part="badges"
                      >${card.topBadges.map((badge) => {
                        // Said after the name: "Problem Solver (Silver badge)".
                        const tier = ` (${t('members.badgeOfTier', { tier: tierLabel(t, badge.tier) })})`;
                        return html`<span class="badge badge-${badge.tier}" part="badge"
                          >${tierShape(badge.tier)}${badgeName(t, badge)}<span
                            class="visually-hidden"
                            >${tier}</span
                          ></span
                        >`;
                      })}</span
                    >`
                  : nothing
              }<span class="reputation" part="reputation"
                >${t('members.points', { count: card.reputation })}</span
              >`
      }`;
  }

  private renderPopover(card: MemberCard, id: string): TemplateResult {
    const t = this.t.bind(this);
    const session = this.session;
    const body = !this.open
      ? nothing
      : this.profile && session
        ? this.profile.render({
            session,
            memberId: id,
            card,
            avatar: this.renderAvatar(card),
            roles: this.renderRoles(card),
            viewer: this.member,
            locale: this.resolvedLocale,
            t,
            errorMessage: (error) => this.errorMessage(error),
            reportError: (error, action) => this.reportError(error, action),
          })
        : this.profileLoadFailed
          ? html`<div class="state-error" part="error" role="alert">
              <p>${t('members.profile.error')}</p>
              <button type="button" class="btn retry" @click=${this.handleRetry}>
                ${t('action.retry')}
              </button>
            </div>`
          : html`<div class="profile-loading" aria-busy="true">
              <span class="visually-hidden">${t('members.profile.loading')}</span>
            </div>`;
    // Close is the chip's, first in the popover: focus moves there at once, before the chunk arrives.
    const close = html`<button
      type="button"
      class="btn close"
      part="close"
      popovertarget="profile"
      popovertargetaction="hide"
    >
      ${t('members.profile.close')}
    </button>`;
    return html`<div
      id="profile"
      class="profile"
      part="profile"
      popover="auto"
      role="dialog"
      aria-label=${t('members.profile.label', { name: card.name })}
      @toggle=${this.handleToggle}
    >
      ${this.open ? close : nothing}${body}
    </div>`;
  }

  /** What the chip shows: the card once read; until then (or if the read failed) the summary. */
  private get shownCard(): MemberCard | 'loading' | 'former' {
    const state = this.card.value;
    const summary = this.summary?.id === this.shownId ? this.summary : undefined;
    if (state?.status === 'ready') return state.card && !state.card.erased ? state.card : 'former';
    if (summary) return summary.erased ? 'former' : { ...summary, topBadges: [], badgeCount: 0 };
    return 'loading';
  }

  /** The card the open popover shows: kept while it is open, also when the member was just erased. */
  private popoverCard: MemberCard | null = null;

  protected override render(): TemplateResult {
    const classes = `base ${this.themeClass()}`;
    if (this.configError) return html`<span class=${classes}>${this.renderConfigError()}</span>`;
    const member = this.resolvedMember;
    if ('problem' in member) {
      return html`<span class=${classes} part="base"
        ><span class="config-error" part="error" role="alert"
          >${this.t('error.config', { message: this.t(member.problem) })}</span
        ></span
      >`;
    }
    const card = this.shownCard;
    if (card === 'loading') {
      // Loading or failed: the chip's space, with nothing wrong said on a chip.
      const busy = this.card.value?.status !== 'error';
      return html`<span class=${classes} part="base" aria-busy=${busy ? 'true' : 'false'}
        ><span class="chip skeleton-chip"
          ><span class="skeleton skeleton-avatar"></span
          ><span class="skeleton skeleton-name"></span></span
      ></span>`;
    }
    if (card !== 'former') this.popoverCard = card;
    // Erased (or unknown: an erased member's id is no member any more): no name, no profile (but an
    // open profile stays until closed, to say that the member was erased).
    const chip =
      card === 'former'
        ? html`<span class="chip former" part="button" tabindex="-1"
            ><span class="avatar avatar-former" part="avatar" aria-hidden="true"></span
            ><span class="name" part="name">${this.t('member.former')}</span></span
          >`
        : html`<button
            type="button"
            class="chip"
            part="button"
            popovertarget="profile"
            aria-haspopup="dialog"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="profile"
          >
            ${this.renderChipContent(card)}
          </button>`;
    const popover = card === 'former' && !this.open ? null : this.popoverCard;
    return html`<span class=${classes} part="base" lang=${this.resolvedLocale}
      >${chip}${popover ? this.renderPopover(popover, member.id) : nothing}</span
    >`;
  }
}

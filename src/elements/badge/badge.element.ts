import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../core/events.js';
import { registerMessages, type MessageKey } from '../../core/i18n.js';
import type { MemberCard, Role } from '../../core/types.js';
import messages from '../../locales/members/en.js';
import {
  memberCard,
  memberProfile,
  onBadgeAwarded,
  reloadMemberProfile,
  type MemberCardState,
  type MemberProfileState,
} from '../../stores/members.js';
import type { Session } from '../../stores/session.js';
import { hueOf } from '../common/author.js';
import { StoreController } from '../common/store-controller.js';
import { KithElement } from '../common/kith-element.js';
import { badgeName, httpUrl, tierLabel, tierShape } from './badge-texts.js';
import { badgeStyles } from './badge.styles.js';

registerMessages(messages, { de: () => import('../../locales/members/de.js') });

type MarkedRole = 'staff' | 'moderator' | 'expert';
const MARKED_ROLES: readonly Role[] = ['staff', 'moderator', 'expert'];
const markedRoles = (roles: readonly Role[]) =>
  roles.filter((r): r is MarkedRole => MARKED_ROLES.includes(r));
/** As the server accepts a token's `sub`. */
const MAX_ID_LENGTH = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A member chip: avatar, name, role marks, trust level, best badges and reputation. It is a button that
 * opens the member's community profile (every badge and how it was earned, tie strength, recent
 * contributions) in a popover; the profile is its own chunk, loaded on the first open. Many chips on
 * one page cost one read, and they stay current as reputation and badges change.
 *
 * @summary A member's chip with a profile popover.
 *
 * @fires kith-badge-awarded - The member shown was awarded badges. Every `<kith-badge>` showing that
 *   member fires it. `detail: { memberId, badges }`
 * @fires kith-error - The profile could not be loaded. `detail: { code, message, action: 'profile' }`
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
 * @csspart error - Configuration and load errors.
 *
 * @cssprop --kith-color-text - Text colour (default: inherited).
 * @cssprop --kith-color-muted - Trust level, reputation, secondary text.
 * @cssprop --kith-color-background - The popover's background (default: `Canvas`).
 * @cssprop --kith-color-surface - The chip's background.
 * @cssprop --kith-color-border - Borders.
 * @cssprop --kith-color-accent - Links, hovered chip border, tie-strength bars.
 * @cssprop --kith-color-focus - Focus outlines.
 * @cssprop --kith-color-gold - Gold badges' diamond (default `#d4a017`).
 * @cssprop --kith-color-silver - Silver badges' square (default `#9ca3af`).
 * @cssprop --kith-color-bronze - Bronze badges' circle (default `#a0522d`).
 * @cssprop --kith-avatar-size - The avatar's size (default `2em`).
 * @cssprop --kith-radius - The popover's corner radius.
 */
export class KithBadge extends KithElement {
  static override styles = badgeStyles;

  /** The member's id (attribute `member`, required). */
  @property({ attribute: 'member' }) memberId: string | undefined;

  /** Avatar and name only (for lists such as `<kith-leaderboard>`). */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private open = false;
  @state() private avatarFailed = false;

  private readonly card = new StoreController<MemberCardState>(this);
  private readonly profile = new StoreController<MemberProfileState>(this);
  private profileModule: typeof import('./badge-profile.js') | null = null;
  private profileLoading: Promise<void> | null = null;
  @state() private profileLoadFailed = false;
  private offAwarded: (() => void) | null = null;
  private reportedProfileError: unknown = null;

  /** The member id, or why there is none. */
  private get resolvedMember(): { id: string } | { problem: MessageKey } {
    const id = this.memberId?.trim();
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
      if (this.open) void reloadMemberProfile(session, memberId);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offAwarded?.();
    this.offAwarded = null;
  }

  protected override sessionChanged(session: Session): void {
    const id = this.shownId;
    if (!id) return;
    this.card.use(memberCard(session, id));
    if (this.open) this.profile.use(memberProfile(session, id));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('memberId')) return;
    this.avatarFailed = false;
    const member = this.resolvedMember;
    if ('problem' in member) {
      console.error(`Kith <${this.localName}>: ${this.t(member.problem)}`);
      this.hideProfile();
    } else if (this.session) {
      this.card.use(memberCard(this.session, member.id));
      if (this.open) this.profile.use(memberProfile(this.session, member.id));
    }
  }

  // ---- the popover --------------------------------------------------------------------------------

  private get profilePanel(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('#profile');
  }

  private get chip(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('button.chip');
  }

  private hideProfile(): void {
    const popover = this.profilePanel;
    if (popover?.matches(':popover-open')) popover.hidePopover();
  }

  private loadProfileChunk(): Promise<void> {
    this.profileLoadFailed = false;
    return (this.profileLoading ??= import('./badge-profile.js').then(
      (module) => {
        this.profileModule = module;
        const root = this.renderRoot as ShadowRoot;
        const sheet = module.profileStyles.styleSheet;
        if (sheet && !root.adoptedStyleSheets.includes(sheet)) {
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        }
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
    const id = this.shownId;
    if (open && this.session && id) {
      void this.loadProfileChunk();
      this.profile.use(memberProfile(this.session, id));
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('#profile .close')?.focus(),
      );
    } else if (!open) {
      // Back to the chip, unless the reader clicked their way somewhere else.
      const root = this.renderRoot as ShadowRoot;
      const active = root.activeElement;
      if (
        (active && this.profilePanel?.contains(active)) ||
        document.activeElement === document.body ||
        !document.activeElement
      ) {
        this.chip?.focus();
      }
    }
  };

  private readonly handleRetry = (): void => {
    const id = this.shownId;
    if (!this.profileModule) void this.loadProfileChunk();
    if (this.session && id) void reloadMemberProfile(this.session, id);
  };

  // ---- rendering ----------------------------------------------------------------------------------

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const profile = this.profile.value;
    if (this.open && profile?.status === 'error' && profile.error !== this.reportedProfileError) {
      this.reportedProfileError = profile.error;
      this.reportError(profile.error, 'profile');
    }
  }

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

  private renderAvatar(card: MemberCard): TemplateResult {
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

  private renderChipContent(card: MemberCard): TemplateResult {
    const t = this.t.bind(this);
    const roles = markedRoles(card.roles);
    return html`${this.renderAvatar(card)}<span class="name" part="name">${card.name}</span>${
        this.compact
          ? nothing
          : html`${roles.map(
                (r) =>
                  html`<span class="role-mark role-${r}" part="role-mark">${t(`role.${r}`)}</span>`,
              )}<span class="trust" part="trust-level"
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

  private renderProfile(card: MemberCard): TemplateResult {
    const t = this.t.bind(this);
    const module = this.profileModule;
    const body = !this.open
      ? nothing
      : module
        ? module.renderProfile({
            state: this.profile.value,
            locale: this.resolvedLocale,
            t,
            errorMessage: (error) => this.errorMessage(error),
            retry: this.handleRetry,
          })
        : this.profileLoadFailed
          ? html`<div class="state-error" part="error" role="alert">
              <p>${t('members.profile.error')}</p>
              <button type="button" class="btn" @click=${this.handleRetry}>
                ${t('action.retry')}
              </button>
            </div>`
          : html`<div class="profile-loading" aria-busy="true">
              <span class="visually-hidden">${t('members.profile.loading')}</span>
            </div>`;
    return html`<div
      id="profile"
      class="profile"
      part="profile"
      popover="auto"
      role="dialog"
      aria-label=${t('members.profile.label', { name: card.name })}
      @toggle=${this.handleToggle}
    >
      ${
        this.open
          ? html`<div class="profile-header">
              ${this.renderAvatar(card)}
              <span class="profile-title">
                <span class="profile-name">${card.name}</span>
                ${markedRoles(card.roles).map(
                  (r) =>
                    html`<span class="role-mark role-${r}" part="role-mark"
                      >${t(`role.${r}`)}</span
                    >`,
                )}
              </span>
              <button
                type="button"
                class="btn close"
                part="close"
                popovertarget="profile"
                popovertargetaction="hide"
              >
                ${t('members.profile.close')}
              </button>
            </div>`
          : nothing
      }
      ${body}
    </div>`;
  }

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
    const state = this.card.value;
    const card = state?.card;
    if (!card && state?.status !== 'ready') {
      // Loading or failed: the chip's space, with nothing wrong said on a chip.
      const busy = !state || state.status === 'loading';
      return html`<span class=${classes} part="base" aria-busy=${busy ? 'true' : 'false'}
        ><span class="chip skeleton-chip"
          ><span class="skeleton skeleton-avatar"></span
          ><span class="skeleton skeleton-name"></span></span
      ></span>`;
    }
    if (!card || card.erased) {
      // Erased (or unknown: an erased member's id is no member any more): no name, no profile.
      return html`<span class=${classes} part="base" lang=${this.resolvedLocale}
        ><span class="chip former" part="button"
          ><span class="avatar avatar-former" part="avatar" aria-hidden="true"></span
          ><span class="name" part="name">${this.t('member.former')}</span></span
        ></span
      >`;
    }
    return html`<span class=${classes} part="base" lang=${this.resolvedLocale}
      ><button
        type="button"
        class="chip"
        part="button"
        popovertarget="profile"
        aria-haspopup="dialog"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="profile"
      >
        ${this.renderChipContent(card)}</button
      >${this.renderProfile(card)}</span
    >`;
  }
}

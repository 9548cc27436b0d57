/**
 * The profile in `<kith-badge>`'s popover: facts, every badge with how it was earned, the four
 * components of tie strength as bars with their sentences, recent contributions, and own data
 * (download, erase; erase for staff). Its own chunk with its own messages and styles, loaded when a
 * reader first opens a profile: chips alone never download it.
 */
import {
  css,
  html,
  nothing,
  type CSSResult,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import type { KithError } from '../../core/errors.js';
import { registerMessages, type SupportedLocale } from '../../core/i18n.js';
import { isStaff } from '../../core/token.js';
import type {
  BadgeAward,
  MemberCard,
  MemberClaims,
  MemberProfile,
  TieStrength,
  TieStrengthComponent,
} from '../../core/types.js';
import messages from '../../locales/members/profile/en.js';
import {
  memberProfile,
  reloadMemberProfile,
  type MemberProfileState,
} from '../../stores/members.js';
import type { Session } from '../../stores/session.js';
import { StoreController } from '../common/store-controller.js';
import type { OwnData } from './badge-own-data.js';
import { badgeName, httpUrl, tierLabel, tierShape, type Translate } from './badge-texts.js';

registerMessages(messages, { de: () => import('../../locales/members/profile/de.js') });

const english = messages as Readonly<Record<string, unknown>>;

/** What the chip gives the profile to render. */
export interface ProfileContext {
  session: Session;
  memberId: string;
  card: MemberCard;
  avatar: TemplateResult;
  roles: TemplateResult[];
  /** The signed-in member (own data for themself, erasure for staff). */
  viewer: MemberClaims | null;
  locale: SupportedLocale;
  t: Translate;
  errorMessage: (error: KithError) => string;
  /** Fires `kith-error` and returns the message to show. */
  reportError: (error: unknown, action: string) => string;
}

/** "Earned with 5 accepted answers", from the award's cause; the badge's description otherwise. */
export function badgeCause(t: Translate, award: BadgeAward): string {
  const key = `members.cause.${award.cause?.metric}`;
  return key in english
    ? t(key as 'members.cause.answers', { count: award.cause.value })
    : award.badge.description;
}

const TIES = ['time', 'intensity', 'trust', 'reciprocity'] as const;
type Tie = (typeof TIES)[number];

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(locale: SupportedLocale, iso: string): string {
  let format = dateFormats.get(locale);
  if (!format)
    dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'long' })));
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

/**
 * The component's sentence in the reader's language, made from its `figures`; the server's English
 * `explanation` when the figures are not the ones this version knows.
 */
export function tieSentence(t: Translate, tie: Tie, c: TieStrengthComponent): string {
  const f = c.figures ?? {};
  const known = (...names: string[]) => names.every((n) => Number.isFinite(f[n]));
  const n = (name: string) => f[name] ?? 0;
  switch (tie) {
    case 'time':
      if (known('tenureDays', 'activeDays')) {
        return t('members.tie.timeSentence', {
          tenure: t('members.days', { count: n('tenureDays') }),
          active: t('members.days', { count: n('activeDays') }),
        });
      }
      break;
    case 'intensity':
      if (known('perWeek')) return t('members.tie.intensitySentence', { count: n('perWeek') });
      break;
    case 'trust':
      if (known('accepted', 'helpful', 'contributions')) {
        return t('members.tie.trustSentence', {
          accepted: t('members.acceptedAnswers', { count: n('accepted') }),
          helpful: t('members.helpfulVotes', { count: n('helpful') }),
          contributions: t('members.contributions', { count: n('contributions') }),
        });
      }
      break;
    case 'reciprocity':
      if (known('given', 'received')) {
        return t('members.tie.reciprocitySentence', {
          given: t('members.times', { count: n('given') }),
          received: t('members.times', { count: n('received') }),
        });
      }
      break;
  }
  return c.explanation;
}

function renderTies(t: Translate, ties: TieStrength): TemplateResult {
  return html`<ul class="ties" part="ties">
    ${TIES.map((tie) => {
      const c = ties[tie];
      return html`<li class="tie" part="tie">
        <label class="tie-label" for="tie-${tie}">${t(`members.tie.${tie}`)}</label>
        <meter
          id="tie-${tie}"
          part="meter"
          min="0"
          max="1"
          value=${c.score}
          aria-describedby="tie-${tie}-sentence"
        ></meter>
        <span class="tie-sentence muted" id="tie-${tie}-sentence">${tieSentence(t, tie, c)}</span>
      </li>`;
    })}
  </ul>`;
}

function renderProfileBody(
  t: Translate,
  locale: SupportedLocale,
  p: MemberProfile,
): TemplateResult {
  return html`<dl class="facts" part="facts">
      <div>
        <dt>${t('members.profile.reputation')}</dt>
        <dd>${t('members.points', { count: p.reputation })}</dd>
      </div>
      <div>
        <dt>${t('members.profile.trust')}</dt>
        <dd>${t('members.trustLevel', { level: p.trustLevel })}</dd>
      </div>
      <div>
        <dt>${t('members.profile.joined')}</dt>
        <dd><time datetime=${p.joinedAt}>${formatDate(locale, p.joinedAt)}</time></dd>
      </div>
    </dl>
    <h3 class="profile-heading">${t('members.profile.badges')}</h3>
    ${
      p.badges.length
        ? html`<ul class="awards" part="awards">
            ${p.badges.map(
              (award) =>
                html`<li class="award" part="award">
                  ${tierShape(award.badge.tier)}
                  <span class="award-text">
                    <span class="award-name">${badgeName(t, award.badge)}</span>
                    <span class="award-tier">${tierLabel(t, award.badge.tier)}</span>
                    <span class="award-cause muted">${badgeCause(t, award)}</span>
                  </span>
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('members.profile.noBadges')}</p>`
    }
    <h3 class="profile-heading">${t('members.profile.ties')}</h3>
    ${renderTies(t, p.tieStrength)}
    <h3 class="profile-heading">${t('members.profile.recent')}</h3>
    ${
      p.recent.length
        ? html`<ul class="recent" part="recent">
            ${p.recent.map((item) => {
              const href = httpUrl(item.pageUrl);
              return html`<li>
                <span class="muted">${t(`members.target.${item.targetType}`)}:</span>
                ${href ? html`<a href=${href}>${item.title}</a>` : html`<span>${item.title}</span>`}
              </li>`;
            })}
          </ul>`
        : html`<p class="muted">${t('members.profile.noRecent')}</p>`
    }`;
}

/** Adds styles that arrived in a chunk to the chip's shadow root, once. */
export function adoptStyles(root: ShadowRoot, styles: CSSResult): void {
  const sheet = styles.styleSheet;
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) {
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
}

/**
 * The profile of one `<kith-badge>`: follows the member's profile while open; for the member
 * themself and for staff, loads and shows the own-data actions.
 */
export class BadgeProfile {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly profile: StoreController<MemberProfileState>;
  private ctx: ProfileContext | null = null;
  private reported: unknown = null;
  private own: OwnData | null = null;
  private ownLoading: Promise<void> | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    this.profile = new StoreController<MemberProfileState>(host);
    adoptStyles(host.shadowRoot!, profileStyles);
  }

  /** Reads the profile again (after a badge was awarded, or "Try again"). */
  reload = (): void => {
    const ctx = this.ctx;
    if (ctx) void reloadMemberProfile(ctx.session, ctx.memberId);
  };

  /** The popover closed. */
  closed(): void {
    this.own?.closed();
  }

  /** Download and erase for the member themself, erase for staff: their chunk, on first need. */
  private ownData(ctx: ProfileContext): OwnData | null {
    if (ctx.viewer?.sub !== ctx.memberId && !isStaff(ctx.viewer)) return null;
    this.ownLoading ??= import('./badge-own-data.js').then(
      (module) => {
        this.own = new module.OwnData(this.host);
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.ownLoading = null;
        ctx.reportError(error, 'profile');
      },
    );
    return this.own;
  }

  /** Header, then the body for the profile's state: loading, failed (with "Try again"), the profile. */
  render(ctx: ProfileContext): TemplateResult {
    this.ctx = ctx;
    const { t } = ctx;
    const own = this.ownData(ctx);
    const state = this.profile.use(memberProfile(ctx.session, ctx.memberId));
    let body: TemplateResult | typeof nothing;
    if (own?.erasedNow(ctx)) {
      body = nothing;
    } else if (state.status === 'error' && !state.profile) {
      if (state.error !== this.reported) {
        this.reported = state.error;
        ctx.reportError(state.error, 'profile');
      }
      body = html`<div class="state-error" part="error" role="alert">
        <p>${t('members.profile.error')} ${state.error ? ctx.errorMessage(state.error) : ''}</p>
        <button type="button" class="btn retry" @click=${this.reload}>${t('action.retry')}</button>
      </div>`;
    } else if (!state.profile) {
      body = html`<div class="profile-loading" aria-busy="true">
        <span class="visually-hidden">${t('members.profile.loading')}</span>
        <span class="skeleton skeleton-line" aria-hidden="true"></span>
        <span class="skeleton skeleton-line" aria-hidden="true"></span>
        <span class="skeleton skeleton-line short" aria-hidden="true"></span>
      </div>`;
    } else {
      body = renderProfileBody(t, ctx.locale, state.profile);
    }
    return html`<div class="profile-header">
        ${ctx.avatar}
        <span class="profile-title">
          <span class="profile-name">${ctx.card.name}</span>
          ${ctx.roles}
        </span>
      </div>
      ${body} ${own ? own.render(ctx) : nothing}`;
  }
}

export const profileStyles = css`
  .profile-header {
    display: flex;
    align-items: center;
    gap: 0.6em;
    margin-bottom: 0.75rem;
  }
  .profile-title {
    flex: 1;
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35em;
  }
  .profile-name {
    font-weight: 700;
    font-size: 1.1em;
  }
  .profile-heading {
    margin: 1rem 0 0.4rem;
    font-size: 1em;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(3, auto);
    gap: 0.5rem;
    margin: 0;
  }
  .facts dt {
    color: var(--_muted);
    font-size: var(--kith-font-size-small);
  }
  .facts dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .awards,
  .ties,
  .recent {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .award {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
  }
  .award-text {
    display: flex;
    flex-wrap: wrap;
    column-gap: 0.5em;
  }
  .award-name {
    font-weight: 600;
  }
  .award-tier {
    font-size: var(--kith-font-size-small);
  }
  .award-cause {
    flex-basis: 100%;
  }
  .tie {
    display: grid;
    grid-template-columns: 8em 1fr;
    align-items: center;
    column-gap: 0.75em;
  }
  .tie-sentence {
    grid-column: 1 / -1;
  }
  meter {
    width: 100%;
    height: 0.75em;
  }
  meter::-webkit-meter-bar {
    background: var(--_skeleton);
    border: 1px solid var(--_border);
    border-radius: 999px;
  }
  meter::-webkit-meter-optimum-value {
    background: var(--_accent);
    border-radius: 999px;
  }
  meter::-moz-meter-bar {
    background: var(--_accent);
  }
  .skeleton-line {
    display: block;
    height: 1em;
  }
  .skeleton-line.short {
    width: 60%;
  }
  .state-error p {
    color: var(--_danger);
  }
`;

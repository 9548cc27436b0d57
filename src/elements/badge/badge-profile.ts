/**
 * The profile in `<kith-badge>`'s popover: facts, every badge with how it was earned, the four
 * components of tie strength as bars with their sentences, and recent contributions. Its own chunk,
 * loaded when a reader first opens a profile: chips alone never download it.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { KithError } from '../../core/errors.js';
import type { SupportedLocale } from '../../core/i18n.js';
import type { MemberProfile, TieStrength, TieStrengthComponent } from '../../core/types.js';
import type { MemberProfileState } from '../../stores/members.js';
import {
  badgeCause,
  badgeName,
  httpUrl,
  tierLabel,
  tierShape,
  type Translate,
} from './badge-texts.js';

export interface ProfileView {
  state: MemberProfileState | undefined;
  locale: SupportedLocale;
  t: Translate;
  errorMessage: (error: KithError) => string;
  retry: () => void;
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

function renderProfileBody(v: ProfileView, p: MemberProfile): TemplateResult {
  const { t, locale } = v;
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

/** The popover's body for the profile's state: loading, failed (with "Try again") or the profile. */
export function renderProfile(v: ProfileView): TemplateResult | typeof nothing {
  const { state, t } = v;
  if (state?.status === 'error' && !state.profile) {
    return html`<div class="state-error" part="error" role="alert">
      <p>${t('members.profile.error')} ${state.error ? v.errorMessage(state.error) : ''}</p>
      <button type="button" class="btn retry" @click=${v.retry}>${t('action.retry')}</button>
    </div>`;
  }
  if (!state?.profile) {
    return html`<div class="profile-loading" aria-busy="true">
      <span class="visually-hidden">${t('members.profile.loading')}</span>
      <span class="skeleton skeleton-line" aria-hidden="true"></span>
      <span class="skeleton skeleton-line" aria-hidden="true"></span>
      <span class="skeleton skeleton-line short" aria-hidden="true"></span>
    </div>`;
  }
  return renderProfileBody(v, state.profile);
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

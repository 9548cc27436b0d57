import { html, type TemplateResult } from 'lit';
import type { MessageKey } from '../../core/i18n.js';
import type { Badge, BadgeTier } from '../../core/types.js';
import messages from '../../locales/members/en.js';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const english = messages as Readonly<Record<string, unknown>>;

/**
 * A badge's name in the reader's language: a default badge (its slug in the catalog, its name as the
 * defaults have it) is translated; a site's own badge, or a default the site renamed, keeps its name.
 */
export function badgeName(t: Translate, badge: Badge): string {
  const key = `members.badge.${badge.slug}`;
  return english[key] === badge.name ? t(key as MessageKey) : badge.name;
}

export function tierLabel(t: Translate, tier: BadgeTier): string {
  return t(`members.tier.${tier}`);
}

/** The tier's shape (circle, square, diamond): tiers never rely on colour alone. */
export function tierShape(tier: BadgeTier): TemplateResult {
  return html`<span class="tier tier-${tier}" part="tier tier-${tier}" aria-hidden="true"></span>`;
}

/** Only http(s) and relative URLs become links or images. */
export function httpUrl(value: string | undefined | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

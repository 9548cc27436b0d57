import { css, html, nothing, type TemplateResult } from 'lit';
import { nestedBadgePalette } from './styles.js';
import type { MemberSummary, Role } from '../../core/types.js';

const MARKED_ROLES: Role[] = ['staff', 'moderator', 'expert'];

/** Deterministic hue from an id, for initials avatars. */
export function hueOf(id: string): number {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

let badgeLoading: Promise<unknown> | null = null;

/**
 * The author of a post, as a `<kith-badge>` chip (avatar, name, role marks, trust level, reputation,
 * then the top badges once the page's one batched card read arrives; it opens the member's profile).
 * The chip gets the post's `MemberSummary`, so it waits for no read; its chunk loads with the first
 * author shown, and until it has arrived the chip's children show initials, name and role marks.
 */
export function author(
  member: MemberSummary,
  o: { roleLabel: (role: Role) => string; formerLabel: string; locale: string },
): TemplateResult {
  badgeLoading ??= import('../badge/badge.js').catch(() => (badgeLoading = null));
  const name = member.erased ? o.formerLabel : member.name;
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => [...w][0]!.toUpperCase())
      .join('') || '?';
  const roles = member.erased ? [] : member.roles.filter((r) => MARKED_ROLES.includes(r));
  return html`<kith-badge part="author" member=${member.id} .summary=${member} locale=${o.locale}
    ><span class="author">
      <span class="avatar hue-${hueOf(member.id) % 12}" aria-hidden="true">${initials}</span>
      <span class="author-name">${name}</span>
      ${
        roles.length
          ? roles.map(
              (r) =>
                html`<span class="role-mark role-${r}" part="role-mark">${o.roleLabel(r)}</span>`,
            )
          : nothing
      }
    </span></kith-badge
  >`;
}

/** Twelve avatar hues as classes: colours go through CSS, never through style attributes. */
const authorCss = css`
  .author {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    flex-wrap: wrap;
  }
  .author-name {
    font-weight: 600;
    color: var(--_fg);
  }
  .avatar {
    display: inline-grid;
    place-items: center;
    width: 2.1em;
    height: 2.1em;
    border-radius: 50%;
    font-size: 0.75em;
    letter-spacing: -0.02em;
    font-weight: 700;
    color: #fff;
    background: hsl(var(--_hue, 210) 60% 28%);
  }
  .hue-0 {
    --_hue: 0;
  }
  .hue-1 {
    --_hue: 30;
  }
  .hue-2 {
    --_hue: 60;
  }
  .hue-3 {
    --_hue: 90;
  }
  .hue-4 {
    --_hue: 120;
  }
  .hue-5 {
    --_hue: 150;
  }
  .hue-6 {
    --_hue: 180;
  }
  .hue-7 {
    --_hue: 210;
  }
  .hue-8 {
    --_hue: 240;
  }
  .hue-9 {
    --_hue: 270;
  }
  .hue-10 {
    --_hue: 300;
  }
  .hue-11 {
    --_hue: 330;
  }
  .role-staff,
  .role-moderator {
    color: var(--_accent);
  }
  .role-expert {
    color: var(--_success);
  }
`;

export const authorStyles = [nestedBadgePalette, authorCss];

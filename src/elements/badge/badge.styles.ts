import { css } from 'lit';
import { authorStyles } from '../common/author.js';
import { baseStyles } from '../common/styles.js';

/**
 * The chip. Tiers are told by shape (circle, square, diamond) and by text, colour only adds to them;
 * avatar colours are the twelve hue classes of the author avatars (white text ≥ 4.5:1 on each).
 */
export const badgeStyles = [
  baseStyles,
  authorStyles,
  css`
    :host {
      display: inline-block;
      vertical-align: middle;
      --kith-avatar-size: 2em;
    }
    .base {
      display: inline-block;
      position: relative;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.25em 0.45em;
      min-height: 24px;
      padding: 0.2em 0.5em 0.2em 0.2em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
      color: var(--_fg);
      text-align: start;
      line-height: 1.3;
      anchor-name: --kith-badge-chip;
    }
    button.chip:hover {
      border-color: var(--_accent);
    }
    :host([compact]) .chip {
      border-color: transparent;
      background: none;
      padding: 0;
    }
    .avatar,
    .avatar-image {
      flex: none;
      width: var(--kith-avatar-size);
      height: var(--kith-avatar-size);
      border-radius: 50%;
    }
    .avatar {
      font-size: calc(var(--kith-avatar-size) * 0.4);
    }
    .avatar-former {
      background: #59636e;
    }
    .avatar-image {
      object-fit: cover;
      background: var(--_skeleton);
    }
    .name {
      font-weight: 600;
    }
    .trust,
    .reputation {
      color: var(--_muted);
      font-size: var(--kith-font-size-small);
      font-variant-numeric: tabular-nums;
    }
    .top-badges {
      display: inline-flex;
      gap: 0.3em;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 0.25em;
      font-size: var(--kith-font-size-small);
    }
    .tier {
      flex: none;
      display: inline-block;
      width: 0.7em;
      height: 0.7em;
      border: 1px solid var(--_fg);
    }
    .tier-bronze {
      border-radius: 50%;
      background: var(--kith-color-bronze, #a0522d);
    }
    .tier-silver {
      background: var(--kith-color-silver, #9ca3af);
    }
    .tier-gold {
      transform: rotate(45deg) scale(0.9);
      background: var(--kith-color-gold, #d4a017);
    }
    .skeleton-chip {
      display: inline-flex;
      align-items: center;
      gap: 0.45em;
      min-height: 24px;
    }
    .skeleton-avatar {
      width: var(--kith-avatar-size);
      height: var(--kith-avatar-size);
      border-radius: 50%;
    }
    .skeleton-name {
      width: 7em;
      height: 0.9em;
    }
    .profile {
      position: fixed;
      position-anchor: --kith-badge-chip;
      inset: auto;
      top: anchor(bottom);
      left: anchor(left);
      margin: 0.35rem 0;
      position-try-fallbacks: flip-block, flip-inline;
      width: min(24rem, calc(100vw - 1rem));
      max-height: min(32rem, calc(100vh - 1rem));
      overflow: auto;
      padding: 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--kith-radius);
      box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
      color: var(--_fg);
      background: var(--kith-color-background, Canvas);
      font: inherit;
      line-height: 1.5;
    }
    @supports not (position-anchor: --x) {
      /* No anchor positioning: the popover's own centring in the top layer. */
      .profile {
        inset: 0;
        margin: auto;
        height: fit-content;
      }
    }
    .close {
      float: inline-end;
      margin-inline-start: 0.5rem;
    }
    .profile-loading {
      display: grid;
      gap: 0.5rem;
      min-height: 12rem;
    }
  `,
];

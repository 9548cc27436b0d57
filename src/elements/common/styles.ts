import { css } from 'lit';

/**
 * Tokens and base styles every element shares. By default an element inherits the page's font and
 * colours; `theme="light|dark|auto"` sets a full palette. Hosts override any `--kith-*` property.
 */
export const baseStyles = css`
  :host {
    display: block;
    font: inherit;
    color: inherit;
    line-height: 1.5;
    --kith-radius: 8px;
    --kith-gap: 0.75rem;
    --kith-font-size-small: 0.875em;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    --_fg: var(--kith-color-text, inherit);
    --_muted: var(--kith-color-muted, color-mix(in srgb, currentColor 78%, transparent));
    --_bg: var(--kith-color-background, transparent);
    --_surface: var(--kith-color-surface, color-mix(in srgb, currentColor 4%, transparent));
    --_border: var(--kith-color-border, color-mix(in srgb, currentColor 22%, transparent));
    --_accent: var(--kith-color-accent, #0b57c9);
    --_on-accent: var(--kith-color-on-accent, #ffffff);
    --_success: var(--kith-color-success, #11703a);
    --_danger: var(--kith-color-danger, #b3261e);
    --_focus: var(--kith-color-focus, #0b57c9);
    --_skeleton: color-mix(in srgb, currentColor 10%, transparent);
    color: var(--_fg);
    background: var(--_bg);
    border-radius: var(--kith-radius);
  }
  /* A set theme: one palette, light or dark picked by color-scheme through light-dark(). */
  .theme-light,
  .theme-dark,
  .theme-auto {
    --_fg: var(--kith-color-text, light-dark(#1f2328, #e6edf3));
    --_muted: var(--kith-color-muted, light-dark(#57606a, #9ea7b3));
    --_bg: var(--kith-color-background, light-dark(#fff, #0d1117));
    --_surface: var(--kith-color-surface, light-dark(#f6f8fa, #161b22));
    --_border: var(--kith-color-border, light-dark(#d0d7de, #3d444d));
    --_accent: var(--kith-color-accent, light-dark(#0b57c9, #4493f8));
    --_on-accent: var(--kith-color-on-accent, light-dark(#fff, #0d1117));
    --_success: var(--kith-color-success, light-dark(#11703a, #3fb950));
    --_danger: var(--kith-color-danger, light-dark(#b3261e, #ff7b72));
    --_focus: var(--kith-color-focus, light-dark(#0b57c9, #79c0ff));
    color-scheme: light;
  }
  .theme-dark {
    color-scheme: dark;
  }
  .theme-auto {
    color-scheme: light dark;
  }
  .theme-light,
  .theme-dark,
  .theme-auto {
    padding: var(--kith-padding, 1rem);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 24px;
    min-width: 24px;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.45em 0.9em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--kith-radius) - 2px);
    background: var(--_bg);
    color: var(--_fg);
  }
  .btn:hover:not(:disabled) {
    border-color: var(--_accent);
  }
  .btn-primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .link-button {
    border: 0;
    padding: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  a {
    color: var(--_accent);
  }
  .muted {
    color: var(--_muted);
    font-size: var(--kith-font-size-small);
  }
  .config-error,
  .error {
    color: var(--_danger);
    font-weight: 500;
  }
  .skeleton {
    background: var(--_skeleton);
    border-radius: 4px;
    animation: kith-pulse 1.4s ease-in-out infinite;
  }
  @keyframes kith-pulse {
    50% {
      opacity: 0.45;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  .role-mark {
    display: inline-block;
    padding: 0 0.4em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.75em;
    font-weight: 600;
    line-height: 1.5;
  }
  .post-body {
    overflow-wrap: anywhere;
  }
  .post-body :is(p, ul, ol, pre, blockquote) {
    margin: 0 0 0.6em;
  }
  .post-body pre {
    overflow-x: auto;
    padding: 0.6em;
    background: var(--_surface);
    border-radius: 4px;
  }
  .post-body blockquote {
    padding-left: 0.8em;
    border-left: 3px solid var(--_border);
  }
`;

/**
 * Nested `<kith-badge>` chips (authors, leaderboard rows) take their host element's palette when it
 * has a theme (they resolve `--kith-color-*` on their own otherwise).
 */
export const nestedBadgePalette = css`
  :is(.theme-light, .theme-dark, .theme-auto) kith-badge {
    --kith-color-text: var(--_fg);
    --kith-color-muted: var(--_muted);
    --kith-color-background: var(--_bg);
    --kith-color-surface: var(--_surface);
    --kith-color-border: var(--_border);
    --kith-color-accent: var(--_accent);
    --kith-color-danger: var(--_danger);
    --kith-color-focus: var(--_focus);
  }
`;

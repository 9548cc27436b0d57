import { css } from 'lit';
import { baseStyles } from '../common/styles.js';

/**
 * The bell sits in a page header: inline, no padding of its own; the panel is a popover anchored
 * under it. Unread notifications carry a "New" mark and bold text, not colour alone.
 */
export const inboxStyles = [
  baseStyles,
  css`
    :host {
      display: inline-block;
      vertical-align: middle;
    }
    .base,
    .base.theme-light,
    .base.theme-dark,
    .base.theme-auto {
      display: inline-block;
      position: relative;
      padding: 0;
      background: none;
    }
    .bell {
      position: relative;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      min-width: 2.5em;
      min-height: 2.5em;
      padding: 0.3em;
      border: 1px solid transparent;
      border-radius: 999px;
      background: none;
      color: var(--_fg);
      anchor-name: --kith-inbox-bell;
    }
    .bell:hover {
      border-color: var(--_border);
    }
    .icon {
      width: 1.35em;
      height: 1.35em;
    }
    .count {
      position: absolute;
      top: -0.1em;
      right: -0.2em;
      min-width: 1.5em;
      padding: 0 0.35em;
      border-radius: 999px;
      background: var(--_accent);
      color: var(--_on-accent);
      font-size: 0.75em;
      font-weight: 700;
      line-height: 1.5;
      text-align: center;
    }
    .panel {
      position: fixed;
      position-anchor: --kith-inbox-bell;
      inset: auto;
      top: anchor(bottom);
      right: anchor(right);
      margin: 0.4rem 0 0;
      position-try-fallbacks: flip-inline, flip-block;
      width: var(--kith-inbox-width, min(24rem, calc(100vw - 1rem)));
      max-height: min(32rem, calc(100vh - 4rem));
      overflow: auto;
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--kith-radius);
      background: var(--kith-color-background, Canvas);
      color: var(--kith-color-text, CanvasText);
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
      text-align: start;
    }
    @supports not (position-anchor: --x) {
      .panel {
        inset: 0;
        margin: auto;
      }
    }
    .header {
      display: flex;
      align-items: center;
      gap: 0.5em;
      padding: 0.6rem 0.75rem;
      border-bottom: 1px solid var(--_border);
    }
    .header h2 {
      flex: 1;
      margin: 0;
      font-size: 1em;
    }
    .header h2:focus {
      outline: none;
    }
    .header h2:focus-visible {
      outline: 3px solid var(--_focus);
    }
    .btn.close,
    .btn.mark-all {
      padding: 0.25em 0.6em;
      font-size: var(--kith-font-size-small);
    }
    .list {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .list li + li {
      border-top: 1px solid var(--_border);
    }
    .item {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.1em 0.5em;
      width: 100%;
      padding: 0.6rem 0.75rem;
      border: 0;
      background: none;
      color: inherit;
      font: inherit;
      text-align: start;
      text-decoration: none;
    }
    .item:hover {
      background: var(--_surface);
    }
    .item > * {
      grid-column: 1;
    }
    .item .when {
      grid-column: 2;
      grid-row: 1;
      color: var(--_muted);
      font-size: var(--kith-font-size-small);
      white-space: nowrap;
    }
    .item.unread .title {
      font-weight: 700;
    }
    .new {
      justify-self: start;
      padding: 0 0.4em;
      border: 1px solid currentColor;
      border-radius: 4px;
      color: var(--_accent);
      font-size: 0.75em;
      font-weight: 700;
      text-transform: uppercase;
    }
    .what,
    .excerpt {
      color: var(--_muted);
      font-size: var(--kith-font-size-small);
    }
    .excerpt {
      overflow: hidden;
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
    }
    .more {
      display: flex;
      margin: 0.5rem auto;
    }
    .empty,
    .state-error,
    .action-error {
      margin: 0;
      padding: 1rem 0.75rem;
    }
    .action-error {
      padding-bottom: 0;
      color: var(--_danger);
    }
    .skeleton-list {
      padding: 0.5rem 0.75rem;
    }
    .skeleton-row {
      height: 3.2em;
      margin: 0.4rem 0;
      border-radius: 4px;
    }
  `,
];

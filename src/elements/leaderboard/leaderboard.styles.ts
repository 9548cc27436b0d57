import { css } from 'lit';
import { baseStyles, nestedBadgePalette } from '../common/styles.js';

/** Rows keep one height whether they hold a member, a skeleton or the last list while the next loads. */
export const leaderboardStyles = [
  baseStyles,
  nestedBadgePalette,
  css`
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      margin-bottom: var(--kith-gap);
    }
    h2 {
      margin: 0;
      font-size: 1.15em;
    }
    .periods {
      display: inline-flex;
      gap: 0.25rem;
    }
    .period[aria-pressed='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .entries {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .entries[aria-busy='true'] {
      opacity: 0.6;
    }
    .entry,
    .skeleton-row {
      display: grid;
      grid-template-columns: 2.5em 1fr auto;
      align-items: center;
      gap: 0.5em;
      min-height: 2.75rem;
      border-bottom: 1px solid var(--_border);
    }
    .rank {
      font-weight: 700;
      font-variant-numeric: tabular-nums;
      text-align: end;
    }
    .points {
      font-variant-numeric: tabular-nums;
      color: var(--_muted);
    }
    .skeleton-row .skeleton {
      display: block;
      height: 1em;
    }
    .skeleton-row .skeleton-member {
      width: 10em;
      height: 1.75em;
      border-radius: 999px;
    }
    .skeleton-row .skeleton-points {
      width: 4em;
    }
    .empty {
      margin: 0;
      padding: 1rem 0;
      color: var(--_muted);
    }
    .state-error p {
      color: var(--_danger);
      font-weight: 500;
    }
  `,
];

import { css } from 'lit';
import { baseStyles } from '../common/styles.js';

/**
 * Why an item waits, and a suspension, are said in words (marks with a border), never by colour
 * alone. Skeleton items keep the height of a real one, so nothing jumps when the queue arrives.
 */
export const moderationStyles = [
  baseStyles,
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
    h2:focus {
      outline: none;
    }
    h2:focus-visible {
      outline: 3px solid var(--_focus);
    }
    .notice {
      margin: 0;
      padding: 1rem 0;
      color: var(--_muted);
    }
    .tabs {
      display: flex;
      gap: 0.25rem;
      border-bottom: 1px solid var(--_border);
      margin-bottom: var(--kith-gap);
    }
    .tab {
      margin-bottom: -1px;
      padding: 0.5em 1em;
      border: 1px solid transparent;
      border-bottom: 3px solid transparent;
      background: none;
      color: var(--_fg);
    }
    .tab[aria-selected='true'] {
      border-bottom-color: var(--_accent);
      font-weight: 700;
    }
    .tab:hover {
      border-bottom-color: var(--_border);
    }
    .tab[aria-selected='true']:hover {
      border-bottom-color: var(--_accent);
    }
    .panel:focus-visible {
      outline-offset: 4px;
    }
    .filters-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      margin-bottom: var(--kith-gap);
    }
    .filters {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .filter[aria-pressed='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .count {
      color: var(--_muted);
      font-size: var(--kith-font-size-small);
    }
    .items {
      display: grid;
      gap: var(--kith-gap);
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: grid;
      gap: 0.35rem;
      padding: 0.75rem 1rem;
      border: 1px solid var(--_border);
      border-radius: var(--kith-radius);
      background: var(--_surface);
    }
    .item p,
    .item h3 {
      margin: 0;
    }
    .item h3 {
      font-size: 1em;
      overflow-wrap: anywhere;
    }
    .labels {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      font-size: var(--kith-font-size-small);
    }
    .type {
      font-weight: 600;
    }
    .reason,
    .mark {
      padding: 0 0.45em;
      border: 1px solid currentColor;
      border-radius: 999px;
      font-size: 0.85em;
      font-weight: 600;
    }
    .mark {
      margin-inline-start: 0.4em;
    }
    .mark-danger,
    .reason-held {
      color: var(--_danger);
    }
    .excerpt {
      overflow-wrap: anywhere;
      white-space: pre-line;
    }
    .meta {
      color: var(--_muted);
      font-size: var(--kith-font-size-small);
    }
    .flags,
    .notes {
      font-size: var(--kith-font-size-small);
    }
    .flags .label,
    .notes .label {
      font-weight: 600;
    }
    .flags ul {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0 0.75em;
      margin: 0 0 0 0.5em;
      padding: 0;
      list-style: none;
    }
    .notes ul {
      margin: 0.2em 0 0;
      padding-inline-start: 1.25em;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin-top: 0.25rem;
    }
    .action {
      padding: 0.3em 0.75em;
    }
    .action[aria-expanded='true'] {
      border-color: var(--_accent);
      box-shadow: inset 0 0 0 1px var(--_accent);
    }
    .action-danger {
      color: var(--_danger);
    }
    .action-form {
      display: grid;
      gap: 0.5rem;
      margin-top: 0.25rem;
      padding: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: calc(var(--kith-radius) - 2px);
      background: var(--_bg);
    }
    .action-form fieldset {
      display: grid;
      gap: 0.4rem;
      min-width: 0;
      margin: 0;
      padding: 0;
      border: 0;
    }
    .action-form legend {
      margin-bottom: 0.25rem;
      padding: 0;
      font-weight: 600;
    }
    .action-form input[type='text'] {
      box-sizing: border-box;
      width: 100%;
      padding: 0.45em 0.6em;
      border: 1px solid var(--_border);
      border-radius: 6px;
      background: var(--_bg);
    }
    .action-form input.hours {
      width: 8em;
    }
    .action-form [aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .check {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      min-height: 24px;
    }
    .check input {
      width: 1.1em;
      height: 1.1em;
      margin: 0;
    }
    .durations {
      margin-top: 0.25rem;
    }
    .field-error,
    .form-failure,
    .more-error {
      margin: 0;
      color: var(--_danger);
      font-weight: 500;
    }
    .form-failure:focus {
      outline: none;
    }
    .form-failure:focus-visible {
      outline: 3px solid var(--_focus);
    }
    .form-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
    .btn-danger {
      background: var(--_danger);
      border-color: var(--_danger);
      color: var(--_on-accent);
      font-weight: 600;
    }
    .item:focus {
      outline: none;
    }
    .item:focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
    }
    .more {
      display: flex;
      margin: var(--kith-gap) auto 0;
    }
    .more-error {
      margin-top: 0.5rem;
      text-align: center;
    }
    .table-wrap {
      overflow-x: auto;
    }
    .audit {
      width: 100%;
      border-collapse: collapse;
      font-size: var(--kith-font-size-small);
    }
    .audit caption {
      padding-bottom: 0.5rem;
      color: var(--_muted);
      text-align: start;
    }
    .audit th,
    .audit td {
      padding: 0.45rem 0.5rem;
      border-bottom: 1px solid var(--_border);
      text-align: start;
      vertical-align: top;
    }
    .audit thead th {
      background: var(--_surface);
      white-space: nowrap;
    }
    .audit tbody th {
      font-weight: 600;
      white-space: nowrap;
    }
    .cell-reason {
      min-width: 12em;
      overflow-wrap: anywhere;
    }
    .cell-excerpt {
      display: block;
      max-width: 24em;
      color: var(--_muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
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
    .skeleton-list {
      display: grid;
      gap: var(--kith-gap);
    }
    .skeleton-item {
      height: 9.5rem;
    }
  `,
];

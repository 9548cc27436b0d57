import { css } from 'lit';

/**
 * Styles of the pieces every posting element shares (see posting-element.ts): header, composer with
 * similar posts, sort buttons, list states (skeleton, empty, error), meta lines, "show more", back.
 */
export const postingStyles = css`
  .header {
    display: flex;
    align-items: baseline;
    gap: 0.75rem;
    flex-wrap: wrap;
    margin-bottom: var(--kith-gap);
  }
  h2 {
    margin: 0;
    font-size: 1.35em;
    line-height: 1.25;
  }
  .composer {
    display: grid;
    gap: 0.5rem;
    margin-bottom: 1.25rem;
  }
  .composer-label {
    font-weight: 600;
  }
  textarea,
  input[type='text'],
  input[type='search'] {
    box-sizing: border-box;
    width: 100%;
    padding: 0.55em 0.7em;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    margin: 0;
  }
  /* Where a Markdown editor comes once its chunk has arrived: about its height, no layout shift. */
  .editor-placeholder {
    height: 9.5rem;
  }
  .similar.has-results {
    padding: 0.6rem 0.8rem;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_surface);
  }
  .similar-heading {
    margin: 0 0 0.3rem;
    font-size: 0.95em;
  }
  .similar-list {
    margin: 0;
    padding-left: 1.1em;
    display: grid;
    gap: 0.25rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    justify-content: flex-end;
  }
  .sign-in {
    margin: 0.25rem 0;
  }
  .list-head {
    display: flex;
    justify-content: flex-end;
    margin-bottom: 0.5rem;
  }
  .sorts {
    display: inline-flex;
    flex-wrap: wrap;
    border: 1px solid var(--_border);
    border-radius: 6px;
    overflow: hidden;
  }
  .sort {
    border: 0;
    border-right: 1px solid var(--_border);
    padding: 0.3em 0.8em;
    background: var(--_bg);
  }
  .sort:last-child {
    border-right: 0;
  }
  .sort[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  .list-body {
    min-height: 12rem;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35em;
    margin-top: 0.25rem;
  }
  .more {
    margin-top: 0.75rem;
  }
  .empty {
    padding: 1.5rem 0;
    text-align: center;
    color: var(--_muted);
  }
  .state-error {
    padding: 1rem;
    border: 1px solid var(--_danger);
    border-radius: 6px;
  }
  .state-error p {
    margin: 0 0 0.5rem;
    color: var(--_danger);
  }
  .skeleton-list {
    min-height: 12rem;
  }
  .skeleton-item {
    display: flex;
    gap: 1rem;
    padding: 0.8rem 0;
    border-top: 1px solid var(--_border);
  }
  .skeleton-stat {
    width: 5rem;
    height: 2.4rem;
  }
  .skeleton-lines {
    flex: 1;
    display: grid;
    gap: 0.45rem;
  }
  .skeleton-line {
    height: 1rem;
  }
  .skeleton-line.short {
    width: 45%;
  }
  .post-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 0.9rem;
    margin-top: 0.35rem;
    font-size: var(--kith-font-size-small);
  }
  .back {
    justify-self: start;
  }
  .post-main {
    flex: 1;
    min-width: 0;
  }
`;

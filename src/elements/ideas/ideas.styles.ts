import { css } from 'lit';
import { authorStyles } from '../common/author.js';
import { postingStyles } from '../common/posting-styles.js';
import { baseStyles } from '../common/styles.js';
import { voteToggleStyles } from '../common/vote-toggle.js';

const ideas = css`
  .budget {
    margin: 0;
    margin-inline-start: auto;
    font-weight: 600;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-bottom: 0.5rem;
  }
  .filter {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  select {
    padding: 0.3em 0.5em;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
  }
  input.list-search {
    flex: 1;
    min-width: 10rem;
    width: auto;
  }
  .ideas,
  .similar-ideas,
  .comments,
  .history ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .idea {
    display: flex;
    gap: 1rem;
    align-items: flex-start;
    padding: 0.8rem 0;
    border-top: 1px solid var(--_border);
  }
  .idea:last-child {
    border-bottom: 1px solid var(--_border);
  }
  .idea-main {
    flex: 1;
    min-width: 0;
  }
  .idea-title,
  .similar-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .similar-ideas {
    display: grid;
    gap: 0.4rem;
  }
  .similar-idea {
    display: flex;
    align-items: center;
    gap: 0.6rem;
    flex-wrap: wrap;
  }
  .similar-idea .vote-toggle {
    min-width: 2.5rem;
    min-height: 2.5rem;
  }
  /* A status: always text; its colour only on the dot and border, so the text keeps its contrast. */
  .status {
    --_status: var(--_muted);
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0 0.5em;
    border: 1px solid var(--_status);
    border-radius: 999px;
    color: var(--_fg);
    font-size: var(--kith-font-size-small);
    font-weight: 600;
    line-height: 1.6;
    white-space: nowrap;
  }
  .status-mark {
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--_status);
  }
  .status-under-review {
    --_status: #b7791f;
  }
  .status-planned {
    --_status: #2563eb;
  }
  .status-in-progress {
    --_status: #7c3aed;
  }
  .status-done {
    --_status: var(--_success);
  }
  .status-declined {
    --_status: var(--_danger);
  }
  .detail {
    display: grid;
    gap: 0.75rem;
  }
  @media (max-width: 480px) {
    .idea {
      gap: 0.6rem;
    }
  }
`;

export const ideasStyles = [baseStyles, voteToggleStyles, authorStyles, postingStyles, ideas];

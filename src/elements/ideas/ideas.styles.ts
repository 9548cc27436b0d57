import { css } from 'lit';
import { authorStyles } from '../shared/author.js';
import { editorStyles } from '../shared/markdown-editor.js';
import { postingStyles } from '../shared/posting-styles.js';
import { baseStyles } from '../shared/styles.js';
import { voteToggleStyles } from '../shared/vote-toggle.js';

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
  .cards,
  .comments,
  .history ol,
  .merge-results {
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
  .roadmap {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0.75rem;
    min-height: 12rem;
  }
  .column {
    padding: 0.6rem;
    border: 1px solid var(--_border);
    border-radius: var(--kith-radius);
    background: var(--_surface);
  }
  .column-heading {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
    font-size: 1em;
  }
  .cards {
    display: grid;
    gap: 0.5rem;
  }
  .card {
    display: grid;
    gap: 0.2rem;
    padding: 0.55rem 0.65rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--kith-radius) - 2px);
    background: var(--_bg);
    color: var(--_fg);
    text-decoration: none;
  }
  .card:hover {
    border-color: var(--_accent);
  }
  .card-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .column-skeleton {
    height: 4rem;
  }
  .column-empty {
    margin: 0;
  }
  .detail {
    display: grid;
    gap: 0.75rem;
  }
  .post {
    display: flex;
    gap: 1rem;
    align-items: flex-start;
  }
  h3#idea-heading {
    margin: 0 0 0.4rem;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  h4 {
    margin: 0 0 0.4rem;
    font-size: 1.05em;
  }
  .follow {
    margin-top: 0.4rem;
  }
  .follow[aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .official {
    padding: 0.75rem 0.9rem;
    border: 2px solid var(--_accent);
    border-radius: var(--kith-radius);
    background: var(--_surface);
  }
  .history ol {
    display: grid;
    gap: 0.3rem;
  }
  .comments {
    display: grid;
  }
  .comment {
    padding: 0.7rem 0;
    border-top: 1px solid var(--_border);
  }
  .comment.is-staff {
    padding-inline: 0.7rem;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: 6px;
  }
  .comment-form,
  .status-form,
  .merge,
  .merge-confirm {
    display: grid;
    gap: 0.5rem;
  }
  .staff {
    display: grid;
    gap: 1rem;
    padding: 0.75rem 0.9rem;
    border: 1px dashed var(--_border);
    border-radius: var(--kith-radius);
  }
  .staff label {
    font-weight: 600;
  }
  .merge-confirm p {
    margin: 0;
  }
  @media (max-width: 480px) {
    .idea {
      gap: 0.6rem;
    }
  }
`;

export const ideasStyles = [
  baseStyles,
  voteToggleStyles,
  authorStyles,
  editorStyles,
  postingStyles,
  ideas,
];

import { css } from 'lit';
import { authorStyles } from '../shared/author.js';
import { editorStyles } from '../shared/markdown-editor.js';
import { baseStyles } from '../shared/styles.js';
import { voteStyles } from '../shared/vote-buttons.js';

const qa = css`
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
  .questions,
  .answers {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .question {
    display: flex;
    gap: 1rem;
    padding: 0.8rem 0;
    border-top: 1px solid var(--_border);
  }
  .question:last-child {
    border-bottom: 1px solid var(--_border);
  }
  .stats {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    min-width: 5rem;
    font-size: var(--kith-font-size-small);
    color: var(--_muted);
    text-align: right;
  }
  .stat strong {
    color: var(--_fg);
  }
  .stat.answered {
    color: var(--_success);
  }
  .stat.answered strong {
    color: var(--_success);
  }
  .question-main {
    flex: 1;
    min-width: 0;
  }
  .question-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35em;
    margin-top: 0.25rem;
  }
  .escalated {
    font-weight: 600;
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
  .thread {
    display: grid;
    gap: 0.75rem;
  }
  .back {
    justify-self: start;
  }
  .post,
  .answer {
    display: flex;
    gap: 1rem;
  }
  .answer {
    padding: 0.9rem 0;
    border-top: 1px solid var(--_border);
  }
  .answer.is-accepted {
    padding: 0.9rem;
    border: 2px solid var(--_success);
    border-radius: 6px;
  }
  .post-main {
    flex: 1;
    min-width: 0;
  }
  h3#thread-heading {
    margin: 0 0 0.5rem;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  .answers-heading {
    margin: 0.5rem 0 0;
    font-size: 1.05em;
  }
  .accepted-mark {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin: 0 0 0.4rem;
    color: var(--_success);
    font-weight: 700;
  }
  .accepted-mark svg {
    width: 1em;
    height: 1em;
    fill: currentColor;
  }
  .accept {
    margin-top: 0.5rem;
  }
  .accept[aria-pressed='true'] {
    border-color: var(--_success);
    color: var(--_success);
  }
  .answer-form {
    display: grid;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  @media (max-width: 480px) {
    .question {
      flex-direction: column;
      gap: 0.3rem;
    }
    .stats {
      flex-direction: row;
      text-align: left;
      gap: 0.8rem;
    }
  }
`;

export const qaStyles = [baseStyles, voteStyles, authorStyles, editorStyles, qa];

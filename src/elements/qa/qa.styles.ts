import { css } from 'lit';
import { authorStyles } from '../common/author.js';
import { postingStyles } from '../common/posting-styles.js';
import { baseStyles } from '../common/styles.js';
import { voteStyles } from '../common/vote-buttons.js';

const qa = css`
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
  .escalated {
    font-weight: 600;
  }
  .thread {
    display: grid;
    gap: 0.75rem;
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

export const qaStyles = [baseStyles, voteStyles, authorStyles, postingStyles, qa];

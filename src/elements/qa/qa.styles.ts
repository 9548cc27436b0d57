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

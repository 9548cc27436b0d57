import { css, html, type TemplateResult } from 'lit';
import type { VoteValue } from '../../core/types.js';

export interface VoteButtonsOptions {
  score: number;
  myVote: VoteValue;
  /** Accessible names, with the score in them ("Upvote, score 12"). */
  upLabel: string;
  downLabel: string;
  /** Called with the vote to store: pressing a pressed toggle withdraws the vote (0). */
  onVote(value: VoteValue): void;
  busy?: boolean;
}

/** Up/down toggle buttons with the score between them (WAI-ARIA toggle buttons, `aria-pressed`). */
export function voteButtons(o: VoteButtonsOptions): TemplateResult {
  return html`<div class="votes" part="votes">
    <button
      type="button"
      class="vote vote-up"
      part="vote-up"
      aria-pressed=${o.myVote === 1 ? 'true' : 'false'}
      aria-label=${o.upLabel}
      aria-disabled=${o.busy ? 'true' : 'false'}
      @click=${() => o.onVote(o.myVote === 1 ? 0 : 1)}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3 2 11h12z" /></svg>
    </button>
    <span class="score" part="score" aria-hidden="true">${o.score}</span>
    <button
      type="button"
      class="vote vote-down"
      part="vote-down"
      aria-pressed=${o.myVote === -1 ? 'true' : 'false'}
      aria-label=${o.downLabel}
      aria-disabled=${o.busy ? 'true' : 'false'}
      @click=${() => o.onVote(o.myVote === -1 ? 0 : -1)}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 13 2 5h12z" /></svg>
    </button>
  </div>`;
}

export const voteStyles = css`
  .votes {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.1rem;
    min-width: 2.5rem;
  }
  .vote {
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_bg);
    color: var(--_muted);
  }
  .vote svg {
    width: 0.9rem;
    height: 0.9rem;
    fill: currentColor;
  }
  .vote[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .vote:hover {
    border-color: var(--_accent);
  }
  .score {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
`;

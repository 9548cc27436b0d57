import { css, html, type TemplateResult } from 'lit';

export interface VoteToggleOptions {
  count: number;
  pressed: boolean;
  /** The accessible name, with the count in it ("Vote for “Dark mode”, 12 votes"). */
  label: string;
  onToggle(): void;
}

/** One toggle button with its count (idea votes: vote or withdraw), WAI-ARIA toggle button. */
export function voteToggle(o: VoteToggleOptions): TemplateResult {
  return html`<button
    type="button"
    class="vote-toggle"
    part="vote"
    aria-pressed=${o.pressed ? 'true' : 'false'}
    aria-label=${o.label}
    @click=${() => o.onToggle()}
  >
    <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M8 3 2 11h12z" /></svg>
    <span class="score" part="score">${o.count}</span>
  </button>`;
}

export const voteToggleStyles = css`
  .vote-toggle {
    display: inline-flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    min-width: 3rem;
    min-height: 3rem;
    padding: 0.2rem 0.4rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--kith-radius) - 2px);
    background: var(--_bg);
    color: var(--_fg);
    line-height: 1.2;
  }
  .vote-toggle svg {
    width: 0.8rem;
    height: 0.8rem;
    fill: currentColor;
  }
  .vote-toggle[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .vote-toggle:hover {
    border-color: var(--_accent);
  }
  .vote-toggle .score {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
`;

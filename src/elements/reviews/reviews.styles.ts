import { css } from 'lit';
import { authorStyles } from '../common/author.js';
import { postingStyles } from '../common/posting-styles.js';
import { starsStyles } from '../common/stars.js';
import { baseStyles } from '../common/styles.js';

const reviews = css`
  h3 {
    margin: 0;
    font-size: 1.05em;
    line-height: 1.3;
  }
  .overview {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 1rem 2rem;
    margin-bottom: 1.25rem;
  }
  .summary {
    display: grid;
    gap: 0.6rem;
    min-width: min(100%, 18rem);
  }
  .average-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
  }
  .average {
    font-size: 2.2em;
    font-weight: 700;
    line-height: 1;
    font-variant-numeric: tabular-nums;
  }
  .average-line .stars {
    font-size: 1.35em;
  }
  .histogram {
    display: grid;
    gap: 0.15rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .bar {
    display: grid;
    grid-template-columns: 2.5em 1fr 3em;
    align-items: center;
    gap: 0.5rem;
    width: 100%;
    min-height: 28px;
    padding: 0.1rem 0.35rem;
    border: 1px solid transparent;
    border-radius: 6px;
    background: none;
    text-align: start;
  }
  .bar:hover:not(:disabled),
  .bar[aria-pressed='true'] {
    border-color: var(--_accent);
  }
  .bar[aria-pressed='true'] {
    font-weight: 700;
  }
  .bar-track {
    position: relative;
    height: 0.6rem;
    border-radius: 999px;
    background: var(--_surface);
    box-shadow: inset 0 0 0 1px var(--_border);
    overflow: hidden;
  }
  .bar-fill {
    position: absolute;
    inset: 0 auto 0 0;
    width: var(--_fill, 0%);
    background: var(--kith-color-star, light-dark(#b45309, #fbbf24));
  }
  .bar-count {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-bottom: 0.5rem;
  }
  .filter-note {
    margin: 0;
  }
  .photo-previews,
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .photo-previews img,
  .thumb img {
    display: block;
    width: 72px;
    height: 72px;
    object-fit: cover;
    border-radius: 6px;
  }
  .thumb {
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 7px;
    background: none;
  }
  .reviews {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .review {
    display: grid;
    gap: 0.45rem;
    padding: 1rem 0;
    border-top: 1px solid var(--_border);
  }
  .review:focus {
    outline: none;
  }
  .review:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .review-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.6rem;
  }
  .verified {
    color: var(--_success);
    font-weight: 600;
  }
  .review-body {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .reply {
    margin-inline-start: 1rem;
    padding: 0.6rem 0.8rem;
    border-inline-start: 3px solid var(--_accent);
    border-radius: 4px;
    background: var(--_surface);
  }
  .reply-heading {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    margin: 0 0 0.3rem;
    font-weight: 600;
  }
  .helpful {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.6rem;
  }
  .helpful-button {
    padding: 0.2em 0.7em;
  }
  .helpful-button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  .helpful-count {
    font-variant-numeric: tabular-nums;
  }
  .review-actions {
    display: inline-flex;
    gap: 0.8rem;
    margin-inline-start: auto;
  }
`;

export const reviewsStyles = [baseStyles, postingStyles, authorStyles, starsStyles, reviews];

import { css, html, nothing, type TemplateResult } from 'lit';
/**
 * Fills (`data-fill="62%"`) go into the `--_fill` custom property through CSSOM, after each render:
 * dynamic styles never go through a `style` attribute, which a strict `style-src` blocks.
 */
export function applyFills(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-fill]')) {
    el.style.setProperty('--_fill', el.dataset.fill!);
  }
}

/** A share (0–1) as a CSS percentage, rounded to a tenth. */
export const percent = (share: number): string =>
  `${Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10}%`;

/** An average with one decimal, as the locale writes it ("4.3", "4,3"). */
/* @__NO_SIDE_EFFECTS__ */
export function formatAverage(locale: string, average: number): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(average);
}

/**
 * Read-only stars with a fractional fill (4.3 fills four stars and a third of the fifth): an image
 * whose text alternative (`label`) says the figure, as "Rated 4.3 out of 5".
 */
export function stars(value: number, label: string): TemplateResult {
  // Without a label (a placeholder while loading) the stars are decoration.
  return html`<span
    class="stars"
    part="stars"
    role=${label ? 'img' : nothing}
    aria-label=${label || nothing}
    aria-hidden=${label ? nothing : 'true'}
    ><span class="stars-empty" aria-hidden="true">★★★★★</span
    ><span class="stars-fill" aria-hidden="true" data-fill=${percent(value / 5)}>★★★★★</span></span
  >`;
}

export const starsStyles = css`
  .stars {
    position: relative;
    display: inline-block;
    line-height: 1;
    letter-spacing: 0.05em;
    white-space: nowrap;
    font-family: system-ui, sans-serif;
  }
  .stars-empty {
    color: var(--kith-color-star-empty, color-mix(in srgb, currentColor 30%, transparent));
  }
  .stars-fill {
    position: absolute;
    inset: 0 auto 0 0;
    width: var(--_fill, 0%);
    overflow: hidden;
    color: var(--kith-color-star, light-dark(#b45309, #fbbf24));
  }
`;

import { html, nothing, type TemplateResult } from 'lit';
import type { PagedState } from '../../stores/cache.js';

/**
 * "Show more" under a paged list (questions, ideas, reviews, answers, comments): shown while there is
 * a next page, disabled (with `busyLabel`, when given) while it loads.
 */
export function showMoreButton(o: {
  state: Pick<PagedState, 'nextCursor' | 'loadingMore'>;
  label: string;
  busyLabel?: string;
  onMore(): void;
}): TemplateResult | typeof nothing {
  if (!o.state.nextCursor) return nothing;
  return html`<button
    type="button"
    class="btn more"
    ?disabled=${o.state.loadingMore}
    @click=${() => o.onMore()}
  >
    ${o.state.loadingMore && o.busyLabel ? o.busyLabel : o.label}
  </button>`;
}

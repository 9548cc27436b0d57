import { KithReviews } from './reviews.element.js';

export { KithReviews };

if (!customElements.get('kith-reviews')) customElements.define('kith-reviews', KithReviews);

declare global {
  interface HTMLElementTagNameMap {
    'kith-reviews': KithReviews;
  }
}
